"""``--output-format csv``: the reviewer's facts table, one row per report.

UTF-8 with a byte order mark, so Excel reads the Chinese as Chinese, and CRLF line
ends as RFC 4180 has them; the columns are perflint.output.csv_columns.COLUMNS, in
that order.
"""

import csv
import io

from perflint.output import RenderOptions
from perflint.output.csv_columns import COLUMNS, spreadsheet_safe, summary_values
from perflint.results import FileResult

BOM = "\ufeff"


def render_csv(results: list[FileResult], options: RenderOptions) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.header(options.lang) for column in COLUMNS])
    for result in results:
        values = summary_values(result, options.lang)
        writer.writerow([spreadsheet_safe(column, values[column.key]) for column in COLUMNS])
    return BOM + buffer.getvalue()
