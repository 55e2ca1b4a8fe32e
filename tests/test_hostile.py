"""Files no one should trust: each gets one clear line (LoadError, exit 2) and the run goes on."""

from __future__ import annotations

import io
import os
import resource
import subprocess
import sys
import tempfile
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from perflint.readers.docx import read_docx
from perflint.readers.pdf import read_pdf
from perflint.readers.pdfguard import PdfLimits
from perflint.sources import LoadError, iter_report_paths, load_path, source_from_bytes

from conftest import FIXTURES
from hostilefiles import (
    STREAM_BOMB_SHAPES,
    docx_with_document_bytes,
    length_cycle_pdf,
    numbered_docx,
    path_operators_page,
    predictor_bomb_pdf,
    repeated_form_page,
    resources_cycle_pdf,
    self_drawing_form_pdf,
    stream_bomb_pdf,
    text_operators_page,
)
from officefiles import (
    BILLION_LAUGHS,
    document_xml,
    lie_about_size,
    many_members,
    minimal_docx,
    paragraph_xml,
    pdf_with_content_stream,
    report_docx_bytes,
    report_pdf_bytes,
    write,
    zip_bomb,
)
from test_cli import err, out, run

pytestmark = pytest.mark.heavy  # starts processes, a browser or pip: scheduled first (tests/conftest.py)

CLEAN_MD = FIXTURES / "gd-dept-overall" / "clean.md"
_MiB = 1024 * 1024


def refusal_and_peak(call, *args) -> tuple[str, int]:
    """The refusal's reason and the peak of Python allocations while it was decided."""
    tracemalloc.start()
    try:
        reason = refusal(call, *args)
        return reason, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def refusal(call, *args) -> str:
    with pytest.raises(LoadError) as caught:
        call(*args)
    message = str(caught.value)
    assert "\n" not in message
    return caught.value.reason


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """100 MB of zeros in a 100 KB .docx."""
    return zip_bomb(100 * _MiB)


# -- zip bombs ---------------------------------------------------------------------------


def test_a_zip_bomb_is_refused_by_its_declared_size_without_inflating(bomb):
    reason, peak = refusal_and_peak(read_docx, bomb, "bomb.docx")
    assert reason.startswith("refused (zip bomb?)") and "declares 104857600 bytes" in reason
    assert peak < 100 * _MiB


def test_a_zip_bomb_that_lies_about_its_size_is_stopped_at_the_declared_size(bomb):
    reason, peak = refusal_and_peak(read_docx, lie_about_size(bomb, "word/document.xml", 4096), "liar.docx")
    assert "word/document.xml" in reason and ("corrupt" in reason or "inflates past" in reason)
    assert peak < 100 * _MiB


def test_a_member_under_the_size_limit_but_compressed_a_thousandfold_is_refused():
    reason = refusal(read_docx, zip_bomb(40 * _MiB), "ratio.docx")
    assert "would inflate" in reason and "over the limit of 200" in reason


@pytest.mark.parametrize("count", [20_000, 70_000], ids=["zip", "zip64"])  # past 65535 the count moves to a ZIP64 record
def test_an_archive_of_countless_members_is_refused_before_listing_them(count):
    archive = many_members(count)
    reason, peak = refusal_and_peak(read_docx, archive, "many.docx")
    assert reason == f"refused: the .docx archive has {count} members, more than the limit of 5000"
    assert peak < 10 * _MiB  # zipfile never built its 70,000 ZipInfo objects


# -- XML entities --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "prolog",
    [
        BILLION_LAUGHS,
        '<!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE w:document SYSTEM "http://example.invalid/word.dtd">',
    ],
    ids=["billion-laughs", "external-entity", "external-dtd"],
)
def test_a_docx_with_a_dtd_is_refused_and_nothing_is_expanded(prolog):
    body = paragraph_xml("&lol9;") if "lol" in prolog else paragraph_xml("&secret;") if "secret" in prolog else paragraph_xml("正文")
    reason = refusal(read_docx, minimal_docx(body, prolog=prolog), "entities.docx")
    assert reason == "refused: word/document.xml declares a DTD or entities, which Word documents never do"


