"""The rule contract and the registry.

A rule is one small class: ``code``, ``name``, default ``severity``, a docstring whose
first line is its summary and whose body documents it, message templates in Chinese
and English, and ``check(ctx)`` yielding findings. Rules read the document, the
profile and the facts through ``Context``; they never print or read files.
"""

import importlib
import pkgutil
from collections.abc import Iterator, Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar

from perflint.detection import Choice
from perflint.document import Document, Paragraph, Span
from perflint.facts import Facts, extract
from perflint.facts.content import ContentFacts
from perflint.facts.content_vocabulary import ContentSpec
from perflint.facts.numbers_vocabulary import NumbersSpec
from perflint.facts.verdicts import Verdicts, judge_numbers
from perflint.options import is_options_type, option_names, resolve
from perflint.outline import Outline, match_outline
from perflint.patterns import lazy
from perflint.profiles import Profile, default_content, default_numbers, default_rule_options, default_table
from perflint.prose import Prose
from perflint.results import Evidence, Finding, Fix, Severity
from perflint.selfeval.model import SelfEvaluationTable
from perflint.selfeval.reading import read_tables
from perflint.selfeval.spec import TableSpec
from perflint.sources import Source

if TYPE_CHECKING:  # parsed only for reports with comments (perflint.filtering)
    from perflint.suppressions import Suppressions

