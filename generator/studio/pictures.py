"""The picture library as the studio sees it: suggestions for a sentence, and a search.

This is the one place the studio asks the picture catalogue anything, behind two
functions (``suggest`` and ``search``), so a better library or search can replace
the word matching here without touching the preview.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..icons import Catalogue, Icon, load_catalogue

SUGGESTIONS = 6
SEARCH_RESULTS = 24
_WORD = re.compile(r"[a-z]+")
# Words that say nothing about what to draw.
_STOP = frozenset(
    "a an and are as at be been but by can do does for from had has have he her his how i if in into is it its me my "
    "no not of on or our she so some than that the their them then there these they this to us was we were what when "
    "where which who will with you your about after also any because before could each get just more most much need "
    "only other out over said same should such up very way would".split()
)


@dataclass(frozen=True)
class Choice:
    """A picture the group can choose: its cue name, alt text and file."""

    name: str
    alt: str
    path: Path


def _stem(word: str) -> str:
    for ending in ("ing", "ies", "es", "ed", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)] + ("y" if ending == "ies" else "")
    return word


def _words(text: str) -> set[str]:
    return {_stem(w) for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 2}


def _keywords(icon: Icon) -> tuple[set[str], set[str]]:
    """An icon's strong words (its name and tags) and weak ones (its alt text)."""
    strong = _words(" ".join([icon.name.replace("-", " "), *icon.tags]))
    return strong, _words(icon.alt) - strong


def _choice(icon: Icon) -> Choice:
    return Choice(icon.name, icon.alt, icon.path)


def suggest(sentence: str, limit: int = SUGGESTIONS, catalogue: Catalogue | None = None, current: str = "") -> list[Choice]:
    """Up to ``limit`` pictures whose name, tags or alt text share words with ``sentence``."""
    catalogue = catalogue or load_catalogue()
    wanted = _words(sentence)
    scored: list[tuple[int, str, Icon]] = []
    for icon in catalogue.icons.values():
        if icon.name == current:
            continue
        strong, weak = _keywords(icon)
        score = 3 * len(wanted & strong) + len(wanted & weak) + 2 * (_stem(icon.name) in wanted)
        if score:
            scored.append((-score, icon.name, icon))
    return [_choice(icon) for _, _, icon in sorted(scored)[:limit]]


def search(query: str, limit: int = SEARCH_RESULTS, catalogue: Catalogue | None = None) -> list[Choice]:
    """Pictures matching every word of ``query`` (in the name, tags or alt text), best first."""
    catalogue = catalogue or load_catalogue()
    words = [w for w in _WORD.findall(query.lower()) if w]
    if not words:
        return []
    found: list[tuple[int, str, Icon]] = []
    for icon in catalogue.icons.values():
        hay = " ".join([icon.name, icon.alt, *icon.tags]).lower()
        if all(w in hay or _stem(w) in hay for w in words):
            exact = sum(2 * (w == icon.name) + (w in icon.tags) for w in words)
            found.append((-exact, icon.name, icon))
    return [_choice(icon) for _, _, icon in sorted(found)[:limit]]


def find(name: str, catalogue: Catalogue | None = None) -> Choice | None:
    """The picture called ``name``, if the library has it."""
    icon = (catalogue or load_catalogue()).icons.get(name)
    return _choice(icon) if icon else None
