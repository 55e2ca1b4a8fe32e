"""The language server (``perflint server``, optional extra ``perflint[lsp]``).

Imported only by that command: the linter itself never needs pygls.
"""