def test_a_dtd_in_utf16_xml_is_refused_too():
    import io
    import zipfile

    from officefiles import CONTENT_TYPES, PACKAGE_RELS, document_xml

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        xml = document_xml(paragraph_xml("&lol9;"), BILLION_LAUGHS).replace('encoding="UTF-8"', 'encoding="UTF-16"')
        archive.writestr("word/document.xml", xml.encode("utf-16"))
    assert "declares a DTD" in refusal(read_docx, buffer.getvalue(), "utf16.docx")


def _document_in(encoding: str, declared: str, prolog: str, text: str = "正文") -> bytes:
    xml = document_xml(paragraph_xml(text), prolog).replace('encoding="UTF-8"', f'encoding="{declared}"')
    return xml.encode(encoding)


@pytest.mark.parametrize(
    ("encoding", "declared"),
    [
        ("utf-16-le", "UTF-16"),  # no byte-order mark: the XML spec's autodetection finds it
        ("utf-16-be", "UTF-16"),
        ("utf-32", "UTF-32"),
        ("utf-32-le", "UTF-32"),
        ("utf-32-be", "UTF-32"),
    ],
)
def test_a_dtd_in_any_utf_encoding_is_refused_as_in_utf8(encoding, declared):
    data = docx_with_document_bytes(_document_in(encoding, declared, BILLION_LAUGHS, "&lol9;"))
    assert refusal(read_docx, data, "wide.docx") == "refused: word/document.xml declares a DTD or entities, which Word documents never do"
    # The same document without the DTD is read.
    assert "正文" in read_docx(docx_with_document_bytes(_document_in(encoding, declared, "")), "wide.docx").text


@pytest.mark.parametrize(
    ("xml", "encoding"),
    [
        # UTF-7 spells "<" as "+ADw-": a byte search for "<!DOCTYPE" finds nothing.
        (
            b'<?xml version="1.0" encoding="UTF-7"?>+ADw-!DOCTYPE w:document +AFs-+ADw-!ENTITY a "b"+AD4-+AF0-+AD4-'
            + document_xml(paragraph_xml("x")).split("?>", 1)[1].encode(),
            "UTF-7",
        ),
        ('<?xml version="1.0" encoding="IBM037"?><w:document/>'.encode("cp037"), "EBCDIC"),
    ],
    ids=["utf-7", "ebcdic"],
)
def test_xml_in_an_encoding_word_never_writes_is_refused(xml, encoding):
    reason = refusal(read_docx, docx_with_document_bytes(xml), "odd.docx")
    assert reason == f"refused: word/document.xml is encoded in {encoding}; Word documents are UTF-8 or UTF-16"


def test_python_docx_itself_never_expands_entities():
    # The second line of defence, should a DTD ever get past the scan.
    from docx.oxml.parser import parse_xml
    from lxml.etree import XMLSyntaxError

    from officefiles import document_xml

    try:
        element = parse_xml(document_xml(paragraph_xml("&lol9;"), BILLION_LAUGHS).encode())
    except XMLSyntaxError as exc:  # recent libxml2 refuses the amplification outright
        assert "amplification" in str(exc)
    else:
        assert "lol" * 100 not in "".join(element.itertext())


# -- broken Word and PDF files -------------------------------------------------------------


def test_truncated_and_corrupt_docx():
    data = report_docx_bytes()
    assert (
        refusal(read_docx, data[: len(data) // 2], "cut.docx")
        == "corrupt .docx archive: no zip directory at the end (truncated or not a zip file)"
    )
    damaged = bytearray(data)
    start = data.find(b"word/document.xml") + 200
    damaged[start : start + 64] = bytes(64)
    assert "corrupt .docx archive" in refusal(read_docx, bytes(damaged), "damaged.docx")


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (minimal_docx(paragraph_xml("x")).replace(b"word/document.xml", b"word/documenx.xml"), "not a readable Word document"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "Word 97-2003 .doc or a password-protected .docx"),
        (b"%PDF-1.7\n" + bytes(100), "this is a PDF file"),
        ("部门名称：广东省某局".encode(), "not a zip archive"),
    ],
    ids=["missing-part", "ole2", "pdf-named-docx", "text-named-docx"],
)
def test_files_that_are_not_word_documents(data, needle):
    assert needle in refusal(read_docx, data, "r.docx")


