"""The per-row report written beside a batch's PDFs, as CSV or JSON: a slot map.

Every row printed gets one entry: made or failed, how many labels, and the
slot of each (page and slot from 1, left to right, top to bottom, as ``--start``
counts them), so a spoiled label can be found and printed again with
``--rows N --start S``. Problems follow, with row, line, field and message.

A pharmacist opens the CSV in a spreadsheet, so every cell that starts with
``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return) is prefixed with an
apostrophe: text from the input must never run as a formula (CSV injection).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..write import write_atomic
from .model import RowFinding

COLUMNS = ("row", "line", "id", "level", "field", "rule", "message", "status", "labels", "slots")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Slot:
    """Where one label went: the run's page and slot, and the file and its page."""

    page: int
    slot: int
    file: str
    file_page: int


@dataclass(frozen=True)
class RowResult:
    row: int
    id: str
    status: str  # "made" or "failed"
    labels: int
    slots: tuple[Slot, ...]

    def record(self) -> dict[str, object]:
        return {"row": self.row, "id": self.id, "status": self.status, "labels": self.labels,
                "slots": [{"page": s.page, "slot": s.slot, "file": s.file, "file_page": s.file_page} for s in self.slots]}

    def slot_text(self) -> str:
        """'1:3 1:4': page:slot of each label, for a spreadsheet cell."""
        return " ".join(f"{s.page}:{s.slot}" for s in self.slots)


def neutralise(cell: object) -> str:
    text = str(cell)
    return "'" + text if text.startswith(FORMULA_START) else text


def finding_record(finding: RowFinding) -> dict[str, object]:
    return {"row": finding.where.row, "line": finding.where.line, "id": finding.label_id, "level": finding.level,
            "field": finding.field, "rule": finding.rule, "message": finding.message}


def as_csv(findings: Sequence[RowFinding], results: Sequence[RowResult] = ()) -> str:
    """One line per row (status, labels, slots as page:slot), each followed by its problems."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    lines = {f.where.row: f.where.line for f in findings}
    rows = sorted({r.row for r in results} | set(lines))
    by_row = {r.row: r for r in results}
    for row in rows:
        result = by_row.get(row)
        if result is not None:
            message = f"{result.labels} label{'s' if result.labels != 1 else ''}: " + ", ".join(f"page {s.page} slot {s.slot}" for s in result.slots) if result.slots else "not made"
            writer.writerow([neutralise(c) for c in (row, lines.get(row, ""), result.id, "", "", "", message, result.status, result.labels, result.slot_text())])
        for finding in (f for f in findings if f.where.row == row):
            record = finding_record(finding)
            writer.writerow([neutralise(record[c]) for c in COLUMNS[:7]] + ["", "", ""])
    return out.getvalue()


def as_json(source: str, summary: dict[str, object], findings: Sequence[RowFinding], results: Sequence[RowResult] = ()) -> str:
    return json.dumps({"source": source, **summary, "problems": [finding_record(f) for f in findings],
                       "results": [r.record() for r in results]}, indent=2, ensure_ascii=False)


def write_report(path: Path, source: str, summary: dict[str, object], findings: Sequence[RowFinding], results: Sequence[RowResult] = ()) -> Path:
    """Write the report; ``.json`` gives JSON, anything else CSV."""
    data = as_json(source, summary, findings, results) if path.suffix.lower() == ".json" else as_csv(findings, results)
    return write_atomic(path, data)
