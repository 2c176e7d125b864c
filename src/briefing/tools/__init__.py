"""Tools around a built site: check, bundle and the single-file edition, serve, bench."""
