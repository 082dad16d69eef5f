"""kehoach — the life of an administrative plan in a Vietnamese public agency."""

__version__ = "0.1.0"
