"""The picture library as the studio sees it: suggestions for a sentence, and a search.

This is the one place the studio asks the picture catalogue anything, behind two
functions (``suggest`` and ``search``), which now ask the library's search by meaning
(``generator.pictures.search``: word forms, synonyms, rarer words first).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..icons import Catalogue, Icon, load_catalogue
from ..pictures import search as library_search

SUGGESTIONS = 6
SEARCH_RESULTS = 24
@dataclass(frozen=True)
class Choice:
    """A picture the group can choose: its cue name, alt text and file."""

    name: str
    alt: str
    path: Path


def _choice(icon: Icon) -> Choice:
    return Choice(icon.name, icon.alt, icon.path)


def suggest(sentence: str, limit: int = SUGGESTIONS, catalogue: Catalogue | None = None, current: str = "") -> list[Choice]:
    """Up to ``limit`` pictures that fit ``sentence``, best first (the library's search by meaning)."""
    matches = library_search(sentence, limit, catalogue, exclude={current} if current else (), keep_questions=False)
    return [_choice(m.picture) for m in matches]


def search(query: str, limit: int = SEARCH_RESULTS, catalogue: Catalogue | None = None) -> list[Choice]:
    """Pictures for the words of ``query``, best first: word forms and synonyms count (see docs/pictures.md)."""
    return [_choice(m.picture) for m in library_search(query, limit, catalogue)]


def find(name: str, catalogue: Catalogue | None = None) -> Choice | None:
    """The picture called ``name`` (or by an older name), if the library has it."""
    icon = (catalogue or load_catalogue()).get(name)
    return _choice(icon) if icon else None
