"""perflint.atomic, the one way a user's file is written: complete or not at all, with its
mode and owner, through symbolic links, never over a newer version than the one read."""

import errno
import os
import stat
from pathlib import Path

import pytest

from perflint import atomic
from perflint.atomic import AtomicWriter, FileChanged, read_version, replace_file


def leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.endswith(".tmp"))


def test_replace_file_writes_the_new_content_and_leaves_no_temporary_file(tmp_path: Path):
    path = tmp_path / "report.md"
    path.write_bytes(b"old")
    replace_file(path, b"new content")
    assert path.read_bytes() == b"new content"
    assert leftovers(tmp_path) == []


def test_a_new_file_gets_the_mode_the_umask_gives(tmp_path: Path):
    previous = os.umask(0o027)
    try:
        replace_file(tmp_path / "new.json", b"{}")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o640


def test_the_file_keeps_its_mode(tmp_path: Path):
    path = tmp_path / "report.md"
    path.write_bytes(b"old")
    path.chmod(0o604)
    replace_file(path, b"new")
    assert stat.S_IMODE(path.stat().st_mode) == 0o604


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a file to another user needs root")
def test_the_file_keeps_its_owner(tmp_path: Path):
    path = tmp_path / "report.md"
    path.write_bytes(b"old")
    os.chown(path, 65534, 65534)
    replace_file(path, b"new")
    info = path.stat()
    assert (info.st_uid, info.st_gid, path.read_bytes()) == (65534, 65534, b"new")


def test_a_symbolic_link_stays_a_link_and_its_target_gets_the_content(tmp_path: Path):
    target = tmp_path / "real" / "report.md"
    target.parent.mkdir()
    target.write_bytes(b"old")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    replace_file(link, b"new")
    assert link.is_symlink() and target.read_bytes() == b"new"
    assert leftovers(tmp_path) == leftovers(target.parent) == []


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_failure_leaves_the_old_file_byte_for_byte(monkeypatch, tmp_path: Path, failing: str):
    path = tmp_path / "report.md"
    path.write_bytes(b"old \xe4\xb8\xad content")

    def no_space(*args):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic.os, failing, no_space)
    with pytest.raises(OSError) as caught:
        replace_file(path, b"new")
    assert caught.value.errno == errno.ENOSPC
    assert path.read_bytes() == b"old \xe4\xb8\xad content"
    assert leftovers(tmp_path) == []


def test_an_exception_while_writing_discards_the_new_version(tmp_path: Path):
    path = tmp_path / "out.json"
    path.write_text("old", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        with AtomicWriter(path, encoding="utf-8") as writer:
            writer.file.write("half")
            raise KeyboardInterrupt
    assert path.read_text(encoding="utf-8") == "old" and leftovers(tmp_path) == []


@pytest.mark.parametrize("change", ["content", "same size and time", "replaced by another file", "deleted"])
def test_a_file_changed_since_it_was_read_is_not_replaced(tmp_path: Path, change: str):
    path = tmp_path / "report.md"
    path.write_bytes(b"as read")
    version = read_version(path)
    if change == "content":
        path.write_bytes(b"an editor saved this")
    elif change == "same size and time":  # only the bytes tell
        path.write_bytes(b"as READ")
        os.utime(path, ns=(version.stamp.mtime_ns, version.stamp.mtime_ns))
    elif change == "replaced by another file":  # an editor that saves by renaming
        other = tmp_path / "saved.md"
        other.write_bytes(b"as read")
        os.replace(other, path)
    else:
        path.unlink()
    with pytest.raises(FileChanged):
        replace_file(path, b"fixed", unchanged=version)
    assert leftovers(tmp_path) == []
    if change != "deleted":
        assert path.read_bytes() != b"fixed"


def test_an_unchanged_file_is_replaced(tmp_path: Path):
    path = tmp_path / "report.md"
    path.write_bytes(b"as read")
    replace_file(path, b"fixed", unchanged=read_version(path))
    assert path.read_bytes() == b"fixed"


def test_a_device_is_written_to_not_replaced():
    with AtomicWriter(Path(os.devnull), encoding="utf-8") as writer:
        writer.file.write("gone")
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_a_directory_is_refused_before_anything_is_written(tmp_path: Path):
    with pytest.raises(IsADirectoryError):
        AtomicWriter(tmp_path)
    assert list(tmp_path.iterdir()) == []
