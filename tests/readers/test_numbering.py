"""Word's list numbers as text: every format, and numbers no real list reaches."""

import pytest

from perflint.readers.numbering import format_value


@pytest.mark.parametrize(
    ("kind", "value", "label"),
    [
        ("lowerLetter", 1, "a"),
        ("lowerLetter", 26, "z"),
        ("lowerLetter", 27, "aa"),
        ("upperLetter", 53, "AAA"),
        ("lowerRoman", 4, "iv"),
        ("upperRoman", 1994, "MCMXCIV"),
        ("upperRoman", 3999, "MMMCMXCIX"),
        ("chineseCounting", 12, "十二"),
        ("decimal", 7, "7"),
    ],
)
def test_labels_as_word_shows_them(kind, value, label):
    assert format_value(kind, value) == label


@pytest.mark.parametrize("kind", ["lowerLetter", "upperLetter", "lowerRoman", "upperRoman"])
@pytest.mark.parametrize("value", [4000, 10**6, 10**11, 10**40])
def test_a_number_beyond_any_real_list_is_written_in_digits(kind, value):
    # Letters repeat (zz…z) and roman numerals pile up m's: 10^11 made a 12 GB label.
    assert format_value(kind, value) == str(value)