def test_truncated_and_corrupt_pdf():
    data = report_pdf_bytes()
    for broken in (data[: len(data) // 3], data[:9] + bytes(5000), b"%PDF-1.4\n" + os.urandom(3000)):
        reason = refusal(read_pdf, broken, "broken.pdf")
        assert reason.startswith(("cannot read PDF", "no text layer")), reason


def test_a_pdf_decompression_bomb_is_refused():
    bomb = pdf_with_content_stream(bytes(100 * _MiB))
    reason, peak = refusal_and_peak(read_pdf, bomb, "bomb.pdf")
    assert reason.startswith("refused (decompression bomb?)")
    assert peak < 100 * _MiB


def test_a_small_hand_made_pdf_is_read():
    data = pdf_with_content_stream(b"BT /F1 12 Tf 72 700 Td (Budget report) Tj ET")
    assert read_pdf(data, "hand.pdf").text == "Budget report\n"


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


# -- text that is not what it claims -------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (report_pdf_bytes(), "binary file (a PDF document; name it .pdf)"),
        (report_docx_bytes(), "binary file (a Word document; name it .docx)"),
        (_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}), "binary file (an Excel workbook (.xlsx))"),
        (_zip({"notes.txt": b"x"}), "binary file (a zip archive)"),
        (b"\x00\x01\x02\x03" * 400, "binary file (contains NUL bytes)"),
        ("部门名称：广东省某局\n填报日期：\x00\x002024年\n".encode(), "text with 2 NUL bytes, the first on line 2; remove them"),
        ("标题\n部门名称：广东省某局\n".encode() + b"\xff" + "一、部门基本情况\n".encode() * 5, "invalid UTF-8 (byte 0xff on line 3)"),
    ],
    ids=["pdf-named-md", "docx-named-md", "xlsx-named-md", "zip-named-md", "binary", "nul-bytes", "bad-utf8"],
)
def test_a_md_that_is_not_text(data, needle):
    assert needle in refusal(source_from_bytes, data, "report.md", "md")


@pytest.mark.parametrize(
    ("members", "reason"),
    [
        ({}, "not a Word document: an empty zip archive"),
        (
            {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"},
            "not a Word document: an Excel workbook (.xlsx), not a report",
        ),
        ({"ppt/presentation.xml": b"<p/>"}, "not a Word document: a PowerPoint presentation (.pptx), not a report"),
        ({"notes.txt": b"x"}, "not a Word document: a zip archive without the parts of one"),
    ],
    ids=["empty", "xlsx", "pptx", "other-zip"],
)
def test_a_docx_that_is_another_zip_says_what_it_is(members: dict[str, bytes], reason: str):
    assert refusal(read_docx, _zip(members), "report.docx") == reason


def test_gbk_is_still_gbk_not_damaged_utf8():
    text = "2023年部门整体支出绩效自评报告\n部门名称：广东省水文资料整编中心\n"
    assert source_from_bytes(text.encode("gbk"), "r.txt", "txt").text == text


# -- files and directories -----------------------------------------------------------------


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    report = write(tmp_path, "big.docx", report_docx_bytes())
    reason = refusal(load_path, report, None, 1000)
    assert reason == f"file is {report.stat().st_size} bytes, over the size limit of 1000 bytes (--max-file-size)"


def test_a_device_is_not_read(tmp_path):
    assert refusal(load_path, Path("/dev/zero")) == "not a regular file (a device, pipe or socket)"


def test_a_symlink_loop_named_on_the_command_line(tmp_path):
    (tmp_path / "a.md").symlink_to(tmp_path / "b.md")
    (tmp_path / "b.md").symlink_to(tmp_path / "a.md")
    assert refusal(load_path, tmp_path / "a.md") == "symbolic link loop"


def test_a_directory_loop_through_symlinks_ends(tmp_path):
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "r.md").write_bytes(CLEAN_MD.read_bytes())
    (tmp_path / "reports" / "again").symlink_to(tmp_path / "reports", target_is_directory=True)
    (tmp_path / "reports" / "up").symlink_to(tmp_path, target_is_directory=True)
    proc = run(str(tmp_path))
    assert proc.returncode == 0, err(proc)
    assert "检查了 1 个文件" in out(proc)


