"""CSV for spreadsheets, written one way for every door (`kb export --format csv`, the web's search.csv): a
cell that starts like a formula is written as text, so a spreadsheet never runs an archive's words."""
from __future__ import annotations

import csv
from typing import Iterable, TextIO

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what makes Excel, LibreOffice or Sheets read a cell as a formula


def safe_cell(value: object) -> str:
    """A cell's text, with a quote in front when a spreadsheet would run it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def write_csv(out: TextIO, header: list[str], rows: Iterable[list], lineterminator: str = "\r\n") -> None:
    """The header and the rows as CSV, every cell formula-safe."""
    writer = csv.writer(out, lineterminator=lineterminator)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
