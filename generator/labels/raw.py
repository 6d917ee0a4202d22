"""What reading a label file gives: raw rows, what was wrong with them as read, and notes.

Reading (``read.py`` for delimited exports, ``yamlrows.py`` for YAML) produces these;
validation turns each row into a ``Label`` or into findings that name the row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

BROKEN = "label-bad-row"  # a row whose cells cannot be trusted: only this is reported for it


@dataclass(frozen=True)
class ReadProblem:
    """Something wrong with a row as read; it fails that row only."""

    field: str
    line: int
    rule: str
    message: str


@dataclass(frozen=True)
class RawRow:
    """One label as written: values by field name, where each came from, and read problems."""

    path: str
    row: int
    line: int
    values: dict[str, Any]
    lines: dict[str, int]
    problems: tuple[ReadProblem, ...] = ()

    def line_of(self, column: str) -> int:
        return self.lines.get(column, self.line)


@dataclass(frozen=True)
class LabelFile:
    """Every row of one label file, and what the reader wants the user to know."""

    path: str
    rows: tuple[RawRow, ...]
    notes: tuple[str, ...] = field(default=())
