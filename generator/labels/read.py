"""Read label data: a CSV batch (one row per label) or YAML (one label or a list).

Both become ``RawRow`` objects: flat column names (the CSV names) with values as
written, plus the source line of the row, so validation can say "row 3 (line 4),
patient_name: ...". Nested YAML (``patient: {name: ...}``) is flattened to the same
names. Unknown columns are errors unless they start with ``x_`` (for the
pharmacy's own notes), because a misspelt column would silently drop a field.
"""

from __future__ import annotations

import csv
import difflib
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ..errors import Problem, SourceError
from .. import yamltext

COLUMNS = (
    "id", "jurisdiction", "patient_name", "medicine_name", "medicine_strength", "medicine_form",
    "medicine_description", "purpose", "directions_text", "sched_morning", "sched_midday", "sched_evening",
    "sched_bedtime", "sched_unit", "prn", "prn_dose", "prn_for", "max_per_24h", "with_food", "duration_days",
    "bnf_labels", "custom_warnings", "external_only", "quantity", "quantity_unit", "date_dispensed",
    "child_warning", "pharmacy_name", "pharmacy_address", "pharmacy_postcode", "pharmacy_phone",
    "rx_number", "prescriber", "palette", "qr_url", "qr_caption",
)
UNKNOWN = "__unknown__"  # fields a YAML label has that we do not know, with their lines
EXTRA = "__extra__"  # a CSV row with more cells than the header has columns
ALIASES = {"sched_noon": "sched_midday", "sched_lunchtime": "sched_midday", "sched_night": "sched_bedtime"}
NESTED = {
    ("patient", "name"): "patient_name",
    ("medicine", "name"): "medicine_name", ("medicine", "strength"): "medicine_strength",
    ("medicine", "form"): "medicine_form", ("medicine", "description"): "medicine_description",
    ("medicine", "purpose"): "purpose", ("medicine", "external_only"): "external_only",
    ("directions", "text"): "directions_text",
    ("precautions", "bnf_labels"): "bnf_labels", ("precautions", "custom"): "custom_warnings",
    ("quantity", "value"): "quantity", ("quantity", "unit"): "quantity_unit",
    ("pharmacy", "name"): "pharmacy_name", ("pharmacy", "address"): "pharmacy_address",
    ("pharmacy", "postcode"): "pharmacy_postcode", ("pharmacy", "phone"): "pharmacy_phone",
    ("qr", "url"): "qr_url", ("qr", "caption"): "qr_caption",
}
SCHEDULE = {"morning": "sched_morning", "midday": "sched_midday", "noon": "sched_midday", "evening": "sched_evening",
            "bedtime": "sched_bedtime", "unit": "sched_unit", "as_needed": "prn", "as_needed_dose": "prn_dose",
            "as_needed_for": "prn_for", "max_per_24h": "max_per_24h", "with_food": "with_food", "duration_days": "duration_days"}


@dataclass(frozen=True)
class RawRow:
    """One label as written: values by column name, and where each came from."""

    path: str
    row: int
    line: int
    values: dict[str, Any]
    lines: dict[str, int]

    def line_of(self, column: str) -> int:
        return self.lines.get(column, self.line)


def column_name(header: str) -> str:
    name = header.strip().lower().replace(" ", "_").replace("-", "_")
    return ALIASES.get(name, name)


def is_known(name: str) -> bool:
    return name in COLUMNS or name.startswith("x_") or (name.startswith("bnf_text_") and name[9:].isdigit())


def unknown_message(name: str) -> str:
    close = difflib.get_close_matches(name.replace(".", "_"), COLUMNS, n=1)
    hint = f"; did you mean '{close[0]}'?" if close else "; start it with x_ to keep your own notes"
    return f"unknown column '{name}'{hint}"


def unknown_column(path: str, line: int, name: str) -> SourceError:
    return SourceError(Problem(path, line, 1, "label-column", unknown_message(name)))


