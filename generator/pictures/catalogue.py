"""The picture library as data: pictures, the sets they come from, their licences.

``load_catalogue`` reads the compact index (``icons/index.json``) that
``index.py`` builds from ``icons/catalogue.yaml``: one JSON parse, no YAML and no
word-form work on the way to a build. Everything here is frozen; a project that
accepts only some licences gets its own view with ``accepting``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..project import ICONS

NUMBER = re.compile(rb"-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?")
# What a picture costs to draw is its number of coordinates: WeasyPrint parses and
# draws every one, each time the picture is used (about 25 microseconds each on a CI
# machine, so 4,000 is about a tenth of a second). Bytes matter for the HTML twin,
# which embeds every picture.
BUDGET_NUMBERS = 4000
BUDGET_BYTES = 64 * 1024
# Library pictures are checked by a test against a looser bar: a few of the best
# pictures of people (a family, grandparents) are detailed, and worth it.
LIBRARY_BUDGET_NUMBERS = 8000
LIBRARY_BUDGET_BYTES = 48 * 1024


def svg_cost(data: bytes) -> tuple[int, int]:
    """(coordinates and other numbers, bytes) of an SVG: what drawing it costs."""
    return len(NUMBER.findall(data)), len(data)


def svg_over_budget(path: Path, name: str) -> str | None:
    """Why an SVG is too detailed to render quickly and read at a distance, or None."""
    numbers, size = svg_cost(path.read_bytes())
    if numbers > BUDGET_NUMBERS or size > BUDGET_BYTES:
        return f"{name} has {numbers} coordinates and {size} bytes (budget {BUDGET_NUMBERS} coordinates, {BUDGET_BYTES // 1024} KB)"
    return None


@dataclass(frozen=True)
class PictureSet:
    """Where a group of pictures came from, and the words its licence asks us to print."""

    key: str
    title: str
    author: str
    url: str
    licence: str
    credit: str
    source: str = ""
    note: str = ""


@dataclass(frozen=True)
class Licence:
    key: str
    title: str
    url: str
    texts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Picture:
    """One picture of the library. ``words`` are base forms with weights (name 3, tags 2, alt 1)."""

    name: str
    path: Path
    alt: str
    tags: tuple[str, ...]
    set: str
    original: str
    author: str
    licence: str
    topic: str = ""
    changed: str = ""
    aliases: tuple[str, ...] = ()
    word_text: str = field(default="", compare=False, repr=False)  # "bus:3 coach:2 ...", parsed when needed

    @cached_property
    def words(self) -> Mapping[str, float]:
        """Base forms of the words this picture stands for, with their weights."""
        pairs = (item.rpartition(":") for item in self.word_text.split())
        return MappingProxyType({word: float(weight) for word, _, weight in pairs})

    @property
    def file(self) -> str:
        """The file, relative to ``icons/``, as the catalogue lists it."""
        return self.path.relative_to(ICONS).as_posix() if self.path.is_relative_to(ICONS) else str(self.path)

    @property
    def source(self) -> str:
        return f"{self.set}: {self.original}"

    def over_budget(self) -> str | None:
        """Why this picture is too heavy to render quickly, or None."""
        return svg_over_budget(self.path, f"picture '{self.name}'")

    def as_dict(self, sets: Mapping[str, PictureSet]) -> dict[str, Any]:
        """The JSON form used by ``easyread pictures list --json`` and search results."""
        picture_set = sets.get(self.set)
        out: dict[str, Any] = {
            "name": self.name,
            "file": self.file,
            "source": f"{picture_set.title if picture_set else self.set} ({self.original})",
            "set": self.set,
            "original": self.original,
            "author": self.author,
            "licence": self.licence,
            "alt": self.alt,
            "tags": list(self.tags),
            "topic": self.topic,
        }
        if self.changed:
            out["changed"] = self.changed
        if self.aliases:
            out["aliases"] = list(self.aliases)
        return out


CHANGED = "; some pictures changed by easyread"

# The old name, kept for code that still says Icon.
Icon = Picture


@dataclass(frozen=True, eq=False)
class Catalogue:
    """Every picture by name, the sets and licences, and the word tables search needs."""

    icons: Mapping[str, Picture]
    sets: Mapping[str, PictureSet]
    licences: Mapping[str, Licence]
    aliases: Mapping[str, str] = field(default_factory=dict)
    forms: Mapping[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    synonyms: Mapping[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    accepted: frozenset[str] | None = None

    @property
    def pictures(self) -> Mapping[str, Picture]:
        return self.icons

    def get(self, name: str) -> Picture | None:
        """The picture called ``name``, or by an older name it used to have."""
        found = self.icons.get(name)
        if found is None and name in self.aliases:
            found = self.icons.get(self.aliases[name])
        return found

    def names(self) -> list[str]:
        """Every name a cue may use, aliases included (for 'did you mean')."""
        return [*self.icons, *self.aliases]

    def accepting(self, licences: Iterable[str] | None) -> Catalogue:
        """This catalogue for a project that accepts only ``licences`` (None: all of them)."""
        return replace(self, accepted=None if licences is None else frozenset(licences))

    def accepts(self, picture: Picture) -> bool:
        return self.accepted is None or picture.licence in self.accepted

    def sets_used(self, names: Iterable[str]) -> list[PictureSet]:
        """The sets these pictures come from, in the order they first appear."""
        used: list[PictureSet] = []
        for name in names:
            picture = self.get(name)
            if picture is not None:
                picture_set = self.sets.get(picture.set)
                if picture_set is not None and picture_set not in used:
                    used.append(picture_set)
        return used

    def credit_lines(self, names: Iterable[str]) -> list[str]:
        """One credit per set these pictures come from, as their licences ask.

        A set whose used pictures include one we changed (beyond optimising the file)
        says so, as CC BY-SA requires.
        """
        names = list(names)
        changed = self._changed_sets(names)
        return [s.credit + (CHANGED if s.key in changed else "") for s in self.sets_used(names) if s.credit]

    def rights(self, names: Iterable[str]) -> str:
        """Every set used, in full (title, author, link, licence and its link), for the metadata."""
        names = list(names)
        changed = self._changed_sets(names)
        parts = []
        for s in self.sets_used(names):
            licence = self.licences.get(s.licence)
            terms = f"{licence.title} ({licence.url})" if licence else s.licence
            parts.append(f"{s.title} by {s.author}" + (f" ({s.url})" if s.url else "") + f", {terms}" + (CHANGED if s.key in changed else ""))
        return ("Pictures: " + "; ".join(parts) + ".") if parts else ""

    def _changed_sets(self, names: list[str]) -> set[str]:
        return {p.set for p in (self.get(n) for n in names) if p is not None and p.changed}


def from_index(data: Mapping[str, Any], folder: Path = ICONS) -> Catalogue:
    """Build the catalogue from the index's JSON data (see ``index.py``)."""
    sets = {key: PictureSet(key=key, **{k: str(v) for k, v in spec.items() if k in PictureSet.__dataclass_fields__}) for key, spec in data["sets"].items()}
    licences = {key: Licence(key, spec.get("title", key), spec.get("url", ""), tuple(spec.get("texts", ()))) for key, spec in data["licences"].items()}
    icons = _Pictures(data["columns"], data["pictures"], folder)
    aliases = {alias: name for name, names in icons.aliases() for alias in names}
    forms = {form: tuple(bases) for form, bases in data.get("forms", {}).items()}
    synonyms = {word: tuple(others) for word, others in data.get("synonyms", {}).items()}
    return Catalogue(icons, MappingProxyType(sets), MappingProxyType(licences), MappingProxyType(aliases), forms, synonyms)


