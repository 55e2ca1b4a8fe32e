"""Reading Word and PDF files in a separate process, under a time and a memory budget.

The readers bound what they know of (zip bombs, stream bombs, reference cycles, pages
that draw too much), but a PDF parser and an XML parser can be made to loop or to
allocate in ways no check before them foresees: a 681-byte PDF hung a whole run.
So every .docx and .pdf is read in a reader process with an address-space limit
(``RLIMIT_AS``) and a deadline: a file over either budget is refused with one line,
the process is replaced, and the run goes on.

One reader process serves a whole run (or each ``-j`` worker): starting one costs some
tens of milliseconds, a file sent to a running one about a millisecond. It is an
ordinary child process (``subprocess``, the same Python, perflint imported from the
same place), fed length-prefixed pickles through its stdin and answering on its
stdout; it ends when its stdin closes, and stops of its own accord if the process that
started it dies. Where there is no ``fork``/``RLIMIT_AS`` (not POSIX), files are read
in-process, bounded by the readers' own checks only.
"""

import atexit
import os
import pickle
import select
import signal
import struct
import sys
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from perflint.sources import LoadError, Source

MiB = 1024 * 1024
_HEADER = struct.Struct(">Q")
# The reader's own start: perflint from where this process has it, the budget, then serve().
_BOOT = (
    "import sys\nsys.path.insert(0, sys.argv[1])\nfrom perflint.readers.budget import serve\nserve(int(sys.argv[2]), int(sys.argv[3]))\n"
)
_PARENT_CHECK_SECONDS = 0.5


@dataclass(frozen=True, slots=True)
class ReadBudget:
    """What reading one Word or PDF file may take; 0 means no limit."""

    seconds: float = 120.0  # wall-clock time (a 2,000-page PDF reads in about a minute)
    memory: int = 2048 * MiB  # address space of the reader process

    def describe_time(self) -> str:
        return f"{self.seconds:g} s"

    def describe_memory(self) -> str:
        return f"{self.memory // MiB} MB"


DEFAULT_READ_BUDGET = ReadBudget()


class ReaderFailure(RuntimeError):
    """The reader process failed on a file in a way that is perflint's fault, not the file's."""


def read_office_file(data: bytes, path: str, format: str, budget: ReadBudget = DEFAULT_READ_BUDGET) -> Source:
    """The ``Source`` of a .docx or .pdf (``format``), read within ``budget``. Raises
    ``LoadError`` for a file that cannot be read or is over budget."""
    if os.name != "posix":
        return read_here(data, path, format)
    with _lock:
        try:
            return _reader_for(budget).read(data, path, format, budget)
        except _Gone:  # it had died since the last file (the out-of-memory killer?): a new one
            try:
                return _reader_for(budget).read(data, path, format, budget)
            except _Gone:  # a new one did not start either
                raise LoadError(path, "cannot read: the reader process stopped as it started") from None


def read_here(data: bytes, path: str, format: str) -> Source:
    """Read in this process (the reader process itself, or where there is none)."""
    if format == "docx":
        from perflint.readers.docx import read_docx

        return read_docx(data, path)
    from perflint.readers.pdf import read_pdf

    return read_pdf(data, path)


# -- the parent's side ------------------------------------------------------------------------

_lock = threading.Lock()
_current: "_Reader | None" = None


class _Timeout(Exception):
    pass


class _Gone(Exception):
    """The reader process was not there to take the request."""


def _reader_for(budget: ReadBudget) -> "_Reader":
    global _current
    if _current is not None and (_current.memory != budget.memory or not _current.alive()):
        _current.close()
        _current = None
    if _current is None:
        _current = _Reader(budget.memory)
    return _current


