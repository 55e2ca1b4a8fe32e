from perflint.positions import LineIndex


def test_rows_and_columns_are_one_based_code_points():
    text = "第一行\n二、部门😀情况\n\nlast"
    index = LineIndex(text)
    assert index.row_column(0) == (1, 1)
    assert index.row_column(text.index("二")) == (2, 1)
    assert index.row_column(text.index("情")) == (2, 6)  # the emoji is one code point
    assert index.row_column(text.index("last")) == (4, 1)
    assert index.row_column(len(text)) == (4, 5)


def test_offsets_outside_the_text_are_clamped():
    index = LineIndex("ab\ncd")
    assert index.row_column(-5) == (1, 1)
    assert index.row_column(99) == (2, 3)


def test_line_span_excludes_the_newline():
    text = "ab\ncde\n"
    index = LineIndex(text)
    assert index.line_span(1) == (0, 2)
    assert index.line_span(2) == (3, 6)
    assert index.line_span(3) == (7, 7)
