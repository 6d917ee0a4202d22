"""Rules as data: load rule YAML files and profiles into validated ``RuleSpec``s.

Built-in rules ship as YAML in ``generator/rules/``; a project adds its own rule
files and re-levels or switches off any rule in ``easyread.yaml``. Every problem
in a rule file (unknown kind, bad parameter, duplicate id, unknown rule in a
profile) is a ``RuleDefinitionError`` naming the file and line.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from ..errors import Problem, RuleDefinitionError
from ..model import LEVELS
from ..messages import LANGUAGES, NAMES, base
from .registry import ALL_LANGUAGES, KINDS
from .. import yamltext

ENTRY_KEYS = {"id", "kind", "level", "message", "why", "link", "source", "suggestion", "params", "scope", "languages"}
OFF = "off"


@dataclass(frozen=True)
class RuleSpec:
    id: str
    kind: str
    level: str
    message: str
    why: str
    link: str
    source: str
    suggestion: str
    params: Mapping[str, Any]
    defined_in: str
    line: int
    # The languages whose text this rule can judge: ('all',) for lengths, numbers and
    # layout; ('en',) for rules built on English word lists.
    languages: tuple[str, ...] = (ALL_LANGUAGES,)

    def applies_to(self, lang: str) -> bool:
        """True when this rule can judge text in ``lang`` (a tag such as 'cy-GB')."""
        return ALL_LANGUAGES in self.languages or base(lang) in self.languages


@dataclass(frozen=True)
class RuleSet:
    """The rules in force for one profile, in a stable order."""

    profile: str
    rules: tuple[RuleSpec, ...]

    def get(self, rule_id: str) -> RuleSpec | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def for_language(self, lang: str) -> tuple[tuple[RuleSpec, ...], tuple[RuleSpec, ...]]:
        """The rules that run on text in ``lang``, and those skipped because they cannot judge it."""
        return tuple(r for r in self.rules if r.applies_to(lang)), tuple(r for r in self.rules if not r.applies_to(lang))


def languages_problem(value: Any) -> str | None:
    """Why a rule's ``languages:`` value is wrong, or None: 'all', or a list such as [en] or [en, cy]."""
    if value == ALL_LANGUAGES:
        return None
    known = ", ".join(f"{code} ({NAMES[code]})" for code in LANGUAGES)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        return f"languages must be 'all' or a list of language codes, like [en]; easyread knows {known}"
    unknown = [v for v in value if v not in LANGUAGES]
    if unknown:
        return f"unknown language '{unknown[0]}' in languages; use 'all' or codes from: {known}"
    return None


def _languages(value: Any) -> tuple[str, ...]:
    return (ALL_LANGUAGES,) if value == ALL_LANGUAGES else tuple(value)


