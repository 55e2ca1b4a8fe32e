"""PF1xx: numbers — sums, shares, percentages, budget execution."""
