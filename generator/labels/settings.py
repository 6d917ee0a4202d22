"""The ``labels:`` section of ``easyread.yaml``: what the pharmacy supplies.

    labels:
      bnf_text:            # your licensed BNF wording, by label number (never shipped with easyread)
        2: "..."
      bnf_fallback: true   # with no wording for a number, print our plain-words topic (default)
      qr_domains: [www.nhs.uk]   # QR links must be on one of these hosts (default: any https)
      defaults:            # values for empty cells, e.g. your own pharmacy's details
        pharmacy_name: High Street Pharmacy
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..errors import ConfigError, Problem
from .read import is_known

KEYS = {"bnf_text", "bnf_fallback", "qr_domains", "defaults"}


@dataclass(frozen=True)
class LabelSettings:
    bnf_text: dict[int, str] = field(default_factory=dict)
    bnf_fallback: bool = True
    qr_domains: tuple[str, ...] = ()
    defaults: dict[str, str] = field(default_factory=dict)
    today: date = field(default_factory=date.today)


def label_settings(raw: Any, path: str = "easyread.yaml", today: date | None = None, line: int = 1) -> LabelSettings:
    """Check the ``labels:`` section; ``line`` is where it starts, named in every message."""
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
    )
