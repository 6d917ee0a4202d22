"""Project settings: ``easyread.yaml`` beside ``content/``, or ``[tool.easyread]`` in ``pyproject.toml``.

    profile: easy-read          # force one profile for every file (optional)
    rule_files: [style/our-rules.yaml]
    rules:                      # re-level, re-tune or switch off any rule
      passive-voice: off
      sentence-length: {params: {warning: 12}}
    labels:                     # medication labels: see generator/labels/settings.py
      bnf_text: {2: "your licensed wording"}
    pictures:                   # picture licences you accept: see generator/pictures/settings.py
      licences: [MIT, CC0-1.0]

Both files take the same keys and go through the same checks; a problem is named
at its own line in whichever file holds it, with a "did you mean" for a typo.
``easyread init`` writes a commented sample (``SAMPLE``) with every option.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import yamltext
from .errors import ConfigError, Problem

KEYS = {"profile", "rule_files", "rules", "labels", "pictures"}
YAML_NAME = "easyread.yaml"
TOML_NAME = "pyproject.toml"
TOML_TABLE = ("tool", "easyread")


@dataclass(frozen=True)
class Settings:
    path: str = YAML_NAME
    profile: str | None = None
    rule_files: tuple[Path, ...] = ()
    rules: dict[str, Any] = field(default_factory=dict)
    labels: Any = None  # checked by generator.labels.settings, which knows its keys
    pictures: Any = None  # checked by generator.pictures.settings
    lines: dict[str, int] = field(default_factory=dict)  # dotted key -> line in ``path``, for messages
    start: int = 1  # the line where the settings begin (the ``[tool.easyread]`` header in pyproject.toml)

    def line(self, key: str) -> int:
        """The line of a dotted key (``rules.passive-voice.params``), or of its nearest parent."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key.rpartition(".")[0]
        return self.start


def load_settings(root: Path) -> Settings:
    """The project's settings, from whichever of the two files holds them (never both)."""
    yaml_path, toml_path = root / YAML_NAME, root / TOML_NAME
    from_toml = _read_toml(toml_path) if toml_path.is_file() else None
    if yaml_path.is_file():
        if from_toml is not None:
            raise ConfigError(Problem(str(yaml_path), 1, 1, "config",
                                      f"settings are in both {YAML_NAME} and [tool.easyread] in {toml_path}; keep one of them"))
        shown = str(yaml_path)
        data, node = yamltext.load_located(yaml_path.read_text(encoding="utf-8"), shown, "config", ConfigError)
        if data is not None and not isinstance(data, dict):
            raise ConfigError(Problem(shown, 1, 1, "config", f"{YAML_NAME} must be 'key: value' lines"))
        return settings_from(data or {}, shown, yamltext.key_lines(node), root)
    if from_toml is not None:
        data, lines, start = from_toml
        return settings_from(data, str(toml_path), lines, root, start)
    return Settings()


def settings_from(data: dict[str, Any], path: str, lines: dict[str, int], root: Path, start: int = 1) -> Settings:
    """Check the settings (the same for YAML and TOML) and make them a ``Settings``."""
    located = Settings(path=path, lines=lines, start=start)
    problems = []
    for key in data:
        if key not in KEYS:
            close = difflib.get_close_matches(str(key), sorted(KEYS), n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"use: {', '.join(sorted(KEYS))}"
            problems.append(Problem(path, located.line(str(key)), 1, "config", f"unknown setting '{key}'; {hint}"))
    profile = data.get("profile")
    if profile is not None and not isinstance(profile, str):
        problems.append(Problem(path, located.line("profile"), 1, "config", "'profile' must be a profile name, like easy-read"))
    files = data.get("rule_files") or []
    if isinstance(files, str):
        files = [files]
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        problems.append(Problem(path, located.line("rule_files"), 1, "config", "'rule_files' must be a list of paths, like [style/our-rules.yaml]"))
        files = []
    rules = data.get("rules") or {}
    if not isinstance(rules, dict):
        problems.append(Problem(path, located.line("rules"), 1, "config", "'rules' must be rule ids with a level, 'off' or {level, params, scope}"))
        rules = {}
    if problems:
        raise ConfigError(problems)
    return Settings(path=path, profile=profile, rule_files=tuple(root / f for f in files), rules=dict(rules),
                    labels=data.get("labels"), pictures=data.get("pictures"), lines=lines, start=start)


def _read_toml(path: Path) -> tuple[dict[str, Any], dict[str, int], int] | None:
    """``[tool.easyread]`` of a pyproject.toml with the line of each key; None if it has none."""
    return _parse_toml(str(path), path.read_text(encoding="utf-8"))


@lru_cache(maxsize=8)
def _parse_toml(path: str, text: str) -> tuple[dict[str, Any], dict[str, int], int] | None:
    """``_read_toml`` for a text already read: one check reads the settings twice (rules,
    pictures), and a pyproject.toml is parsed once while it is unchanged.

    A pyproject.toml that never says "easyread" has no ``[tool.easyread]`` (nor a
    ``tool.easyread`` key), so it is not parsed at all: a project's own Python settings
    are none of easyread's business, and TOML cost a cold check a few milliseconds.
    """
    if "easyread" not in text:
        return None
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"at line (\d+), column (\d+)", str(exc))
        line, column = (int(found[1]), int(found[2])) if found else (1, 1)
        raise ConfigError(Problem(path, line, column, "config", f"TOML error: {str(exc).split(' (at line')[0]}; check the quotes and brackets on this line")) from None
    table: Any = data
    for part in TOML_TABLE:
        table = table.get(part) if isinstance(table, dict) else None
    if table is None:
        return None
    lines, start = _toml_key_lines(text)
    if not isinstance(table, dict):
        raise ConfigError(Problem(path, start, 1, "config", "[tool.easyread] must be a table of settings"))
    return table, lines, start


_HEADER = re.compile(r"^\[\[?\s*(?P<name>[^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^(?P<key>(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=""")
_PART = re.compile(r"""[A-Za-z0-9_-]+|"([^"]*)"|'([^']*)'""")


def _toml_key_lines(text: str) -> tuple[dict[str, int], int]:
    """Lines of the keys under ``[tool.easyread]`` (dotted, relative to it), and its header's line.

    tomllib gives no positions, so headers and ``key =`` lines are read here; keys
    inside an inline table take the line of the key that holds it (see ``Settings.line``).
    """
    lines: dict[str, int] = {}
    start = 1
    table: tuple[str, ...] = ()
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        header = _HEADER.match(line)
        if header:
            table = _parts(header["name"])
            if table == TOML_TABLE:
                start = number
            elif table[: len(TOML_TABLE)] == TOML_TABLE:
                lines.setdefault(".".join(table[len(TOML_TABLE):]), number)
            continue
        key = _KEY.match(line)
        if key and table[: len(TOML_TABLE)] == TOML_TABLE:
            lines.setdefault(".".join((*table[len(TOML_TABLE):], *_parts(key["key"]))), number)
    return lines, start


def _parts(dotted: str) -> tuple[str, ...]:
    return tuple(m[1] if m[1] is not None else m[2] if m[2] is not None else m[0] for m in _PART.finditer(dotted))
