"""policydoc workflow."""
