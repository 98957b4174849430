"""Downloads that people open in spreadsheet programs: CSV that never runs as a formula.

Every CSV export goes through ``csv_response`` (an app's ``exports.py`` builds the rows).
A cell that a spreadsheet would read as a formula — text starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return — is written with a leading apostrophe, which
spreadsheets show as plain text (the OWASP advice for CSV injection). Numbers are
written as numbers, negative ones included.
"""

import csv
import json
from numbers import Number

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """``value`` as a CSV cell that no spreadsheet evaluates."""
    if value is None:
        return ""
    if isinstance(value, Number) and not isinstance(value, bool):
        return value
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_response(filename, header, rows):
    """A CSV download of ``rows`` under ``header``, every cell through ``safe_cell``.

    UTF-8 with a byte-order mark, so that spreadsheet programs read Chinese correctly.
    """
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return response


def json_response(data):
    """``data`` as readable, UTF-8 JSON (Chinese left as it is)."""
    return HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
