"""Spreadsheet-safe CSV (portal/exports.py), the one way every export writes CSV."""

import csv
import io

import pytest

from portal.exports import csv_response, safe_cell


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+2", "'=1+2"),
        ("+86 138", "'+86 138"),
        ("-5 元", "'-5 元"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("垃圾清运", "垃圾清运"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (-5, -5),
        (0.25, 0.25),
        (True, "True"),
    ],
)
def test_safe_cell(value, cell):
    assert safe_cell(value) == cell


def test_csv_response_neutralises_every_cell_header_included():
    response = csv_response("x.csv", ["=title"], [["=cmd|' /C calc'!A0", 3, -1]])
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    assert rows == [["'=title"], ["'=cmd|' /C calc'!A0", "3", "-1"]]
