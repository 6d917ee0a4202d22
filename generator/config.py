"""Project settings from an optional ``easyread.yaml`` beside ``content/``.

    profile: easy-read          # force one profile for every file (optional)
    rule_files: [style/our-rules.yaml]
    rules:                      # re-level, re-tune or switch off any rule
      passive-voice: off
      sentence-length: {params: {warning: 12}}
    labels:                     # medication labels: see generator/labels/settings.py
      bnf_text: {2: "your licensed wording"}

Unknown keys are errors with their line, like front matter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError, Problem
from . import yamltext

KEYS = {"profile", "rule_files", "rules", "labels"}


@dataclass(frozen=True)
class Settings:
    path: str = "easyread.yaml"
    profile: str | None = None
    rule_files: tuple[Path, ...] = ()
    rules: dict[str, Any] = field(default_factory=dict)
    labels: Any = None  # checked by generator.labels.settings, which knows its keys
    lines: dict[str, int] = field(default_factory=dict)  # where each key is ('labels', 'labels.bnf_text'), for messages


def _lines(node: yaml.MappingNode, prefix: str = "") -> dict[str, int]:
    """Where each key is, nested keys dotted ('labels.reminder_times.morning'), for messages."""
    lines: dict[str, int] = {}
    for key, value in node.value:
        name = f"{prefix}{key.value}"
        lines[name] = key.start_mark.line + 1
        if isinstance(value, yaml.MappingNode):
            lines.update(_lines(value, f"{name}."))
    return lines


def load_settings(root: Path) -> Settings:
    path = root / "easyread.yaml"
    if not path.is_file():
        return Settings()
    shown = str(path)
    try:
        data, node = yamltext.load_with_nodes(path.read_text(encoding="utf-8"))
        data = data or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ConfigError(Problem(shown, mark.line + 1 if mark else 1, 1, "config", f"YAML error: {getattr(exc, 'problem', exc)}")) from None
    if not isinstance(data, dict):
        raise ConfigError(Problem(shown, 1, 1, "config", "easyread.yaml must be 'key: value' lines"))
    lines = _lines(node) if isinstance(node, yaml.MappingNode) else {}
    for key in data:
        if key not in KEYS:
            raise ConfigError(Problem(shown, lines.get(key, 1), 1, "config", f"unknown setting '{key}'; use: {', '.join(sorted(KEYS))}"))
    return Settings(
        path=shown,
        profile=data.get("profile"),
        rule_files=tuple(root / f for f in data.get("rule_files") or ()),
        rules=dict(data.get("rules") or {}),
        labels=data.get("labels"),
        lines=lines,
    )
