"""PF2xx: content — the conclusion's grade and score, problems and measures, the
rectification status, vague results, counts against their lists."""
