"""cases workflow."""
