"""A report's printed table of contents (目录), found among its parsed lines and kept
out of its outline.

Reports often print their contents before the body: a line 目录, then the headings
with nothing under them (perhaps with dot leaders and page numbers, "一、部门概况……3"),
then the 附件 they attach; the body then repeats the same headings with their text.
Taken as they stand, the entries would be sections of their own — empty, numbered
twice, matched to the outline in the body's place. A contents list is the first run
of headings with no text between them (附件 lines and bare page numbers may stand
among them) that either follows a 目录 line, or whose entries all come again later,
in order, as headings with text under them. A run of empty headings that do not come
again is left alone: those are sections left unwritten.
"""

from perflint.document import Block, Contents, Heading, Paragraph, Span, block_has_text
from perflint.patterns import lazy
from perflint.text import fold_chars, fold_key

# The line that introduces a contents list, after fold_chars (目錄 folds to 目录).
_MARKER = lazy(r"^[#*\s\u3000]*目[\s\u3000]*(?:录|次)[*\s\u3000]*$")
# What a contents entry adds to its heading's title: dot leaders and a page number.
_LEADER = lazy(r"[.．。…⋯·•_\-—–]{2,}")
# A page number stands apart from the title (a title may end in a digit: 项目1); one
# written right after it is judged by ``same_entry``.
_PAGE_NUMBER = lazy(r"(?:[\s\u3000.．。…⋯·•_\-—–]+|第\s*)\d{1,4}\s*页?\s*$")
# A line of the list that is no heading: an attachment it names, or a page number alone.
_ATTACHMENT_LINE = lazy(r"^[\s\u3000]*附[\s\u3000]*[件表]")
_PAGE_LINE = lazy(r"^[\s\u3000.．。…⋯·•_\-—–]*\d{1,4}[\s\u3000]*$")
# Fewer entries than this make no list.
MIN_ENTRIES = 2

Item = Heading | Block


def entry_key(title: str) -> str:
    """A heading's title as a contents entry and its body heading share it: folded,
    without dot leaders and a page number."""
    folded = fold_chars(title)
    return fold_key(_LEADER.sub("", _PAGE_NUMBER.sub("", folded)))


def same_entry(entry: str, heading: str) -> bool:
    """Whether the contents entry (a key) lists the heading (a key): the same title, or
    the title and a page number run on to it ("部门概况3", where the leaders were lost)."""
    return bool(heading) and (entry == heading or (entry.startswith(heading) and entry[len(heading) :].isdigit()))


def split_contents(items: list[Item], text: str) -> tuple[list[Item], list[Contents]]:
    """``items`` without the contents list they open with, and that list (none, or one)."""
    first = next((i for i, item in enumerate(items) if isinstance(item, Heading) and not _is_page_title(item)), None)
    if first is None:
        return items, []
    items = list(items)
    marker = _marker_before(items, first)
    start = first
    heading = items[first]
    if isinstance(heading, Heading) and _is_marker(heading.title):  # "## 目录"
        marker, start = heading.span, first + 1
    end = _run_end(items, start)
    entries = [item for item in items[start:end] if isinstance(item, Heading)]
    # The body may follow the list with no text between: it starts where the first
    # entry's title comes again.
    first_key = entry_key(entries[0].title) if entries else ""
    for index in range(start + 1, end):
        item = items[index]
        if isinstance(item, Heading) and same_entry(first_key, entry_key(item.title)):
            end = index
            break
    entries = [item for item in items[start:end] if isinstance(item, Heading)]
    if len(entries) < MIN_ENTRIES:
        return items, []
    if marker is None and not _all_come_again(entries, items, end):
        return items, []
    last = items[end - 1].span[1]
    following = items[end] if end < len(items) else None
    if isinstance(following, Paragraph):
        # The 附件 lines that close the list open the paragraph after it.
        attachments, rest = _split_leading(following, text)
        if attachments is not None:
            last = attachments[1]
            items[end : end + 1] = [rest] if rest is not None else []
    begin = marker[0] if marker is not None else items[start].span[0]
    contents = Contents((begin, last), entries, marker)
    cut_from = first if start > first else start
    del items[cut_from:end]
    if marker is not None and start == first:
        _drop_marker_line(items, first - 1, marker, text)
    return items, [contents]


