"""The human formats: ``full`` (with the source line underlined) and ``concise``.

Files that could not be read are reported on stderr by the CLI, one line each; here
they only count in the summary line. A finding ``--fix`` would fix is marked ``[*]``
and the summary ends with how many there are, as ruff does; a finding in a Word or PDF
report says where it sits in the document (``full`` on a line of its own, ``concise``
after the message).
"""

from perflint.fixable import fix_kind
from perflint.output import RenderOptions
from perflint.output.escaping import terminal_safe
from perflint.output.summary import Totals
from perflint.results import FileResult, Finding, Severity
from perflint.text import display_width

# Lines longer than this (in terminal columns) are shown as a window around the span.
SNIPPET_WIDTH = 100
_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_SEVERITY_ZH = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}


def _header(result: FileResult, finding: Finding, options: RenderOptions) -> list[tuple[str, str]]:
    row, column = result.line_index.row_column(finding.span[0])
    return [
        (f"{terminal_safe(result.path)}:{row}:{column}:", "bold"),
        (" ", ""),
        (finding.code, _STYLE[finding.severity]),
        (" ", ""),
        (finding.severity.value, _STYLE[finding.severity]),
        (" ", ""),
        *([("[*]", "cyan"), (" ", "")] if fixable(result, finding, options) else []),
        (terminal_safe(finding.message), ""),
    ]


def fixable(result: FileResult, finding: Finding, options: RenderOptions) -> bool:
    """Whether ``--fix`` (with this run's ``--unsafe-fixes``) would fix ``finding``: its ``[*]``."""
    kind = fix_kind(result, finding)
    return kind == "safe" or (kind == "unsafe" and options.unsafe_fixes)


def origin_note(result: FileResult, finding: Finding, lang: str) -> str:
    """Where a finding of a Word or PDF report sits in the document, as a note after its
    message — ``（段落 12）``, `` (page 3)`` — and "" for a text report."""
    origin = result.source.origin_at(finding.span[0]) if result.source is not None else None
    if origin is None:
        return ""
    return f" ({origin.label(lang)})" if lang == "en" else f"（{origin.label(lang)}）"


def _snippet(result: FileResult, finding: Finding, lang: str = "zh") -> list[list[tuple[str, str]]]:
    """The finding's line with the span underlined, aligned by display width.

    For a Word or PDF report the line is the extracted text, and a ``-->`` line first
    says where it sits in the original file (段落 12, 表 1 第 2 行 第 3 格, 第 3 页)."""
    assert result.source is not None
    text = result.source.text
    row, _ = result.line_index.row_column(finding.span[0])
    line_start, line_end = result.line_index.line_span(row)
    line = text[line_start:line_end].replace("\t", " ")
    start = finding.span[0] - line_start
    end = max(start + 1, min(finding.span[1], line_end) - line_start)
    end = min(end, len(line)) if line else 0
    # Window: keep the span in view when the line is long.
    left, right = 0, len(line)
    if display_width(line) > SNIPPET_WIDTH:
        left = start
        while left > 0 and display_width(line[left - 1 : end]) < SNIPPET_WIDTH // 2:
            left -= 1
        right = end
        while right < len(line) and display_width(line[left : right + 1]) <= SNIPPET_WIDTH:
            right += 1
        while left > 0 and display_width(line[left - 1 : right]) <= SNIPPET_WIDTH:
            left -= 1  # the line ended early: use the room on the left
    # A control character in the line is shown as its escape, and measured as shown.
    shown = ("…" if left else "") + terminal_safe(line[left:right]) + ("…" if right < len(line) else "")
    pad = display_width(("…" if left else "") + terminal_safe(line[left:start]))
    marks = max(1, display_width(terminal_safe(line[start:end]))) if line else 1
    gutter = str(row)
    blank = " " * len(gutter)
    origin = result.source.origin_at(finding.span[0])
    where = [[(f"{blank}--> ", "blue"), (terminal_safe(origin.label(lang)), "")]] if origin is not None else []
    return where + [
        [(f"{blank} |", "blue")],
        [(f"{gutter} |", "blue"), (" " + shown, "")],
        [(f"{blank} |", "blue"), (" " + " " * pad + "^" * marks, _STYLE[finding.severity])],
    ]


