"""Building content facts from a report text, for the facts tests."""

from __future__ import annotations

from perflint.facts.content import ContentFacts
from perflint.outline import match_outline
from perflint.parse import parse
from perflint.profiles import default_content, default_numbers

from conftest import _PROFILES

GD = _PROFILES.get("gd-dept-overall")

HEADER = "2023年部门整体支出绩效自评报告\n部门名称：广东省测试事务中心\n填报日期：2024年4月18日\n"


def facts_of(text: str, *, profile: bool = True) -> tuple[str, ContentFacts]:
    """The text and its content facts, under the Guangdong profile or none."""
    document = parse(text)
    if profile:
        return text, ContentFacts(document, match_outline(document, GD), GD.content, GD.numbers)
    return text, ContentFacts(document, None, default_content(), default_numbers())


def in_section(heading: str, body: str, *, before: str = "", after: str = "") -> str:
    """A report with ``body`` under ``heading`` (e.g. "（一）自评结论" inside 二、)."""
    parent = "二、绩效自评情况\n" if heading.startswith(("（", "(")) else ""
    return f"{HEADER}{before}{parent}{heading}\n{body}\n{after}"


def at(text: str, span: tuple[int, int]) -> str:
    return text[span[0] : span[1]]
