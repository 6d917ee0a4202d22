"""The ``labels:`` section of ``easyread.yaml``: what the pharmacy supplies.

    labels:
      bnf_text:            # your licensed BNF wording, by label number (never shipped with easyread)
        2: "..."
      bnf_fallback: true   # with no wording for a number, print our plain-words topic (default)
      qr_domains: [www.nhs.uk]   # QR links must be on one of these hosts (default: any https)
      defaults:            # values for empty cells, e.g. your own pharmacy's details
        pharmacy_name: High Street Pharmacy
      info_url: "https://www.example-pharmacy.co.uk/easy-read/{medicine}"   # QR link per medicine on the companion sheet
      reminder_times:      # when --reminders rings, 24-hour clock (these are the defaults)
        {morning: "08:00", midday: "12:00", evening: "18:00", bedtime: "22:00"}
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any
from urllib.parse import urlsplit

from ..errors import ConfigError, Problem
from .read import is_known

KEYS = {"bnf_text", "bnf_fallback", "qr_domains", "defaults", "reminder_times", "info_url"}
REMINDER_TIMES = {"morning": time(8, 0), "midday": time(12, 0), "evening": time(18, 0), "bedtime": time(22, 0)}
CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class LabelSettings:
    bnf_text: dict[int, str] = field(default_factory=dict)
    bnf_fallback: bool = True
    qr_domains: tuple[str, ...] = ()
    defaults: dict[str, str] = field(default_factory=dict)
    today: date = field(default_factory=date.today)
    reminder_times: dict[str, time] = field(default_factory=lambda: dict(REMINDER_TIMES))
    info_url: str = ""  # https link with {medicine}: a QR code per medicine on the companion sheet


def label_settings(raw: Any, path: str = "easyread.yaml", today: date | None = None, line: int = 1,
                   lines: dict[str, int] | None = None) -> LabelSettings:
    """Check the ``labels:`` section; ``line`` is where it starts, ``lines`` where each key is (from ``config``)."""
    raw = raw or {}
    if not isinstance(raw, dict):
        raise ConfigError(Problem(path, line, 1, "config", "'labels' must be a set of 'key: value' lines"))
    for key in raw:
        if key not in KEYS:
            raise ConfigError(Problem(path, line, 1, "config", f"unknown labels setting '{key}'; use: {', '.join(sorted(KEYS))}"))
    texts: dict[int, str] = {}
    for number, words in (raw.get("bnf_text") or {}).items():
        if not str(number).isdigit() or not isinstance(words, str) or not words.strip():
            raise ConfigError(Problem(path, line, 1, "config", f"labels.bnf_text: '{number}' must be a label number with its wording as text"))
        texts[int(number)] = words.strip()
    defaults = {str(k): str(v) for k, v in (raw.get("defaults") or {}).items()}
    for column in defaults:
        if not is_known(column):
            raise ConfigError(Problem(path, line, 1, "config", f"labels.defaults: unknown column '{column}'"))
    return LabelSettings(
        bnf_text=texts,
        bnf_fallback=bool(raw.get("bnf_fallback", True)),
        qr_domains=tuple(str(d).lower() for d in raw.get("qr_domains") or ()),
        defaults=defaults,
        today=today or date.today(),
        reminder_times=_reminder_times(raw.get("reminder_times"), path, lines or {}, line),
        info_url=_info_url(raw.get("info_url"), path, (lines or {}).get("labels.info_url", line)),
    )


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
