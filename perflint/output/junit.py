"""``--output-format junit``: JUnit XML, one test suite per report and one test case
per finding. A finding at or above the report's ``fail-on`` (the command line's
``--fail-on``, else its config's; ``error`` by default) is a ``<failure>``; one below it
is a passing case that says what it found in ``<system-out>``, so the XML fails exactly
when the exit status does. A report without findings has one passing case; a report
that could not be read has one case with an ``<error>``.

A finding in a Word or PDF report says where it is in the document (``段落 12``,
``第 3 页``) instead of a line of the extracted text, which points nowhere in the file.
"""

import re
import xml.etree.ElementTree as ET

from perflint.output import RenderOptions
from perflint.output.full import origin_note
from perflint.results import FileResult, Finding, Severity

# Characters XML 1.0 cannot hold, not even as references (a control character in a file
# name, a lone surrogate): each is shown as U+FFFD so that the document stays valid.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def render_junit(results: list[FileResult], options: RenderOptions) -> str:
    root = ET.Element("testsuites", name="perflint")
    total = failures = errors = 0
    for result in results:
        suite = ET.SubElement(root, "testsuite", name=result.path)
        if result.error:
            case = ET.SubElement(suite, "testcase", name="load", classname=result.path, file=result.path)
            ET.SubElement(case, "error", message=result.error).text = result.error
            suite_tests, suite_failures, suite_errors = 1, 0, 1
        elif not result.findings:
            ET.SubElement(suite, "testcase", name="perflint", classname=result.path, file=result.path)
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
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + _NOT_XML.sub("\ufffd", ET.tostring(root, encoding="unicode")) + "\n"


def _test_case(suite: ET.Element, result: FileResult, finding: Finding, options: RenderOptions) -> bool:
    """Add ``finding``'s test case to ``suite``; True when it is a failure."""
    row, column = result.line_index.row_column(finding.span[0])
    extracted = result.source is not None and result.source.origins is not None  # a .docx or .pdf
    case = ET.SubElement(suite, "testcase", name=f"{finding.code} {finding.name}", classname=result.path, file=result.path)
    if not extracted:
        case.set("line", str(row))
        case.set("column", str(column))
    note = origin_note(result, finding, options.lang)
    line = f"{result.path}:{row}:{column}: {finding.code} {finding.severity.value} {finding.message}{note}"
    if _fails(result, finding):
        ET.SubElement(case, "failure", message=finding.message + note, type=finding.severity.value).text = line
        return True
    ET.SubElement(case, "system-out").text = line
    return False


def _fails(result: FileResult, finding: Finding) -> bool:
    fail_on = result.facts.fail_on if result.facts is not None else "error"
    return fail_on != "never" and finding.severity.rank >= Severity(fail_on).rank
