"""PF3xx: typography — the conventions of Chinese official documents (GB/T 15834
punctuation, full-width punctuation in Chinese text) and, where usage legitimately
varies, the document's own majority. Rules read their options from
``ctx.typography`` and look only at ``ctx.prose`` (Markdown syntax, tables, URLs and
code masked)."""
