"""Reading the user's files: bytes → text, YAML, Markdown, the content model, and its checks."""
