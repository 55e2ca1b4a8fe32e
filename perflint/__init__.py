"""perflint: a linter for Chinese public-finance performance self-evaluation reports."""

__version__ = "0.1.0"
