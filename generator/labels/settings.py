"""The ``labels:`` section of ``easyread.yaml``: what the pharmacy supplies.

    labels:
      bnf_text:            # your licensed BNF wording, by label number (never shipped with easyread)
        2: "..."
      bnf_fallback: true   # with no wording for a number, print our plain-words topic (default)
      qr_domains: [www.nhs.uk]   # QR links must be on one of these hosts (default: any https)
      defaults:            # values for empty cells, e.g. your own pharmacy's details
        pharmacy_name: High Street Pharmacy
      columns:             # your export's headers -> easyread fields, or ignore
        "Patient Name": patient_name
        "NHS Number": ignore
      date_format: "%d/%m/%Y"    # how your export writes dates (default 2026-11-20)

Every mistake is a usage error at its own line, with a "did you mean" when the
spelling is close.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from ..config import load_settings
from ..errors import ConfigError, Problem
from .columns import COLUMNS, IGNORE, is_known, misspelt, words

KEYS = ("bnf_text", "bnf_fallback", "qr_domains", "defaults", "columns", "date_format")
SAMPLES = (date(2026, 11, 20), date(2031, 2, 3))  # a date format must give these back exactly


@dataclass(frozen=True)
class LabelSettings:
    bnf_text: dict[int, str] = field(default_factory=dict)
    bnf_fallback: bool = True
    qr_domains: tuple[str, ...] = ()
    defaults: dict[str, str] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)  # export header -> field or "ignore"
    date_format: str | None = None  # strftime codes; None: ISO 2026-11-20
    today: date = field(default_factory=date.today)


class _Lines:
    """Lines of keys inside the ``labels:`` section, when we have its YAML node."""

    def __init__(self, path: str, line: int, node: Any) -> None:
        self.path, self.line, self.node = path, line, node if isinstance(node, yaml.MappingNode) else None

    def pairs(self, key: str) -> list[tuple[yaml.Node, yaml.Node]]:
        value = self.value(key)
        return list(value.value) if isinstance(value, yaml.MappingNode) else []

    def value(self, key: str) -> yaml.Node | None:
        for key_node, value_node in self.node.value if self.node else ():
            if key_node.value == key:
                return value_node
        return None

    def of(self, key: str, sub: Any = None) -> int:
        for key_node, value_node in self.node.value if self.node else ():
            if key_node.value == key:
                if sub is not None and isinstance(value_node, yaml.MappingNode):
                    for sub_key, _ in value_node.value:
                        if sub_key.value == str(sub):
                            return sub_key.start_mark.line + 1
                return key_node.start_mark.line + 1
        return self.line

    def error(self, line: int, message: str) -> ConfigError:
        return ConfigError(Problem(self.path, line, 1, "config", message))


def label_settings(raw: Any, path: str = "easyread.yaml", today: date | None = None, line: int = 1, node: Any = None) -> LabelSettings:
    """Check the ``labels:`` section; ``line`` is where it starts and ``node`` its YAML, for each key's line."""
    raw = raw or {}
    at = _Lines(path, line, node)
    if not isinstance(raw, dict):
        raise at.error(line, "'labels' must be a set of 'key: value' lines")
    for key in raw:
        if key not in KEYS:
            close = misspelt(str(key), KEYS)
            hint = f"did you mean '{close}'? " if close else ""
            raise at.error(at.of(key), f"unknown labels setting '{key}'; {hint}use: {', '.join(sorted(KEYS))}")
    texts: dict[int, str] = {}
    for number, words_ in _mapping(raw, "bnf_text", at).items():
        if not str(number).isdigit() or not isinstance(words_, str) or not words_.strip():
            raise at.error(at.of("bnf_text", number), f"labels.bnf_text: '{number}' must be a label number with its wording as text")
        texts[int(number)] = words_.strip()
    defaults = {str(k): str(v) for k, v in _mapping(raw, "defaults", at).items()}
    for column in defaults:
        if not is_known(column):
            close = misspelt(column)
            hint = f"; did you mean '{close}'?" if close else ""
            raise at.error(at.of("defaults", column), f"labels.defaults: unknown column '{column}'{hint}")
    return LabelSettings(
        bnf_text=texts,
        bnf_fallback=bool(raw.get("bnf_fallback", True)),
        qr_domains=tuple(str(d).lower() for d in raw.get("qr_domains") or ()),
        defaults=defaults,
        columns=_columns(raw, at),
        date_format=_date_format(raw.get("date_format"), at),
        today=today or date.today(),
    )


def _mapping(raw: dict[str, Any], key: str, at: _Lines) -> dict[Any, Any]:
    value = raw.get(key) or {}
    if not isinstance(value, dict):
        raise at.error(at.of(key), f"labels.{key} must be a set of 'key: value' lines")
    return value


def _columns(raw: dict[str, Any], at: _Lines) -> dict[str, str]:
    """Export header -> field or ignore; every target must be a real field."""
    given = _mapping(raw, "columns", at)
    # With the YAML nodes we read keys and values as written: 'Yes' stays 'Yes', not True.
    pairs = [(k.value, v.value if isinstance(v, yaml.ScalarNode) else None, k.start_mark.line + 1) for k, v in at.pairs("columns")]
    if not pairs:
        pairs = [(str(k), v if isinstance(v, str) else None, at.of("columns")) for k, v in given.items()]
    columns: dict[str, str] = {}
    seen: dict[str, str] = {}
    for header, target, line in pairs:
        header = str(header).strip()
        if not header:
            raise at.error(line, "labels.columns: a column name is empty; write the header as your export spells it")
        if words(header) in seen:
            raise at.error(line, f"labels.columns: '{header}' is mapped twice (also as '{seen[words(header)]}'); keep one")
        seen[words(header)] = header
        target = str(target or "").strip()
        if target == IGNORE or (is_known(target) and target == target.lower()):
            columns[header] = target
            continue
        if target in ("", "FIELD"):
            raise at.error(line, f"labels.columns: '{header}' needs the field it holds (one of: {', '.join(COLUMNS)}), or ignore")
        close = misspelt(target, (*COLUMNS, IGNORE))
        hint = f"; did you mean '{close}'?" if close else f"; use one of: {', '.join(COLUMNS)}, or ignore"
        raise at.error(line, f"labels.columns: '{header}' -> '{target}' is not a label field{hint}")
    return columns


def _date_format(value: Any, at: _Lines) -> str | None:
    if value is None:
        return None
    line = at.of("date_format")
    if not isinstance(value, str) or "%" not in value:
        raise at.error(line, f"labels.date_format: '{value}' must be strftime codes in quotes, like \"%d/%m/%Y\" for 20/11/2026")
    for sample in SAMPLES:
        try:
            back = datetime.strptime(sample.strftime(value), value).date()
        except ValueError:
            back = None
        if back != sample:
            raise at.error(line, f"labels.date_format: '{value}' cannot be read back to a date; give the day, month and year, like \"%d/%m/%Y\" for 20/11/2026")
    return value


def project_settings(root: Path, today: date | None = None) -> LabelSettings:
    """The ``labels:`` section of the project's easyread.yaml, checked."""
    config = load_settings(root)
    return label_settings(config.labels, config.path, today, config.lines.get("labels", 1), config.nodes.get("labels"))
