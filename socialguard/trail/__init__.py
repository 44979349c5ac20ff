"""The audit trail of cases and inbox messages together, as each reader may see it."""
