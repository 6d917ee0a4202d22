"""Resolving picture cues: a name from the picture library, or a file in the project.

A cue target is either an icon name from the catalogue or a picture file inside the
project. Everything else (links, absolute paths, '..' escapes, files over a limit or
damaged, see ``pictures/files.py``) is refused here with a message the author can act on. Both the checker and the renderer use
``resolve``; neither trusts the other to have run.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .pictures.catalogue import Catalogue, Icon, Picture, load_catalogue, svg_over_budget
from .project import Project

__all__ = ["Catalogue", "Icon", "Picture", "Resolved", "load_catalogue", "resolve", "svg_over_budget"]

NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
PICTURE_TYPES = {".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".heic", ".heif"}

@dataclass(frozen=True)
class Resolved:
    """A cue that resolved to a file we may load, or the reason it did not."""

    path: Path | None
    icon: Icon | None = None
    rule: str = ""
    problem: str = ""

def resolve(target: str, source: Path, project: Project, catalogue: Catalogue | None = None) -> Resolved:
    """Resolve a cue target for the content file ``source``."""
    catalogue = catalogue or load_catalogue()
    target = target.strip()
    if not target:
        return Resolved(None, rule="picture-missing", problem="the picture cue has no target; write ![words](icon-name)")
    if SCHEME.match(target):
        return Resolved(
            None,
            rule="picture-outside",
            problem=f"'{target}' is a link; pictures must be an icon name or a file inside the project (nothing is downloaded)",
        )
    if NAME.match(target) and "." not in target:
        icon = catalogue.get(target)
        if icon is not None:
            return Resolved(icon.path, icon=icon)
        close = _closest(target, catalogue.names())
        hint = f"did you mean '{close}'? " if close else ""
        return Resolved(None, rule="unknown-icon", problem=f"no picture called '{target}'; {hint}run 'easyread pictures search WORDS' to find one")
    candidate = Path(target)
    if candidate.is_absolute():
        return Resolved(None, rule="picture-outside", problem=f"'{target}' is an absolute path; use a path relative to the content file, inside the project")
    path = (source.parent / candidate).resolve()
    if not project.contains(path):
        return Resolved(None, rule="picture-outside", problem=f"'{target}' is outside the project folder {project.root}; copy the picture into the project")
    if path.suffix.lower() not in PICTURE_TYPES:
        return Resolved(None, rule="picture-type", problem=f"'{target}' is not a picture; use SVG, PNG, JPEG, GIF, WebP or HEIC")
    if not path.is_file():
        return Resolved(None, rule="picture-missing", problem=f"picture file '{target}' does not exist; check the name or add the file")
    too_big = _too_big(path)
    if too_big:
        return Resolved(None, rule="picture-too-big", problem=too_big)
    return Resolved(path)

def _closest(target: str, names: list[str]) -> str | None:
    """The likeliest intended name: close in spelling, and sharing the longest start."""
    close = difflib.get_close_matches(target, names, n=5)
    return max(close, key=lambda name: (len(os.path.commonprefix([name, target])), -close.index(name)), default=None)  # noqa: RUF071  # a shared start, by character, is what we want


def _too_big(path: Path) -> str | None:
    """Why a picture file cannot be used: over a limit, damaged, or an SVG that is refused."""
    from .pictures.files import verify  # Pillow and defusedxml only where a picture file is used

    return verify(path)
