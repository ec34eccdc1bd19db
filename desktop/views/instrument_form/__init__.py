"""The instrument entry form, built in code from a declarative definition (no per-instrument widgets)."""
