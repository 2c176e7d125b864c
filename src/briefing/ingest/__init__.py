"""Arrivals: saved pages, raw text, Markdown and Q&A files turned into article content files."""
