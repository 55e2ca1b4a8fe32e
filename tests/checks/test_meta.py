"""The meta rules build their own findings: PF900 through InternalError, PF902 and PF903
through the suppression hook the filter calls once the directives are applied."""

from collections.abc import Iterator

from perflint.checks.base import Context, Rule
from perflint.checks.meta.internal_error import InternalError
from perflint.checks.meta.malformed_suppression import MalformedSuppression
from perflint.checks.meta.unused_suppression import UnusedSuppression
from perflint.engine import Linter
from perflint.filtering import FindingPolicy
from perflint.results import Finding, Severity
from perflint.sources import source_from_text
from perflint.suppressions import Suppressions

from conftest import _PROFILES, _RULES, FIXTURES

SKIP = (FIXTURES / "gd-dept-overall" / "numbering-skip.md").read_text(encoding="utf-8")
HEADING = "（四）部门整体支出绩效目标"  # PF003: （三） is missing before it
USED = "<!-- perflint: disable-next-line PF003 -->\n"
UNUSED = "<!-- perflint: disable-next-line PF001 -->\n"
MALFORMED = "<!-- perflint: bogus -->\n"
TEXT = SKIP.replace(HEADING, MALFORMED + UNUSED + USED + HEADING, 1)


class Probe(Rule):
    """A rule that records what its suppression hook was given (not registered)."""

    code = "PF990"
    name = "probe"
    severity = Severity.INFO
    messages = {"default": ("{used} 条指令已生效", "{used} directives were used")}

    def __init__(self) -> None:
        self.calls: list[Suppressions] = []

    def check(self, ctx: Context) -> Iterator[Finding]:
        return iter(())

    def check_suppressions(self, ctx: Context, suppressions: Suppressions) -> Iterator[Finding]:
        self.calls.append(suppressions)
        used = sum(1 for directive in suppressions.directives if directive.used)
        yield self.report(ctx, (0, 0), used=str(used))


class Broken(Probe):
    code = "PF991"
    name = "broken"

    def check_suppressions(self, ctx: Context, suppressions: Suppressions) -> Iterator[Finding]:
        raise ValueError("boom")


class Failing(Rule):
    """A rule whose check raises (not registered)."""

    code = "PF992"
    name = "failing"
    severity = Severity.INFO
    messages = {"default": ("", "")}

    def check(self, ctx: Context) -> Iterator[Finding]:
        raise KeyError("no such figure")


def lint(text: str, rules: list[Rule], policy: FindingPolicy | None = None):
    return Linter(_PROFILES, rules, policy=policy).lint(source_from_text(text, "r.md"))


def test_the_suppression_rules_report_through_their_hooks():
    result = lint(TEXT, _RULES)
    assert sorted(f.code for f in result.findings) == ["PF902", "PF903"]
    # Without those two rules in the run, nobody builds their findings.
    others = [rule for rule in _RULES if rule.code not in ("PF902", "PF903")]
    assert lint(TEXT, others).findings == []


def test_each_suppression_rule_builds_only_its_own_findings():
    assert [f.code for f in lint(TEXT, [MalformedSuppression()]).findings] == ["PF902"]
    # Run alone, PF903 finds both disable-next-line directives unused: no PF003 to hide.
    assert [f.code for f in lint(TEXT, [UnusedSuppression()]).findings] == ["PF903", "PF903"]


def test_the_hook_sees_the_directives_already_applied():
    probe = Probe()
    result = lint(TEXT, [*_RULES, probe])
    [suppressions] = probe.calls
    assert [d.span for d in suppressions.directives if d.used] == [(TEXT.index(USED), TEXT.index(USED) + len(USED) - 1)]
    assert next(f for f in result.findings if f.code == "PF990").message == "1 条指令已生效"


def test_the_hook_runs_only_for_enabled_rules_and_reports_with_comments():
    probe = Probe()
    lint(TEXT, [probe], FindingPolicy(frozenset({"PF003"})))
    lint(SKIP, [probe])  # no comment, so no directive to judge
    assert probe.calls == []


def test_a_hook_that_raises_is_an_internal_error_not_a_crash():
    result = lint(TEXT, [*_RULES, Broken()])
    errors = [f for f in result.findings if f.code == "PF900"]
    assert [f.message for f in errors] == ["规则 PF991 在检查时出错：ValueError: boom"]
    assert sorted(f.code for f in result.findings if f.code != "PF900") == ["PF902", "PF903"]


def test_a_rule_that_raises_is_reported_by_internal_error():
    result = lint(SKIP, [Failing(), *_RULES])
    [error] = [f for f in result.findings if f.code == "PF900"]
    assert (error.name, error.severity) == (InternalError.name, Severity.ERROR)
    assert error.message == "规则 PF992 在检查时出错：KeyError: 'no such figure'"
    assert result.source.text[slice(*error.span)] == "2023年部门整体支出绩效自评报告"  # the title
    assert "PF003" in [f.code for f in result.findings]  # the other rules still ran


def test_internal_errors_are_neither_deselected_nor_suppressed():
    text = "<!-- perflint: disable-file -->\n" + SKIP
    # PF900 is not among the enabled codes, and the directive hides every rule.
    result = lint(text, [Failing(), *_RULES], FindingPolicy(frozenset({"PF003", "PF992"})))
    assert [f.code for f in result.findings] == ["PF900"]
