"""Static, offline-readable briefing website generator."""

__version__ = "0.2.0"
