"""Declarative instrument definitions (resources/instruments/*.toml): loading and validation. No Qt here."""
