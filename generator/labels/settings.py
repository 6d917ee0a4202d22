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
      info_url: "https://www.example-pharmacy.co.uk/easy-read/{medicine}"   # QR link per medicine on the companion sheet
      stocks:              # your own label stocks and A4 sheets, the same shape as generator/labels/stocks.yaml
        dispensing-80x50: {width: 80, height: 50, padding: 2, note: "80 x 50 mm dispensing label"}
      sheets:
        our-sheet: {label: [99.1, 67.7], grid: [2, 4], margin: [4.65, 13.1], pitch: [101.6, 67.7]}
      aliases: {80x50: dispensing-80x50}
      reminder_times:      # when --reminders rings, 24-hour clock (these are the defaults)
        {morning: "08:00", midday: "12:00", evening: "18:00", bedtime: "22:00"}

Every mistake is a usage error at its own line, with a "did you mean" when the
spelling is close.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..config import load_settings
from ..errors import ConfigError, Problem
from .columns import COLUMNS, IGNORE, is_known, misspelt, words
from .rules import LabelRules, builtin_label_rules, label_rules
from .stock import Catalogue, catalogue, with_project

KEYS = ("bnf_text", "bnf_fallback", "qr_domains", "defaults", "columns", "date_format", "reminder_times", "info_url", "stocks", "sheets", "aliases")
REMINDER_TIMES = {"morning": time(8, 0), "midday": time(12, 0), "evening": time(18, 0), "bedtime": time(22, 0)}
CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
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
    reminder_times: dict[str, time] = field(default_factory=lambda: dict(REMINDER_TIMES))
    info_url: str = ""  # https link with {medicine}: a QR code per medicine on the companion sheet
    # The bundled label stocks and sheets, with the project's own (stocks:, sheets:, aliases:).
    stocks: Catalogue = field(default_factory=catalogue)
    # The label rules in force (ids, levels, wording): the 'label' profile with the
    # project's 'rules:' overrides. Not part of the labels: section.
    rules: LabelRules = field(default_factory=builtin_label_rules)


class _Lines:
    """Where each key of the ``labels:`` section is, from ``config``'s dotted lines ('labels.columns.Drug')."""

    def __init__(self, path: str, line: int, lines: dict[str, int] | None) -> None:
        self.path, self.line, self.lines = path, line, lines or {}

    def of(self, key: str, sub: Any = None) -> int:
        section = self.lines.get(f"labels.{key}", self.line)
        return section if sub is None else self.lines.get(f"labels.{key}.{sub}", section)

    def error(self, line: int, message: str) -> ConfigError:
        return ConfigError(Problem(self.path, line, 1, "config", message))


def label_settings(raw: Any, path: str = "easyread.yaml", today: date | None = None, line: int = 1,
                   lines: dict[str, int] | None = None) -> LabelSettings:
    """Check the ``labels:`` section; ``line`` is where it starts, ``lines`` where each key is (from ``config``)."""
    raw = raw or {}
    at = _Lines(path, line, lines)
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
        reminder_times=_reminder_times(raw.get("reminder_times"), path, lines or {}, line),
        info_url=_info_url(raw.get("info_url"), path, (lines or {}).get("labels.info_url", line)),
        stocks=with_project(raw, path, lines or {}, line),
    )


def _mapping(raw: dict[str, Any], key: str, at: _Lines) -> dict[Any, Any]:
    value = raw.get(key) or {}
    if not isinstance(value, dict):
        raise at.error(at.of(key), f"labels.{key} must be a set of 'key: value' lines")
    return value


def _columns(raw: dict[str, Any], at: _Lines) -> dict[str, str]:
    """Export header -> field or ignore; every target must be a real field."""
    columns: dict[str, str] = {}
    seen: dict[str, str] = {}
    for key, value in _mapping(raw, "columns", at).items():
        line = at.of("columns", key)
        if not isinstance(key, str):  # YAML read Yes, No, 1 or a date as something else
            raise at.error(line, f"labels.columns: put the header {key!r} in quotes, as your export spells it")
        header = key.strip()
        if not header:
            raise at.error(line, "labels.columns: a column name is empty; write the header as your export spells it")
        if words(header) in seen:
            raise at.error(line, f"labels.columns: '{header}' is mapped twice (also as '{seen[words(header)]}'); keep one")
        seen[words(header)] = header
        target = value.strip() if isinstance(value, str) else ""
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


def _reminder_times(raw: Any, path: str, lines: dict[str, int], line: int) -> dict[str, time]:
    """The clock time for each part of the day; a time written as 8:00 without quotes is refused.

    (YAML reads an unquoted 8:00 as the number 480, so we ask for quotes instead of guessing.)
    """
    times = dict(REMINDER_TIMES)
    if raw is None:
        return times
    where = lines.get("labels.reminder_times", line)
    if not isinstance(raw, dict):
        raise ConfigError(Problem(path, where, 1, "config", 'labels.reminder_times must be parts of the day with times, like morning: "08:00"'))
    for period, value in raw.items():
        at = lines.get(f"labels.reminder_times.{period}", where)
        if period not in REMINDER_TIMES:
            raise ConfigError(Problem(path, at, 1, "config", f"labels.reminder_times: unknown part of the day '{period}'; use: {', '.join(REMINDER_TIMES)}"))
        match = CLOCK.match(value) if isinstance(value, str) else None
        if not match:
            raise ConfigError(Problem(path, at, 1, "config", f'labels.reminder_times.{period}: write a 24-hour time in quotes, like {period}: "{REMINDER_TIMES[period]:%H:%M}"'))
        times[period] = time(int(match.group(1)), int(match.group(2)))
    order = [times[p] for p in REMINDER_TIMES]
    if order != sorted(order) or len(set(order)) != len(order):
        raise ConfigError(Problem(path, where, 1, "config", "labels.reminder_times must run through the day: morning, then midday, evening and bedtime, each later than the one before"))
    return times


def _info_url(value: Any, path: str, line: int) -> str:
    """An https link with ``{medicine}`` in it once, or nothing (no QR codes)."""
    if value in (None, ""):
        return ""
    fix = "use a link such as https://www.example-pharmacy.co.uk/easy-read/{medicine}"
    if not isinstance(value, str):
        raise ConfigError(Problem(path, line, 1, "config", f"labels.info_url must be a link in quotes; {fix}"))
    if urlsplit(value.replace("{medicine}", "x")).scheme != "https" or not urlsplit(value.replace("{medicine}", "x")).hostname:
        raise ConfigError(Problem(path, line, 1, "config", f"labels.info_url '{value}' must start with https://; {fix}"))
    rest = value.replace("{medicine}", "", 1)
    if "{medicine}" not in value or "{" in rest or "}" in rest or len(value) > 200:
        raise ConfigError(Problem(path, line, 1, "config", f"labels.info_url '{value}' must hold {{medicine}} once, where the medicine name goes, in 200 characters or fewer; {fix}"))
    return value


def project_settings(root: Path, today: date | None = None) -> LabelSettings:
    """The ``labels:`` section of the project's easyread.yaml, checked."""
    config = load_settings(root)
    settings = label_settings(config.labels, config.path, today, config.lines.get("labels", 1), config.lines)
    return replace(settings, rules=label_rules(config))
