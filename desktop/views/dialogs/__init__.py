"""Dialogs, grouped by feature."""
