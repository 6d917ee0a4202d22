"""Kinds about pictures: every cue resolves, has alt text, starts its row, fits its words, is not overused and has an accepted licence."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path

from ...icons import svg_over_budget
from ...model import Block, Finding, Span
from ...pictures.review import Advice, review
from ..context import CheckedDocument, finding
from ..registry import Param, kind
from ..rulespec import RuleSpec
from ..text import BlockText
from ..where import Where, at, cue_at


@kind("picture_resolves", problems=Param("list", required=True))
def picture_resolves(doc: CheckedDocument, spec: RuleSpec) -> Iterator[Finding]:
    """A cue whose icon name or picture file cannot be used (unknown, missing, outside, too big)."""
    wanted = set(spec.params["problems"])
    for cue in doc.cues:
        found = doc.resolved(cue.target)
        if found.path is None and found.rule in wanted:
            yield finding(spec, cue_at(doc.document, cue), problem=found.problem, target=cue.target)


@kind("alt_text")
def alt_text(doc: CheckedDocument, spec: RuleSpec) -> Iterator[Finding]:
    """A picture with no words for people who cannot see it ('decorative' pictures excepted)."""
    for cue in doc.cues:
        if cue.decorative:
            continue
        if not cue.alt.strip():
            yield finding(spec, cue_at(doc.document, cue), target=cue.target, reason="has no alt text")
        elif _looks_like_a_name(cue.alt, cue.target):
            yield finding(spec, cue_at(doc.document, cue), target=cue.target, reason="uses its file or icon name as alt text")


def _looks_like_a_name(alt: str, target: str) -> bool:
    """Alt text that is a file name ('pill.svg') or a cue name with dashes ('pill-bottle')."""
    words = alt.strip().lower()
    return words in (target.lower(), target.rsplit("/", 1)[-1].lower()) and any(c in target for c in "./-_")


@kind("icon_budget")
def icon_budget(doc: CheckedDocument, spec: RuleSpec) -> Iterator[Finding]:
    """An SVG picture of the project's own so detailed that it slows rendering and blurs at a distance.

    Library pictures are not checked here: a test keeps every one of them within the
    library's budget, and the author could not change them anyway.
    """
    budgets: dict[str, str | None] = {}
    for cue in doc.cues:
        if cue.target not in budgets:
            found = doc.resolved(cue.target)
            if found.icon is None and found.path is not None and found.path.suffix.lower() == ".svg":
                budgets[cue.target] = _over_budget(found.path, f"picture '{cue.target}'")
            else:
                budgets[cue.target] = None
        why = budgets[cue.target]
        if why:
            yield finding(spec, cue_at(doc.document, cue), reason=why)


def _over_budget(path: Path, name: str) -> str | None:
    """``svg_over_budget``, reading each file once per run (keyed on its size and time, so edits count)."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return _budget(path, name, stat.st_mtime_ns, stat.st_size)


@cache
def _budget(path: Path, name: str, mtime_ns: int, size: int) -> str | None:
    return svg_over_budget(path, name)


@kind("picture_position")
def picture_position(doc: CheckedDocument, spec: RuleSpec) -> Iterator[Finding]:
    """A picture inside a sentence: pictures start a row, on the left of the words."""
    for block in doc.blocks:
        for run in block.inlines:
            if run.kind == "picture":
                yield finding(spec, cue_at(doc.document, run.span, BlockText(block.inlines).text), target=run.href or "")


@kind("cue_required", find=Param("str", "rows"))
def cue_required(doc: CheckedDocument, spec: RuleSpec) -> Iterator[Finding]:
    """Words with no picture. ``find: rows``: a row with no picture (a paragraph or list
    with no cue after a heading); ``find: joined``: a paragraph with no cue after a row,
    which the booklet prints in that row, under the row's picture.
    """
    first_sentence = doc.first_sentences

    def where(block: Block) -> Where | Span:
        sentence = first_sentence.get(id(block))
        return at(sentence) if sentence is not None else block.span

    joined = spec.params["find"] == "joined"
    for block, starts_row in _rows(doc.document.blocks):
        if starts_row != joined:
            yield finding(spec, where(block))


