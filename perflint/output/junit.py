"""``--output-format junit``: JUnit XML, one test suite per report and one failing
test case per finding (a report without findings has one passing case; a report that
could not be read has one case with an ``<error>``). Characters XML cannot hold (control
characters, a file name's undecodable bytes) are written as their escapes, ``\\x1b``."""

import xml.etree.ElementTree as ET

from perflint.output import RenderOptions
from perflint.output.escaping import xml_safe
from perflint.results import FileResult


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
            for finding in result.findings:
                row, column = result.line_index.row_column(finding.span[0])
                message = xml_safe(finding.message)
                case = ET.SubElement(
                    suite,
                    "testcase",
                    name=f"{finding.code} {finding.name}",
                    classname=path,
                    file=path,
                    line=str(row),
                    column=str(column),
                )
                failure = ET.SubElement(case, "failure", message=message, type=finding.severity.value)
                failure.text = f"{path}:{row}:{column}: {finding.code} {finding.severity.value} {message}"
            suite_tests, suite_failures, suite_errors = len(result.findings), len(result.findings), 0
        suite.set("tests", str(suite_tests))
        suite.set("failures", str(suite_failures))
        suite.set("errors", str(suite_errors))
        total, failures, errors = total + suite_tests, failures + suite_failures, errors + suite_errors
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("errors", str(errors))
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
