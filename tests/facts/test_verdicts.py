"""The number verdicts: every claim judged once, each problem owned by exactly one rule."""

from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from perflint.detection import choose
from perflint.engine import Linter
from perflint.facts import extract
from perflint.facts.verdicts import (
    RateProblem,
    ShareProblem,
    SharesSumProblem,
    SumProblem,
    UnitSlipProblem,
    Verdicts,
    judge_numbers,
)
from perflint.parse import parse
from perflint.profiles import default_numbers
from perflint.sources import load_path

from conftest import _PROFILES, _RULES, FIXTURES, ROOT, SEED_REPORTS, lint_text

SEED = "本年支出合计3189.14万元，其中基本支出719.75万元，占总支出的22.57%；项目支出2469.39万元，占总支出的77.43%。"


def judged(text: str) -> Verdicts:
    document = parse(text)
    profile = choose(document, _PROFILES).profile
    numbers = profile.numbers if profile else default_numbers()
    return judge_numbers(extract(document, numbers), numbers)


def owners(text: str) -> list[str]:
    return [problem.owner for problem in judged(text).problems]


def at(text: str, span: tuple[int, int]) -> str:
    return text[span[0] : span[1]]


def test_a_consistent_breakdown_has_no_problem():
    assert judged(SEED).problems == ()


def test_the_total_as_the_odd_figure_is_owned_by_the_sum_rule_alone():
    # Both shares disagree with the stated total, but they fit the parts' sum: one
    # problem, the total's, and no share problems.
    text = SEED.replace("3189.14万元", "3198.14万元")
    [problem] = judged(text).problems
    assert isinstance(problem, SumProblem) and problem.owner == "PF101"
    assert problem.blame is not None and problem.blame.part is None
    assert at(text, problem.blame.figure.span) == "3198.14万元"
    assert problem.blame.expected == problem.computed  # the total should be the parts' sum


def test_one_odd_part_is_blamed_and_its_share_left_alone():
    text = SEED.replace("719.75万元", "791.75万元")
    [problem] = judged(text).problems
    assert isinstance(problem, SumProblem)
    assert problem.blame is not None and problem.blame.part is not None
    assert problem.blame.part.name == "基本支出"
    assert at(text, problem.blame.figure.span) == "791.75万元"
    assert problem.blame.expected.lo <= 7_197_500 <= problem.blame.expected.hi  # 719.75万元, in 元


def test_a_sum_without_shares_to_tell_blames_nothing():
    [problem] = judged("本年支出合计3198.14万元，其中基本支出719.75万元，项目支出2469.39万元。").problems
    assert isinstance(problem, SumProblem) and problem.blame is None and problem.complete


@pytest.mark.parametrize(
    ("text", "claim", "amount", "unit"),
    [
        (SEED.replace("719.75万元", "719.75元"), "sum", "719.75元", "万元"),
        ("本年支出合计3189.14万元，其中基本支出719.75元，占总支出的22.57%。", "share", "719.75元", "万元"),
        ("全年预算数286.00万元，执行数274.63元，预算执行率为96.02%。", "rate", "274.63元", "万元"),
        ("项目全年预算数2860000.00万元，执行数274.63万元，完成预算的96.02%。", "rate", "2860000.00万元", "元"),
    ],
    ids=["sum", "share", "rate-executed", "rate-budget"],
)
def test_a_unit_slip_is_owned_by_the_unit_rule_alone(text, claim, amount, unit):
    # As written the sum, the shares or the rate fail too; none of them is a problem
    # of its own: the misread amount is.
    [problem] = judged(text).problems
    assert isinstance(problem, UnitSlipProblem) and problem.owner == "PF107"
    assert problem.claim == claim
    assert at(text, problem.slip.quantity.span) == amount
    assert problem.slip.suggested_unit == unit
    if claim == "sum":
        assert problem.figure is None
    else:
        assert problem.figure is not None and problem.figure.unit == "%"


def test_an_amount_that_only_vanishes_in_the_smaller_unit_is_no_unit_slip():
    # Read as 元, 其他收入 17.06 would be next to nothing and the rest make the total: that
    # says it is no part of this total, not that its unit is wrong. The sum is the problem.
    text = "本年收入合计85.40万元，其中财政拨款收入62.15万元，事业收入23.25万元，其他收入17.06万元。"
    [problem] = judged(text).problems
    assert isinstance(problem, SumProblem) and problem.complete


