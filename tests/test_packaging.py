"""The set-up users and CI rely on: the README's commands and the wheel's contents."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT
from test_cli import out, run


def readme() -> str:
    return (ROOT / "README.md").read_text(encoding="utf-8")


def test_ci_runs_the_gates_then_exactly_the_readme_test_command():
    commands = [line for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    assert commands[-1].startswith("python3 -m venv") and commands[-1] in readme()  # the test command, as written, last
    for gate in ("ruff check .", "ruff format --check .", "mypy perflint"):
        assert any(command.endswith(gate) for command in commands), gate
        assert gate in readme(), f"the README's development section does not show {gate}"


@pytest.mark.parametrize("marker", ["example-output", "example-output-docx"])
def test_readme_shows_the_real_output_of_the_example(marker):
    match = re.search(rf"<!-- {marker} -->\n```text\n\$ (?P<command>[^\n]+)\n(?P<output>.*?)```", readme(), re.S)
    assert match, f"README lacks the {marker} block"
    command = match["command"].split()
    assert command[0] == "perflint"
    assert out(run(*command[1:])) == match["output"], "README example output is stale: paste the new output"


def test_wheel_ships_the_profiles_the_grammar_and_the_schema(tmp_path: Path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    [wheel] = tmp_path.glob("perflint-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "perflint/grammar/report.lark" in names
    assert "perflint/rules/gd-dept-overall.toml" in names
    assert "perflint/schema/report-v1.json" in names
    assert "perflint/data/t2s.txt" in names
    assert "perflint/lsp/server.py" in names and "perflint/output/sarif.py" in names
    assert "perflint/checks/structure/examples/PF003.toml" in names  # `perflint rule` shows its cases
    assert "perflint/rules/_report-facts.toml" in names
    assert {f"perflint/output/templates/{name}" for name in ("review.html.j2", "charts.svg.j2", "review.css", "review.js")} <= names
    assert not any(name.startswith(("tests/", "fixtures/")) for name in names)

    # The unpacked wheel works away from the source tree (so not test_cli's run, which
    # runs the source tree's perflint from ROOT: this runs the wheel's, from tmp_path).
    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    report = ROOT / "fixtures" / "gd-dept-overall" / "missing-section.md"

    def from_wheel(*args: str) -> subprocess.CompletedProcess:
        """``perflint ARGS`` from the unpacked wheel, in tmp_path."""
        boot = "import sys; sys.path.insert(0, sys.argv[1]); from perflint.cli import main; sys.exit(main(sys.argv[2:]))"
        return subprocess.run([sys.executable, "-c", boot, str(unpacked), *args], capture_output=True, cwd=tmp_path, timeout=60)

    proc = from_wheel("--output-format", "concise", str(report))
    assert proc.returncode == 1, proc.stderr.decode()
    assert "PF001" in proc.stdout.decode("utf-8")
    proc = from_wheel("rule", "PF003")
    explained = proc.stdout.decode("utf-8")
    assert proc.returncode == 0 and explained.startswith("# heading-numbering (PF003)")
    assert "**Bad.**" in explained and "（四）部门整体支出情况" in explained  # read from the wheel's case file
    # The review page renders from the wheel's own templates and the summary vocabulary.
    proc = from_wheel("--output-format", "html", str(report))
    page = proc.stdout.decode("utf-8")
    assert proc.returncode == 1 and page.startswith("<!DOCTYPE html>") and "广东省水文资料整编中心" in page, proc.stderr.decode()