def _is_page_title(heading: Heading) -> bool:
    """An unnumbered "# " heading: the report's title, not a section (see parse)."""
    return heading.markdown_level == 1 and not heading.number


def _is_marker(line: str) -> bool:
    return _MARKER.match(fold_chars(line)) is not None


def _marker_before(items: list[Item], first: int) -> Span | None:
    """The 目录 line that ends the paragraph just before the first heading, if any."""
    previous = items[first - 1] if first > 0 else None
    if not isinstance(previous, Paragraph):
        return None
    body = previous.text.rstrip()
    line_start = body.rfind("\n") + 1
    if not _is_marker(body[line_start:]):
        return None
    start = previous.span[0] + line_start
    return (start, previous.span[0] + len(body))


def _drop_marker_line(items: list[Item], index: int, marker: Span, text: str) -> None:
    """Cut the 目录 line off the end of the paragraph at ``index``."""
    paragraph = items[index]
    assert isinstance(paragraph, Paragraph)
    kept = text[paragraph.span[0] : marker[0]].rstrip()
    if kept.strip():
        items[index] = Paragraph((paragraph.span[0], paragraph.span[0] + len(kept)), kept)
    else:
        del items[index]


def _run_end(items: list[Item], start: int) -> int:
    """Where the run of headings from ``start`` ends: the first item that is text
    (a paragraph of 附件 lines or page numbers alone does not end it)."""
    end = start
    while end < len(items):
        item = items[end]
        if isinstance(item, Heading):
            end += 1
        elif isinstance(item, Paragraph) and all(_is_list_line(line) for line in item.text.split("\n") if line.strip()):
            end += 1
        else:
            break
    # A paragraph of 附件 lines after the last heading belongs to the list only if
    # that is how the list ends: _split_leading takes such lines after it.
    while end > start and not isinstance(items[end - 1], Heading):
        end -= 1
    return end


def _is_list_line(line: str) -> bool:
    return _ATTACHMENT_LINE.match(line) is not None or _PAGE_LINE.match(line) is not None


def _split_leading(paragraph: Paragraph, text: str) -> tuple[Span | None, Paragraph | None]:
    """The 附件 and page-number lines a paragraph opens with (their span), and the
    paragraph without them."""
    offset = paragraph.span[0]
    end = offset
    for line in paragraph.text.split("\n"):
        if line.strip() and not _is_list_line(line):
            break
        if line.strip():
            end = offset + len(line.rstrip())
        offset += len(line) + 1
    if end == paragraph.span[0]:
        return None, paragraph
    rest_start = end
    while rest_start < paragraph.span[1] and text[rest_start] in " \t\u3000\n\r":
        rest_start += 1
    rest = Paragraph((rest_start, paragraph.span[1]), text[rest_start : paragraph.span[1]]) if rest_start < paragraph.span[1] else None
    return (paragraph.span[0], end), rest


def _all_come_again(entries: list[Heading], items: list[Item], after: int) -> bool:
    """Whether each entry's title comes again, in order, from ``after`` on, as a
    heading with text under it."""
    at = after
    for entry in entries:
        key = entry_key(entry.title)
        at = next(
            (i for i in range(at, len(items)) if isinstance(item := items[i], Heading) and same_entry(key, entry_key(item.title))), -1
        )
        if at < 0 or not _has_text_under(items, at):
            return False
        at += 1
    return True


def _has_text_under(items: list[Item], index: int) -> bool:
    """Whether text stands under the heading at ``index`` before the next heading of
    its rank or above."""
    heading = items[index]
    assert isinstance(heading, Heading)
    for item in items[index + 1 :]:
        if isinstance(item, Heading):
            if item.rank <= heading.rank:
                return False
        elif block_has_text(item):
            return True
    return False
