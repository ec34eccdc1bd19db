"""One module per section of the left navigation."""
