"""Kinds about pictures: every cue resolves, has alt text, sits at the start of a row."""

from __future__ import annotations

from collections.abc import Iterator

from ...icons import resolve, svg_over_budget
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