_CODE = lazy(r"^PF\d{3}$")
_NAME = lazy(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


class Context:
    """What a rule may read about one report. Derived views are computed once."""

    def __init__(
        self,
        source: Source,
        document: Document,
        profile: Profile | None,
        *,
        lang: str = "zh",
        choice: "Choice | None" = None,
        rule_options: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> None:
        self.source = source
        self.document = document
        self.profile = profile
        self.lang = lang
        # How the template was chosen (perflint.detection): the reason, and the candidates
        # when none was.
        self.choice = choice
        # Options set in the config, by rule code (kebab-case names, validated values).
        self.rule_options: Mapping[str, Mapping[str, Any]] = rule_options or {}
        self._options: dict[str, Any] = {}

    @property
    def text(self) -> str:
        return self.source.text

    @cached_property
    def paragraphs(self) -> list[Paragraph]:
        """The report's paragraphs in order (its tables left out)."""
        return [block for _, block in self.document.blocks() if isinstance(block, Paragraph)]

    def said(self, zh: str, en: str) -> str:
        """The text in the run's language (--lang): for what a rule writes besides its
        messages, as a fix's description."""
        return en if self.lang == "en" else zh

    @cached_property
    def numbers(self) -> NumbersSpec:
        """The number vocabulary and thresholds: the profile's, or the defaults."""
        return self.profile.numbers if self.profile else default_numbers()

    @cached_property
    def table_spec(self) -> TableSpec:
        """The self-evaluation table's vocabulary and forms (PF4xx): the profile's, or the defaults."""
        return self.profile.table if self.profile else default_table()

    @cached_property
    def prose(self) -> Prose:
        """Where the running text is (Markdown syntax, tables, URLs, code masked)."""
        return Prose(self.document)

    @cached_property
    def facts(self) -> Facts:
        return extract(self.document, self.numbers, [table.span for table in self.tables])

    @cached_property
    def tables(self) -> list[SelfEvaluationTable]:
        """The self-evaluation tables of the report, as read (PF4xx)."""
        return read_tables(self.document, self.table_spec, frozenset(self.content.conclusion.grade_words))

    def tables_checked_by(self, code: str) -> Iterator[SelfEvaluationTable]:
        """The self-evaluation tables whose form does not turn the check ``code`` off."""
        return (table for table in self.tables if not table.is_off(code))

    @cached_property
    def verdicts(self) -> Verdicts:
        """The number claims judged once, each problem assigned to the one rule that reports it."""
        return judge_numbers(self.facts, self.numbers)

    @cached_property
    def content(self) -> ContentSpec:
        """The content vocabulary (grades, phrases, patterns): the profile's, or the defaults."""
        return self.profile.content if self.profile else default_content()

    @cached_property
    def content_facts(self) -> ContentFacts:
        """What the report says (conclusion, dates, rectification …), read lazily."""
        return ContentFacts(self.document, self.outline, self.content, self.numbers)

    @cached_property
    def outline(self) -> Outline | None:
        return match_outline(self.document, self.profile) if self.profile else None

    def options_for(self, rule: "Rule") -> Any:
        """``rule``'s options for this report: its template's, with the config's on top."""
        options = self._options.get(rule.code)
        if options is None:
            base = (self.profile.rule_options if self.profile else default_rule_options())[rule.code]
            options = self._options[rule.code] = resolve(base, self.rule_options.get(rule.code, {}))
        return options

    def document_anchor(self) -> Span:
        """Where document-level findings point: the title, else the first character."""
        if self.document.title is not None:
            return self.document.title.span
        return (0, 0)


class Rule:
    """Base class; see the module docstring."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    needs_profile: ClassVar[bool] = False
    messages: ClassVar[dict[str, tuple[str, str]]]  # key → (Chinese, English) templates
    # The rule's options, a dataclass declared in the rule's class body (perflint.options).
    Options: ClassVar[type | None] = None

    def check(self, ctx: Context) -> Iterator[Finding]:
        raise NotImplementedError

    def check_suppressions(self, ctx: Context, suppressions: "Suppressions") -> Iterator[Finding]:
        """Findings about the report's suppression directives themselves.

        The filter calls it for reports with HTML comments, after the directives were
        applied to every finding of ``check`` (so each knows whether it was used). What
        it yields cannot be suppressed. Only the rules about directives override it.
        """
        return iter(())

    @classmethod
    def summary(cls) -> str:
        return (cls.__doc__ or "").strip().splitlines()[0].strip()

    @classmethod
    def family(cls) -> str:
        """The checks subpackage the rule lives in (structure, numbers, meta, …)."""
        parts = cls.__module__.split(".")
        return parts[2] if len(parts) > 3 and parts[:2] == ["perflint", "checks"] else "plugin"

    def options(self, ctx: Context) -> Any:
        """This rule's options for the report in ``ctx`` (an instance of ``Options``)."""
        return ctx.options_for(self)

    def report(
        self,
        ctx: Context,
        span: Span,
        key: str = "default",
        *,
        evidence: Evidence | None = None,
        fix: Fix | None = None,
        severity: Severity | None = None,
        **args: Any,
    ) -> Finding:
        """A finding of this rule at ``span`` with the message ``key``. ``severity``: this
        finding's, where the rule is less sure of it than of its usual ones (the config's
        severity for the rule still overrides it)."""
        zh, en = self.messages[key]
        message = (en if ctx.lang == "en" else zh).format(**args)
        return Finding(self.code, self.name, severity or self.severity, message, span, evidence=evidence, fix=fix)


_REGISTRY: dict[str, type[Rule]] = {}


def register(cls: type[Rule]) -> type[Rule]:
    """Add a rule class to the registry, checking its metadata once at import."""
    if not _CODE.match(getattr(cls, "code", "")):
        raise TypeError(f"{cls.__name__}: code must look like PF123")
    if not _NAME.match(getattr(cls, "name", "")):
        raise TypeError(f"{cls.__name__}: name must be kebab-case")
    if not (cls.__doc__ or "").strip():
        raise TypeError(f"{cls.__name__}: a rule needs a docstring (it is the rule's documentation)")
    if "default" not in cls.messages and not cls.messages:
        raise TypeError(f"{cls.__name__}: a rule needs message templates")
    if cls.Options is not None:
        if not is_options_type(cls.Options):
            raise TypeError(f"{cls.__name__}: Options must be a dataclass")
        if "severity" in option_names(cls.Options):
            raise TypeError(f"{cls.__name__}: 'severity' is not an option name (it is every rule's)")
    for other in _REGISTRY.values():
        if other.name == cls.name and other.code != cls.code:
            raise TypeError(f"{cls.__name__}: name {cls.name!r} is taken by {other.code}")
    _REGISTRY[cls.code] = cls
    return cls


def all_rules() -> list[type[Rule]]:
    """Every registered rule, by code. Importing the family packages registers them:
    each subpackage of ``perflint.checks`` is a family, each of its modules a rule."""
    checks = importlib.import_module("perflint.checks")
    for family in pkgutil.iter_modules(checks.__path__, "perflint.checks."):
        if not family.ispkg:
            continue
        package = importlib.import_module(family.name)
        for module in pkgutil.iter_modules(package.__path__, f"{family.name}."):
            importlib.import_module(module.name)
    return [_REGISTRY[code] for code in sorted(_REGISTRY)]
