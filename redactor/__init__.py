"""redactor: make Domestic Homicide Review documents safe to publish."""

__version__ = "0.1.0"
