"""What a cell of the self-evaluation table names: a column of a header row, or the
label of a funds row or of the total row. Shared by the reader of table blocks
(perflint.selfeval.reading) and of tables flattened into text (perflint.selfeval.flat).
"""

import re

from perflint.document import TableCell
from perflint.facts.tables import money_unit
from perflint.selfeval.spec import TableSpec, header_key
from perflint.text import fold_chars

AMOUNT_ROLES = frozenset({"initial_budget", "budget", "executed"})
LEVEL_ROLES = frozenset({"level_one", "level_two", "name"})
VALUE_ROLES = frozenset({"points", "score", "target", "actual"})
_DETAIL = re.compile(r"^其中\s*[:：]?\s*")
# A row label is short: 年度资金总额, 中央、市级补助, 纳入专户管理的非税收入拨款.
LABEL_MAX = 14


# -- header rows -----------------------------------------------------------------------


def header_roles(cells: list[TableCell], spec: TableSpec) -> dict[int, str] | None:
    """Column index → role for a header row: every filled cell names a column, a block
    (项目资金（万元）, 绩效指标) or a money unit; None for any other row."""
    roles: dict[int, str] = {}
    by_key = spec.columns.by_key
    for index, cell in enumerate(cells):
        key = header_key(cell.text)
        if not key or (index and cell.text == cells[index - 1].text):
            continue  # empty, or a header merged across columns (Word repeats it)
        role = by_key.get(key)
        if role is None:
            if key in spec.block_keys or (money_unit(cell.text) and len(key) <= 12):
                continue
            return None
        if role in roles.values():
            if role != "target":  # 年初指标值 then 调整指标值: the adjusted target counts
                return None
            roles = {i: r for i, r in roles.items() if r != "target"}
        roles[index] = role
    return roles if header_kind(set(roles.values())) else None


def header_kind(roles: set[str]) -> str:
    amounts = roles & AMOUNT_ROLES
    if len(amounts) >= 2 or (amounts and "rate" in roles):
        return "funds"
    if roles & LEVEL_ROLES and roles & VALUE_ROLES:
        return "indicators"
    return ""


# -- row labels ------------------------------------------------------------------------


def funds_label(text: str, spec: TableSpec) -> str | None:
    """ "total", "part" or "remainder" for a funds row label; None for any other text."""
    folded = fold_chars(text).strip()
    is_detail = folded.startswith("其中")
    key = header_key(_DETAIL.sub("", folded))
    if not key or len(key) > LABEL_MAX:
        return None  # a note (预算执行率=…；其他资金包括…) is no row label
    if key in spec.total_row_keys:
        return "total"
    if key in spec.remainder_keys or any(word in key for word in spec.remainder_keys if len(word) > 2):
        return "remainder"
    if key in spec.part_row_keys or any(word in key for word in spec.part_row_keys if len(word) > 2):
        return "part"
    return "part" if is_detail else None


def total_label(text: str, spec: TableSpec) -> bool:
    key = header_key(text)
    return key in spec.score_total_keys or key in spec.score_only_keys
