"""PF3xx: typography — the conventions of Chinese official documents (GB/T 15834
punctuation, full-width punctuation in Chinese text) and, where usage legitimately
varies, the document's own majority. Each rule declares its options (perflint.options)
and looks only at ``ctx.prose`` (Markdown syntax, tables, URLs and code masked)."""
