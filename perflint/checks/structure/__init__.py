"""PF0xx: structure and header — mandatory sections, order, numbering, header fields."""
