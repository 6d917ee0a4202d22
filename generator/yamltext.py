"""Reading YAML with PyYAML's C parser (libyaml) when the wheel has it.

Front matter, rules, presets and the icon catalogue are all YAML, and the
pure-Python parser cost about a third of a cold poster build. Both loaders are
*safe* loaders: no Python objects are ever built from the text. ``load_with_nodes``
also gives the node tree, whose marks carry the line numbers our messages need.
"""

from __future__ import annotations

from typing import Any

import yaml

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
YAMLError = yaml.YAMLError


def load(text: str) -> Any:
    return yaml.load(text, Loader=LOADER)  # noqa: S506 - a safe loader


def load_with_nodes(text: str) -> tuple[Any, yaml.Node | None]:
    """The data and its node tree (for line numbers) from one parse, not two."""
    loader = LOADER(text)
    try:
        node = loader.get_single_node()
        return (loader.construct_document(node) if node is not None else None), node
    finally:
        loader.dispose()
