"""Every rule's case file, run through the linter: the rules' executable examples.

Each rule has ``perflint/checks/<family>/examples/<CODE>.toml`` (inside the package, as
``perflint rule`` reads the documented examples from it at run time). A case file is a
list of ``[[case]]`` tables::

    [[case]]
    name = "an ASCII colon after a field name"   # what the case shows (the test's id)
    doc = "bad"              # the documented Bad example ("good": the Good one)
    note = "A header line:"  # optional: shown before the example in the docs
    report = '''
    2023年部门整体支出绩效自评报告

    部门名称:广东省测试中心
    '''                      # the report, as perflint reads a Markdown file
    raises = true            # must the rule report anything on it?
    findings = [{ at = ":", key = "default" }]   # optional: exactly these findings
    fixed = '''
    2023年部门整体支出绩效自评报告

    部门名称：广东省测试中心
    '''                      # the text `perflint --select CODE --fix` leaves

and optionally ``profile = "gd-dept-overall"`` (as ``--profile``, for a report whose
title names no template), ``unsafe-fixed`` (the text after ``--fix --unsafe-fixes``),
and ``excerpt``: what the docs show of a long report, its lines the report's own, with
a line ``…`` for each run of lines left out. ``at`` is the text the finding's span
covers, ``key`` the rule's message template (``Rule.messages``) its message was made from.

Begin a report with its title line, as real reports do: perflint takes the title from
the first lines (without one, a short first paragraph becomes the title), the title
chooses the template (``某单位年度工作总结`` chooses none), and before the first heading
a line ``名称：…`` is a header field, not prose. A short report with just the part that
matters makes a readable example; other rules' findings on it are not looked at.

The test lints each report with every rule, as ``lint_text`` does, and checks the
rule's findings: none when ``raises = false``; some when ``raises = true``, exactly the
listed ones when ``findings`` is given. A case whose findings carry a safe fix must
state ``fixed``, one with an unsafe fix ``unsafe-fixed``. Each file needs exactly one
``doc = "bad"`` case (which must raise) and one ``doc = "good"`` case (which must not).

Meta rules document what a user meets: PF901–PF903 are raised by reports like any
rule; PF900 (a rule crashed) cannot be caused by a report, so its bad case names
``failing-rule``, a rule the test makes raise an exception on that report.

A new rule needs a case file: copy one from its family's ``examples/`` folder (a new
family, such as PF4xx, gets its own ``examples/`` folder beside its modules), write a
bad and a good case, then a case for each exception its docstring promises; run this
module, then ``python -m perflint.docs`` to regenerate docs/rules.md.
"""

import re
import string
from collections.abc import Iterator
from typing import Any

import pytest

from perflint.checks.base import Context, Rule, all_rules
from perflint.engine import Linter
from perflint.filtering import FindingPolicy
from perflint.fixing import fix_source
from perflint.results import Finding
from perflint.rule_cases import Case, CaseFileError, is_excerpt_of, load_cases, parse_cases
from perflint.sources import source_from_text

from conftest import _PROFILES, _RULES

RULES = {rule.code: rule for rule in all_rules()}


def _case_params() -> Iterator[Any]:
    for code, rule in RULES.items():
        try:
            cases = load_cases(rule)
        except CaseFileError as exc:
            yield pytest.param(code, exc, id=f"{code}-unreadable")
            continue
        for case in cases.case if cases else ():
            yield pytest.param(code, case, id=f"{code}-{case.name}")


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_rule_has_a_case_file_with_a_bad_and_a_good_example(code: str):
    cases = load_cases(RULES[code])  # a file without one bad and one good case does not load
    assert cases is not None, f"{code} has no case file (see this module's docstring)"


