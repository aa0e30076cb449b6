"""Detection: find spans that identify people, places and other personal identifiers."""
