"""Dates and years: the filing date, the fiscal year, and the year spending is stated for.

The fiscal year is the year in the title (2023年部门整体支出绩效自评报告, 2023年度…).
A report cites other years legitimately — a 2020 reorganisation, a 2024 notice, the
filing date — so only the year that governs the report's own spending statements is
compared with it: the nearest year before a spending or budget amount in the same
sentence (2022年中心本年财政性实际支出合计…), skipping a year inside a title or quotation
(《…2024年…通知》, “…(2023年)项目”), a date (2023年12月), a year after a comparison
word (较2022年), the previous year named as such (上年（2022年）), the year carried-over
money comes from (2022年结转资金), a later year's plan (2024年部门预算安排) and a year
that names a document (根据2024年省财政厅通知要求，…).
"""

from dataclasses import dataclass, field

from perflint.document import Document, Paragraph, Section, Span, Title
from perflint.facts.clauses import contains_any, inside_any, quoted_spans, sentence_spans, within, word_at, word_ending_at
from perflint.facts.content_vocabulary import DatesSpec
from perflint.facts.quantities import scan
from perflint.heading_numbers import cn_numeral_value
from perflint.patterns import lazy
from perflint.text import fold_chars, fold_key

_CN_YEAR_DIGITS = {"〇": 0, "零": 0, "○": 0, "О": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_DATE = lazy(r"(?P<y>\d{4})\s*(?:年|[-./])\s*(?P<m>\d{1,2})\s*(?:月|[-./])\s*(?P<d>\d{1,2})(?!\d)\s*(?:日|号)?")
_CN_DATE = lazy(
    r"(?P<y>[〇零○一二三四五六七八九]{4})\s*年\s*(?P<m>[一二三四五六七八九十]{1,3})\s*月\s*(?:(?P<d>[一二三四五六七八九十]{1,3})\s*[日号])?"
)
_MONTH = lazy(r"(?P<y>\d{4})\s*(?:年|[-./])\s*(?P<m>\d{1,2})(?!\d)\s*月?")
_YEAR = lazy(r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*年(?:度)?")
_CN_YEAR = lazy(r"(?P<y>[〇零○一二三四五六七八九]{4})\s*年(?:度)?")
_YEAR_ONLY = lazy(r"^\s*(?P<y>(?:19|20)\d{2})\s*年?度?\s*$")
# A year this close after a previous-year marker names that year: 上年（2022年）.
_NAMED_BEFORE = 4
# After a year: a month makes it a date, not an attribution (2023年12月完成…).
_MONTH_AFTER = lazy(r"\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月")
# A year and month anywhere: a deadline or a date (2024年6月底前).
YEAR_MONTH = lazy(r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月|\d{1,2}\s*月(?:底|末|中旬|上旬|下旬)|年底|年末")


def days_in_month(year: int, month: int) -> int:
    """28 to 31, by the Gregorian calendar."""
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


@dataclass(slots=True)
class DateValue:
    """A date as written: ``valid`` (a real day), ``partial`` (year and month only),
    ``impossible`` (2024年2月30日, 13月) or ``unreadable`` (no date at all)."""

    status: str
    span: Span
    year: int | None = None
    month: int | None = None
    day: int | None = None

    @property
    def last_day(self) -> tuple[int, int, int] | None:
        """The latest day the written date may mean (the month's end when no day)."""
        if self.year is None or self.month is None or self.status not in ("valid", "partial"):
            return None
        return (self.year, self.month, self.day or days_in_month(self.year, self.month))


@dataclass(slots=True)
class YearMention:
    year: int
    span: Span


@dataclass(slots=True)
class SpendingSentence:
    """A sentence stating the report's own spending or budget, with the years that
    govern its amounts (several when it compares years)."""

    span: Span
    years: list[YearMention] = field(default_factory=list)


def _cn_year(digits: str) -> int:
    return int("".join(str(_CN_YEAR_DIGITS[ch]) for ch in digits))


def _checked(year: int, month: int, day: int | None) -> str:
    if not 1 <= month <= 12:
        return "impossible"
    if day is None:
        return "partial"
    return "valid" if 1 <= day <= days_in_month(year, month) else "impossible"


def read_date(text: str, offset: int) -> DateValue:
    """The first date in ``text`` (a header field's value)."""
    folded = fold_chars(text)
    match = _DATE.search(folded)
    if match:
        year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
        return DateValue(_checked(year, month, day), (offset + match.start(), offset + match.end()), year, month, day)
    match = _CN_DATE.search(folded)
    if match:
        year = _cn_year(match["y"])
        month = cn_numeral_value(match["m"]) or 0
        # A day that is no numeral (二十十日) is an impossible day, not a missing one.
        cn_day = (cn_numeral_value(match["d"]) or 0) if match["d"] else None
        return DateValue(_checked(year, month, cn_day), (offset + match.start(), offset + match.end()), year, month, cn_day)
    match = _MONTH.search(folded)
    if match:
        year, month = int(match["y"]), int(match["m"])
        return DateValue(_checked(year, month, None), (offset + match.start(), offset + match.end()), year, month)
    stripped = text.strip()
    start = offset + (text.find(stripped) if stripped else 0)
    return DateValue("unreadable", (start, start + len(stripped)))


def title_year(title: Title | None) -> YearMention | None:
    """The fiscal year named in the title, if any."""
    if title is None:
        return None
    folded = fold_chars(title.text)
    match = _YEAR.search(folded)
    if match:
        return YearMention(int(match["y"]), (title.span[0] + match.start("y"), title.span[0] + match.end("y")))
    match = _CN_YEAR.search(folded)
    if match:
        return YearMention(_cn_year(match["y"]), (title.span[0] + match.start("y"), title.span[0] + match.end("y")))
    return None


# A line right under the title that only names the year: （2023年度）, 2023年度.
_YEAR_LINE = lazy(r"\s*\(?\s*(?P<y>(?:19|20)\d{2})\s*年度?\s*\)?\s*$")


def report_year(document: Document, spec: DatesSpec) -> YearMention | None:
    """The fiscal year: the title's; else a header field that states it (评价年度：2023),
    or a line right under the title that only names it (（2023年度）)."""
    found = title_year(document.title)
    if found is not None:
        return found
    keys = {fold_key(label) for label in spec.year_fields}
    for header in document.fields:
        match = _YEAR_ONLY.search(fold_chars(header.value)) if header.key in keys and not header.blank else None
        if match:
            start = header.value_span[0] + match.start("y")
            return YearMention(int(match["y"]), (start, start + 4))
    if document.title is not None:
        text = document.text
        line_start = text.find("\n", document.title.span[1]) + 1
        while line_start and line_start < len(text) and text[line_start] == "\n":
            line_start += 1
        line_end = text.find("\n", line_start)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        match = _YEAR_LINE.match(fold_chars(line)) if line_start else None
        if match:
            start = line_start + match.start("y")
            return YearMention(int(match["y"]), (start, start + 4))
    return None


def filing_date(document: Document, spec: DatesSpec) -> tuple[str, DateValue] | None:
    """The filing-date header field's name and its date; None when there is no such
    field or it is empty (PF005 reports those)."""
    keys = {fold_key(label) for label in spec.filing_date_labels}
    for header in document.fields:
        if header.key in keys and not header.blank:
            return header.name, read_date(header.value, header.value_span[0])
    return None


class _Attribution:
    def __init__(self, spec: DatesSpec, fiscal_year: int) -> None:
        self.spec = spec
        self.fiscal_year = fiscal_year

    def years(self, folded: str) -> list[tuple[int, int, int]]:
        """(year, start, end) of the plain years of a sentence, quotations and dates left out."""
        quoted = quoted_spans(folded)
        found = []
        for match in _YEAR.finditer(folded):
            start = match.start("y")
            if inside_any(quoted, start) or _MONTH_AFTER.match(folded, match.end()):
                continue
            if word_ending_at(folded, start, self.spec.comparison_markers):
                continue
            if contains_any(folded[max(0, start - _NAMED_BEFORE) : start], self.spec.previous_year_markers):
                continue
            if word_at(folded, match.end(), self.spec.carried_over_words):
                continue
            found.append((int(match["y"]), start, match.end("y")))
        return found

    def sentence(self, folded: str, text: str, offset: int, start: int, end: int, in_expenditure: bool) -> SpendingSentence | None:
        body = folded[start:end]
        if not in_expenditure and not contains_any(body, self.spec.attribution_markers):
            return None
        years = self.years(body)
        if not years:
            return None
        future = contains_any(body, self.spec.future_markers)
        governing: list[YearMention] = []
        for quantity in scan(text[start:end], offset + start):
            if not quantity.is_money:
                continue
            at = quantity.span[0] - offset - start
            if not contains_any(body[:at], self.spec.spending_words):
                continue
            before = [y for y in years if y[2] <= at]
            if not before:
                continue
            year, y_start, y_end = before[-1]
            if contains_any(body[y_end:at], self.spec.document_words):
                continue
            if year > self.fiscal_year and (future or contains_any(body[y_end:at], self.spec.plan_words)):
                continue
            mention = YearMention(year, (offset + start + y_start, offset + start + y_end))
            if all(m.span != mention.span for m in governing):
                governing.append(mention)
        if not governing:
            return None
        return SpendingSentence((offset + start, offset + end), governing)


def spending_sentences(
    document: Document,
    spec: DatesSpec,
    fiscal_year: int,
    expenditure: Section | None,
    excluded: Section | None,
) -> list[SpendingSentence]:
    """Sentences stating the report's own spending: every sentence with a spending
    amount in the expenditure section, and elsewhere those with 本年/年度 wording;
    none in ``excluded`` (the previous year's rectification)."""
    reader = _Attribution(spec, fiscal_year)
    found: list[SpendingSentence] = []
    for section, block in document.blocks():
        if excluded is not None and within(section, excluded):
            continue
        if not isinstance(block, Paragraph):
            continue  # tables state figures by column; their year is the report's
        text = block.text
        folded = fold_chars(text)
        if "元" not in folded or not _YEAR.search(folded):
            continue  # no amount or no year: nothing to attribute
        in_expenditure = expenditure is not None and within(section, expenditure)
        for start, end in sentence_spans(folded):
            sentence = reader.sentence(folded, text, block.span[0], start, end, in_expenditure)
            if sentence is not None:
                found.append(sentence)
    return found