def _as_nobody(call) -> str:
    """``call()`` in a child process that has dropped root, so file permissions apply
    (as they do for anyone but root): what it returns, or "crashed: …"."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop privileges, try, report, exit without cleanup
        try:
            if os.geteuid() == 0:
                os.setgid(65534)
                os.setuid(65534)
            message = call()
        except BaseException as exc:
            message = f"crashed: {exc!r}"
        os.write(write_end, message.encode())
        os._exit(0)
    os.close(write_end)
    chunks = []
    while chunk := os.read(read_end, 65536):
        chunks.append(chunk)
    os.close(read_end)
    os.waitpid(pid, 0)
    return b"".join(chunks).decode()


def _load_as_nobody(path: Path) -> str:
    """load_path in a child process that has dropped root, so file permissions apply."""

    def load() -> str:
        try:
            load_path(path)
        except LoadError as exc:
            return exc.reason
        return "loaded"

    return _as_nobody(load)


def test_a_file_without_read_permission(tmp_path):
    folder = Path(tempfile.mkdtemp(prefix="perflint-perm-"))
    try:
        folder.chmod(0o755)
        report = folder / "locked.md"
        report.write_bytes(CLEAN_MD.read_bytes())
        report.chmod(0)
        if os.geteuid() == 0:  # root reads anything: ask as an ordinary user
            assert _load_as_nobody(report) == "permission denied"
        else:
            assert refusal(load_path, report) == "permission denied"
    finally:
        (folder / "locked.md").unlink(missing_ok=True)
        folder.rmdir()


# -- the command line: one line each, exit 2, the rest still linted -------------------------


def test_every_bad_file_gets_one_line_and_the_good_one_is_still_linted(tmp_path, bomb):
    bad = {
        "bomb.docx": bomb,
        "entities.docx": minimal_docx(paragraph_xml("&lol9;"), prolog=BILLION_LAUGHS),
        "cut.docx": report_docx_bytes()[:5000],
        "cut.pdf": report_pdf_bytes()[:5000],
        "scan.pdf": pdf_with_content_stream(b"0 0 0 rg 10 10 100 100 re f", deflate=False),
        "binary.md": b"\x00\x01" * 300,
    }
    paths = [str(write(tmp_path, name, data)) for name, data in bad.items()]
    proc = run(*paths, str(CLEAN_MD), "--max-file-size", str(1 << 20))
    assert proc.returncode == 2
    lines = err(proc).splitlines()
    assert len(lines) == len(bad), lines
    for path, line in zip(paths, lines):
        assert line.startswith(f"perflint: error: {path}: "), line
    assert "no text layer" in lines[4]
    assert "检查了 1 个文件，6 个文件无法检查" in out(proc)


def test_the_size_limit_option(tmp_path):
    report = write(tmp_path, "r.pdf", report_pdf_bytes())
    proc = run("--max-file-size", "1000", str(report))
    assert proc.returncode == 2
    assert "over the size limit of 1000 bytes (--max-file-size)" in err(proc)


def test_stdin_is_read_as_docx_when_named_so():
    proc = run("--stdin-filename", "report.docx", "-", stdin=report_docx_bytes("missing-section"))
    assert proc.returncode == 1, err(proc)
    assert "report.docx:1:1: PF001" in out(proc)


def test_a_member_count_that_lies_does_not_get_past_the_directory_size():
    import struct

    data = bytearray(many_members(40_000))  # a directory of about 2 MB
    eocd = data.rfind(b"PK\x05\x06")
    struct.pack_into("<HH", data, eocd + 8, 3, 3)  # claim 3 members
    reason = refusal(read_docx, bytes(data), "liar.docx")
    assert reason.startswith("refused: the .docx archive directory is ") and reason.endswith("too large for 5000 members")


def test_stdin_over_the_size_limit_is_refused_without_reading_it_all():
    proc = run("--max-file-size", "1000", "--stdin-filename", "r.md", "-", stdin=CLEAN_MD.read_bytes())
    assert proc.returncode == 2
    assert err(proc) == "perflint: error: r.md: input is over the size limit of 1000 bytes (--max-file-size)\n"


def test_a_page_with_megabytes_of_drawing_instructions_is_refused():
    # Small once compressed, harmless to inflate, but minutes of interpretation.
    data = pdf_with_content_stream(b"0 0 m 1 1 l S\n" * 700_000)
    reason = refusal(read_pdf, data, "heavy.pdf")
    assert reason == "refused: page 1 has over 8 MB of drawing instructions"


def test_a_dangling_symlink(tmp_path):
    (tmp_path / "r.md").symlink_to(tmp_path / "gone.md")
    assert refusal(load_path, tmp_path / "r.md") == "no such file (a dangling symbolic link)"


# -- settings files that never end (issue 13, item 9) --------------------------------------


def run_bounded(*args: str) -> subprocess.CompletedProcess:
    """perflint in a process that may not use more than 1 GB nor 60 s: a run that reads
    forever fails the test instead of taking the machine's memory."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "PERFLINT_OUTPUT_FORMAT")}
    return subprocess.run(
        [sys.executable, "-m", "perflint", "--no-progress", *args], capture_output=True, env=env, timeout=60, preexec_fn=limit
    )


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "fifo.toml"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (lambda tmp, fifo: ["--config", "/dev/zero"], "/dev/zero: not a regular file (a device, pipe or socket)"),
        (lambda tmp, fifo: ["--config", str(fifo)], "fifo.toml: not a regular file (a device, pipe or socket)"),
        (lambda tmp, fifo: ["--config", str(write(tmp, "c.toml", b'extend = "/dev/zero"\n'))], "/dev/zero: not a regular file"),
        (lambda tmp, fifo: ["--config", str(write(tmp, "c.toml", b"#" * (2 << 20)))], "c.toml: over the size limit of 1 MB"),
        (lambda tmp, fifo: ["--config", str(tmp)], ": is a directory"),
        (
            lambda tmp, fifo: ["--config", str(write(tmp, "c.toml", b'extra-profiles = ["/dev/zero"]\n'))],
            "/dev/zero: cannot read template: not a regular file",
        ),
        (lambda tmp, fifo: ["--baseline", "/dev/zero"], "/dev/zero: cannot read baseline: not a regular file (a device, pipe or socket)"),
        (lambda tmp, fifo: ["--baseline", str(fifo)], "fifo.toml: cannot read baseline: not a regular file"),
    ],
    ids=[
        "config-dev-zero",
        "config-fifo",
        "extend-dev-zero",
        "config-too-large",
        "config-directory",
        "profile-dev-zero",
        "baseline-dev-zero",
        "baseline-fifo",
    ],
)
def test_a_settings_file_that_is_not_a_small_regular_file_is_one_error(tmp_path, fifo, arguments, message):
    proc = run_bounded(*arguments(tmp_path, fifo), str(CLEAN_MD))
    assert proc.returncode == 2, err(proc)
    lines = err(proc).splitlines()
    assert len(lines) == 1 and lines[0].startswith("perflint: error: ") and message in lines[0], lines


