"""Rules as data: load rule YAML files and profiles into validated ``RuleSpec``s.

Built-in rules ship as YAML in ``generator/rules/``; a project adds its own rule
files and re-levels or switches off any rule in ``easyread.yaml``. Every problem
in a rule file (unknown kind, bad parameter, duplicate id, unknown rule in a
profile) is a ``RuleDefinitionError`` naming the file and line.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from .. import yamltext
from ..config import Settings
from ..errors import Problem, RuleDefinitionError
from ..messages import LANGUAGES, NAMES, base
from ..model import LEVELS
from .registry import ALL_LANGUAGES, KINDS, Kind
from .text import SCOPES

# The built-in rules, beside the code (a plain path: importlib.resources and the zip
# support it loads cost a cold check more than reading the files).
RULES_FOLDER = Path(__file__).resolve().parent.parent / "rules"
ENTRY_KEYS = {"id", "kind", "summary", "level", "message", "why", "link", "source", "suggestion", "params", "scope", "languages", "fixed"}
OFF = "off"


@dataclass(frozen=True)
class RuleSpec:
    id: str
    kind: str
    level: str
    message: str
    summary: str  # one whole sentence saying what the rule finds (rule lists, SARIF)
    why: str
    link: str
    source: str
    suggestion: str
    params: Mapping[str, Any]
    defined_in: str
    line: int
    scope: frozenset[str] | None = None  # where the rule looks (heading, paragraph, list, quote); None: its kind's default
    # The languages whose text this rule can judge: ('all',) for lengths, numbers and
    # layout; ('en',) for rules built on English word lists.
    languages: tuple[str, ...] = (ALL_LANGUAGES,)
    # A rule that guards what a medication label must say: a profile or project may
    # raise its level, never lower it or switch it off.
    fixed: bool = False

    def applies_to(self, lang: str) -> bool:
        """True when this rule can judge text in ``lang`` (a tag such as 'cy-GB')."""
        return ALL_LANGUAGES in self.languages or base(lang) in self.languages


@dataclass(frozen=True)
class RuleSet:
    """The rules in force for one profile, in a stable order."""

    profile: str
    rules: tuple[RuleSpec, ...]
    known: frozenset[str] = frozenset()  # every rule id, active or not: suppressions may name any

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
    folder = RULES_FOLDER
    return sorted(
        (f"generator/rules/{entry.name}", entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml") and entry.name != "profiles.yaml"
    )


def _compose(text: str, path: str) -> tuple[Any, yaml.Node | None]:
    return yamltext.load_located(text, path, "rule-file", RuleDefinitionError)


def parse_rules(text: str, path: str) -> list[RuleSpec]:
    """Parse one rule file: a YAML list of entries, one rule each."""
    data, node = _compose(text, path)
    if data is None:
        return []
    if not isinstance(data, list) or not isinstance(node, yaml.SequenceNode):
        raise RuleDefinitionError(Problem(path, 1, 1, "rule-file", "a rule file is a list of entries, each starting with '- id:'"))
    lines = [(entry_node.start_mark.line + 1, {k.value: k.start_mark.line + 1 for k, _ in entry_node.value} if isinstance(entry_node, yaml.MappingNode) else {})
             for entry_node in node.value]
    return _specs(data, lines, path)


def _parse_builtin(text: str, path: str, data: Any = None) -> list[RuleSpec]:
    """``parse_rules`` for a rule file shipped with easyread, without the YAML node tree.

    A cold ``easyread check`` spent a tenth of its time building node trees of the
    built-in rules, only for their line numbers. Our own files are trusted (no limits
    pass) and written with each entry starting ``- `` at the left edge, so that is
    where their lines are; a file not written so, or with a problem to report at a
    key's line, goes the whole way (``parse_rules``).
    """
    data = yamltext.load_trusted(text) if data is None else data
    starts = [number for number, line in enumerate(text.split("\n"), 1) if line.startswith("- ")]
    if not isinstance(data, list) or len(starts) != len(data):
        return parse_rules(text, path)
    try:
        return _specs(data, [(line, {}) for line in starts], path)
    except RuleDefinitionError:
        return parse_rules(text, path)  # report it at the key's own line


def _specs(data: list[Any], lines: list[tuple[int, dict[str, int]]], path: str) -> list[RuleSpec]:
    """Rule specs from the entries of a rule file, with each entry's line and its keys' lines."""
    problems: list[Problem] = []
    specs: list[RuleSpec] = []
    for entry, (line, key_lines) in zip(data, lines):
        if not isinstance(entry, dict):
            problems.append(Problem(path, line, 1, "rule-file", "each entry must be a mapping with id, kind, level and message"))
            continue
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
        scope, scope_problem = _scope(entry.get("scope"), kind)
        if scope_problem:
            problems.append(Problem(path, key_lines.get("scope", line), 1, "rule-file", f"rule '{rule_id}': {scope_problem}"))
        fixed = entry.get("fixed", False)
        if not isinstance(fixed, bool):
            problems.append(Problem(path, key_lines.get("fixed", line), 1, "rule-file", f"rule '{rule_id}': fixed must be true or false"))
        languages = entry.get("languages", ALL_LANGUAGES if ALL_LANGUAGES in kind.languages else list(kind.languages))
        wrong = languages_problem(languages)
        if wrong:
            problems.append(Problem(path, key_lines.get("languages", line), 1, "rule-file", f"rule '{rule_id}': {wrong}"))
            continue
        specs.append(
            RuleSpec(
                id=str(rule_id), kind=kind.name, level=level, message=str(entry["message"]), why=str(entry.get("why", "")).strip(),
                summary=str(entry.get("summary") or kind.doc.split("\n")[0]).strip(),
                link=str(entry.get("link", "")), source=str(entry.get("source", "")), suggestion=str(entry.get("suggestion", "")),
                params=MappingProxyType(kind.with_defaults(params)), defined_in=path, line=line, scope=scope,
                languages=_languages(languages), fixed=fixed is True,
            )
        )
    if problems:
        raise RuleDefinitionError(problems)
    return specs


@cache
def builtin_rules() -> tuple[RuleSpec, ...]:
    from . import kinds  # noqa: F401  (registers the coded kinds)

    specs: list[RuleSpec] = []
    files = _builtin_files()
    data = yamltext.load_shipped(dict(files), RULES_FOLDER / "__pycache__" / "rules.json")
    for path, text in files:
        specs.extend(_parse_builtin(text, path, data[path]))
    _no_duplicates(specs)
    return tuple(specs)


PROFILES_PATH = "generator/rules/profiles.yaml"


@cache
def _profiles_with_lines() -> tuple[Mapping[str, Any], dict[str, int]]:
    text = (RULES_FOLDER / "profiles.yaml").read_text(encoding="utf-8")
    data, node = _compose(text, PROFILES_PATH)
    return data, yamltext.key_lines(node)


def profiles() -> Mapping[str, Any]:
    return _profiles_with_lines()[0]


def _profile_lines() -> dict[str, int]:
    return _profiles_with_lines()[1]


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


def _scope(value: Any, kind: Kind) -> tuple[frozenset[str] | None, str]:
    """A rule's ``scope`` (one name or a list) as a set, or the problem with it."""
    if value is None:
        return None, ""
    if not kind.scoped:
        return None, f"kind '{kind.name}' does not read sentences, so it takes no 'scope'"
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not names or not all(isinstance(name, str) for name in names):
        return None, f"scope must be one of {', '.join(SCOPES)}, or a list of them"
    for name in names:
        if name not in SCOPES:
            close = difflib.get_close_matches(name, SCOPES, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"use {', '.join(SCOPES)}"
            return None, f"unknown scope '{name}'; {hint}"
    return frozenset(names), ""


def _level(value: Any) -> str:
    """A level as written in YAML, where a bare ``off`` reads as false."""
    return OFF if value is False else str(value)


OVERRIDE_KEYS = ("level", "params", "scope", "languages")


def _apply(spec: RuleSpec, override: Any, where: str, line: int) -> tuple[RuleSpec, list[Problem]]:
    """Apply a profile or project override: a level, 'off', or a mapping of level, params and scope."""
    def problem(message: str) -> tuple[RuleSpec, list[Problem]]:
        return spec, [Problem(where, line, 1, "config", f"rule '{spec.id}': {message}")]

    if override is False or isinstance(override, str):
        level = _level(override)
        if level not in (*LEVELS, OFF):
            return problem(f"'{level}' is not a level; use error, warning, suggestion or off")
        if _lowers(spec, level):
            return problem(_FIXED.format(level=spec.level))
        return replace(spec, level=level), []
    if not isinstance(override, dict):
        return problem("give a level (error, warning, suggestion, off) or a mapping of level, params, scope and languages")
    unknown = [key for key in override if key not in OVERRIDE_KEYS]
    if unknown:
        close = difflib.get_close_matches(str(unknown[0]), OVERRIDE_KEYS, n=1)
        return problem(f"unknown key '{unknown[0]}'; " + (f"did you mean '{close[0]}'?" if close else f"use {', '.join(OVERRIDE_KEYS)}"))
    given = override.get("params") or {}
    if not isinstance(given, dict):
        return problem("params must be a mapping, like {warning: 12}")
    kind = KINDS[spec.kind]
    problems = [message for message in kind.check_params(given) if "needs parameter" not in message]
    if problems:
        return problem(problems[0])
    level = _level(override.get("level", spec.level))
    if level not in (*LEVELS, OFF):
        return problem(f"'{level}' is not a level; use error, warning, suggestion or off")
    if _lowers(spec, level):
        return problem(_FIXED.format(level=spec.level))
    scope, scope_problem = _scope(override.get("scope"), kind)
    if scope_problem:
        return problem(scope_problem)
    languages = spec.languages
    if "languages" in override:
        wrong = languages_problem(override["languages"])
        if wrong:
            return problem(wrong)
        languages = _languages(override["languages"])
    params = MappingProxyType({**spec.params, **given})
    return replace(spec, level=level, params=params, scope=scope if scope is not None else spec.scope, languages=languages), []


_FIXED = "guards what a medication label must say, so it stays at {level} or above; raise it, or fix the rows it finds"


def _lowers(spec: RuleSpec, level: str) -> bool:
    """True when ``level`` would lower or switch off a fixed rule."""
    rank = [OFF, *LEVELS]  # off < suggestion < warning < error
    return spec.fixed and rank.index(level) < rank.index(spec.level)


def known_rules(settings: Settings | None = None) -> tuple[RuleSpec, ...]:
    """Every rule a project can use, as written: the built-ins, then its own rule files."""
    settings = settings or Settings()
    specs = list(builtin_rules())
    for number, path in enumerate(settings.rule_files):
        try:
            specs.extend(parse_rules(path.read_text(encoding="utf-8"), str(path)))
        except OSError as exc:
            raise RuleDefinitionError(Problem(settings.path, settings.line(f"rule_files.{number}"), 1, "config",
                                              f"cannot read rule file {path}: {exc.strerror}; check the path (it is relative to the project folder)")) from None
    _no_duplicates(specs)
    return tuple(specs)


def ruleset(profile: str, settings: Settings | None = None, profile_at: tuple[str, int] | None = None) -> RuleSet:
    """The rules for ``profile``: built-ins, then project rule files, then project overrides.

    ``profile_at`` is where the profile was asked for (file and line; line 0 for a
    command-line flag), so that a typo is reported there.
    """
    settings = settings or Settings()
    known = profiles()
    if profile not in known:
        where, line = profile_at or (settings.path, settings.line("profile"))
        close = difflib.get_close_matches(profile, list(known), n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"use one of: {', '.join(known)}"
        raise RuleDefinitionError(Problem(where, line, 1 if line else 0, "config" if line else "usage", f"unknown profile '{profile}'; {hint}"))
    by_id = {spec.id: spec for spec in known_rules(settings)}
    problems: list[Problem] = []
    profile_lines = _profile_lines()
    layers: list[tuple[Mapping[str, Any], str, Callable[[str], int]]] = [
        (known[profile] or {}, PROFILES_PATH, lambda rule: profile_lines.get(f"{profile}.{rule}", 1)),
        (settings.rules, settings.path, lambda rule: settings.line(f"rules.{rule}")),
    ]
    for layer, where, line_of in layers:
        for rule_id, override in layer.items():
            if rule_id not in by_id:
                close = difflib.get_close_matches(str(rule_id), list(by_id), n=1)
                hint = f"did you mean '{close[0]}'?" if close else "run 'easyread rules' to list them"
                problems.append(Problem(where, line_of(rule_id), 1, "config", f"unknown rule id '{rule_id}'; {hint}"))
                continue
            by_id[rule_id], found = _apply(by_id[rule_id], override, where, line_of(rule_id))
            problems.extend(found)
    if problems:
        raise RuleDefinitionError(problems)
    active = tuple(spec for spec in by_id.values() if spec.level != OFF and KINDS[spec.kind].profile in (None, profile))
    return RuleSet(profile, active, frozenset(by_id))
