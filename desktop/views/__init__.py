"""Qt widgets only: thin screens that call models and services."""
