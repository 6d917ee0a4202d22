"""The ``labels:`` section of ``easyread.yaml``: what the pharmacy supplies.

    labels:
      bnf_text:            # your licensed BNF wording, by label number (never shipped with easyread)
        2: "..."
      bnf_fallback: true   # with no wording for a number, print our plain-words topic (default)
      qr_domains: [www.nhs.uk]   # QR links must be on one of these hosts (default: any https)
      defaults:            # values for empty cells, e.g. your own pharmacy's details
        pharmacy_name: High Street Pharmacy
      info_url: "https://www.example-pharmacy.co.uk/easy-read/{medicine}"   # QR link on the companion sheet
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from ..errors import ConfigError, Problem
from .read import is_known

KEYS = {"bnf_text", "bnf_fallback", "qr_domains", "defaults", "info_url"}


@dataclass(frozen=True)
class LabelSettings:
    bnf_text: dict[int, str] = field(default_factory=dict)
    bnf_fallback: bool = True
    qr_domains: tuple[str, ...] = ()
    defaults: dict[str, str] = field(default_factory=dict)
    today: date = field(default_factory=date.today)
    info_url: str = ""  # https link with {medicine}: a QR code per medicine on the companion sheet


def label_settings(raw: Any, path: str = "easyread.yaml", today: date | None = None, line: int = 1,
                   key_lines: dict[str, int] | None = None) -> LabelSettings:
    """Check the ``labels:`` section; ``line`` is where it starts, ``key_lines`` where each key is."""
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
    info_url = _info_url(raw.get("info_url"), path, (key_lines or {}).get("info_url", line))
    return LabelSettings(
        info_url=info_url,
        bnf_text=texts,
        bnf_fallback=bool(raw.get("bnf_fallback", True)),
        qr_domains=tuple(str(d).lower() for d in raw.get("qr_domains") or ()),
        defaults=defaults,
        today=today or date.today(),
    )


def _info_url(value: Any, path: str, line: int) -> str:
    """An https link with ``{medicine}`` in it, or nothing (no QR codes)."""
    if value in (None, ""):
        return ""
    fix = "use a link such as https://www.example-pharmacy.co.uk/easy-read/{medicine}"
    if not isinstance(value, str):
        raise ConfigError(Problem(path, line, 1, "config", f"labels.info_url must be a link in quotes; {fix}"))
    parts = urlsplit(value.replace("{medicine}", "x"))
    if parts.scheme != "https" or not parts.hostname:
        raise ConfigError(Problem(path, line, 1, "config", f"labels.info_url '{value}' must start with https://; {fix}"))
    if "{medicine}" not in value or value.replace("{medicine}", "").count("{") or value.replace("{medicine}", "").count("}"):
        raise ConfigError(Problem(path, line, 1, "config", f"labels.info_url '{value}' must hold {{medicine}} once, where the medicine name goes; {fix}"))
    if value.count("{medicine}") > 1 or len(value) > 200:
        raise ConfigError(Problem(path, line, 1, "config", f"labels.info_url must hold {{medicine}} once and be 200 characters or fewer; {fix}"))
    return value
