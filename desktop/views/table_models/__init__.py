"""Qt item models for the long lists (sorted and filtered by proxies, never refilled cell by cell)."""
