"""Does each picture fit its words? Rows of a document, and better pictures for them.

A row is a paragraph that starts with a picture cue, plus the paragraphs and lists
after it that have no cue of their own (they continue the row, and print in it). The
cover picture's row is the title. Two things make a row worth a second look: its picture's own words (name and
tags, or a synonym of them) appear nowhere in its text, or the same picture is used
more than ``max_uses`` times in the document. Both the checker rules
(``picture-words``, ``picture-overused``) and ``easyread pictures suggest`` use this.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, partial

from ..model import Block, Cue, Document
from .catalogue import Catalogue, Picture
from .search import Match, fits, search

MAX_USES = 3
SUGGESTIONS = 3


@dataclass(frozen=True)
class Row:
    cue: Cue
    text: str  # every word of the row
    lead: str = ""  # the words beside the picture (the first paragraph): the row's main idea


@dataclass(frozen=True)
class Advice:
    """A row whose picture may not be the best one, and up to 3 better ones."""

    row: Row
    picture: Picture
    mismatch: bool  # none of the picture's words are in the row
    overused: bool  # this use is past the document's limit for one picture
    uses: int  # how often the document uses this picture
    use_number: int  # this is its n-th use
    find: Callable[[], tuple[Match, ...]] = field(repr=False, compare=False)  # works out ``suggestions``
    lines: tuple[int, ...] = ()  # where the picture is used, when it is overused

    @cached_property
    def suggestions(self) -> tuple[Match, ...]:
        """Better pictures for the row, searched for when first asked (the checker asks
        only at a picture's first use too many: a long document has thousands of others)."""
        return self.find()


def rows(document: Document) -> list[Row]:
    """Every picture row of the document, with all the words it shows."""
    found: list[Row] = []
    cover = document.meta.get("cover")
    if isinstance(cover, Cue):
        found.append(Row(cover, document.title, document.title))
    found.extend(_rows(document.blocks))
    return found


def _rows(blocks: tuple[Block, ...]) -> Iterator[Row]:
    current: Cue | None = None
    words: list[str] = []
    for block in blocks:
        if block.kind == "paragraph" and block.cue is None and current is not None:
            words.append(block.text)
            continue
        if block.kind == "list" and current is not None and not _has_cued_items(block):
            words.append(block.text)  # a list without pictures prints inside the row above
            continue
        if current is not None:
            yield Row(current, " ".join(words), words[0])
            current, words = None, []
        if block.kind == "paragraph" and block.cue is not None:
            current, words = block.cue, [block.text]
        elif block.kind in ("list", "quote") or block.kind == "item":
            yield from _rows(block.children)
    if current is not None:
        yield Row(current, " ".join(words), words[0])


def _has_cued_items(block: Block) -> bool:
    """True when a list's items start with pictures (each item is then a row of its own)."""
    for item in block.children:
        first = next((child for child in item.children if child.kind == "paragraph"), None)
        if first is not None and first.cue is not None:
            return True
    return False


def review(document: Document, catalogue: Catalogue, max_uses: int = MAX_USES, limit: int = SUGGESTIONS,
           every_use: bool = True) -> list[Advice]:
    """Rows whose library picture does not match their words, or is used too often.

    With ``every_use=False`` an overused picture gets advice at its first use too many
    only (and wherever its words do not fit): what the checker reports.
    """
    names: dict[str, str | None] = {}
    found = []
    for row in rows(document):
        target = row.cue.target
        if target not in names:
            names[target] = _picture_name(row.cue, catalogue)
        found.append((row, names[target]))
    where: dict[str, list[int]] = {}
    for row, name in found:
        if name:
            where.setdefault(name, []).append(row.cue.span.line)
    totals = {name: len(lines) for name, lines in where.items()}
    lines_of = {name: tuple(lines) for name, lines in where.items()}
    busy = {n for n, count in totals.items() if count >= max_uses}  # never suggested: already used enough
    seen: Counter[str] = Counter()
    advice: list[Advice] = []
    # A long document repeats rows ("Phone us") and pictures: whether a picture fits some
    # words, and the better pictures for a row, are worked out once per distinct question.
    fitting: dict[tuple[str, str], bool] = {}
    excluded: dict[str, frozenset[str]] = {}
    asked: dict[tuple[str, str, frozenset[str]], tuple[Match, ...]] = {}
    pictures: dict[str, Picture] = {}
    for row, name in found:
        if name is None or row.cue.decorative:
            continue
        picture = pictures.get(name) or pictures.setdefault(name, catalogue.icons[name])
        seen[name] += 1
        mismatch = False
        if row.text.strip():
            known = fitting.get((name, row.text))
            if known is None:
                known = fitting[name, row.text] = fits(picture, row.text, catalogue)
            mismatch = not known
        overused = seen[name] > max_uses
        if not (mismatch or overused) or (not mismatch and not every_use and seen[name] > max_uses + 1):
            continue
        exclude = excluded.get(name)
        if exclude is None:
            exclude = excluded[name] = frozenset({name, *busy})
        find = partial(_asked, asked, row, limit, catalogue, exclude)
        advice.append(Advice(row, picture, mismatch, overused, totals[name], seen[name], find, lines_of[name] if overused else ()))
    return advice


def _asked(asked: dict[tuple[str, str, frozenset[str]], tuple[Match, ...]], row: Row, limit: int, catalogue: Catalogue,
           exclude: frozenset[str]) -> tuple[Match, ...]:
    """``_better``, once per distinct row and exclusion in one review."""
    key = (row.lead, row.text, exclude)
    found = asked.get(key)
    if found is None:
        found = asked[key] = tuple(_better(row, limit, catalogue, exclude=set(exclude)))
    return found


def _better(row: Row, limit: int, catalogue: Catalogue, exclude: set[str]) -> list[Match]:
    """Pictures for the words beside the picture first, then for the rest of the row."""
    found = search(row.lead, limit, catalogue, exclude=exclude, keep_questions=False) if row.lead.strip() else []
    if len(found) < limit and row.text != row.lead:
        taken = exclude | {m.name for m in found}
        found += search(row.text, limit - len(found), catalogue, exclude=taken, keep_questions=False)
    return found


def _picture_name(cue: Cue, catalogue: Catalogue) -> str | None:
    picture = catalogue.get(cue.target.strip())
    return picture.name if picture is not None else None
