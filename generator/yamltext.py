"""Reading YAML safely and quickly: the one place every YAML file goes through.

Front matter, ``easyread.yaml``, label files, rule files, presets and the icon
catalogue are all YAML. We use PyYAML's C parser (libyaml) when the wheel has it:
the pure-Python parser cost about a third of a cold poster build. Both loaders are
*safe* loaders: no Python objects are ever built from the text.

Safe is not enough for untrusted text, so before anything is built one pass over
the parser's events (cheap: no nodes, no objects) refuses what could make a small
file expensive:

- aliases (``*name``): nine lines of aliases expand to a billion values
  ("billion laughs"), which ran for minutes and took gigabytes;
- nesting deeper than ``MAX_DEPTH``: the C composer recurses once per level and
  crashes the process at about 30,000 levels;
- more than ``MAX_NODES`` values, or text over ``MAX_BYTES``.

A refusal is a ``YAMLLimitError``, a ``yaml.MarkedYAMLError``: every caller already
turns those into ``file:line: YAML error: ...`` messages, with the line of the alias
or of the level that went too deep.

``load_located`` is the one place a YAML mistake becomes a message: every file
the user writes (front matter, ``easyread.yaml``, rule files, label files) reports
it the same way, at its line, with the fix.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import yaml

from .errors import GeneratorError, Problem
from .limits import YAML_BYTES as MAX_BYTES
from .limits import YAML_DEPTH as MAX_DEPTH
from .limits import YAML_NODES as MAX_NODES

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
YAMLError = yaml.YAMLError

# `cover: ![a group](group)`: YAML reads the "!" as the start of a tag.
UNQUOTED_PICTURE = re.compile(r"^\s*(?P<key>[\w.-]+)\s*:\s*(?P<value>!\[.*?)\s*$")


class YAMLLimitError(yaml.MarkedYAMLError):
    """YAML that is well formed but refused: an alias, too deep, or too big."""

    def __init__(self, problem: str, mark: Any) -> None:  # a yaml Mark (pure-Python or libyaml), or None
        super().__init__(problem=problem, problem_mark=mark)


def check_limits(text: str) -> None:
    """Raise ``YAMLLimitError`` for aliases, deep nesting or too many values.

    Syntax errors are left for the real load, so they keep PyYAML's own message.
    """
    if len(text) > MAX_BYTES:
        raise YAMLLimitError(
            f"the YAML is {len(text):,} characters; the limit is {MAX_BYTES:,}. Keep settings short, and move long text into the Markdown body",
            None,
        )
    loader = LOADER(text)
    depth = nodes = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.AliasEvent):
                raise YAMLLimitError(
                    f"'*{event.anchor}' repeats a value by alias; aliases are not allowed (a few can expand to billions of values). "
                    "Write the value out in full",
                    event.start_mark,
                )
            if isinstance(event, (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                nodes += 1
                if nodes > MAX_NODES:
                    raise YAMLLimitError(f"more than {MAX_NODES:,} values; the limit is {MAX_NODES:,}. Split the file", event.start_mark)
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise YAMLLimitError(
                        f"lists and mappings are nested more than {MAX_DEPTH} levels deep; the limit is {MAX_DEPTH}. Flatten them",
                        event.start_mark,
                    )
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError as exc:
        if isinstance(exc, YAMLLimitError):
            raise
        return  # a syntax error: the real load below reports it with PyYAML's words
    finally:
        loader.dispose()


def load(text: str) -> Any:
    """The data of one YAML document, after ``check_limits``."""
    return load_with_nodes(text)[0]


def load_trusted(text: str) -> Any:
    """The data of a YAML file shipped with easyread (rules, presets): no limits pass, no nodes.

    Only for our own files, never for anything a user wrote or could change.
    """
    return yaml.load(text, Loader=LOADER)  # a safe loader (CSafeLoader or SafeLoader)


SHIPPED_CACHE_VERSION = 1


def load_shipped(texts: dict[str, str], cache: Path) -> dict[str, Any]:
    """The data of YAML files shipped with easyread (file name -> text), read as ``load_trusted``.

    Building Python objects from YAML cost a cold ``easyread check`` more than checking a
    poster's words, so the data is kept in ``cache`` as JSON, the way Python keeps bytecode
    beside a module: used only while the texts are exactly those it was made from,
    written only where Python may write bytecode (never with PYTHONDONTWRITEBYTECODE), and
    never needed: without it the files are simply read.
    """
    try:
        stored = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        stored = None
    if isinstance(stored, dict) and stored.get("version") == SHIPPED_CACHE_VERSION and stored.get("texts") == texts:
        return stored["data"]  # type: ignore[no-any-return]
    data = {name: load_trusted(text) for name, text in texts.items()}
    if not sys.dont_write_bytecode:
        _store(cache, {"version": SHIPPED_CACHE_VERSION, "texts": texts, "data": data})
    return data


def _store(cache: Path, content: dict[str, Any]) -> None:
    """Write ``content`` as JSON, whole or not at all, if JSON keeps it exactly (no dates, no number keys)."""
    try:
        text = json.dumps(content, ensure_ascii=False)
        if json.loads(text) != content:
            return
        cache.parent.mkdir(exist_ok=True)
        temporary = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, cache)
    except (OSError, TypeError, ValueError):
        return  # a read-only install: the YAML is read each time, as without a cache


def load_with_nodes(text: str) -> tuple[Any, yaml.Node | None]:
    """The data and its node tree (for line numbers) from one parse, not two."""
    check_limits(text)
    loader = LOADER(text)
    try:
        node = loader.get_single_node()
        return (loader.construct_document(node) if node is not None else None), node
    finally:
        loader.dispose()


def key_lines(node: yaml.Node | None, offset: int = 0, prefix: str = "") -> dict[str, int]:
    """The file line of every key, as dotted paths: ``rules.passive-voice`` -> 12.

    List items are numbered (``rule_files.0``). ``offset`` is the number of file lines
    before the YAML text.
    """
    out: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = f"{prefix}{key_node.value}"
            out[key] = key_node.start_mark.line + 1 + offset
            out.update(key_lines(value_node, offset, key + "."))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            key = f"{prefix}{index}"
            out[key] = item.start_mark.line + 1 + offset
            out.update(key_lines(item, offset, key + "."))
    return out


def load_located(text: str, path: str, rule: str, error: type[GeneratorError], line_offset: int = 0) -> tuple[Any, yaml.Node | None]:
    """``load_with_nodes``, raising ``error`` at the file's own line when the YAML is broken.

    ``line_offset`` is the number of file lines before ``text`` (front matter starts
    after the opening ``---``).
    """
    try:
        return load_with_nodes(text)
    except yaml.YAMLError as exc:
        raise error(problem(exc, text, path, rule, line_offset)) from None


def problem(exc: yaml.YAMLError, text: str, path: str, rule: str, line_offset: int = 0) -> Problem:
    """A YAML error as a ``Problem``: where, what is wrong, and how to fix it."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = (mark.line + 1 if mark else 1)
    column = mark.column + 1 if mark else 1
    reason = getattr(exc, "problem", None) or str(exc)
    if isinstance(exc, YAMLLimitError):  # well-formed but refused: the reason says what to do
        return Problem(path, line + line_offset, column, rule, f"YAML error: {reason}")
    lines = text.split("\n")
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    picture = UNQUOTED_PICTURE.match(source)
    if picture:
        quoted = picture["value"].replace('"', '\\"')
        return Problem(path, line + line_offset, 1, rule,
                       f"a picture cue in YAML must be in quotes; put the picture in quotes: {picture['key']}: \"{quoted}\"")
    return Problem(path, line + line_offset, column, rule, f"YAML error: {reason}; check the indentation and quotes on this line")