# -- a list numbered from 10^11 (issue 13, item 6) -----------------------------------------


@pytest.mark.parametrize("kind", ["lowerLetter", "upperRoman"])
def test_a_list_counting_from_a_huge_start_is_read_with_its_numbers_in_digits(kind):
    # 41 KB of Word took 12 GB: the label of 10^11 in letters is 3.8 billion z's.
    tracemalloc.start()
    try:
        source = read_docx(numbered_docx(10**11, kind), "huge-start.docx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "100000000002.\t项目支出情况" in source.text
    assert peak < 50 * _MiB


# -- folders that cannot be walked (issue 13, item 11) -------------------------------------


def _shared_folder() -> Path:
    """A folder outside pytest's own (which only root may enter), open to everyone."""
    folder = Path(tempfile.mkdtemp(prefix="perflint-walk-"))
    folder.chmod(0o755)
    return folder


def _remove(folder: Path) -> None:
    import shutil

    for path in [folder, *folder.rglob("*")]:
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)
    shutil.rmtree(folder)


def test_a_subfolder_that_cannot_be_listed_is_an_error_and_the_rest_is_walked():
    folder = _shared_folder()
    try:
        (folder / "a.md").write_bytes(CLEAN_MD.read_bytes())
        (folder / "locked").mkdir()
        (folder / "locked" / "hidden.md").write_bytes(CLEAN_MD.read_bytes())
        (folder / "z.md").write_bytes(CLEAN_MD.read_bytes())
        for path in folder.iterdir():
            path.chmod(0o755 if path.is_dir() else 0o644)
        (folder / "locked").chmod(0)

        def walk() -> str:
            return "\n".join(
                f"error {item.path}: {item.reason}" if isinstance(item, LoadError) else str(item) for item in iter_report_paths(str(folder))
            )

        assert _as_nobody(walk).splitlines() == [
            str(folder / "a.md"),
            str(folder / "z.md"),  # a folder's files come before its subfolders
            f"error {folder / 'locked'}: cannot list the folder: permission denied",
        ]
    finally:
        _remove(folder)


