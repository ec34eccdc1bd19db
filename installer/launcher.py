"""Entry script of the PyInstaller bundle: the same `desktop.cli:main` as the installed `bina-kader` command."""

from desktop.cli import main

if __name__ == "__main__":
    main()
