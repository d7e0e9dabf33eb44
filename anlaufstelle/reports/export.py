"""The report as CSV (one block per table) and as a spreadsheet (one sheet per table), from the
same tables the page shows: a suppressed count is "<5" in every form."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from anlaufstelle.reports.figures import Report
from anlaufstelle.reports.suppress import SUPPRESSED


def cell(value: Any) -> Any:
    if value is SUPPRESSED:
        return _("<5")
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return float(value)
    return value


def as_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Report"), report.start.isoformat(), report.end.isoformat()])
    for table in report.tables:
        writer.writerow([])
        writer.writerow([table.title])
        writer.writerow(table.header)
        writer.writerows([[cell(v) for v in row] for row in table.rows])
    return out.getvalue()


def as_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for table in report.tables:
        # Sheet names: at most 31 characters, and unique.
        title = "".join(ch for ch in table.title if ch not in "[]:*?/\\")[:31]
        sheet = book.create_sheet(title=title)
        sheet.append([table.title])
        sheet["A1"].font = Font(bold=True)
        sheet.append(table.header)
        for row in table.rows:
            sheet.append([cell(v) for v in row])
        if table.note:
            sheet.append([])
            sheet.append([table.note])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