def _nest_past_path_max(top: Path, report: bytes) -> Path:
    """Folders nested deeper than PATH_MAX allows a path to name (made level by level,
    relative to the last one) with a report at the bottom; returns the first level."""
    descriptor = os.open(top, os.O_RDONLY)
    try:
        for _ in range(20):  # 20 × 251 characters: past Linux's 4096
            os.mkdir("d" * 250, dir_fd=descriptor)
            inner = os.open("d" * 250, os.O_RDONLY, dir_fd=descriptor)
            os.close(descriptor)
            descriptor = inner
        with open(os.open("lost.md", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=descriptor), "wb") as stream:
            stream.write(report)
    finally:
        os.close(descriptor)
    return top / ("d" * 250)


def test_a_folder_nested_past_the_longest_path_is_an_error_and_the_rest_is_linted(tmp_path):
    (tmp_path / "r.md").write_bytes(CLEAN_MD.read_bytes())
    _nest_past_path_max(tmp_path, CLEAN_MD.read_bytes())
    items = list(iter_report_paths(str(tmp_path)))
    errors = [item for item in items if isinstance(item, LoadError)]
    assert [item for item in items if not isinstance(item, LoadError)] == [tmp_path / "r.md"]
    assert len(errors) == 1 and errors[0].reason == "cannot list the folder: its path is longer than the system allows", errors
    proc = run(str(tmp_path))
    assert proc.returncode == 2
    assert len(err(proc).splitlines()) == 1 and "its path is longer than the system allows" in err(proc)
    assert "检查了 1 个文件，1 个文件无法检查" in out(proc)


# -- PDFs that hang the parser or take all the memory (issue 13, items 5 and 7) -------------

SMALL_PDF_LIMITS = PdfLimits(max_stream_size=2 * _MiB, max_image_size=4 * _MiB, max_total_size=6 * _MiB)


@pytest.mark.parametrize("make", [resources_cycle_pdf, length_cycle_pdf], ids=["resources", "length"])
def test_a_reference_cycle_is_refused_at_once(make):
    # pdfminer's resolver follows 5 → 6 → 5 … for ever (681 bytes hung the run).
    data = make()
    assert len(data) < 1024
    assert refusal(read_pdf, data, "cycle.pdf") == "refused: objects 5, 6 refer to one another in a cycle (a corrupt or hostile file)"


def test_an_object_that_is_a_reference_to_itself_is_refused():
    data = length_cycle_pdf().replace(b"6 0 obj\n6 0 R", b"6 0 obj\n6 0 R").replace(b"5 0 obj\n6 0 R", b"5 0 obj\n5 0 R")
    assert refusal(read_pdf, data, "self.pdf") == "refused: object 5 refers to itself (a corrupt or hostile file)"


