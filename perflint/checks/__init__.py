"""The rules. Each rule is one class in one module of a family package
(``structure`` for PF0xx, ``meta`` for PF9xx, …), registered with ``@register``."""