@pytest.mark.parametrize(("code", "case"), list(_case_params()))
def test_case(code: str, case: Case | CaseFileError):
    if isinstance(case, CaseFileError):
        pytest.fail(str(case))
    rule = RULES[code]
    source = source_from_text(case.report, "report.md")
    rules = [_failing(r) if r.code == case.failing_rule else r for r in _RULES]
    result = Linter(_PROFILES, rules, profile_id=case.profile).lint(source)
    found = [finding for finding in result.findings if finding.code == code]
    described = [_describe(rule, case.report, finding) for finding in found]

    assert bool(found) == case.raises, f"{code} {'did not raise' if case.raises else 'raised'}: {described}"
    if case.findings is not None:
        assert len(found) == len(case.findings), f"expected {case.findings}, got {described}"
        for (at, keys), want in zip(described, case.findings):
            assert want.at is None or at == want.at, f"expected a finding at {want.at!r}, got {described}"
            assert want.key is None or want.key in keys, f"expected message {want.key!r}, got {described}"
    if case.failing_rule is not None:
        assert all(case.failing_rule in finding.message for finding in found)

    # What --fix (and --fix --unsafe-fixes) makes of the report with this rule alone (--select CODE).
    for applicability, stated, key in (("safe", case.fixed, "fixed"), ("unsafe", case.unsafe_fixed, "unsafe-fixed")):
        if stated is None:
            offered = any(finding.fix and finding.fix.edits and finding.fix.applicability == applicability for finding in found)
            assert not offered, f"state `{key}`: {code} offers a {applicability} fix here"
            continue
        linter = Linter(_PROFILES, [rule()], profile_id=case.profile, policy=FindingPolicy(enabled=frozenset({code})))
        outcome = fix_source(linter, source, unsafe=applicability == "unsafe")
        assert outcome.text == stated, f"{key}: {outcome.refused or ''}\n{outcome.text}"


def _describe(rule: type[Rule], text: str, finding: Finding) -> tuple[str, set[str]]:
    """The text a finding points at, and the message keys whose template fits its message."""
    return text[finding.span[0] : finding.span[1]], {key for key, (zh, _) in rule.messages.items() if _fits(zh, finding.message)}


def _fits(template: str, message: str) -> bool:
    pattern = "".join(
        re.escape(literal) + ("(.*)" if field is not None else "") for literal, field, _, _ in string.Formatter().parse(template)
    )
    return re.fullmatch(pattern, message, re.S) is not None


def _failing(rule: Rule) -> Rule:
    """The rule, made to raise an exception whatever it checks."""

    class Failing(type(rule)):
        def check(self, ctx: Context) -> Iterator[Finding]:
            raise RuntimeError("made to fail by its case file")

    return Failing()


# -- the format's own checks ------------------------------------------------------------


@pytest.mark.parametrize(
    ("excerpt", "fits"),
    [
        ("a\nb\nc\n", True),
        ("a\n…\nc\n", True),
        ("…\nb\n…\n", True),
        ("a\n…\n", True),
        ("a\nc\n", False),  # a line left out without a …
        ("…\na\n", False),  # a … that stands for nothing
        ("c\n…\na\n", False),  # out of order
        ("a\n…\nb\n", False),  # the last line is c
        ("a\nb x\n…\n", False),
    ],
)
def test_an_excerpt_is_the_report_with_runs_of_lines_elided(excerpt: str, fits: bool):
    assert is_excerpt_of(excerpt, "a\nb\nc\n") is fits


GOOD = """
[[case]]
name = "good"
doc = "good"
report = "甲"
raises = false
"""


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (GOOD, 'exactly one case must have doc = "bad" (found 0)'),
        (GOOD + '[[case]]\nname = "b"\ndoc = "bad"\nreport = "乙"\nraises = false\n', "the documented bad example must raise the rule"),
        (GOOD + '[[case]]\nname = "b"\ndoc = "bad"\nreport = "乙"\nraises = true\nwhere = 1\n', "case.1.where: unknown key"),
        (GOOD.replace("raises = false", 'raises = false\nfixed = "乙"'), "only a case that raises the rule has a fix to state"),
        (GOOD.replace("raises = false", 'raises = false\nexcerpt = "乙"'), "each run of lines of the excerpt must be in the report"),
        ("[[case]\n", "Expected"),
    ],
)
def test_a_case_file_that_breaks_the_format_is_refused(text: str, problem: str):
    with pytest.raises(CaseFileError, match=re.escape(problem)):
        parse_cases(text)
