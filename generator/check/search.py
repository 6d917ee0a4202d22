"""Fast, exact regular-expression search over a whole document.

Rules used to run every pattern on every sentence: 800,000 regex calls for a long
document. Here each pattern runs once over the whole text (one sentence per line)
and the matches are handed back sentence by sentence, exactly as the per-sentence
runs would have found them. Two things keep Python's ``re`` fast on a long text:

- A pattern that opens with a lookbehind or ``\\b`` (``(?<!\\w)e\\.?g\\.?``) makes
  the engine start a full match attempt at every character. When the rest starts
  with one letter or with digits, which ``re`` skips to in C, the opening assertion
  is split off and checked only where the rest matched.
- Word lists become a trie of letters, so the engine reads each letter once
  instead of trying a hundred alternatives at every position; and they run only on
  the sentences that hold their words (``CheckedDocument.holding``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from functools import cache
from typing import Any

SEPARATOR = "\n"  # between sentences in the whole text; no sentence contains one
# Below this many characters a pattern simply runs over the whole text: analysing it
# (``needs``, ``_split``; a regular-expression parse each, once per process) would cost
# a small check more than the search itself.
ANALYSE_FROM = 20_000


def search(pattern: re.Pattern[str], text: str, starts: Sequence[int], split: bool = True) -> Iterator[tuple[int, int, re.Match[str]]]:
    """(sentence number, offset in the sentence, match) for every match of ``pattern``, in order.

    ``text`` is the sentences joined by ``SEPARATOR``; ``starts`` their offsets in it.
    The matches are those of running the pattern on each sentence alone (``^`` and
    ``$`` need ``re.MULTILINE`` to match at sentence edges): a match that runs over
    the end of a sentence is dropped, and the sentences it touched are searched
    again one by one. ``split=False`` runs the pattern as it is (see ``_finditer``): on a
    short text, working out how to split it costs more than it saves.
    """
    redo_until = -1
    found_in, found = -1, 0  # how many matches of sentence ``found_in`` were handed back already
    for match in (_finditer(pattern, text) if split else pattern.finditer(text)):
        first = bisect_right(starts, match.start()) - 1
        if SEPARATOR in match.group():
            last = bisect_right(starts, match.end() - 1) - 1
            for index in range(max(first, redo_until + 1), last + 1):
                end = starts[index + 1] - 1 if index + 1 < len(starts) else len(text)
                skip = found if index == found_in else 0  # the same search of the sentence finds those first
                for inner in pattern.finditer(text[starts[index] : end]):
                    if skip:
                        skip -= 1
                        continue
                    yield index, inner.start(), inner
            redo_until = last
        elif first > redo_until:
            found_in, found = first, (found + 1 if first == found_in else 1)
            yield first, match.start() - starts[first], match


def _finditer(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, with an opening assertion checked only where the rest matches."""
    split = _split(pattern)
    if split is None:
        yield from pattern.finditer(text)
        return
    opening, rest = split
    position = 0
    while (match := rest.search(text, position)) is not None:
        if opening.match(text, match.start()):
            yield match
            position = match.end()  # never empty: see _split
        else:
            position = match.start() + 1


@cache
def _split(pattern: re.Pattern[str]) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """(opening assertion, the rest) of a pattern that starts with lookbehinds or ``\\b``; else None.

    Only when splitting cannot change what matches: the opening holds no groups
    (so group numbers stay), the rest has no top-level ``|`` (which the opening
    would not cover) and never matches empty text (so the search always moves on).
    """
    source = pattern.pattern
    if pattern.flags & re.VERBOSE:
        return None
    cut = 0
    while True:
        if source.startswith("\\b", cut):
            cut += 2
        elif source.startswith(("(?<!", "(?<="), cut):
            end = _group_end(source, cut)
            if end < 0 or "(" in source[cut + 1 : end]:
                return None
            cut = end
        else:
            break
    rest = source[cut:]
    if not cut or not rest or _top_level_bar(rest):
        return None
    try:
        parsed = re._parser.parse(rest, pattern.flags)  # type: ignore[attr-defined]
        if parsed.getwidth()[0] == 0 or _opening(list(parsed)) not in ("letter", "digits"):
            return None  # could match empty text, or the engine cannot skip ahead to where it starts
        return re.compile(source[:cut], pattern.flags), re.compile(rest, pattern.flags)
    except (re.error, AttributeError):
        return None


def _opening(items: list[Any]) -> str | None:
    """What a parsed pattern starts with: one "letter" (or other single character), "digits", or None."""
    if not items:
        return None
    op, value = items[0]
    name = str(op)
    if name == "LITERAL":
        return "digits" if chr(value).isdigit() else "letter"
    if name == "IN" and all(str(kind) == "LITERAL" for kind, _ in value) and len(value) <= 4:
        return "letter"  # a few characters, such as the dashes [-–—]
    if name == "IN":
        digits = all(
            (str(kind) == "CATEGORY" and str(arg) == "CATEGORY_DIGIT")
            or (str(kind) == "LITERAL" and chr(arg).isdigit())
            or (str(kind) == "RANGE" and chr(arg[0]).isdigit() and chr(arg[1]).isdigit())
            for kind, arg in value
        )
        return "digits" if digits else None
    if name in ("MAX_REPEAT", "MIN_REPEAT"):
        return _opening(list(value[2])) if value[0] >= 1 else None
    if name == "SUBPATTERN":
        return _opening(list(value[3]))
    if name == "BRANCH":
        kinds = {_opening(list(branch)) for branch in value[1]}
        return "digits" if kinds == {"digits"} else None
    return None


