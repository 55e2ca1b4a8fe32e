"""The html page's charts, laid out here and drawn as inline SVG by its template:
findings by rule across the run, and how the reports' scores and execution rates are
spread, with the grade bands and the low-execution threshold marked.

Positions are whole pixels computed in integers and ``Decimal`` (no float), so the
page is the same bytes for the same run.
"""

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from perflint.profiles import default_content, default_rule_options
from perflint.results import FileResult, Severity

# The histograms' bins: a first bin below the first edge, one between each pair of
# edges, and the last from the last edge up (scores) — rates add 100% exactly and over.
SCORE_EDGES = tuple(Decimal(edge) for edge in (60, 65, 70, 75, 80, 85, 90, 95))
RATE_EDGES = tuple(Decimal(edge) for edge in (70, 75, 80, 85, 90, 95, 100))
HUNDRED = Decimal(100)

_WIDTH = 460  # every chart's viewBox width; the page scales them to their card
_PLOT = (34, 44, 452, 184)  # histograms: left, top, right, bottom of the bars' area
_HISTOGRAM_HEIGHT = 212
_ROW = 21  # the rules chart: one rule per row
_LABEL_WIDTH = 200
_BAR_WIDTH = 218


@dataclass(slots=True)
class Bar:
    x: int
    y: int
    width: int
    height: int
    count: int
    label: str
    css: str  # its colour: a severity, a grade band, or a rate's standing
    title: str  # what a tooltip says
    rule: str | None = None  # the rules chart: a click filters the summary by it


@dataclass(slots=True)
class Marker:
    """A vertical line across the plot at a threshold, with its label."""

    x: int
    label: str


@dataclass(slots=True)
class Chart:
    key: str
    title: str
    summary: str  # one sentence: the SVG's description for screen readers
    height: int
    horizontal: bool
    bars: list[Bar] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    width: int = _WIDTH
    plot: tuple[int, int, int, int] = _PLOT


def charts(results: list[FileResult], lang: str) -> list[Chart]:
    return [rules_chart(results, lang), score_chart(results, lang), rate_chart(results, lang)]


