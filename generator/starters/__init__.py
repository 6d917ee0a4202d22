"""Starter files to edit: ``easyread new booklet|poster NAME`` and ``easyread init`` (a sample easyread.yaml)."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from ..errors import ConfigError, Problem
from ..write import write_atomic


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "untitled"


def write_starter(kind: str, name: str, folder: Path) -> Path:
    """Write the starter for ``kind`` as ``folder/<slug>.md``; never overwrite work."""
    path = folder / f"{slug(name)}.md"
    if path.exists():
        raise ConfigError(Problem(str(path), 0, 0, "new", "this file exists already; choose another name so no work is lost"))
    text = resources.files("generator").joinpath("starters", f"{kind}.md").read_text(encoding="utf-8")
    return write_atomic(path, text.replace("{{title}}", name.strip() or "Untitled"))


def write_settings(folder: Path) -> Path:
    """Write a commented sample ``easyread.yaml`` into ``folder``; never overwrite settings."""
    from ..config import TOML_NAME, YAML_NAME, load_settings

    path = folder / YAML_NAME
    if path.exists():
        raise ConfigError(Problem(str(path), 0, 0, "init", "this file exists already; edit it, or move it away first"))
    if load_settings(folder).path.endswith(TOML_NAME):
        raise ConfigError(Problem(str(folder / TOML_NAME), 0, 0, "init", "the settings are in [tool.easyread] here already; keep them in one place"))
    return write_atomic(path, resources.files("generator").joinpath("starters", YAML_NAME).read_text(encoding="utf-8"))
