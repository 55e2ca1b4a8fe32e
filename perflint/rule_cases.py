"""The case files of the rules: executable examples, one TOML file per rule code.

Each rule's cases live beside its code, in ``perflint/checks/<family>/examples/<CODE>.toml``:
small reports, whether the rule must raise on each (and where, with which message),
and for fixable rules the text its fixes give. ``tests/test_rule_cases.py`` runs every
case through the linter (its docstring describes the format); perflint.docs shows the
case marked ``doc = "bad"`` and the one marked ``doc = "good"`` as the rule's Bad and
Good examples, so every documented example is a tested one.

The files ship inside the package, not under ``tests/``, because ``perflint rule`` and
SARIF's ``rules[]`` read them at run time, from an installed wheel as from a checkout.
"""

import importlib.resources
import re
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from typing import Literal

from perflint.checks.base import Rule
from perflint.validation import KEBAB_CASE, Invalid, validate

# In an excerpt, a line holding only this stands for lines of the report left out.
ELISION = "…"


class CaseFileError(Exception):
    """A case file that cannot be read or does not follow the format."""


@dataclass(frozen=True)
class ExpectedFinding:
    """One finding a case expects of its rule: the text its span covers, its message key."""

    __pydantic_config__ = KEBAB_CASE

    at: str | None = None
    key: str | None = None


@dataclass(frozen=True)
class Case:
    """One report and what the rule must make of it."""

    __pydantic_config__ = KEBAB_CASE

    name: str
    report: str
    raises: bool
    # Exactly these findings of the rule, in order (when given).
    findings: tuple[ExpectedFinding, ...] | None = None
    profile: str | None = None  # as --profile; otherwise the title chooses
    doc: Literal["bad", "good"] | None = None
    note: str | None = None  # shown with the example in the documentation
    excerpt: str | None = None  # what the documentation shows of a long report
    fixed: str | None = None  # the text `perflint --select CODE --fix` leaves
    unsafe_fixed: str | None = None  # … and with --unsafe-fixes
    # The rule made to raise an exception while checking this report: PF900's cases.
    failing_rule: str | None = None

    def __post_init__(self) -> None:
        if self.doc == "bad" and not self.raises:
            raise ValueError(f"case {self.name!r}: the documented bad example must raise the rule")
        if self.doc == "good" and self.raises:
            raise ValueError(f"case {self.name!r}: the documented good example must not raise the rule")
        if self.findings is not None and not (self.raises and self.findings):
            raise ValueError(f"case {self.name!r}: findings are listed only for a case that raises (raises = true)")
        if (self.fixed is not None or self.unsafe_fixed is not None) and not self.raises:
            raise ValueError(f"case {self.name!r}: only a case that raises the rule has a fix to state")
        if self.excerpt is not None:
            if not is_excerpt_of(self.excerpt, self.report):
                raise ValueError(f"case {self.name!r}: each run of lines of the excerpt must be in the report, in order")
            for finding in self.findings or ():
                if finding.at and finding.at not in self.excerpt:
                    raise ValueError(f"case {self.name!r}: the excerpt must show where the rule reports ({finding.at!r})")

    @property
    def shown(self) -> str:
        """What the documentation shows of the report."""
        return self.excerpt if self.excerpt is not None else self.report


@dataclass(frozen=True)
class CaseFile:
    """The cases of one rule (``[[case]]`` tables); one is its documented Bad example,
    one its documented Good example."""

    __pydantic_config__ = KEBAB_CASE

    case: tuple[Case, ...]

    def __post_init__(self) -> None:
        for kind in ("bad", "good"):
            count = sum(case.doc == kind for case in self.case)
            if count != 1:
                raise ValueError(f'exactly one case must have doc = "{kind}" (found {count})')
        names = [case.name for case in self.case]
        if len(set(names)) != len(names):
            raise ValueError("case names must be distinct")

    @property
    def bad(self) -> Case:
        return next(case for case in self.case if case.doc == "bad")

    @property
    def good(self) -> Case:
        return next(case for case in self.case if case.doc == "good")


def is_excerpt_of(excerpt: str, report: str) -> bool:
    """Whether the excerpt is the report with some runs of whole lines replaced by one
    ``…`` line each."""
    pattern = "".join(r"(?:[^\n]*\n)+?" if line == ELISION else re.escape(line) + r"\n" for line in excerpt.splitlines())
    return re.fullmatch(pattern, report if report.endswith("\n") else report + "\n") is not None


def case_file_path(rule: type[Rule]) -> Traversable:
    """Where the rule's case file is: ``examples/<CODE>.toml`` in the rule's package."""
    package = rule.__module__.rpartition(".")[0]
    return importlib.resources.files(package).joinpath("examples", f"{rule.code}.toml")


def load_cases(rule: type[Rule]) -> CaseFile | None:
    """The rule's cases; None when it has none (a plugin's rule may not)."""
    path = case_file_path(rule)
    if not path.is_file():
        return None
    try:
        return parse_cases(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, CaseFileError) as exc:
        raise CaseFileError(f"{path}: {exc}") from None


def parse_cases(text: str) -> CaseFile:
    """The cases of one case file's text."""
    import tomllib

    try:
        return validate(CaseFile, tomllib.loads(text))
    except (tomllib.TOMLDecodeError, Invalid) as exc:
        raise CaseFileError(str(exc)) from None
