"""What the report says, extracted lazily: each kind of fact is read on first use.

Rules reach it as ``ctx.content_facts``; the engine reads the rectification status
from it for the JSON output's file-level ``facts``.
"""

from functools import cached_property

from perflint.document import Document, Section, Span
from perflint.facts.clauses import text_pieces
from perflint.facts.conclusion import Conclusion, read_conclusion
from perflint.facts.content_vocabulary import ContentSpec
from perflint.facts.counts import CountBreakdown, CountedList, count_breakdowns, counted_lists
from perflint.facts.dates import DateValue, SpendingSentence, YearMention, filing_date, report_year, spending_sentences, title_year
from perflint.facts.indicators import IndicatorClaim, all_met_claim, indicator_claims
from perflint.facts.numbers_vocabulary import NumbersSpec
from perflint.facts.problems import ProblemStatement, problem_statements
from perflint.facts.rectification import NOT_STATED, Rectification, classify
from perflint.facts.template_text import Leftover, leftovers
from perflint.facts.vague import VagueClaim, vague_claims
from perflint.outline import Outline


class ContentFacts:
    def __init__(self, document: Document, outline: Outline | None, spec: ContentSpec, numbers: NumbersSpec) -> None:
        self.document = document
        self.outline = outline
        self.spec = spec
        self.numbers = numbers

    def section(self, spec_id: str) -> Section | None:
        """The document section the profile's outline matched to ``spec_id``."""
        if not spec_id or self.outline is None:
            return None
        return self.outline.section(spec_id)

    @cached_property
    def conclusion(self) -> Conclusion:
        year = self.fiscal_year
        return read_conclusion(
            self.document,
            self.spec.conclusion,
            self.section(self.spec.conclusion_section),
            self.other_subject_sections,
            year.year if year is not None else None,
        )

    @cached_property
    def other_subject_sections(self) -> tuple[Section, ...]:
        """The parts of the report where other subjects (its projects) are evaluated."""
        sections = (self.section(spec_id) for spec_id in self.spec.conclusion.other_subject_sections)
        return tuple(section for section in sections if section is not None)

    @cached_property
    def fiscal_year(self) -> YearMention | None:
        """The year the title names: what the rules compare the report's dates with."""
        return title_year(self.document.title)

    @cached_property
    def report_year(self) -> YearMention | None:
        """The evaluated year for the summary facts: the title's, else a header field's or
        the line under the title's."""
        return report_year(self.document, self.spec.dates)

    @cached_property
    def filing_date(self) -> tuple[str, DateValue] | None:
        return filing_date(self.document, self.spec.dates)

    @cached_property
    def spending_sentences(self) -> list[SpendingSentence]:
        if self.fiscal_year is None:
            return []
        return spending_sentences(
            self.document,
            self.spec.dates,
            self.fiscal_year.year,
            self.section(self.spec.expenditure_section),
            self.section(self.spec.rectification_section),
        )

    @cached_property
    def problems(self) -> list[ProblemStatement]:
        return problem_statements(self.document, self.spec.problems)

    @cached_property
    def rectification(self) -> Rectification | None:
        """The classified rectification section; None when the template has none or
        the report lacks it."""
        section = self.section(self.spec.rectification_section)
        return classify(section, self.spec.rectification) if section is not None else None

    @property
    def rectification_status(self) -> str | None:
        """The status for the JSON output: None when the template has no such section."""
        if not self.spec.rectification_section or self.outline is None:
            return None
        return self.rectification.status if self.rectification is not None else NOT_STATED

    @cached_property
    def vague_claims(self) -> list[VagueClaim]:
        measured = [s for s in (self.section(i) for i in self.spec.measured_sections) if s is not None]
        return vague_claims(self.document, self.spec.vague, measured if self.spec.measured_sections else None)

    @cached_property
    def counted_lists(self) -> list[CountedList]:
        return [
            found for _, text, offset in text_pieces(self.document) for found in counted_lists(text, offset, self.spec.counts, self.numbers)
        ]

    @cached_property
    def count_breakdowns(self) -> list[CountBreakdown]:
        return [
            found
            for _, text, offset in text_pieces(self.document)
            for found in count_breakdowns(text, offset, self.spec.counts, self.numbers)
        ]

    @cached_property
    def indicators(self) -> list[IndicatorClaim]:
        return indicator_claims(self.document, self.spec.indicators, self.numbers.reason_markers)

    @cached_property
    def all_met_claim(self) -> tuple[str, Span] | None:
        """The report's first claim that every target was met (全面完成), and where."""
        return all_met_claim(self.document, self.spec.indicators)

    @cached_property
    def template_leftovers(self) -> list[Leftover]:
        return leftovers(self.document, self.spec.template_text)
