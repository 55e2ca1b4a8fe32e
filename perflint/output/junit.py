"""``--output-format junit``: JUnit XML, one test suite per report and one test case
per finding. A finding at or above the report's ``fail-on`` (the command line's
``--fail-on``, else its config's; ``error`` by default) is a ``<failure>``; one below it
is a passing case that says what it found in ``<system-out>``, so the XML fails exactly
when the exit status does. A report without findings has one passing case; a report
that could not be read has one case with an ``<error>``.

A finding in a Word or PDF report says where it is in the document (``段落 12``,
``第 3 页``) instead of a line of the extracted text, which points nowhere in the file.
Characters XML cannot hold (control characters, a file name's undecodable bytes) are
written as their escapes, ``\\x1b``.
"""

import xml.etree.ElementTree as ET

from perflint.output import RenderOptions
from perflint.output.escaping import xml_safe
from perflint.output.full import origin_note
from perflint.results import FileResult, Finding, Severity


def render_junit(results: list[FileResult], options: RenderOptions) -> str:
    root = ET.Element("testsuites", name="perflint")
    total = failures = errors = 0
    for result in results:
        path = xml_safe(result.path)
        suite = ET.SubElement(root, "testsuite", name=path)
        if result.error:
            error = xml_safe(result.error)
            case = ET.SubElement(suite, "testcase", name="load", classname=path, file=path)
            ET.SubElement(case, "error", message=error).text = error
            suite_tests, suite_failures, suite_errors = 1, 0, 1
        elif not result.findings:
            ET.SubElement(suite, "testcase", name="perflint", classname=path, file=path)
            suite_tests, suite_failures, suite_errors = 1, 0, 0
        else:
            suite_failures = sum(_test_case(suite, result, finding, options) for finding in result.findings)
            suite_tests, suite_errors = len(result.findings), 0
        suite.set("tests", str(suite_tests))
        suite.set("failures", str(suite_failures))
        suite.set("errors", str(suite_errors))
        total, failures, errors = total + suite_tests, failures + suite_failures, errors + suite_errors
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("errors", str(errors))
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _test_case(suite: ET.Element, result: FileResult, finding: Finding, options: RenderOptions) -> bool:
    """Add ``finding``'s test case to ``suite``; True when it is a failure."""
    row, column = result.line_index.row_column(finding.span[0])
    path = xml_safe(result.path)
    case = ET.SubElement(suite, "testcase", name=f"{finding.code} {finding.name}", classname=path, file=path)
    if result.source is None or result.source.origins is None:  # a text report: its line and column
        case.set("line", str(row))
        case.set("column", str(column))
    message = xml_safe(finding.message + origin_note(result, finding, options.lang))
    line = f"{path}:{row}:{column}: {finding.code} {finding.severity.value} {message}"
    if _fails(result, finding):
        ET.SubElement(case, "failure", message=message, type=finding.severity.value).text = line
        return True
    ET.SubElement(case, "system-out").text = line
    return False


def _fails(result: FileResult, finding: Finding) -> bool:
    fail_on = result.facts.fail_on if result.facts is not None else "error"
    return fail_on != "never" and finding.severity.rank >= Severity(fail_on).rank