def rules_chart(results: list[FileResult], lang: str) -> Chart:
    counts: Counter[str] = Counter()
    names: dict[str, str] = {}
    severities: dict[str, Counter[Severity]] = {}
    for result in results:
        for finding in result.findings:
            counts[finding.code] += 1
            names[finding.code] = finding.name
            severities.setdefault(finding.code, Counter())[finding.severity] += 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    top = max(counts.values(), default=1)
    bars = []
    for row, (code, count) in enumerate(ranked):
        severity = severities[code].most_common(1)[0][0].value
        bars.append(
            Bar(
                x=_LABEL_WIDTH,
                y=8 + row * _ROW,
                width=max(2, count * _BAR_WIDTH // top),
                height=_ROW - 7,
                count=count,
                label=f"{code} {names[code]}",
                css=f"s-{severity}",
                title=f"{code} {names[code]}: {count}",
                rule=code,
            )
        )
    total = sum(counts.values())
    if lang == "en":
        summary = f"{total} findings of {len(counts)} rules" + (f"; most of {ranked[0][0]} ({ranked[0][1]})" if ranked else "")
    else:
        summary = f"{len(counts)} 条规则共发现 {total} 个问题" + (f"，最多的是 {ranked[0][0]}（{ranked[0][1]} 个）" if ranked else "")
    title = "各规则的问题数" if lang != "en" else "Findings by rule"
    return Chart("rules", title, summary, 16 + max(1, len(bars)) * _ROW, horizontal=True, bars=bars)


def score_chart(results: list[FileResult], lang: str) -> Chart:
    conclusion = default_content().conclusion
    scores = [r.facts.score for r in results if r.facts is not None and r.facts.score is not None]
    labels = [f"<{SCORE_EDGES[0]}"] + [f"{lo}–{hi}" for lo, hi in zip(SCORE_EDGES, SCORE_EDGES[1:])] + [f"≥{SCORE_EDGES[-1]}"]
    counts = [0] * len(labels)
    for score in scores:
        counts[_bin(score, SCORE_EDGES)] += 1
    floors = [Decimal(0), *SCORE_EDGES]
    css = []
    for floor in floors:
        grade = conclusion.grade_for(floor)
        css.append(f"g-{conclusion.by_floor.index(grade)}" if grade is not None else "g-x")
    markers = [
        Marker(_scale_x(g.min_score, SCORE_EDGES, len(labels)), f"{g.grade} ≥{format(g.min_score.normalize(), 'f')}")
        for g in conclusion.grades
        if g.min_score > 0 and scores
    ]
    below = sum(1 for s in scores if (g := conclusion.grade_for(s)) is not None and g == conclusion.by_floor[-1])
    summary = (
        f"{len(scores)} 份报告写明了得分" + (f"，其中 {below} 份为“{conclusion.by_floor[-1].grade}”" if below else "")
        if lang != "en"
        else f"{len(scores)} reports state a score"
    )
    title = "自评得分分布" if lang != "en" else "Scores"
    return _histogram("scores", title, summary, labels, counts, css, markers, lang)


def rate_chart(results: list[FileResult], lang: str) -> Chart:
    threshold = default_rule_options()["PF106"].low_execution_rate
    rates = [r.facts.execution_rate for r in results if r.facts is not None and r.facts.execution_rate is not None]
    labels = [f"<{RATE_EDGES[0]}"] + [f"{lo}–{hi}" for lo, hi in zip(RATE_EDGES, RATE_EDGES[1:])] + [f"{HUNDRED}", f">{HUNDRED}"]
    counts = [0] * len(labels)
    for rate in rates:
        if rate == HUNDRED:
            counts[-2] += 1
        elif rate > HUNDRED:
            counts[-1] += 1
        else:
            counts[_bin(rate, RATE_EDGES[:-1])] += 1
    uppers = [*RATE_EDGES, HUNDRED, None]
    css = ["r-low" if upper is not None and upper <= threshold else "r-ok" for upper in uppers]
    css[-1] = "r-over"
    low = sum(1 for rate in rates if rate < threshold)
    shown = format(threshold.normalize(), "f")
    summary = (
        f"{len(rates)} 份报告写明了总体预算执行率，其中 {low} 份低于 {shown}%"
        if lang != "en"
        else f"{len(rates)} reports state an overall execution rate; {low} below {shown}%"
    )
    markers = [Marker(_scale_x(threshold, RATE_EDGES, len(labels)), f"{shown}%")] if rates and RATE_EDGES[0] <= threshold <= HUNDRED else []
    title = "预算执行率分布（%）" if lang != "en" else "Execution rates (%)"
    return _histogram("rates", title, summary, labels, counts, css, markers, lang)


def _bin(value: Decimal, edges: tuple[Decimal, ...]) -> int:
    """0 below the first edge, i for [edge i-1, edge i), len(edges) from the last edge up."""
    return sum(1 for edge in edges if value >= edge)


def _scale_x(value: Decimal, edges: tuple[Decimal, ...], bins: int) -> int:
    """Where ``value`` falls on a histogram whose bins are one slot wide each, the first
    below ``edges[0]``: at an edge, the boundary between its two bins."""
    left, _, right, _ = _PLOT
    slot = (right - left) // bins  # as the bars are laid out
    index = _bin(value, edges)
    if 0 < index < len(edges):
        low, high = edges[index - 1], edges[index]
        position = index + (value - low) / (high - low)
    else:
        position = Decimal(index)
    return left + int(slot * position)


def _histogram(key: str, title: str, summary: str, labels: list[str], counts: list[int], css: list[str], markers, lang: str) -> Chart:
    left, top, right, bottom = _PLOT
    slot = (right - left) // len(labels)
    tallest = max(counts) or 1
    unit = "份" if lang != "en" else " reports"
    bars = []
    for index, (label, count) in enumerate(zip(labels, counts)):
        height = (bottom - top) * count // tallest
        bars.append(
            Bar(
                x=left + index * slot + 3,
                y=bottom - height,
                width=slot - 6,
                height=height,
                count=count,
                label=label,
                css=css[index],
                title=f"{label}: {count}{unit}",
            )
        )
    return Chart(key, title, summary, _HISTOGRAM_HEIGHT, horizontal=False, bars=bars, markers=markers)
