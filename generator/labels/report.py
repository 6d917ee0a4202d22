"""The per-row report written beside a batch's PDFs, as CSV or JSON.

A pharmacist opens the CSV in a spreadsheet, so every cell that starts with
``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return) is prefixed with an
apostrophe: text from the input must never run as a formula (CSV injection).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path

from ..write import write_atomic
from .model import RowFinding

COLUMNS = ("row", "line", "id", "level", "field", "rule", "message")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: object) -> str:
    text = str(cell)
    return "'" + text if text.startswith(FORMULA_START) else text


def finding_record(finding: RowFinding) -> dict[str, object]:
    return {"row": finding.where.row, "line": finding.where.line, "id": finding.label_id, "level": finding.level,
            "field": finding.field, "rule": finding.rule, "message": finding.message}


def as_csv(findings: Sequence[RowFinding]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for finding in findings:
        record = finding_record(finding)
        writer.writerow([neutralise(record[c]) for c in COLUMNS])
    return out.getvalue()


def as_json(source: str, summary: dict[str, object], findings: Sequence[RowFinding]) -> str:
    return json.dumps({"source": source, **summary, "problems": [finding_record(f) for f in findings]}, indent=2, ensure_ascii=False)


def write_report(path: Path, source: str, summary: dict[str, object], findings: Sequence[RowFinding]) -> Path:
    """Write the report; ``.json`` gives JSON, anything else CSV."""
    data = as_json(source, summary, findings) if path.suffix.lower() == ".json" else as_csv(findings)
    return write_atomic(path, data)