@pytest.mark.parametrize("shape", STREAM_BOMB_SHAPES)
def test_a_stream_bomb_is_refused_whatever_its_filter_spelling(shape):
    # Each decodes to 3 MB (with a 2 MB limit), in a file of a few KB.
    data = stream_bomb_pdf(shape, 3 * _MiB)
    assert len(data) < 100 * 1024
    reason, peak = refusal_and_peak(read_pdf, data, "bomb.pdf", SMALL_PDF_LIMITS)
    assert reason.startswith("refused (decompression bomb?): ")
    if shape == "disguised-image":
        assert reason.endswith("decodes past its own size of 65800 bytes")
    else:
        assert reason.endswith("decodes to over 2 MB")
    assert peak < 8 * _MiB


def test_a_bomb_under_the_default_limits_costs_a_chunk_of_memory_not_its_size():
    data = stream_bomb_pdf("hex-escaped-name", 100 * _MiB)
    reason, peak = refusal_and_peak(read_pdf, data, "bomb.pdf")
    assert reason.startswith("refused (decompression bomb?): the stream at byte ") and reason.endswith(" decodes to over 64 MB")
    assert peak < 10 * _MiB


def test_a_predictor_with_rows_of_a_gigabyte_is_refused():
    # pdfminer allocates a list the size of a row before it reads a byte.
    assert (
        refusal(read_pdf, predictor_bomb_pdf(10**9), "rows.pdf")
        == "refused: the stream at byte 389 declares predictor rows of 1000000000 bytes"
    )


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda: text_operators_page(7_900_000), "refused: page 1 shows over 64 KB of text"),
        (lambda: path_operators_page(1_500_000), "refused: page 1 has over 300000 drawing operators and operands"),
        (lambda: repeated_form_page(20_000, 2_000), "refused: page 1 has over 8 MB of drawing instructions"),
        (lambda: repeated_form_page(2_000, 100), "refused: page 1 shows over 64 KB of text"),
        (lambda: repeated_form_page(200_000, 1), "refused: page 1 has over 300000 drawing operators and operands"),
    ],
    ids=[
        "7.9-MB-of-Tj",
        "1.5-MB-of-paths",
        "a-form-drawn-20000-times",
        "a-form-of-text-drawn-2000-times",
        "a-small-form-drawn-200000-times",
    ],
)
def test_a_page_that_draws_too_much_is_refused_before_it_is_interpreted(make, reason):
    # One 12 KB page with 7.9 MB of Tj took 70 s and 4.6 GB.
    data = make()
    assert len(data) < 64 * 1024
    found, peak = refusal_and_peak(read_pdf, data, "heavy.pdf")
    assert found == reason
    assert peak < 64 * _MiB


def test_a_form_that_draws_itself_is_refused():
    assert refusal(read_pdf, self_drawing_form_pdf(), "loop.pdf") == "refused: a form on page 1 draws itself (a corrupt or hostile file)"


def test_a_reference_cycle_with_comments_in_its_object_headers_is_refused_too():
    data = resources_cycle_pdf().replace(b"5 0 obj", b"5 % five\n0 obj").replace(b"6 0 obj", b"6 0 % six\nobj")
    assert (
        refusal(read_pdf, _fix_xref(data), "cycle.pdf")
        == "refused: objects 5, 6 refer to one another in a cycle (a corrupt or hostile file)"
    )


def _fix_xref(data: bytes) -> bytes:
    """The xref offsets of an edited file set right again."""
    import re

    offsets = [match.start() for match in re.finditer(rb"(?m)^\d+ (?:% [a-z]+\n)?\d+ (?:% [a-z]+\n)?obj", data)]
    xref = data.rindex(b"\nxref\n") + 1
    table = b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1) + b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    trailer = data[data.index(b"trailer", xref) : data.index(b"startxref", xref)]
    return data[:xref] + table + trailer + b"startxref\n%d\n%%%%EOF\n" % xref