def _builtin_files() -> list[tuple[str, str]]:
    folder = resources.files("generator").joinpath("rules")
    return sorted(
        (f"generator/rules/{entry.name}", entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml") and entry.name != "profiles.yaml"
    )


def _compose(text: str, path: str) -> tuple[Any, yaml.Node | None]:
    try:
        return yamltext.load_with_nodes(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise RuleDefinitionError(
            Problem(path, mark.line + 1 if mark else 1, mark.column + 1 if mark else 1, "rule-file", f"YAML error: {getattr(exc, 'problem', exc)}")
        ) from None


def parse_rules(text: str, path: str) -> list[RuleSpec]:
    """Parse one rule file: a YAML list of entries, one rule each."""
    data, node = _compose(text, path)
    if data is None:
        return []
    if not isinstance(data, list) or not isinstance(node, yaml.SequenceNode):
        raise RuleDefinitionError(Problem(path, 1, 1, "rule-file", "a rule file is a list of entries, each starting with '- id:'"))
    problems: list[Problem] = []
    specs: list[RuleSpec] = []
    for entry, entry_node in zip(data, node.value):
        line = entry_node.start_mark.line + 1
        if not isinstance(entry, dict):
            problems.append(Problem(path, line, 1, "rule-file", "each entry must be a mapping with id, kind, level and message"))
            continue
        key_lines = {k.value: k.start_mark.line + 1 for k, _ in entry_node.value}
        for key in entry:
            if key not in ENTRY_KEYS:
                problems.append(Problem(path, key_lines.get(key, line), 1, "rule-file", f"unknown key '{key}'; entries take: {', '.join(sorted(ENTRY_KEYS))}"))
        rule_id, kind_name = entry.get("id"), entry.get("kind")
        if not rule_id or not kind_name or not entry.get("message"):
            problems.append(Problem(path, line, 1, "rule-file", "an entry needs 'id', 'kind' and 'message'"))
            continue
        kind = KINDS.get(str(kind_name))
        if kind is None:
            close = difflib.get_close_matches(str(kind_name), list(KINDS), n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"known kinds: {', '.join(sorted(KINDS))}"
            problems.append(Problem(path, key_lines.get("kind", line), 1, "rule-file", f"rule '{rule_id}': unknown kind '{kind_name}'; {hint}"))
            continue
        level = _level(entry.get("level", "warning"))
        if level not in (*LEVELS, OFF):
            problems.append(Problem(path, key_lines.get("level", line), 1, "rule-file", f"rule '{rule_id}': level must be error, warning, suggestion or off"))
        params = entry.get("params") or {}
        if not isinstance(params, dict):
            problems.append(Problem(path, key_lines.get("params", line), 1, "rule-file", f"rule '{rule_id}': params must be a mapping"))
            continue
        for message in kind.check_params(params):
            problems.append(Problem(path, key_lines.get("params", line), 1, "rule-file", f"rule '{rule_id}': {message}"))
        languages = entry.get("languages", ALL_LANGUAGES if ALL_LANGUAGES in kind.languages else list(kind.languages))
        wrong = languages_problem(languages)
        if wrong:
            problems.append(Problem(path, key_lines.get("languages", line), 1, "rule-file", f"rule '{rule_id}': {wrong}"))
            continue
        specs.append(
            RuleSpec(
                id=str(rule_id), kind=kind.name, level=level, message=str(entry["message"]), why=str(entry.get("why", "")).strip(),
                link=str(entry.get("link", "")), source=str(entry.get("source", "")), suggestion=str(entry.get("suggestion", "")),
                params=MappingProxyType(kind.with_defaults(params)), defined_in=path, line=line, languages=_languages(languages),
            )
        )
    if problems:
        raise RuleDefinitionError(problems)
    return specs


@cache
def builtin_rules() -> tuple[RuleSpec, ...]:
    from . import kinds  # noqa: F401  (registers the coded kinds)

    specs: list[RuleSpec] = []
    for path, text in _builtin_files():
        specs.extend(parse_rules(text, path))
    _no_duplicates(specs)
    return tuple(specs)


@cache
def profiles() -> Mapping[str, Any]:
    text = resources.files("generator").joinpath("rules", "profiles.yaml").read_text(encoding="utf-8")
    data, _ = _compose(text, "generator/rules/profiles.yaml")
    return data


def _no_duplicates(specs: Iterable[RuleSpec]) -> None:
    seen: dict[str, RuleSpec] = {}
    problems = []
    for spec in specs:
        if spec.id in seen:
            first = seen[spec.id]
            problems.append(Problem(spec.defined_in, spec.line, 1, "rule-file", f"duplicate rule id '{spec.id}' (first defined at {first.defined_in}:{first.line})"))
        seen[spec.id] = spec
    if problems:
        raise RuleDefinitionError(problems)


def _level(value: Any) -> str:
    """A level as written in YAML, where a bare ``off`` reads as false."""
    return OFF if value is False else str(value)


def _apply(spec: RuleSpec, override: Any, where: str) -> RuleSpec:
    """Apply a profile or project override: a level, 'off', or a mapping of level/params."""
    if override is False:
        return replace(spec, level=OFF)
    if isinstance(override, str):
        return replace(spec, level=override)
    if isinstance(override, dict):
        params = dict(spec.params)
        given = override.get("params", {})
        problems = KINDS[spec.kind].check_params(given)
        if problems:
            raise RuleDefinitionError(Problem(where, 1, 1, "rule-file", f"rule '{spec.id}': {problems[0]}"))
        params.update(given)
        languages = spec.languages
        if "languages" in override:
            wrong = languages_problem(override["languages"])
            if wrong:
                raise RuleDefinitionError(Problem(where, 1, 1, "rule-file", f"rule '{spec.id}': {wrong}"))
            languages = _languages(override["languages"])
        return replace(spec, level=_level(override.get("level", spec.level)), params=MappingProxyType(params), languages=languages)
    raise RuleDefinitionError(Problem(where, 1, 1, "rule-file", f"rule '{spec.id}': override must be a level, 'off' or a mapping"))


def ruleset(profile: str, extra_files: Iterable[Path] = (), overrides: Mapping[str, Any] | None = None, config_path: str = "easyread.yaml") -> RuleSet:
    """The rules for ``profile``: built-ins, then project rule files, then overrides."""
    known = profiles()
    if profile not in known:
        raise RuleDefinitionError(Problem(config_path, 1, 1, "profile", f"unknown profile '{profile}'; use one of: {', '.join(known)}"))
    specs = list(builtin_rules())
    for path in extra_files:
        try:
            specs.extend(parse_rules(path.read_text(encoding="utf-8"), str(path)))
        except OSError as exc:
            raise RuleDefinitionError(Problem(str(path), 1, 1, "rule-file", f"cannot read rule file: {exc.strerror}")) from None
    _no_duplicates(specs)
    by_id = {spec.id: spec for spec in specs}
    layers = [(known[profile] or {}, "generator/rules/profiles.yaml"), (overrides or {}, config_path)]
    for layer, where in layers:
        unknown = [rule_id for rule_id in layer if rule_id not in by_id]
        if unknown:
            raise RuleDefinitionError(Problem(where, 1, 1, "profile", f"unknown rule id(s): {', '.join(unknown)}; run 'easyread rules' to list them"))
        for rule_id, override in layer.items():
            by_id[rule_id] = _apply(by_id[rule_id], override, where)
    active = tuple(spec for spec in by_id.values() if spec.level != OFF)
    return RuleSet(profile, active)
