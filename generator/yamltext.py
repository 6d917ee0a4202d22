"""Reading YAML with PyYAML's C parser (libyaml) when the wheel has it.

Front matter, rules, presets and the icon catalogue are all YAML, and the
pure-Python parser cost about a third of a cold poster build. Both loaders are
*safe* loaders: no Python objects are ever built from the text. ``load_with_nodes``
also gives the node tree, whose marks carry the line numbers our messages need.

``load_located`` is the one place a YAML mistake becomes a message: every file
the user writes (front matter, ``easyread.yaml``, rule files, label files) reports
it the same way, at its line, with the fix.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from .errors import GeneratorError, Problem

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
YAMLError = yaml.YAMLError

# `cover: ![a group](group)`: YAML reads the "!" as the start of a tag.
UNQUOTED_PICTURE = re.compile(r"^\s*(?P<key>[\w.-]+)\s*:\s*(?P<value>!\[.*?)\s*$")


def load(text: str) -> Any:
    return yaml.load(text, Loader=LOADER)


def load_with_nodes(text: str) -> tuple[Any, yaml.Node | None]:
    """The data and its node tree (for line numbers) from one parse, not two."""
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
    lines = text.split("\n")
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    picture = UNQUOTED_PICTURE.match(source)
    if picture:
        quoted = picture["value"].replace('"', '\\"')
        return Problem(path, line + line_offset, 1, rule,
                       f"a picture cue in YAML must be in quotes; put the picture in quotes: {picture['key']}: \"{quoted}\"")
    return Problem(path, line + line_offset, column, rule, f"YAML error: {reason}; check the indentation and quotes on this line")