class _Reader:
    """One reader process and the pipes to it."""

    def __init__(self, memory: int) -> None:
        import subprocess  # here: a run without Word or PDF files does not pay for it

        import perflint

        self.memory = memory
        root = str(Path(perflint.__file__).resolve().parent.parent)
        debug = bool(os.environ.get("PERFLINT_DEBUG"))
        # -P: the working directory is not put on its import path (a stray module there
        # would run in the reader); close_fds: it holds no pipe of the -j workers.
        self.process = subprocess.Popen(
            [sys.executable, "-P", "-c", _BOOT, root, str(memory), str(os.getpid())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=None if debug else subprocess.DEVNULL,
            close_fds=True,
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self.requests: IO[bytes] = self.process.stdin
        self.answers: IO[bytes] = self.process.stdout

    def alive(self) -> bool:
        return self.process.poll() is None

    def read(self, data: bytes, path: str, format: str, budget: ReadBudget) -> Source:
        request = pickle.dumps((format, path, data), protocol=pickle.HIGHEST_PROTOCOL)
        deadline = time.monotonic() + budget.seconds if budget.seconds > 0 else None
        try:
            self.requests.write(_HEADER.pack(len(request)) + request)
            self.requests.flush()
        except OSError:
            self.close()
            raise _Gone from None
        except BaseException:  # interrupted mid-request: the reader cannot be used again
            self.close()
            raise
        try:
            answer = self._answer(deadline)
        except _Timeout:
            self.close(busy=True)
            raise LoadError(
                path, f"refused: reading it took over {budget.describe_time()} (--max-read-time); a corrupt or hostile file?"
            ) from None
        except (OSError, EOFError):
            code = self.close()
            raise LoadError(path, f"cannot read: {_how_it_ended(code, budget)}") from None
        except BaseException:  # interrupted mid-answer (Ctrl-C, an alarm): the reader cannot be used again
            self.close(busy=True)
            raise
        kind, value = pickle.loads(answer)
        if kind == "source":
            return value  # type: ignore[no-any-return]
        if kind == "refused":
            raise LoadError(path, value)
        self.close()  # after running out of memory or failing, a process is not trusted again
        if kind == "memory":
            raise LoadError(path, f"refused: reading it needs over {budget.describe_memory()} of memory (--max-read-memory)")
        raise ReaderFailure(value)

    def _answer(self, deadline: float | None) -> bytes:
        (size,) = _HEADER.unpack(self._exactly(_HEADER.size, deadline))
        return self._exactly(size, deadline)

    def _exactly(self, count: int, deadline: float | None) -> bytes:
        descriptor = self.answers.fileno()
        chunks: list[bytes] = []
        while count:
            if deadline is not None:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not select.select([descriptor], [], [], remaining)[0]:
                    raise _Timeout
            chunk = os.read(descriptor, min(count, MiB))
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            count -= len(chunk)
        return b"".join(chunks)

    def close(self, *, busy: bool = False) -> int | None:
        """End the process and return its exit status. An idle reader reads EOF and exits
        (or is killed if it has not within a second); a ``busy`` one, still reading a file
        it was given, would not see the EOF until done, so it is killed at once."""
        for stream in (self.requests, self.answers):
            try:
                stream.close()
            except OSError:
                pass
        import subprocess

        if busy:
            self.process.kill()
            return self.process.wait()
        try:
            return self.process.wait(timeout=1)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()

    def forget(self) -> None:
        """In a forked child: let go of the pipes without touching the parent's process."""
        for stream in (self.requests, self.answers):
            try:
                stream.close()
            except OSError:
                pass


def _how_it_ended(code: int | None, budget: ReadBudget) -> str:
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        hint = " (the system ran out of memory?)" if -code == signal.SIGKILL else ""
        return f"the reader process was killed by {name}{hint}"
    return f"the reader process stopped (exit status {code})"


def _close_at_exit() -> None:
    global _current
    if _current is not None:
        _current.close()
        _current = None


def _forget_in_child() -> None:
    """A forked child (a -j worker) starts its own reader; the parent's stays the parent's."""
    global _current, _lock
    _lock = threading.Lock()  # another thread may have held it at the fork
    if _current is not None:
        _current.forget()
        _current = None


atexit.register(_close_at_exit)
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_in_child)


# -- the reader's side -----------------------------------------------------------------------


def serve(memory: int, parent: int) -> None:
    """The reader process of the process ``parent``: answer each request until stdin closes."""
    if memory > 0:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    requests = sys.stdin.buffer
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # a stray print must not corrupt the answers
    _watch_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    while True:
        header = requests.read(_HEADER.size)
        if len(header) < _HEADER.size:
            return
        (size,) = _HEADER.unpack(header)
        format, path, data = pickle.loads(requests.read(size))
        answer, last = _answer(format, path, data)
        try:
            answers.write(_HEADER.pack(len(answer)) + answer)
            answers.flush()
        except OSError:
            return
        if last:
            return


_OUT_OF_MEMORY = pickle.dumps(("memory", None))


def _answer(format: str, path: str, data: bytes) -> tuple[bytes, bool]:
    """The pickled answer to one request, and whether the process must stop after it."""
    out_of_memory = False
    try:
        source = read_here(data, path, format)
        return pickle.dumps(("source", source), protocol=pickle.HIGHEST_PROTOCOL), False
    except LoadError as exc:
        return pickle.dumps(("refused", exc.reason)), False
    except MemoryError:
        # Answered after the except clause: until then the traceback holds on to
        # everything the reading allocated, and the answer could not be made.
        out_of_memory = True
    except Exception as exc:  # perflint's own failure, reported by the parent
        if os.environ.get("PERFLINT_DEBUG"):
            traceback.print_exc()
        message: Any = f"{type(exc).__name__}: {exc}"
        return pickle.dumps(("failure", message)), True
    assert out_of_memory
    return _OUT_OF_MEMORY, True


def _watch_parent(parent: int) -> None:
    """Exit when the process that started this one is gone (a reader busy with a hostile
    file would not see its stdin close)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="perflint-reader-watch", daemon=True).start()