class _Pictures(Mapping[str, Picture]):
    """Pictures by name, each made from its index row the first time it is asked for.

    A build looks at a few dozen pictures; making all 1,500 up front cost more than
    reading the index.
    """

    def __init__(self, columns: list[str], rows: list[list[Any]], folder: Path) -> None:
        self._column = {name: i for i, name in enumerate(columns)}
        self._rows = {row[self._column["name"]]: row for row in rows}
        self._made: dict[str, Picture] = {}
        self._folder = folder

    def __getitem__(self, name: str) -> Picture:
        picture = self._made.get(name)
        if picture is None:
            row, c = self._rows[name], self._column
            picture = Picture(
                name=name, path=self._folder / row[c["file"]], alt=row[c["alt"]], tags=tuple(row[c["tags"]]), set=row[c["set"]],
                original=row[c["original"]], author=row[c["author"]], licence=row[c["licence"]], topic=row[c["topic"]],
                changed=row[c["changed"]], aliases=tuple(row[c["aliases"]]), word_text=row[c["words"]],
            )
            self._made[name] = picture
        return picture

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, name: object) -> bool:
        return name in self._rows

    def aliases(self) -> Iterator[tuple[str, list[str]]]:
        column = self._column["aliases"]
        for name, row in self._rows.items():
            if row[column]:
                yield name, row[column]


@cache
def load_catalogue(folder: Path = ICONS) -> Catalogue:
    """The bundled picture library, from its index (rebuilt in memory if it is stale)."""
    from .index import load_index

    return from_index(load_index(folder), folder)
