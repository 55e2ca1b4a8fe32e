from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from perflint.checks.base import Context, Rule, register
from perflint.patterns import lazy
from perflint.prose import enclosed, is_han
from perflint.results import Finding, Severity
from perflint.validation import KEBAB_CASE

# A Latin word: letters, digits attached (IPv6, 5G), inner hyphens and apostrophes.
_WORD = lazy(r"(?<![A-Za-z0-9])[0-9]*[A-Za-z][A-Za-z0-9]*(?:[-'’][A-Za-z0-9]+)*(?![A-Za-z0-9])")
_LOWERCASE_WORD = lazy(r"[a-z]+(?:[-'’][a-z]+)*")
# "xx", "XXX": a template placeholder left in (a content finding), not a word.
_PLACEHOLDER = lazy(r"[xX]+")


@register
class LatinWord(Rule):
    """A Latin word inside Chinese prose reads as a slip.

    **What it checks.** A single Latin word with Chinese characters on both sides
    (spaces between allowed), such as ``资料 and 文书``. By default only lowercase words
    can be slips: acronyms (``OA系统``, ``G4``) and capitalised names (``Excel``) pass, and
    the profile's ``latin-allow`` list (GDP, PPP, ETC, APP, 5G, IPv6, …, compared
    ignoring case) always passes; with ``latin-words = "all"`` every word not in the
    list is reported. Text in quotes or brackets, several Latin words in a row (a
    name, a title in English), Latin next to digits (``60km``), URLs, e-mail
    addresses, code and Markdown syntax are not prose slips and are not looked at.
    There is no automatic fix: what the word should be is for the author to say.

    **Why.** An English word in the middle of a Chinese sentence is almost always a
    slip of the input method or a draft left unfinished, and it shows in a published
    official document.
    """

    code = "PF302"
    name = "latin-word"
    severity = Severity.WARNING
    messages = {
        "default": ("中文行文中夹有英文单词“{word}”，疑为录入错误", "Latin word “{word}” inside Chinese prose reads as a slip"),
    }

    @dataclass(frozen=True, kw_only=True)
    class Options:
        __pydantic_config__ = KEBAB_CASE

        latin_allow: tuple[str, ...]
        """Words never reported (compared ignoring case): GDP, PPP, APP, 5G, IPv6, OA, Excel…"""
        latin_words: Literal["lowercase", "all"]
        """``"lowercase"``: only lowercase words can be slips (acronyms such as OA and
        capitalised names such as Excel pass); ``"all"``: any word not in ``latin-allow``."""
        latin_min_length: int
        """Shorter words are not reported."""

        def __post_init__(self) -> None:
            if self.latin_min_length < 1:
                raise ValueError("latin-min-length must be at least 1")

        @cached_property
        def latin_allow_keys(self) -> frozenset[str]:
            return frozenset(word.lower() for word in self.latin_allow)

    def check(self, ctx: Context) -> Iterator[Finding]:
        options = self.options(ctx)
        prose = ctx.prose
        for match in _WORD.finditer(prose.text):
            word = match.group()
            if len(word) < options.latin_min_length or _PLACEHOLDER.fullmatch(word):
                continue
            if word.lower() in options.latin_allow_keys:
                continue
            if options.latin_words == "lowercase" and not _LOWERCASE_WORD.fullmatch(word):
                continue
            _, left = prose.before(match.start())
            _, right = prose.after(match.end())
            if not (left and right and is_han(left) and is_han(right)):
                continue
            line_start, line_end = prose.line_bounds(match.start())
            if enclosed(prose.text[line_start:line_end], match.start() - line_start):
                continue
            yield self.report(ctx, match.span(), word=word)