@cache
def needs(pattern: re.Pattern[str]) -> tuple[str, int] | None:
    """What every match of ``pattern`` must hold, if that is cheap to look for first:
    ("digit", 1) for a digit, ("run", n) for n letters in a row; else None.

    Most sentences hold neither, so such a pattern need only read the few that do.
    """
    try:
        items = list(re._parser.parse(pattern.pattern, pattern.flags))  # type: ignore[attr-defined]
    except (re.error, AttributeError):
        return None
    found = [need for need in map(_need, items) if need]
    return max(found, key=lambda need: need[1]) if found else None


@cache
def literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Texts one of which every match of ``pattern`` holds (in lower case when the pattern
    ignores case), if they are worth looking for first: ``etc``, ``and/or``, ``(``; else None.

    Only ASCII text is used, and only what the match itself must contain: literal
    characters in a row, in groups and repeats that occur at least once, and one text
    for each branch of an alternation. Lookarounds are not read.
    """
    try:
        items = list(re._parser.parse(pattern.pattern, pattern.flags))  # type: ignore[attr-defined]
    except (re.error, AttributeError):
        return None
    found = _literals(items, bool(pattern.flags & re.IGNORECASE))
    return found if found and all(_worth(text) for text in found) else None


def _worth(text: str) -> bool:
    """A text rare enough to look for: two characters or more, or one that is not a letter, digit or space."""
    return (len(text) >= 2 and not text.isspace()) or (len(text) == 1 and not text.isalnum() and not text.isspace())


def _literals(items: list[Any], fold: bool) -> frozenset[str] | None:
    """The best requirement of a sequence of parsed items (see ``literals``)."""
    options: list[frozenset[str]] = []
    run: list[str] = []

    def close() -> None:
        if run:
            options.append(frozenset(["".join(run)]))
            run.clear()

    for op, value in items:
        name = str(op)
        if name == "LITERAL" and value < 128:
            run.append(chr(value).lower() if fold else chr(value))
            continue
        close()
        inner: frozenset[str] | None = None
        if name == "SUBPATTERN" and not value[1] and not value[2]:
            inner = _literals(list(value[3]), fold)
        elif name in ("MAX_REPEAT", "MIN_REPEAT") and value[0] >= 1:
            inner = _literals(list(value[2]), fold)
        elif name == "BRANCH":
            branches = [_literals(list(branch), fold) for branch in value[1]]
            if all(branches):
                inner = frozenset().union(*branches)  # type: ignore[arg-type]
        if inner:
            options.append(inner)
    close()
    good = [option for option in options if all(_worth(text) for text in option)]
    return max(good, key=lambda option: (min(map(len, option)), -len(option)), default=None)


def _need(item: tuple[Any, Any]) -> tuple[str, int] | None:
    op, value = item
    name = str(op)
    if name in ("MAX_REPEAT", "MIN_REPEAT") and value[0] >= 1:
        inner = list(value[2])
        if len(inner) == 1 and _is_letters(inner[0]) and value[0] >= 8:
            return ("run", value[0])
        return next(filter(None, map(_need, inner)), None)
    if name == "SUBPATTERN":
        return next(filter(None, map(_need, value[3])), None)
    if name == "BRANCH":
        needs_ = [next(filter(None, map(_need, branch)), None) for branch in value[1]]
        return ("digit", 1) if all(n and n[0] == "digit" for n in needs_) else None
    if name == "IN" and value and all(
        (str(kind) == "CATEGORY" and str(arg) == "CATEGORY_DIGIT") or (str(kind) == "RANGE" and chr(arg[0]).isdigit() and chr(arg[1]).isdigit())
        or (str(kind) == "LITERAL" and chr(arg).isdigit()) for kind, arg in value
    ):
        return ("digit", 1)
    if name == "LITERAL" and chr(value).isdigit():
        return ("digit", 1)
    return None


def _is_letters(item: tuple[Any, Any]) -> bool:
    """An ASCII letter class such as [A-Za-z] or [a-z] (a run of them is a run of letters)."""
    op, value = item
    return str(op) == "IN" and all(str(kind) == "RANGE" and chr(arg[0]).isalpha() and chr(arg[1]).isalpha() for kind, arg in value)


def _scan(source: str) -> Iterator[tuple[int, str, int]]:
    """(position, character, group depth) of the characters outside escapes and [classes]."""
    depth, index, in_class = 0, 0, False
    while index < len(source):
        char = source[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if source.startswith("]", index + 1) or source.startswith("^]", index + 1):
                index += 1 + (source[index + 1] == "^")
        else:
            if char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
            yield index, char, depth
        index += 1


def _group_end(source: str, start: int) -> int:
    """The offset just after the group opening at ``start``, or -1."""
    for index, char, depth in _scan(source[start:]):
        if char == ")" and depth == 0:
            return start + index + 1
    return -1


def _top_level_bar(source: str) -> bool:
    return any(char == "|" and depth == 0 for _, char, depth in _scan(source))


@cache
def whole_words(terms: tuple[str, ...]) -> re.Pattern[str]:
    """One case-insensitive pattern matching any of ``terms`` as whole words, the longest first.

    The terms are folded into a trie ("in order to", "initial", "initiate" ->
    ``in(?:\\s+order\\s+to|iti(?:al|ate))``); a term that ends where a longer one
    goes on is tried after it, as in a longest-first list of alternatives.
    """
    trie: dict[str, Any] = {}
    for term in terms:
        node = trie
        for char in " ".join(term.lower().split()):
            node = node.setdefault(char, {})
        node[""] = {}
    return re.compile(rf"(?<![\w-])(?:{_trie_regex(trie)})(?![\w-])", re.IGNORECASE)


def _trie_regex(node: dict[str, Any]) -> str:
    branches = [(r"\s+" if char == " " else re.escape(char)) + _trie_regex(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body
