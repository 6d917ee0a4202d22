"""Find pictures by meaning, offline: ``search(text, limit) -> list[Match]``.

A picture's words are its name (weight 3), tags (2), alt text (1) and topic (0.5),
reduced to base forms when the index was built. A query word matches a picture when
one of its base forms is among the picture's words, or (a little less) when a synonym
of it is. Each matched word counts by how rare it is in the library (a picture named
"bus" beats the many pictures that mention "travel"), and pictures that match more of
the query's words rank first. Scores are comparable within one search, not between
searches.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from .catalogue import Catalogue, Picture, load_catalogue
from .words import QUESTION_WORDS, STOPWORDS, base_forms, content_words

ALL_WORDS = STOPWORDS  # a search for just "no" or "up" keeps the word

SYNONYM_FACTOR = 0.6
# Another form of the word ("buses" for "bus") counts a little less than the word as written.
FORM_FACTOR = 0.85
# Words below this weight (alt text, topic) help ranking but do not make a picture "fit".
FIT_WEIGHT = 1.6  # a tag, or another form of a tag
LIGHT_WORDS = frozenset(["take", "use", "go", "come", "give", "put", "keep", "need", "want", "know", "see", "look", "tell", "say", "find", "think", "try", "ask", "feel", "like", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"])
LIGHT_FACTOR = 0.4


@dataclass(frozen=True)
class Match:
    """A picture that fits the words searched for, with how well and why."""

    name: str
    score: float
    picture: Picture
    words: tuple[str, ...]  # the query words this picture matched

    def as_dict(self, catalogue: Catalogue) -> dict[str, Any]:
        return {**self.picture.as_dict(catalogue.sets), "score": round(self.score, 3), "matched": list(self.words)}


def search(text: str, limit: int = 10, catalogue: Catalogue | None = None, exclude: Iterable[str] = (), keep_questions: bool = True) -> list[Match]:
    """The pictures that best fit ``text``, best first (at most ``limit``)."""
    catalogue = catalogue or load_catalogue()
    query = content_words(text, QUESTION_WORDS if keep_questions else frozenset()) or content_words(text, ALL_WORDS)
    if not query or limit <= 0:
        return []
    skip = set(exclude)
    idf = _idf(catalogue)
    scored: list[Match] = []
    expanded = [(word, _candidates(word, catalogue)) for word in query]
    # In a sentence, common verbs ("take your medicine") say less than the things.
    light = {word: LIGHT_FACTOR for word in query if word in LIGHT_WORDS} if len(query) > 1 else {}
    pictures = _pictures(catalogue)
    postings = _weighted_postings(catalogue)
    # Only a picture that has one of the words (or a form or synonym) can score, so the
    # words' postings are read, not every picture: per picture, the total of each query
    # word's best match (in query order), the words matched, and the bases it holds.
    found: dict[int, tuple[list[float], list[str], list[bool], set[str]]] = {}
    for word, candidates in expanded:
        best: dict[int, float] = {}
        own_idf = idf.get(candidates[0][0], 1.0)  # a synonym is never rarer than the word itself
        lightness = light.get(word, 1.0)
        for base, factor in candidates:
            rarity = idf.get(base, 1.0) if factor >= FORM_FACTOR else min(idf.get(base, 1.0), own_idf)
            for index, weight in postings.get(base, ()):
                value = weight * factor * rarity * lightness
                if value > best.get(index, 0.0):
                    best[index] = value
                state = found.get(index)
                if state is None:
                    state = found[index] = ([0.0], [], [False], set())
                state[2][0] = state[2][0] or weight >= FIT_WEIGHT
                state[3].add(base)
        for index, value in best.items():
            state = found[index]
            state[0][0] += value
            state[1].append(word)
    for index in sorted(found):
        picture = pictures[index]
        if picture.name in skip or not catalogue.accepts(picture):
            continue
        (total,), matched, (strong,), hits = found[index]
        if not strong:
            continue  # only the alt text or topic matched: too weak to offer
        coverage = len(matched) / len(query)
        # "cancer-care" is a worse answer to "care" than "care-worker" is to "care worker":
        # a picture whose name the words only half say fits less well.
        parts = picture.name.split("-")
        named = sum(1 for part in parts if part in hits) / len(parts)
        score = total * coverage * (0.6 + 0.4 * named)
        if _names_the_query(picture, expanded):
            score *= 1.5
        scored.append(Match(picture.name, score, picture, tuple(matched)))
    scored.sort(key=lambda m: (-round(m.score, 6), m.name.count("-"), len(m.picture.words), m.name))
    return scored[:limit]


def fits(picture: Picture, text: str, catalogue: Catalogue | None = None) -> bool:
    """True when a word of ``text`` (or a synonym of it) is one of the picture's own words."""
    catalogue = catalogue or load_catalogue()
    own = {word for word, weight in picture.words.items() if weight >= FIT_WEIGHT}
    return any(any(base in own for base, _ in _candidates(word, catalogue)) for word in content_words(text))


def _candidates(word: str, catalogue: Catalogue) -> list[tuple[str, float]]:
    """Base forms of ``word`` (factor 1) and their synonyms (a little less)."""
    found = {base: (1.0 if base == word else FORM_FACTOR) for base in base_forms(word, catalogue.forms)}
    for base in list(found):
        for other in catalogue.synonyms.get(base, ()):
            found.setdefault(other, SYNONYM_FACTOR)
    return list(found.items())


def _names_the_query(picture: Picture, expanded: list[tuple[str, list[tuple[str, float]]]]) -> bool:
    """The picture's name is exactly the query's words ("bus" for "buses")."""
    name_words = picture.name.split("-")
    if len(name_words) != len(expanded):
        return False
    return all(any(base == part for base, factor in candidates if factor >= FORM_FACTOR) for part, (_, candidates) in zip(name_words, expanded))


@cache
def _pictures(catalogue: Catalogue) -> tuple[Picture, ...]:
    return tuple(catalogue.icons.values())


@cache
def _postings(catalogue: Catalogue) -> dict[str, tuple[int, ...]]:
    """Each word -> the pictures (positions in the catalogue) that have it: a search reads only those."""
    found: dict[str, list[int]] = {}
    for index, picture in enumerate(_pictures(catalogue)):
        for word in picture.words:
            found.setdefault(word, []).append(index)
    return {word: tuple(indexes) for word, indexes in found.items()}


@cache
def _weighted_postings(catalogue: Catalogue) -> dict[str, tuple[tuple[int, float], ...]]:
    """Each word -> (position in the catalogue, weight) of the pictures that have it."""
    pictures = _pictures(catalogue)
    return {word: tuple((index, pictures[index].words[word]) for index in indexes) for word, indexes in _postings(catalogue).items()}


@cache
def _idf(catalogue: Catalogue) -> dict[str, float]:
    """How rare each word is among the pictures: log(1 + N / pictures with the word)."""
    counts: dict[str, int] = {}
    for picture in catalogue.icons.values():
        for word in picture.words:
            counts[word] = counts.get(word, 0) + 1
    total = len(catalogue.icons)
    return {word: math.log(1 + total / count) for word, count in counts.items()}