def test_a_misread_amount_breaking_several_claims_is_one_problem():
    # The total in 元 breaks both shares (each fits if the total is 万元); the amounts
    # are not all exact, so there is no sum verdict to name it once for.
    text = "本年支出合计3189.14元，其中基本支出719.75万元，占总支出的22.57%；项目支出2000.00万元，占总支出的62.71%；其他支出约469万元。"
    slips = judged(text).of(UnitSlipProblem)
    assert [at(text, p.slip.quantity.span) for p in slips] == ["3189.14元"]


def test_a_wrong_share_is_owned_by_the_share_rule_not_the_shares_sum():
    # 25.57% + 77.43% is not 100% either, because of the same wrong share.
    text = SEED.replace("22.57%", "25.57%")
    [problem] = judged(text).problems
    assert isinstance(problem, ShareProblem) and problem.owner == "PF102"
    assert problem.part.share is not None and at(text, problem.part.share.span) == "25.57%"


def test_shares_alone_not_adding_up_are_owned_by_the_shares_sum_rule():
    [problem] = judged("基本支出占比22.57%，项目支出占比81.11%。").problems
    assert isinstance(problem, SharesSumProblem) and problem.owner == "PF103"
    assert problem.computed.contains(Decimal("103.68"))


def test_rate_and_over_budget_are_separate_claims():
    text = "全年预算数100.00万元，执行数104.50万元，完成预算的95.00%。"
    assert owners(text) == ["PF104", "PF105"]
    [rate] = judged(text).of(RateProblem)
    assert at(text, rate.rate.span) == "95.00%"


def test_of_reads_one_kind_in_the_order_of_the_claims():
    text = SEED.replace("22.57%", "25.57%") + "本年支出合计100.00万元，其中基本支出40.00万元，占比45.00%；项目支出60.00万元，占比55.00%。"
    verdicts = judged(text)
    shares = verdicts.of(ShareProblem)
    assert [at(text, p.part.share.span) for p in shares if p.part.share] == ["25.57%", "45.00%", "55.00%"]
    assert verdicts.of(SumProblem) == []


NUMBER_RULES = {"PF101", "PF102", "PF103", "PF104", "PF105", "PF107"}  # PF106 is a threshold, not a verdict


def _reports() -> list[Path]:
    """Every report the fixtures, the example and the seed hold (none has directives
    that would hide a finding)."""
    files = [p for p in sorted(FIXTURES.glob("*/*")) if p.suffix in (".md", ".txt", ".docx", ".pdf")]
    return files + sorted((ROOT / "examples").glob("*.md")) + SEED_REPORTS


@pytest.mark.parametrize("path", _reports(), ids=lambda p: p.name)
def test_each_problem_is_one_finding_of_its_owner(path):
    result = Linter(_PROFILES, _RULES).lint(load_path(path))
    assert "<!-- perflint" not in result.source.text.lower()
    reported = Counter(f.code for f in result.findings if f.code in NUMBER_RULES)
    assert Counter(owners(result.source.text)) == reported


@pytest.mark.parametrize(
    "text",
    [
        SEED.replace("3189.14万元", "3198.14万元"),
        SEED.replace("719.75万元", "791.75万元"),
        SEED.replace("719.75万元", "719.75元"),
        SEED.replace("22.57%", "25.57%"),
        "本年支出合计3189.14元，其中基本支出719.75万元，占总支出的22.57%；项目支出2000.00万元，占总支出的62.71%；其他支出约469万元。",
        "基本支出占比22.57%，项目支出占比81.11%。",
        "全年预算数100.00万元，执行数104.50万元，完成预算的95.00%。",
        "全年预算数286.00万元，执行数274.63元，预算执行率为96.02%。",
    ],
)
def test_each_problem_is_one_finding_of_its_owner_in_small_cases(text):
    result = lint_text(text, dedent=False)
    assert Counter(owners(text)) == Counter(f.code for f in result.findings if f.code in NUMBER_RULES)
