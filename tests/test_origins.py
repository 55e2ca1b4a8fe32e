from perflint.origins import Origin, OriginMap


def test_offsets_belong_to_the_last_entry_at_or_before_them():
    origins = OriginMap([(10, Origin(paragraph=2)), (0, Origin(paragraph=1)), (25, Origin(table=1, row=1, cell=1))])
    assert origins.at(0) == Origin(paragraph=1)
    assert origins.at(9) == Origin(paragraph=1)
    assert origins.at(10) == Origin(paragraph=2)
    assert origins.at(10_000) == Origin(table=1, row=1, cell=1)
    assert OriginMap([(5, Origin(page=1))]).at(4) is None


def test_labels_in_both_languages():
    assert Origin(paragraph=12).label() == "段落 12"
    assert Origin(table=1, row=2, cell=3).label() == "表 1 第 2 行 第 3 格"
    assert Origin(page=3, table=1, row=1, cell=2).label("en") == "page 3, table 1, row 1, cell 2"
    assert Origin(page=3).as_dict() == {"page": 3}
