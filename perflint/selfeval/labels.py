"""What a cell of the self-evaluation table names: a column of a header row, or the
label of a funds row or of the total row. Shared by the reader of table blocks
(perflint.selfeval.reading) and of tables flattened into text (perflint.selfeval.flat).
"""

from perflint.document import TableCell
from perflint.facts.tables import money_unit
from perflint.patterns import lazy
from perflint.selfeval.spec import TableSpec, header_key
from perflint.text import fold_chars

AMOUNT_ROLES = frozenset({"initial_budget", "budget", "executed"})
LEVEL_ROLES = frozenset({"level_one", "level_two", "name"})
VALUE_ROLES = frozenset({"points", "score", "target", "actual"})
_DETAIL = lazy(r"^其中\s*[:：]?\s*")
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


def unspanned(cells: list[TableCell], spec: TableSpec) -> list[TableCell] | None:
    """A header run holding a two-row header joined into one row, in column order: a
    heading of the first row (绩效指标, 年度指标值; ``header-spans``) replaced by the cells
    of the columns it spans, found after it in the run. None when the run holds no such
    join (its sub-headings right after a heading are already in order: 绩效指标 | 一级指标 …
    of the national form, the heading merged down its block)."""
    by_key = spec.columns.by_key
    out = list(cells)
    joined = False
    for heading, roles in spec.span_roles.items():
        start = next((i for i, cell in enumerate(out) if header_key(cell.text) == heading), None)
        if start is None:
            continue
        end = start + 1
        while end < len(out) and out[end].text == out[start].text:
            end += 1  # the heading repeated across the columns it spans (Word)
        first = next((i for i in range(end, len(out)) if by_key.get(header_key(out[i].text)) in roles), None)
        if first is None or first == end:
            continue
        last = first
        seen: set[str] = set()
        while last < len(out) and (role := by_key.get(header_key(out[last].text))) in roles and role not in seen:
            seen.add(role)
            last += 1
        if len(seen) < 2:
            continue  # one column under a heading is no second row
        out = [*out[:start], *out[first:last], *out[end:first], *out[last:]]
        joined = True
    return out if joined else None


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
