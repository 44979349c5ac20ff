"""approvals workflow."""
