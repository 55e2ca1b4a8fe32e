from pathlib import Path

import pytest

from perflint.sources import LoadError, iter_report_paths, load_path, one_line, source_from_bytes, source_from_text

REPORT = "2023年部门整体支出绩效自评报告\n部门名称：广东省水文资料整编中心\n一、部门基本情况\n"


@pytest.mark.parametrize(
    ("data", "encoding", "bom"),
    [
        (REPORT.encode("utf-8"), "utf-8", False),
        (b"\xef\xbb\xbf" + REPORT.encode("utf-8"), "utf-8", True),
        (REPORT.encode("gbk"), "gb18030", False),
        (REPORT.encode("gb18030"), "gb18030", False),
        (REPORT.encode("utf-16"), "utf-16", True),
    ],
)
def test_decodes_the_encodings_reports_come_in(data, encoding, bom):
    source = source_from_bytes(data, "r.txt", "txt")
    assert source.text == REPORT
    assert source.encoding == encoding
    assert source.had_bom is bom


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_newlines_are_normalised_and_the_original_style_remembered(newline):
    source = source_from_bytes(REPORT.replace("\n", newline).encode(), "r.txt", "txt")
    assert source.text == REPORT
    assert source.newline == newline


def test_bom_is_not_part_of_the_text():
    assert source_from_text("\ufeff标题").text == "标题"


def test_lone_surrogates_are_removed():
    assert source_from_text("部门\ud800名称").text == "部门名称"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\n ", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (bytes(range(128, 256)) * 20, "cannot decode"),
    ],
)
def test_bad_bytes_give_one_line_reasons(data, reason):
    with pytest.raises(LoadError) as caught:
        source_from_bytes(data, "bad.md", "md")
    assert reason in caught.value.reason
    assert "\n" not in str(caught.value)
    assert str(caught.value).startswith("bad.md: ")


def test_load_path_reports_missing_and_oversized_files(tmp_path: Path):
    with pytest.raises(LoadError, match="no such file"):
        load_path(tmp_path / "absent.md")
    big = tmp_path / "big.md"
    big.write_text("一" * 100, encoding="utf-8")
    with pytest.raises(LoadError, match="over the size limit"):
        load_path(big, max_size=50)


def test_directories_are_walked_in_order_for_report_files(tmp_path: Path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a.md").write_text("x", encoding="utf-8")
    (tmp_path / "notes.json").write_text("{}", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "c.md").write_text("x", encoding="utf-8")
    found = list(iter_report_paths(str(tmp_path)))
    assert found == [tmp_path / "a.md", tmp_path / "b" / "2.txt"]


def test_a_directory_without_reports_is_an_error(tmp_path: Path):
    (tmp_path / "data.csv").write_text("a,b", encoding="utf-8")
    [item] = list(iter_report_paths(str(tmp_path)))
    assert isinstance(item, LoadError)
    assert "no report files" in item.reason


def test_symlink_loops_are_not_followed(tmp_path: Path):
    (tmp_path / "r.md").write_text("x", encoding="utf-8")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    assert list(iter_report_paths(str(tmp_path))) == [tmp_path / "r.md"]


def test_one_line_collapses_an_exception_message_and_cuts_it():
    assert one_line(ValueError("bad\n  header\tat 12"), 160) == "bad header at 12"
    assert one_line(ValueError("x" * 300), 200) == "x" * 200
    assert one_line(KeyError(), 160) == ""  # the caller chooses what stands in
