"""``perflint rule CODE`` and ``perflint rule --all``: a rule's documentation, as text
or JSON, generated from its docstring, metadata and case file (perflint.docs)."""

import argparse
import json
import sys

from perflint.docs import rule_json, rule_text
from perflint.rule_cases import CaseFileError


def run_rule(args: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="perflint rule", description="Explain a rule, or every rule.")
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("rule", nargs="?", metavar="CODE", help="a rule code (PF003) or name (heading-numbering)")
    target.add_argument("--all", action="store_true", help="explain every rule")
    parser.add_argument("--output-format", choices=("text", "json"), default="text")
    options = parser.parse_args(args)

    from perflint.checks.base import all_rules
    from perflint.config import rule_index

    rules = all_rules()
    if not options.all:
        code = rule_index().code_of(options.rule)
        if code is None:
            print(f"perflint: error: unknown rule {options.rule!r} (see 'perflint rule --all')", file=sys.stderr)
            return 2
        rules = [rule for rule in rules if rule.code == code]
    try:
        if options.output_format == "json":
            data = [rule_json(rule) for rule in rules]
            text = json.dumps(data if options.all else data[0], ensure_ascii=False, indent=2) + "\n"
        else:
            text = "\n".join(rule_text(rule) for rule in rules)
    except CaseFileError as exc:  # a broken installation: name the file, do not crash
        print(f"perflint: error: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(text)
    return 0
