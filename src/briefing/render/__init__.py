"""Rendering: the pages of the briefing through Jinja, with the map, charts and timeline they show."""
