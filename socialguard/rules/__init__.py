"""Policy logic per area; each module registers its rules on import."""
