"""``--output-format junit``: JUnit XML, one test suite per report and one failing
test case per finding (a report without findings has one passing case; a report that
could not be read has one case with an ``<error>``)."""

import xml.etree.ElementTree as ET

from perflint.output import RenderOptions
from perflint.results import FileResult


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
            for finding in result.findings:
                row, column = result.line_index.row_column(finding.span[0])
                case = ET.SubElement(
                    suite,
                    "testcase",
                    name=f"{finding.code} {finding.name}",
                    classname=result.path,
                    file=result.path,
                    line=str(row),
                    column=str(column),
                )
                failure = ET.SubElement(case, "failure", message=finding.message, type=finding.severity.value)
                failure.text = f"{result.path}:{row}:{column}: {finding.code} {finding.severity.value} {finding.message}"
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
