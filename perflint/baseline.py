"""Baselines, for adopting perflint on a folder of old reports.

``--write-baseline FILE`` records every current finding by fingerprint (rule code,
section path, normalised line text and message: see perflint.fingerprints — never
the line number); ``--baseline FILE`` then hides findings that match a record and
reports the rest. Records are counted, so a second finding with the same fingerprint
as a baselined one is still new. Report paths are stored relative to the baseline
file, so the run can start from any directory.
"""

import json
import os
from collections import Counter
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from perflint import __version__
from perflint.atomic import replace_file
from perflint.checks.meta.internal_error import InternalError
from perflint.fingerprints import finding_fingerprint
from perflint.results import FileResult
from perflint.smallfile import MiB, NotASmallFile, read_small_file

BASELINE_VERSION = 1
# Some 150 bytes a recorded finding: room for a million findings.
MAX_BASELINE_SIZE = 256 * MiB


class BaselineError(Exception):
    """A baseline file that cannot be read or written; ``str()`` is one line."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BaselineEntry(_Model):
    fingerprint: str = Field(pattern=r"^[0-9a-f]{16}$")
    count: int = Field(ge=1)
    code: str
    message: str = Field(description="for people reading the file; not used for matching")


class BaselineFile(_Model):
    version: int = BASELINE_VERSION
    tool: str = "perflint"
    perflint_version: str = ""
    lang: str = Field(description="language of the messages, which take part in fingerprints")
    files: dict[str, list[BaselineEntry]]


def _file_key(path: str, base: Path) -> str:
    return Path(os.path.relpath(Path(path).resolve(), base)).as_posix()


def _fingerprints(result: FileResult) -> list[str]:
    text = result.source.text if result.source else ""
    return [finding_fingerprint(text, result.line_index, f) for f in result.findings]


def write_baseline(results: list[FileResult], path: Path, lang: str) -> int:
    """Record the findings of ``results`` in ``path``, replacing it only once complete
    (perflint.atomic); returns how many were recorded."""
    base = path.resolve().parent
    files: dict[str, list[BaselineEntry]] = {}
    total = 0
    for result in results:
        if result.error:
            continue
        counts: Counter[str] = Counter()
        first: dict[str, tuple[str, str]] = {}
        for finding, digest in zip(result.findings, _fingerprints(result)):
            if finding.code == InternalError.code:
                continue
            counts[digest] += 1
            first.setdefault(digest, (finding.code, finding.message))
        if counts:
            files[_file_key(result.path, base)] = [
                BaselineEntry(fingerprint=d, count=n, code=first[d][0], message=first[d][1]) for d, n in counts.items()
            ]
            total += sum(counts.values())
    document = BaselineFile(perflint_version=__version__, lang=lang, files=dict(sorted(files.items())))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_file(path, (document.model_dump_json(indent=2) + "\n").encode("utf-8"))
    except OSError as exc:
        raise BaselineError(f"{path}: cannot write baseline: {exc.strerror or exc}") from None
    return total


def read_baseline(path: Path, lang: str) -> dict[str, Counter[str]]:
    """The recorded fingerprints by report path (relative to the baseline's folder)."""
    try:
        data = json.loads(read_small_file(path, MAX_BASELINE_SIZE).decode("utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"{path}: no such baseline file (create it with --write-baseline)") from None
    except NotASmallFile as exc:
        raise BaselineError(f"{path}: cannot read baseline: {exc}") from None
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read baseline: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(f"{path}: not a perflint baseline (invalid JSON: {exc})") from None
    try:
        document = BaselineFile.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"]) or "(top)"
        raise BaselineError(f"{path}: not a perflint baseline ({where}: {error['msg']})") from None
    if document.version != BASELINE_VERSION:
        raise BaselineError(f"{path}: baseline version {document.version} is not supported (expected {BASELINE_VERSION})")
    if document.lang != lang:
        raise BaselineError(f"{path}: baseline was written with --lang {document.lang}; run with --lang {document.lang} or write it again")
    return {name: Counter({e.fingerprint: e.count for e in entries}) for name, entries in document.files.items()}


class Baseline:
    """A baseline file, read once and applied to each result as it comes."""

    def __init__(self, path: Path, lang: str) -> None:
        self.recorded = read_baseline(path, lang)
        self.base = path.resolve().parent

    def apply(self, result: FileResult) -> int:
        """Remove the baselined findings from ``result``; returns how many were hidden."""
        if result.error or not result.findings:
            return 0
        remaining = Counter(self.recorded.get(_file_key(result.path, self.base), {}))
        if not remaining:
            return 0
        kept = []
        for finding, digest in zip(result.findings, _fingerprints(result)):
            if finding.code != InternalError.code and remaining[digest] > 0:
                remaining[digest] -= 1
            else:
                kept.append(finding)
        hidden = len(result.findings) - len(kept)
        result.findings = kept
        return hidden


def apply_baseline(results: list[FileResult], path: Path, lang: str) -> int:
    """Remove baselined findings from ``results`` in place; returns how many were hidden."""
    baseline = Baseline(path, lang)
    return sum(baseline.apply(result) for result in results)
