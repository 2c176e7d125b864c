"""Enrichment: each article analysed alone (cached), then the aggregates over all of them."""
