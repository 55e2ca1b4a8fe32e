"""Paste perflint's real output into the README's example blocks (``<!-- example-output -->``
and the like), which tests/test_packaging.py keeps equal to what perflint prints.

Run from the repository: ``python scripts/refresh_readme_examples.py``.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"(<!-- (?P<marker>example-output[\w-]*) -->\n```text\n\$ (?P<command>[^\n]+)\n)(?P<output>.*?)(```)", re.S)


def output_of(command: str) -> str:
    words = command.split()
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "PERFLINT_OUTPUT_FORMAT")}
    proc = subprocess.run([sys.executable, "-m", "perflint", *words[1:]], capture_output=True, text=True, cwd=ROOT, env=env)
    return proc.stdout


def main() -> None:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    refreshed = BLOCK.sub(lambda m: m.group(1) + output_of(m["command"]) + m.group(5), text)
    readme.write_text(refreshed, encoding="utf-8")
    print(f"refreshed {len(BLOCK.findall(text))} example blocks in {readme}")


if __name__ == "__main__":
    main()
