"""Static, offline-readable briefing website generator."""
