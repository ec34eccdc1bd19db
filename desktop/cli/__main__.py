"""`python -m desktop.cli`: the same entry point as the `bina-kader` command."""

from desktop.cli import main

main()
