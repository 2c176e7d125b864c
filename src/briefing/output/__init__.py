"""Writing the site atomically, and the build cache that lets a rebuild redo only what changed."""
