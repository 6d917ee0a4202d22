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
"""

from __future__ import annotations

from typing import Any

import yaml

from .limits import YAML_BYTES as MAX_BYTES, YAML_DEPTH as MAX_DEPTH, YAML_NODES as MAX_NODES

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
YAMLError = yaml.YAMLError


class YAMLLimitError(yaml.MarkedYAMLError):
    """YAML that is well formed but refused: an alias, too deep, or too big."""

    def __init__(self, problem: str, mark: yaml.Mark | None) -> None:
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


def load_with_nodes(text: str) -> tuple[Any, yaml.Node | None]:
    """The data and its node tree (for line numbers) from one parse, not two."""
    check_limits(text)
    loader = LOADER(text)
    try:
        node = loader.get_single_node()
        return (loader.construct_document(node) if node is not None else None), node
    finally:
        loader.dispose()
