"""A verify finding: which file, which page and element, which rule, and what to change.

Rules have stable ids (``figure-bbox``, ``text-floor``...) that tools can rely on;
each names the PDF/UA-1 (Matterhorn Protocol) checkpoint, WCAG criterion or
easy-read rule it stands for.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

RULES: dict[str, str] = {
    # PDF/UA-1, checked the way the Matterhorn Protocol describes (machine checkpoints)
    "tagged": "PDF/UA-1 7.1; Matterhorn 01-001/01-002 (MarkInfo /Marked true and a structure tree)",
    "suspects": "Matterhorn 01-007 (MarkInfo /Suspects is not true)",
    "untagged-content": "Matterhorn 01-005 (content is tagged or an artifact)",
    "artifact-nesting": "Matterhorn 01-003/01-004 (no artifact inside tagged content, no tagged content inside an artifact)",
    "standard-types": "Matterhorn 02-001/02-004 (tags are standard or role-mapped to one; standard tags are not remapped)",
    "xmp": "Matterhorn 06-001/06-002/06-003 (XMP metadata with pdfuaid:part and dc:title)",
    "display-doc-title": "Matterhorn 07-001/07-002 (ViewerPreferences /DisplayDocTitle true)",
    "nesting": "Matterhorn 09-002/09-005 (P not in P, Link not in Link, lists are L > LI > Lbl/LBody)",
    "reachable": "ISO 32000-1 14.7.4.4; Matterhorn 01-005 (every tag in the parent tree is reachable from the root)",
    "fonts-tounicode": "Matterhorn 10-001 (every font maps its glyphs to Unicode)",
    "lang": "Matterhorn 11-006 (the document has a natural language, /Lang)",
    "figure-alt": "Matterhorn 13-004 (every Figure has alternative text)",
    "figure-bbox": "ISO 32000-1 14.8.5.4.3 (a Figure's /BBox holds the picture it draws, inside the page)",
    "heading-order": "Matterhorn 14-002/14-003 (the first heading is H1; no heading level is skipped)",
    "link-annotation": "Matterhorn 28-011/28-012 (one link annotation per link, in a Link tag, described in words)",
    "tab-order": "Matterhorn 28-008/28-009 (pages with annotations have /Tabs /S)",
    "fonts-embedded": "Matterhorn 31-009 (every font is embedded)",
    "encrypted": "Matterhorn 26-001 (the file is not encrypted)",
    # easy-read layout rules on the PDF (generator/verify/thresholds.yaml)
    "text-floor": "easy read: no text below the product's floor (16pt for easy read and large print)",
    "picture-size": "easy read: pictures at least the product's size in mm",
    "picture-left": "easy read: a picture sits left of its words",
    "split-sentence": "easy read: a sentence is one paragraph tag and stays on one page",
    "page-count": "easy read: no more pages than the product allows",
    # HTML (static; the browser test runs axe-core for the rest)
    "html-lang": "WCAG 3.1.1 (the page has a language)",
    "html-title": "WCAG 2.4.2 (the page has a title)",
    "html-alt": "WCAG 1.1.1 (every picture has alt text; alt=\"\" only when the words say the same)",
    "html-landmarks": "WCAG 1.3.1 / axe region (all content is inside landmarks; one main)",
    "html-heading-order": "WCAG 1.3.1 / axe heading-order (one h1 first; no skipped levels)",
    "html-reflow": "WCAG 1.4.10 (no fixed width wider than 320 CSS px; a viewport meta tag)",
    "html-fonts": "easy read: the fonts the page names are shipped with it",
    "html-resources": "safety: the page loads nothing from outside itself",
    "unreadable": "the file can be opened and read",
}


@dataclass(frozen=True)
class Finding:
    file: str
    page: int | None  # 1-based; None for the whole document
    element: str
    rule: str
    message: str

    @property
    def checkpoint(self) -> str:
        return RULES.get(self.rule, "")

    def format(self) -> str:
        where = f"{self.file}: page {self.page}" if self.page else self.file
        element = f"{self.element}: " if self.element else ""
        return f"{where}: error {self.rule}: {element}{self.message}"

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "checkpoint": self.checkpoint}
