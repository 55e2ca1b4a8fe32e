"""PF9xx: findings about the run itself (profile, suppressions, internal errors)."""
