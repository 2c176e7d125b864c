"""The search index the search page loads, and the word rules it and search.js share."""
