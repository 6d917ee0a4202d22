"""Kinds about pictures: every cue resolves, has alt text, starts its row, fits its words, is not overused and has an accepted licence."""

from __future__ import annotations

from collections.abc import Iterator

from ...icons import resolve, svg_over_budget
from ...pictures.review import Advice, review
from ...model import Block, Cue, Finding
from ..context import CheckedDocument, finding
from ..registry import Param, kind
from ..rulespec import RuleSpec

ICON_RULES = {"unknown-icon"}


def _cues(doc: CheckedDocument) -> Iterator[Cue]:
    yield from doc.document.cues()
    glossary = doc.extra.get("glossary_cues", ())
    yield from glossary


@kind("picture_resolves", problems=Param("list", required=True))
def picture_resolves(doc: CheckedDocument, spec: RuleSpec) -> Iterator[Finding]:
    """A cue whose icon name or picture file cannot be used (unknown, missing, outside, too big)."""
    wanted = set(spec.params["problems"])
    for cue in _cues(doc):
        found = resolve(cue.target, doc.source_path, doc.project, doc.catalogue)
        if found.path is None and found.rule in wanted:
            yield finding(spec, cue.span, problem=found.problem, target=cue.target)


@kind("alt_text")
def alt_text(doc: CheckedDocument, spec: RuleSpec) -> Iterator[Finding]:
    """A picture with no words for people who cannot see it ('decorative' pictures excepted)."""
    for cue in _cues(doc):
        if cue.decorative:
            continue
        if not cue.alt.strip():
            yield finding(spec, cue.span, target=cue.target, reason="has no alt text")
        elif _looks_like_a_name(cue.alt, cue.target):
            yield finding(spec, cue.span, target=cue.target, reason="uses its file or icon name as alt text")


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
    for cue in _cues(doc):
        found = resolve(cue.target, doc.source_path, doc.project, doc.catalogue)
        if found.icon is None and found.path is not None and found.path.suffix.lower() == ".svg":
            why = svg_over_budget(found.path, f"picture '{cue.target}'")
            if why:
                yield finding(spec, cue.span, reason=why)


@kind("picture_position")
def picture_position(doc: CheckedDocument, spec: RuleSpec) -> Iterator[Finding]:
    """A picture inside a sentence: pictures start a row, on the left of the words."""
    for block in doc.document.walk():
        for run in block.inlines:
            if run.kind == "picture":
                yield finding(spec, run.span, target=run.href or "")


@kind("cue_required", kinds=Param("list", ["paragraph"]))
def cue_required(doc: CheckedDocument, spec: RuleSpec) -> Iterator[Finding]:
    """A row of words with no picture: a paragraph with no cue right after a heading or list.

    A paragraph without a cue that follows a cue paragraph continues that row.
    """
    yield from _rows(doc.document.blocks, spec, in_row=False)


def _rows(blocks: tuple[Block, ...], spec: RuleSpec, in_row: bool) -> Iterator[Finding]:
    for block in blocks:
        if block.kind == "heading":
            in_row = False
        elif block.kind == "paragraph":
            if block.cue is not None:
                in_row = True
            elif not in_row and block.inlines:
                yield finding(spec, block.span)
                in_row = True  # one finding per row, not per sentence
        elif block.kind in ("list", "quote") and not in_row:
            first = next((b for b in block.walk() if b.kind == "paragraph"), None)
            if first is not None and first.cue is None:
                yield finding(spec, first.span)
            in_row = True


def _review(doc: CheckedDocument, max_uses: int) -> list[Advice]:
    """One review per document and limit, shared by the rules that read it (search is not free)."""
    key = f"picture_review_{max_uses}"
    if key not in doc.extra:
        doc.extra[key] = review(doc.document, doc.catalogue, max_uses=max_uses)
    return doc.extra[key]


def _offer(advice: Advice) -> str:
    return ", ".join(f"'{m.name}' ({m.picture.alt})" for m in advice.suggestions)


@kind("picture_words", max_uses=Param("int", 3))
def picture_words(doc: CheckedDocument, spec: RuleSpec) -> Iterator[Finding]:
    """A library picture none of whose words (name, tags, or a synonym) appear in its row."""
    for advice in _review(doc, spec.params["max_uses"]):
        if advice.mismatch:
            offer = _offer(advice)
            suggestion = f"Pictures that fit these words: {offer}." if offer else "Search for a better one: easyread pictures search \"WORDS\"."
            yield finding(spec, advice.row.cue.span, suggestion=suggestion, target=advice.row.cue.target, alt=advice.picture.alt,
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
            yield finding(spec, advice.row.cue.span, suggestion=suggestion, target=advice.row.cue.target, uses=advice.uses,
                          max_uses=limit, lines=shown)


@kind("picture_licence")
def picture_licence(doc: CheckedDocument, spec: RuleSpec) -> Iterator[Finding]:
    """A library picture under a licence the project has not accepted (easyread.yaml pictures.licences)."""
    for cue in _cues(doc):
        picture = doc.catalogue.get(cue.target.strip())
        if picture is not None and not doc.catalogue.accepts(picture):
            accepted = ", ".join(sorted(doc.catalogue.accepted or ()))
            picture_set = doc.catalogue.sets.get(picture.set)
            yield finding(spec, cue.span, target=cue.target, set=picture_set.title if picture_set else picture.set,
                          licence=picture.licence, accepted=accepted)
