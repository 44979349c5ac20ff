"""inbox workflow."""