def read_rows(path: Path) -> list[RawRow]:
    """Every label in a CSV or YAML file; file-level problems raise ``SourceError``."""
    shown = str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(Problem(shown, 1, 1, "label-encoding", f"the file is not UTF-8 (byte {exc.start}); save it as 'CSV UTF-8'")) from None
    except OSError as exc:
        raise SourceError(Problem(shown, 0, 0, "label-file", f"cannot read the file: {exc.strerror}")) from None
    if path.suffix.lower() == ".csv":
        rows = _csv_rows(shown, text)
    elif path.suffix.lower() in (".yaml", ".yml"):
        rows = _yaml_rows(shown, text)
    else:
        raise SourceError(Problem(shown, 0, 0, "label-file", "labels come from a .csv or .yaml file"))
    if not rows:
        raise SourceError(Problem(shown, 1, 1, "label-file", "there are no labels in this file; add one row per label under the header"))
    return rows


def _csv_rows(path: str, text: str) -> list[RawRow]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise SourceError(Problem(path, 1, 1, "label-file", "the file is empty; the first line must name the columns")) from None
    except csv.Error as exc:
        raise SourceError(Problem(path, 1, 1, "label-file", f"not a readable CSV file: {exc}")) from None
    names = [column_name(h) for h in header]
    for name in names:
        if not is_known(name):
            raise unknown_column(path, 1, name)
    for required in ("patient_name", "medicine_name"):
        if required not in names:
            raise SourceError(Problem(path, 1, 1, "label-column", f"the header has no '{required}' column; the first line must name the columns"))
    rows: list[RawRow] = []
    start = reader.line_num + 1
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            values: dict[str, Any] = {}
            for name, cell in zip(names, cells):
                if cell.strip():
                    values[name] = cell.strip()
            if len(cells) > len(names):
                values[EXTRA] = len(cells) - len(names)
            rows.append(RawRow(path, len(rows) + 1, line, values, {}))
    except csv.Error as exc:
        raise SourceError(Problem(path, reader.line_num, 1, "label-file", f"broken CSV: {exc}; check the quotes on this line")) from None
    return rows


def _yaml_rows(path: str, text: str) -> list[RawRow]:
    data, node = yamltext.load_located(text, path, "label-file", SourceError)
    if isinstance(data, dict) and "labels" in data:
        data = data["labels"]
        node = next(v for k, v in node.value if k.value == "labels")
    items = data if isinstance(data, list) else [data]
    nodes = node.value if isinstance(data, list) else [node]
    rows: list[RawRow] = []
    for item, item_node in zip(items, nodes):
        line = item_node.start_mark.line + 1
        if not isinstance(item, dict):
            raise SourceError(Problem(path, line, 1, "label-file", "each label must be a set of 'field: value' lines"))
        values, lines = _flatten(path, item, item_node)
        rows.append(RawRow(path, len(rows) + 1, line, values, lines))
    return rows


def _flatten(path: str, item: dict[str, Any], node: yaml.MappingNode) -> tuple[dict[str, Any], dict[str, int]]:
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    unknown: list[tuple[str, int]] = []

    def put(name: str, value: Any, line: int) -> None:
        if value is None or value == "":
            return
        if isinstance(value, date):
            value = value.isoformat()
        values[name], lines[name] = value, line

    for key_node, value_node in node.value:
        key, value, line = column_name(str(key_node.value)), item[key_node.value], key_node.start_mark.line + 1
        if isinstance(value, dict):
            sub_nodes = {k.value: (k, v) for k, v in value_node.value}
            for sub_key, sub_value in value.items():
                sub_line = sub_nodes[sub_key][0].start_mark.line + 1
                if key == "directions" and sub_key == "schedule" and isinstance(sub_value, dict):
                    for period, amount in sub_value.items():
                        if period in SCHEDULE:
                            put(SCHEDULE[period], amount, sub_line)
                        else:
                            unknown.append((f"schedule.{period}", sub_line))
                elif key == "precautions" and sub_key == "bnf_text" and isinstance(sub_value, dict):
                    for number, words in sub_value.items():
                        put(f"bnf_text_{number}", words, sub_line)
                elif (key, sub_key) in NESTED:
                    put(NESTED[(key, sub_key)], sub_value, sub_line)
                else:
                    unknown.append((f"{key}.{sub_key}", sub_line))
        elif key == "quantity" or is_known(key):
            put(key, value, line)
        else:
            unknown.append((key, line))
    if unknown:  # reported by validation against this label only, not the whole file
        values[UNKNOWN] = unknown
    return values, lines
