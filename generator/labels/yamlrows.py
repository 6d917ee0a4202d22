"""Labels written in YAML: one label, a list, or a list under ``labels:``.

Nested fields (``patient: {name: ...}``, ``directions: {schedule: {morning: 1}}``) are
flattened to the CSV field names, each with its own line, so a finding points at the
line to fix. An unknown field, an invisible character or an over-long value fails
that label only.
"""

from __future__ import annotations

from typing import Any

import yaml

from .. import yamltext
from ..errors import Problem, SourceError
from . import csvtext
from .columns import column_name, is_known, unknown_message
from .limits import MAX_CELL_CHARS
from .raw import RawRow, ReadProblem

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


def yaml_rows(path: str, text: str) -> list[RawRow]:
    data, node = yamltext.load_located(text, path, "label-file", SourceError)
    if data is None or node is None:
        return []
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
        values, lines, problems = _flatten(item, item_node)
        rows.append(RawRow(path, len(rows) + 1, line, values, lines, tuple(problems)))
    return rows


def _flatten(item: dict[Any, Any], node: yaml.MappingNode) -> tuple[dict[str, Any], dict[str, int], list[ReadProblem]]:
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    problems: list[ReadProblem] = []

    def put(name: str, value: Any, line: int) -> None:
        if value is None or value == "":
            return
        for text in value if isinstance(value, list) else [value]:
            if not isinstance(text, str):
                continue
            if len(text) > MAX_CELL_CHARS:
                problems.append(ReadProblem(name, line, "label-too-long", f"{len(text):,} characters; a field may hold {MAX_CELL_CHARS:,} at most"))
                return
            hidden = csvtext.invisible(text)
            if hidden:
                problems.append(ReadProblem(name, line, "label-control-character",
                                            f"character {hidden[0]} is {hidden[1]}"))
        values[name], lines[name] = value, line

    def unknown(name: str, line: int) -> None:
        problems.append(ReadProblem(name, line, "label-column", unknown_message(name)))

    for key_node, value_node in node.value:
        key, value, line = column_name(str(key_node.value)), item[key_node.value], key_node.start_mark.line + 1
        if isinstance(value, dict):
            sub_nodes = {k.value: (k, v) for k, v in value_node.value}
            for sub_key, sub_value in value.items():
                sub_line = sub_nodes[sub_key][0].start_mark.line + 1 if sub_key in sub_nodes else line
                if key == "directions" and sub_key == "schedule" and isinstance(sub_value, dict):
                    for period, amount in sub_value.items():
                        if period in SCHEDULE:
                            put(SCHEDULE[period], amount, sub_line)
                        else:
                            unknown(f"schedule.{period}", sub_line)
                elif key == "precautions" and sub_key == "bnf_text" and isinstance(sub_value, dict):
                    for number, words_ in sub_value.items():
                        put(f"bnf_text_{number}", words_, sub_line)
                elif (key, sub_key) in NESTED:
                    put(NESTED[(key, sub_key)], sub_value, sub_line)
                else:
                    unknown(f"{key}.{sub_key}", sub_line)
        elif key == "quantity" or is_known(key):
            put(key, value, line)
        else:
            unknown(key, line)
    return values, lines, problems
