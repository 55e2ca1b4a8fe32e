"""PF0xx: structure and header — mandatory sections, order, numbering, header fields,
the filing date and the fiscal year, template text left in."""
