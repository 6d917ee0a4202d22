"""Kinds that make sure nothing is changed or left out silently.

Everything in the source is printed (``render/flow.py``); these kinds report what
easy read advises against (code, tables, raw HTML, footnote marks) at its line,
find invisible characters (``generator/invisible.py``) wherever they are, front
matter included, and say what was removed from an SVG picture when it was cleaned
(``generator/pictures/files.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ... import invisible
from ...model import Finding, Span
from ...parse.markdown import HTML_TAG_RE
from ..context import CheckedDocument, finding
from ..registry import Param, kind
from ..rulespec import RuleSpec
from ..where import Where, cue_at, source_line

FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]:?")
INLINE_PATTERNS = {"raw-html": HTML_TAG_RE, "footnote": FOOTNOTE}
# What every match of each inline pattern holds: runs without it need no regular expression.
INLINE_NEEDS = {"raw-html": "<", "footnote": "[^"}
BLOCK_KINDS = {"code": "code", "table": "table"}
TEXT_RUNS = {"text", "strong", "em", "link"}


@kind("markdown_construct", construct=Param("str", required=True), skip=Param("list", []))
def markdown_construct(doc: CheckedDocument, spec: RuleSpec) -> Iterator[Finding]:
    """A Markdown construct easy read does not use: code, a table, raw HTML, a footnote mark.

    ``skip`` lists patterns (whole matches) that another rule already reports, such
    as ``<u>`` (the underline rule), so one mistake gives one finding.
    """
    construct = spec.params["construct"]
    skip = [re.compile(pattern, re.IGNORECASE) for pattern in spec.params["skip"]]
    if construct in INLINE_PATTERNS:
        regex, needed = INLINE_PATTERNS[construct], INLINE_NEEDS[construct]
        for block in doc.blocks:
            for run in block.inlines:
                if run.kind not in TEXT_RUNS or needed not in run.text:
                    continue
                for match in regex.finditer(run.text):
                    if not any(s.fullmatch(match.group()) for s in skip):
                        start = run.span.moved(match.start())
                        yield finding(spec, Where(start, start.moved(len(match.group()))), match=_short(match.group()))
        return
    wanted = BLOCK_KINDS.get(construct)
    for block in doc.blocks:
        if block.kind == wanted:
            line = source_line(doc.document.source.text, block.span.line)
            end = Span(block.span.path, block.span.line, max(len(line) + 1, block.span.column + 1))
            yield finding(spec, Where(block.span, end), match=_short(block.text.split("\n")[0]))


@kind("invisible_characters")
def invisible_characters(doc: CheckedDocument, spec: RuleSpec) -> Iterator[Finding]:
    """Bidi overrides, zero-width and control characters anywhere in the file (front matter too)."""
    source = doc.document.source
    if not invisible.INVISIBLE.search(source.text):
        return  # most files: one pass finds nothing, and no line is looked at
    for number, line in enumerate(source.text.split("\n"), start=1):
        found = list(invisible.INVISIBLE.finditer(line))
        if not found:
            continue
        char = found[0].group()
        more = f" (and {len(found) - 1} more on this line)" if len(found) > 1 else ""
        at = Span(source.path, number, found[0].start() + 1)
        yield finding(
            spec, Where(at, at.moved(1)),
            character=invisible.describe(char), effect=invisible.effect(char), more=more,
        )


@kind("picture_cleaned")
def picture_cleaned(doc: CheckedDocument, spec: RuleSpec) -> Iterator[Finding]:
    """An SVG picture file that had scripts, links or external references, removed before drawing."""
    seen: set[str] = set()
    for cue in doc.cues:
        found = doc.resolved(cue.target)
        if found.path is None or found.icon is not None or found.path.suffix.lower() != ".svg" or cue.target in seen:
            continue
        seen.add(cue.target)
        from ...pictures.files import PictureRefused, clean_svg_file  # Pillow and defusedxml: only for a project's own SVGs

        try:
            removed = clean_svg_file(found.path).removed
        except PictureRefused:
            continue  # refused pictures are reported by missing-picture
        if removed:
            yield finding(spec, cue_at(doc.document, cue), target=cue.target, removed=", ".join(removed))


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:37] + "..."
