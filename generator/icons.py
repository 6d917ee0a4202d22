"""The picture catalogue (``icons/catalogue.yaml``) and resolving picture cues.

A cue target is either an icon name from the catalogue or a picture file inside the
project. Everything else (links, absolute paths, '..' escapes, huge files) is refused
here with a message the author can act on. Both the checker and the renderer use
``resolve``; neither trusts the other to have run.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path


from .errors import ConfigError, Problem
from .project import ICONS, Project
from . import yamltext

NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
PICTURE_TYPES = {".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".heic", ".heif"}
BUDGET_ELEMENTS = 40
BUDGET_BYTES = 8 * 1024


@dataclass(frozen=True)
class Icon:
    name: str
    path: Path
    alt: str
    tags: tuple[str, ...]
    source: str
    licence: str

    def over_budget(self) -> str | None:
        """Why this icon is too heavy to render quickly, or None."""
        return svg_over_budget(self.path, f"icon '{self.name}'")


def svg_over_budget(path: Path, name: str) -> str | None:
    """Why an SVG is too detailed to render quickly and read at a distance, or None."""
    size = path.stat().st_size
    count = len(re.findall(r"<(?:path|circle|rect|ellipse|line|polygon|polyline|g|text|use)\b", path.read_text(errors="replace")))
    if count > BUDGET_ELEMENTS or size > BUDGET_BYTES:
        return f"{name} has {count} elements and {size} bytes (budget {BUDGET_ELEMENTS} elements, {BUDGET_BYTES} bytes)"
    return None


@dataclass(frozen=True)
class Catalogue:
    icons: dict[str, Icon]
    credits: dict[str, str]

    def search(self, word: str) -> list[Icon]:
        word = word.lower()
        return [
            icon
            for icon in self.icons.values()
            if word in icon.name or word in icon.alt.lower() or any(word in tag.lower() for tag in icon.tags)
        ]

    def credit_lines(self, names: Iterable[str]) -> list[str]:
        """The credit lines the licences of these icons ask for, once each."""
        lines: list[str] = []
        for name in names:
            icon = self.icons.get(name)
            credit = self.credits.get(icon.licence, "") if icon else ""
            if credit and credit not in lines:
                lines.append(credit)
        return lines


@cache
def load_catalogue(folder: Path = ICONS) -> Catalogue:
    path = folder / "catalogue.yaml"
    try:
        data = yamltext.load(path.read_text(encoding="utf-8"))
    except (OSError, yamltext.YAMLError) as exc:
        raise ConfigError(Problem(str(path), 1, 1, "catalogue", f"cannot read the icon catalogue: {exc}")) from None
    icons: dict[str, Icon] = {}
    for entry in data.get("icons", []):
        icons[entry["name"]] = Icon(
            name=entry["name"],
            path=folder / entry["file"],
            alt=entry.get("alt", ""),
            tags=tuple(entry.get("tags", ())),
            source=entry.get("source", ""),
            licence=entry.get("licence", ""),
        )
    credits = {name: spec.get("credit", "") for name, spec in (data.get("licences") or {}).items()}
    return Catalogue(icons, credits)


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
        icon = catalogue.icons.get(target)
        if icon is not None:
            return Resolved(icon.path, icon=icon)
        close = difflib.get_close_matches(target, list(catalogue.icons), n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        return Resolved(None, rule="unknown-icon", problem=f"no icon called '{target}'; {hint}run 'easyread icons --search WORD' to find one")
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


def _too_big(path: Path) -> str | None:
    """Why a picture file cannot be used: over a limit, damaged, or an SVG that is refused."""
    from .pictures import verify  # Pillow and defusedxml only where a picture file is used

    return verify(path)
