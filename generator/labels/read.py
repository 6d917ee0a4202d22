"""Read label data: a delimited export (one row per label) or YAML (``yamlrows.py``).

Both become ``RawRow`` objects: field names with values as written, the source line
of the row, and what was wrong with the row as read (a broken quote, an invisible
character, a cell over the limit), so validation can say "row 3 (line 4),
patient_name: ..." and fail that row alone.

The header decides what each column is: a field name, a mapping from
``easyread.yaml`` (``labels: columns:``), ``ignore``, or an ``x_`` note. Anything
else, a blank name or two columns for one field stops the batch with one usage
error, because a misread header would print the wrong thing on every label.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..errors import ConfigError, Problem, SourceError
from . import csvtext
from .columns import IGNORE, column_name, is_known, unmapped_message, words
from .limits import MAX_CELL_CHARS, MAX_COLUMNS, MAX_FILE_BYTES, MAX_HEADER_CHARS, MAX_ROWS, size
from .raw import BROKEN, LabelFile, RawRow, ReadProblem
from .yamlrows import yaml_rows

DELIMITED = (".csv", ".tsv", ".txt")
SUFFIXES = (*DELIMITED, ".yaml", ".yml")
UNNAMED = "__unnamed__"  # a last column with no name: allowed while every cell in it is empty


def read_rows(path: Path, columns: Mapping[str, str] | None = None) -> list[RawRow]:
    return list(read_file(path, columns).rows)


def read_file(path: Path, columns: Mapping[str, str] | None = None, config: str = "easyread.yaml") -> LabelFile:
    """Every label in a delimited or YAML file; file-level problems raise.

    ``columns`` maps export headers to fields (or ``ignore``); ``config`` names the
    settings file in the message that asks for a mapping.
    """
    shown = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise SourceError(Problem(shown, 0, 0, "label-file", "labels come from a .csv (or .tsv, .txt) or .yaml file"))
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise SourceError(Problem(shown, 0, 0, "label-file", f"cannot read the file: {exc.strerror}")) from None
    if len(data) > MAX_FILE_BYTES:
        raise SourceError(Problem(shown, 0, 0, "label-limit", f"the file is over {size(MAX_FILE_BYTES)}, the most a label file may be; split it into smaller files"))
    try:
        decoded = csvtext.decode(data)
    except csvtext.TextError as exc:
        raise SourceError(Problem(shown, 1, 1, "label-encoding", str(exc))) from None
    if suffix in DELIMITED:
        found = _delimited(shown, decoded.text, columns or {}, config)
    else:
        found = LabelFile(shown, tuple(yaml_rows(shown, decoded.text)))
    if not found.rows:
        raise SourceError(Problem(shown, 1, 1, "label-file", "there are no labels in this file; add one row per label under the header"))
    if len(found.rows) > MAX_ROWS:
        raise SourceError(Problem(shown, 0, 0, "label-limit", f"the file has more than {MAX_ROWS:,} labels, the most one file may hold; split it into smaller files"))
    if decoded.encoding == "Windows-1252" and not decoded.text.isascii():
        found = LabelFile(found.path, found.rows, (*found.notes, f"{shown} is not UTF-8 and was read as Windows-1252: check accented names on the labels, or export it as 'CSV UTF-8'"))
    return found


@dataclass(frozen=True)
class _Column:
    header: str  # as written in the file
    field: str | None  # None: ignored

    @property
    def name(self) -> str:
        return self.field or self.header

    @property
    def shown(self) -> str:
        """' (column 'Drug')' when the export's header is not the field's own name."""
        return "" if self.header in ("", self.field) else f" (column '{self.header}')"


def _delimited(path: str, text: str, columns: Mapping[str, str], config: str) -> LabelFile:
    physical = csvtext.lines(text)
    first = next((i for i, line in enumerate(physical) if line.strip(" \t,;")), None)
    if first is None:
        raise SourceError(Problem(path, 1, 1, "label-file", "the file is empty; the first line must name the columns"))
    delimiter = csvtext.sniff(physical[first])
    given = re.fullmatch(r"sep=([,;\t])", physical[first].strip(" "))  # Excel's line naming the delimiter
    if given:
        delimiter = given.group(1)
        first = next((i for i in range(first + 1, len(physical)) if physical[i].strip(" \t,;")), len(physical))
        if first == len(physical):
            raise SourceError(Problem(path, 2, 1, "label-file", "there is no header after the 'sep=' line; the next line must name the columns"))
    header_line = first + 1
    cells, broken = csvtext.split(physical[first], delimiter)
    if broken:
        raise SourceError(Problem(path, header_line, 1, "label-file", f"the header line cannot be read: {broken}"))
    table = _header(path, header_line, cells, columns, config)
    rows: list[RawRow] = []
    unnamed_used: list[int] = []
    for number in range(first + 1, len(physical)):
        line = physical[number]
        if csvtext.is_blank(line, delimiter):
            continue
        row, short = _row(path, len(rows) + 1, number + 1, line, delimiter, table)
        if short and rows and rows[-1].line == number and not _broken(rows[-1]):
            rows[-1] = _continued(rows[-1])
        rows.append(row)
        if row.values.pop(UNNAMED, None):  # text under a trailing column with no name
            unnamed_used.append(row.row)
        if len(rows) > MAX_ROWS:
            break
    if unnamed_used:
        listed = ", ".join(map(str, unnamed_used[:10])) + (" ..." if len(unnamed_used) > 10 else "")
        raise ConfigError(Problem(path, header_line, 1, "label-column",
                                  f"the last column has no name, but row {listed} has text in it; give the column a name (or map it) so nothing in it is lost"))
    return LabelFile(path, tuple(rows))


def _broken(row: RawRow) -> bool:
    return any(problem.rule == BROKEN for problem in row.problems)


def _continued(row: RawRow) -> RawRow:
    """A row followed by a line with too few cells: that line may be the rest of this row's last cell.

    An unquoted line break in the last cell leaves a row that looks whole (with half an
    address, or half the directions) and a short line after it. We cannot tell that
    from a short row that follows a good one, so both fail: a label is never made
    from half a cell.
    """
    message = ("broken row: the next line has too few cells, so it may be the rest of this row's last cell (a line break inside it); "
               "put that cell in quotes or remove the line break")
    return replace(row, values={k: v for k, v in row.values.items() if k == "id"}, problems=(ReadProblem("row", row.line, BROKEN, message),))


def _header(path: str, line: int, cells: list[str], columns: Mapping[str, str], config: str) -> list[_Column]:
    """What each column holds; every header problem is reported at once, as a usage error."""
    if len(cells) > MAX_COLUMNS:
        raise SourceError(Problem(path, line, 1, "label-limit", f"the header names {len(cells)} columns; a label file may have {MAX_COLUMNS} at most"))
    mapped = {key.strip(): value for key, value in columns.items()}
    by_words = {words(key): value for key, value in mapped.items()}
    table: list[_Column] = []
    problems: list[Problem] = []
    unknown: list[str] = []
    for index, cell in enumerate(cells, 1):
        header = cell.strip(" \t")
        if len(header) > MAX_HEADER_CHARS:
            raise SourceError(Problem(path, line, 1, "label-limit", f"column {index}'s name is {len(header):,} characters long ({MAX_HEADER_CHARS} at most); is the first line the header?"))
        hidden = csvtext.invisible(header)
        if hidden:
            problems.append(Problem(path, line, 1, "label-column", f"the name of column {index} ('{csvtext.shown(header)}'), character {hidden[0]}: {hidden[1]}"))
            table.append(_Column(header, None))
            continue
        if not header:
            if index < len(cells):
                problems.append(Problem(path, line, 1, "label-column", f"column {index} has no name; name it (or remove the column), so its cells cannot be lost"))
            table.append(_Column("", UNNAMED))
            continue
        target = mapped.get(header, by_words.get(words(header)))
        if target is None:
            target = column_name(header)
            if not is_known(target):
                unknown.append(header)
                table.append(_Column(header, None))
                continue
        table.append(_Column(header, None if target == IGNORE else target))
    if unknown:
        problems.insert(0, Problem(path, line, 1, "label-column", unmapped_message(unknown, config)))
    seen: dict[str, int] = {}
    for index, column in enumerate(table, 1):
        if column.field in (None, UNNAMED):
            continue
        if column.field in seen:
            other = table[seen[column.field] - 1]
            problems.append(Problem(path, line, 1, "label-column",
                                    f"columns {seen[column.field]} ('{other.header}') and {index} ('{column.header}') both give {column.field}; "
                                    "keep one, or map the other to ignore in easyread.yaml (labels: columns:)"))
        else:
            seen[column.field] = index
    if problems:
        raise ConfigError(problems)
    for required in ("patient_name", "medicine_name"):
        if required not in seen:
            raise SourceError(Problem(path, line, 1, "label-column",
                                      f"no column gives {required}; name a column {required}, or map your export's column to it in {config} (labels: columns:)"))
    return table


def _row(path: str, number: int, line: int, text: str, delimiter: str, table: list[_Column]) -> tuple[RawRow, bool]:
    """The row on one line, and whether its quotes were fine but it has too few cells."""
    cells, broken = csvtext.split(text, delimiter)
    short = broken is None and len(cells) < len(table)
    if broken is None and len(cells) != len(table):
        name = csvtext.DELIMITER_NAMES[delimiter]
        broken = (f"this row has {len(cells)} cells but the header has {len(table)} columns; "
                  + (f"a cell holds a {name} without quotes around it" if len(cells) > len(table) else f"a cell or a {name} is missing"))
    if broken is not None:
        ids = [i for i, column in enumerate(table) if column.field == "id"]
        label_id = cells[ids[0]].strip() if ids and ids[0] < len(cells) and len(cells) <= len(table) else ""
        known = {"id": label_id} if label_id and not csvtext.invisible(label_id) else {}  # names the row in the report
        return RawRow(path, number, line, known, {}, (ReadProblem("row", line, BROKEN, f"broken row: {broken}"),)), short
    values: dict[str, Any] = {}
    problems: list[ReadProblem] = []
    for column, cell in zip(table, cells):
        value = cell.strip(" \t")
        if len(value) > MAX_CELL_CHARS:
            problems.append(ReadProblem(column.name, line, "label-too-long",
                                        f"the cell{column.shown} is {len(value):,} characters; a cell may hold {MAX_CELL_CHARS:,} at most"))
        elif column.field is not None:
            hidden = csvtext.invisible(value)
            if hidden:
                problems.append(ReadProblem(column.name, line, "label-control-character", f"character {hidden[0]}{column.shown} is {hidden[1]}"))
            value = value.strip()
            if value:
                values[column.field] = value
    return RawRow(path, number, line, values, {}, tuple(problems)), False


__all__ = ["BROKEN", "SUFFIXES", "LabelFile", "RawRow", "ReadProblem", "read_file", "read_rows"]
