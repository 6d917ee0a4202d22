"""Validate a label batch without rendering it: ``easyread check batch.csv`` and CI.

Reading and validation are the first two stages of ``easyread labels``; this is
them alone, so a batch can be linted in a pre-commit hook in well under a second.
What only the layout can tell (a field that does not fit its label) is found when
the labels are made.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..load import display_path
from ..model import Finding, Report, Span
from ..project import Project
from .model import Label, RowFinding
from .read import RawRow, read_file
from .settings import LabelSettings, project_settings
from .validate import validate_rows


@dataclass(frozen=True)
class CheckedBatch:
    """What validation made of a file: its rows, the labels they give, every finding."""

    source: str
    rows: int
    labels: tuple[Label, ...]
    findings: tuple[RowFinding, ...]
    notes: tuple[str, ...] = ()
    raw: tuple[RawRow, ...] = ()  # the rows as read, for what needs the row itself (reprints, the companion sheet)

    @property
    def failed_rows(self) -> list[int]:
        return sorted({f.where.row for f in self.findings if f.level == "error"})


def check_batch(path: Path, settings: LabelSettings, mode: str = "large-print", config: str = "easyread.yaml") -> CheckedBatch:
    """Read and validate every row of ``path``; file-level problems raise."""
    found = read_file(path, settings.columns, config)
    labels, findings = validate_rows(found.rows, settings, mode)
    findings.sort(key=lambda f: (f.where.row, f.level != "error"))
    return CheckedBatch(found.path, len(found.rows), tuple(labels), tuple(findings), found.notes, tuple(found.rows))


def check_label_file(path: Path, mode: str = "large-print", today: date | None = None) -> CheckedBatch:
    """``check_batch`` with the settings of the project the file is in."""
    root = Project.for_path(path).root
    return check_batch(path, project_settings(root, today), mode, display_path(root / "easyread.yaml"))


@dataclass(frozen=True, slots=True)
class LabelFinding(Finding):
    """A checker finding for one label row; JSON also gets the row, field and id."""

    row: int = 0
    field: str = ""
    label_id: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {**Finding.as_dict(self), "row": self.row, "field": self.field, "id": self.label_id}


def as_report(checked: CheckedBatch) -> Report:
    """The batch as a checker report: one finding per row problem, in the checker's line format."""
    findings = tuple(
        LabelFinding(f.rule, f.level, f"row {f.where.row}, {f.field}: {f.message}", Span(f.where.path, f.where.line, 1),  # type: ignore[arg-type]
                     row=f.where.row, field=f.field, label_id=f.label_id)
        for f in checked.findings
    )
    metrics = {"kind": "labels", "rows": checked.rows, "labels": len(checked.labels), "failed": len(checked.failed_rows)}
    return Report(checked.source, findings, MappingProxyType(metrics))


def summary_line(checked: CheckedBatch) -> str:
    """'batch.csv: 16 rows, 15 ready, 1 failed (row 3) · 1 error, 2 warnings'."""
    failed = checked.failed_rows
    errors = sum(f.level == "error" for f in checked.findings)
    warnings = sum(f.level == "warning" for f in checked.findings)
    rows = ", ".join(map(str, failed[:20])) + (" ..." if len(failed) > 20 else "")
    return (f"{checked.source}: {_count(checked.rows, 'row')}, {len(checked.labels)} ready, {len(failed)} failed"
            + (f" (row{'s' if len(failed) > 1 else ''} {rows})" if failed else "")
            + f" · {_count(errors, 'error')}, {_count(warnings, 'warning')}")


def _count(number: int, word: str) -> str:
    return f"{number} {word}" + ("" if number == 1 else "s")
