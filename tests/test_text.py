from perflint.text import display_width, fold_chars, fold_key


def test_fold_chars_keeps_length_and_maps_fullwidth_and_traditional():
    text = "績效自評（二０２３）：２２．５７％　萬元"
    folded = fold_chars(text)
    assert len(folded) == len(text)
    assert folded == "绩效自评(二023):22.57% 万元"


def test_fold_key_ignores_punctuation_width_and_spaces():
    assert fold_key("（四） 部门整体支出情况") == fold_key("(四)部门整体支出情况")
    assert fold_key("部門整體支出績效自評報告") == fold_key("部门整体支出绩效自评报告")


def test_display_width_counts_wide_characters_twice():
    assert display_width("abc") == 3
    assert display_width("部门") == 4
    assert display_width("（1）") == 5