def _fix_hint(totals: Totals, options: RenderOptions) -> list[tuple[str, str]] | None:
    """How many findings --fix would fix (those marked [*]), and how many more with
    --unsafe-fixes; after a --fix run, only the latter (the others would have been fixed)."""
    marked = totals.fixable["safe"] + (totals.fixable["unsafe"] if options.unsafe_fixes else 0)
    more = 0 if options.unsafe_fixes else totals.fixable["unsafe"]
    if options.fixing:
        marked = 0
    flag = "--fix --unsafe-fixes" if options.unsafe_fixes else "--fix"
    if marked and options.lang == "en":
        text = f"[*] {marked} fixable with {flag}" + (f" ({more} more with --unsafe-fixes)" if more else "")
    elif marked:
        text = f"[*] {marked} 个问题可用 {flag} 自动修复" + (f"（另有 {more} 个可加 --unsafe-fixes 修复）" if more else "")
    elif more and options.lang == "en":
        text = f"{more} fixable with --fix --unsafe-fixes"
    elif more:
        text = f"{more} 个问题可用 --fix --unsafe-fixes 自动修复"
    else:
        return None
    return [(text, "")]


def _summary(totals: Totals, lang: str) -> list[tuple[str, str]]:
    counts = totals.counts
    total = sum(counts.values())
    failed = totals.failed
    linted = totals.files - failed
    if lang == "en":
        text = (
            f"Found {total} finding{'s' if total != 1 else ''} "
            f"({counts[Severity.ERROR]} error, {counts[Severity.WARNING]} warning, {counts[Severity.INFO]} info) "
            f"in {linted} file{'s' if linted != 1 else ''}"
        )
        if failed:
            text += f"; {failed} file{'s' if failed != 1 else ''} could not be checked"
    else:
        parts = "，".join(f"{_SEVERITY_ZH[s]} {counts[s]}" for s in Severity)
        text = f"共发现 {total} 个问题（{parts}），检查了 {linted} 个文件"
        if failed:
            text += f"，{failed} 个文件无法检查"
    return [(text, "bold")]


def _emit(lines: list[list[tuple[str, str]]], color: bool) -> str:
    if not color:
        return "".join("".join(text for text, _ in line) + "\n" for line in lines)
    from rich.console import Console
    from rich.text import Text

    # no_color=False: whether to colour was decided by --color (which heeds NO_COLOR for
    # auto); rich would otherwise read NO_COLOR again and keep bold but drop the colours.
    console = Console(force_terminal=True, color_system="standard", width=10_000, soft_wrap=True, highlight=False, no_color=False)
    with console.capture() as capture:
        for line in lines:
            console.print(Text.assemble(*line))
    return capture.get()


# Each file's part and the closing summary are rendered apart, so that a long run can
# print a file as soon as it is done; perflint.output joins them for the whole run.


def _template_line(result: FileResult, lang: str) -> list[tuple[str, str]]:
    """Which template the file was checked against, and why: said once per file."""
    if result.profile is not None:
        said = (
            f"template {result.profile} ({result.profile_reason})" if lang == "en" else f"模板 {result.profile}（{result.profile_reason}）"
        )
    else:
        said = f"no template ({result.profile_reason})" if lang == "en" else f"未选用模板（{result.profile_reason}）"
    return [(f"{terminal_safe(result.path)}: ", "bold"), (terminal_safe(said), "dim")]


def render_full_file(result: FileResult, options: RenderOptions) -> str:
    lines: list[list[tuple[str, str]]] = []
    if result.error is None and result.profile_reason is not None and not options.quiet:
        lines.extend([_template_line(result, options.lang), []])
    for finding in result.findings:
        lines.append(_header(result, finding, options))
        lines.extend(_snippet(result, finding, options.lang))
        lines.append([])
    return _emit(lines, options.color) if lines else ""


def render_concise_file(result: FileResult, options: RenderOptions) -> str:
    lines = [[*_header(result, finding, options), (origin_note(result, finding, options.lang), "")] for finding in result.findings]
    return _emit(lines, options.color) if lines else ""


def render_summary(totals: Totals, options: RenderOptions) -> str:
    if options.quiet:
        return ""
    hint = _fix_hint(totals, options)
    return _emit([_summary(totals, options.lang), *([hint] if hint else [])], options.color)