def _rows(blocks: tuple[Block, ...]) -> Iterator[tuple[Block, bool]]:
    """Paragraphs with words but no picture: True if one starts a row, False if it joins
    a row that has a picture (joining a row with none is that row's finding already)."""
    in_row = pictured = False
    for block in blocks:
        if block.kind == "heading":
            in_row = pictured = False
        elif block.kind == "paragraph":
            if block.cue is not None:
                in_row = pictured = True
            elif block.inlines:
                if not in_row or pictured:
                    yield block, not in_row
                in_row = True
        elif block.kind in ("list", "quote"):
            first = next((b for b in block.walk() if b.kind == "paragraph"), None)
            if first is not None and first.cue is None and not in_row:
                yield first, True
            in_row = True


def _review(doc: CheckedDocument, max_uses: int) -> list[Advice]:
    """One review per document and limit, shared by the rules that read it (search is not free)."""
    key = f"picture_review_{max_uses}"
    if key not in doc.extra:
        doc.extra[key] = review(doc.document, doc.catalogue, max_uses=max_uses, every_use=False)
    advice: list[Advice] = doc.extra[key]
    return advice


def _offer(advice: Advice) -> str:
    return ", ".join(f"'{m.name}' ({m.picture.alt})" for m in advice.suggestions)


@kind("picture_words", ("en",), max_uses=Param("int", 3))
def picture_words(doc: CheckedDocument, spec: RuleSpec) -> Iterator[Finding]:
    """A library picture none of whose words (name, tags, or a synonym) appear in its row."""
    for advice in _review(doc, spec.params["max_uses"]):
        if advice.mismatch:
            offer = _offer(advice)
            suggestion = f"Pictures that fit these words: {offer}." if offer else "Search for a better one: easyread pictures search \"WORDS\"."
            yield finding(spec, cue_at(doc.document, advice.row.cue, advice.row.text), suggestion=suggestion, target=advice.row.cue.target, alt=advice.picture.alt,
                          words=", ".join(advice.picture.tags[:4]))


@kind("picture_overused", max_uses=Param("int", 3))
def picture_overused(doc: CheckedDocument, spec: RuleSpec) -> Iterator[Finding]:
    """The same library picture used more than ``max_uses`` times in one document."""
    limit = spec.params["max_uses"]
    for advice in _review(doc, limit):
        if advice.overused and advice.use_number == limit + 1:  # one finding per picture, at its first use too many
            offer = _offer(advice)
            suggestion = f"Use another picture here, like {offer}; 'easyread pictures suggest' offers one for each row." if offer else "Use other pictures: easyread pictures suggest FILE."
            later = advice.lines[limit:]
            shown = ("line " if len(later) == 1 else "lines ") + ", ".join(map(str, later[:8])) + (f" and {len(later) - 8} more" if len(later) > 8 else "")
            yield finding(spec, cue_at(doc.document, advice.row.cue, advice.row.text), suggestion=suggestion, target=advice.row.cue.target, uses=advice.uses,
                          max_uses=limit, lines=shown)


@kind("picture_licence")
def picture_licence(doc: CheckedDocument, spec: RuleSpec) -> Iterator[Finding]:
    """A library picture under a licence the project has not accepted (easyread.yaml pictures.licences)."""
    for cue in doc.cues:
        picture = doc.catalogue.get(cue.target.strip())
        if picture is not None and not doc.catalogue.accepts(picture):
            accepted = ", ".join(sorted(doc.catalogue.accepted or ()))
            picture_set = doc.catalogue.sets.get(picture.set)
            yield finding(spec, cue_at(doc.document, cue), target=cue.target, set=picture_set.title if picture_set else picture.set,
                          licence=picture.licence, accepted=accepted)
