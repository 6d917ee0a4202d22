"""The PDF/UA-1 checkpoints a script can test, as the Matterhorn Protocol describes them.

Each check returns findings that name the page and the element, and say what to
change. What a script cannot judge (is the alt text right? is the reading order
the visual order?) is listed in docs/accessibility.md as not covered.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pikepdf import Array, Dictionary, Stream

from .findings import Finding
from .reading import PdfFile
from .structure import STANDARD, Element

SLACK_PT = 2.0  # how far a drawn picture may pass its box (anti-aliasing, stroke width)
MIN_FILLED = 0.3  # a box mostly empty of its picture points at the wrong place
FRAGMENT = re.compile(r"#?[a-z0-9]+(?:[-_][a-z0-9]+)+|#\S+")


def _label(pdf: PdfFile, element: Element, limit: int = 50) -> str:
    if element.kind == "Figure":
        return f'Figure "{element.alt}"' if element.alt else "Figure"
    words = pdf.text(element)
    words = words if len(words) <= limit else words[: limit - 1] + "…"
    return f'{element.kind or element.written} "{words}"' if words else element.kind or element.written


def _page(element: Element) -> int | None:
    return element.page + 1 if element.page is not None and element.page >= 0 else None


def _true(value: object) -> bool:
    """A PDF boolean that is true (pikepdf hands PDF booleans back as Python bools)."""
    return value is True


def check_catalog(pdf: PdfFile) -> Iterator[Finding]:
    root = pdf.pdf.Root
    mark = root.get("/MarkInfo", Dictionary())
    if pdf.tree is None or not _true(mark.get("/Marked")):
        yield Finding(pdf.name, None, "document", "tagged",
                      "the PDF is not tagged (no structure tree or MarkInfo /Marked true); build it with easyread or WeasyPrint's pdf/ua-1 variant")
    if _true(mark.get("/Suspects")):
        yield Finding(pdf.name, None, "document", "suspects", "MarkInfo /Suspects is true: the tags are marked as unreliable")
    if not str(root.get("/Lang", "")).strip():
        yield Finding(pdf.name, None, "document", "lang", "no /Lang: set lang in the front matter (for example en-GB)")
    if not _true(root.get("/ViewerPreferences", Dictionary()).get("/DisplayDocTitle")):
        yield Finding(pdf.name, None, "document", "display-doc-title", "ViewerPreferences /DisplayDocTitle is not true, so viewers show the file name instead of the title")
    metadata = root.get("/Metadata")
    xml = metadata.read_bytes().decode("utf-8", "replace") if isinstance(metadata, Stream) else ""
    missing = [what for what, pattern in (("an XMP metadata stream", r"."), ("pdfuaid:part 1", r"pdfuaid:part(?:>|=\")\s*1"), ("dc:title", r"dc:title"))
               if not re.search(pattern, xml, re.S)]
    if missing:
        yield Finding(pdf.name, None, "document", "xmp", f"the metadata lacks {', '.join(missing)} (PDF/UA asks for all three)")
    if pdf.pdf.is_encrypted:
        yield Finding(pdf.name, None, "document", "encrypted", "the file is encrypted; assistive tools may not be allowed to read it")


def check_tags(pdf: PdfFile) -> Iterator[Finding]:
    tree = pdf.tree
    if tree is None:
        return
    remapped = sorted(k for k in tree.rolemap if k in STANDARD)
    if remapped:
        yield Finding(pdf.name, None, "RoleMap", "standard-types", f"standard tags are remapped: {', '.join(remapped)}")
    unknown = sorted({e.written for e in tree.elements if not e.kind})
    if unknown:
        yield Finding(pdf.name, None, "RoleMap", "standard-types", f"tags with no standard meaning: {', '.join(unknown)}; map them in /RoleMap")
    yield from _orphans(pdf)
    for element in tree.elements:
        parent = tree.elements[element.parent] if element.parent is not None else None
        above = parent.kind if parent else "StructTreeRoot"
        problem = ""
        if element.kind == "P" and above == "P":
            problem = "a P inside a P: a paragraph holds a block; make the inner block inline, or not a p"
        elif element.kind == "Link" and any(a.kind == "Link" for a in tree.ancestors(element)):
            problem = "a Link inside a Link: one link is tagged twice"
        elif element.heading_level is not None and above == "P":
            problem = "a heading inside a P"
        elif element.kind == "LI" and above != "L":
            problem = f"a list item (LI) outside a list (in {above})"
        elif element.kind in ("Lbl", "LBody") and above != "LI" and not (element.kind == "Lbl" and above in ("TOCI", "BibEntry", "Note")):
            problem = f"{element.kind} outside a list item (in {above})"
        elif above == "L" and element.kind not in ("LI", "L", "Caption"):
            problem = f"a list (L) holds a {element.kind or element.written}, not a list item"
        if problem:
            yield Finding(pdf.name, _page(element), _label(pdf, element), "nesting", problem)


def _orphans(pdf: PdfFile) -> Iterator[Finding]:
    """Elements named in the parent tree but not reachable from the root: their content is lost."""
    assert pdf.tree is not None
    root = pdf.pdf.Root.StructTreeRoot
    counts: dict[int | None, int] = {}
    for key, value in _number_tree(root.get("/ParentTree", Dictionary())):
        for entry in value if isinstance(value, Array) else [value]:
            if isinstance(entry, Dictionary) and "/S" in entry and entry.objgen not in pdf.tree.reachable:
                page = key + 1 if isinstance(value, Array) and key < len(pdf.pages) else None
                counts[page] = counts.get(page, 0) + 1
    for page, count in sorted(counts.items(), key=lambda kv: kv[0] or 0):
        yield Finding(pdf.name, page, f"{count} tag{'s' if count > 1 else ''}", "reachable",
                      "tagged content that no path from the structure root reaches; a reader never hears it (mark page furniture as an artifact)")


def _number_tree(node: object) -> Iterator[tuple[int, object]]:
    if not isinstance(node, Dictionary):
        return
    nums = node.get("/Nums")
    if isinstance(nums, Array):
        for i in range(0, len(nums) - 1, 2):
            yield int(nums[i]), nums[i + 1]
    for kid in node.get("/Kids", []):
        if isinstance(kid, Dictionary):
            yield from _number_tree(kid)


def check_figures(pdf: PdfFile) -> Iterator[Finding]:
    if pdf.tree is None:
        return
    for element in pdf.tree.elements:
        if element.kind != "Figure":
            continue
        label, page = _label(pdf, element), _page(element)
        if not (element.alt or "").strip():
            yield Finding(pdf.name, page, label, "figure-alt", "a picture with no alt text: say what it shows in the cue's brackets, or mark it decorative")
        if element.page is None or element.page < 0:
            continue
        if element.bbox is None:
            yield Finding(pdf.name, page, label, "figure-bbox", "no /BBox: assistive tools cannot point at the picture")
            continue
        box = element.bbox
        media = [float(v) for v in pdf.pdf.pages[element.page].obj.MediaBox]
        if box[0] < media[0] - 0.5 or box[1] < media[1] - 0.5 or box[2] > media[2] + 0.5 or box[3] > media[3] + 0.5:
            yield Finding(pdf.name, page, label, "figure-bbox", f"the /BBox {_pts(box)} is outside the page {_pts(media)}")
            continue
        drawn = _drawn(pdf, element)
        if drawn is not None and not box_holds(box, drawn):
            yield Finding(pdf.name, page, label, "figure-bbox",
                          f"the /BBox {_pts(box)} does not hold the picture, which is drawn at {_pts(drawn)}; assistive tools point at the wrong place")


def box_holds(box: list[float], drawn: list[float]) -> bool:
    """The box holds what is drawn (with slack) and is not mostly empty."""
    holds = box[0] <= drawn[0] + SLACK_PT and box[1] <= drawn[1] + SLACK_PT and box[2] >= drawn[2] - SLACK_PT and box[3] >= drawn[3] - SLACK_PT
    area = max(box[2] - box[0], 0.1) * max(box[3] - box[1], 0.1)
    return holds and (drawn[2] - drawn[0]) * (drawn[3] - drawn[1]) / area >= MIN_FILLED


def trusted_box(pdf: PdfFile, element: Element) -> list[float] | None:
    """The Figure's /BBox when it is where the picture is drawn; the layout rules measure only those."""
    box = element.bbox
    if box is None or element.page is None or element.page < 0:
        return None
    media = [float(v) for v in pdf.pdf.pages[element.page].obj.MediaBox]
    if box[0] < media[0] - 0.5 or box[1] < media[1] - 0.5 or box[2] > media[2] + 0.5 or box[3] > media[3] + 0.5:
        return None
    drawn = _drawn(pdf, element)
    return box if drawn is None or box_holds(box, drawn) else None


def _drawn(pdf: PdfFile, element: Element) -> list[float] | None:
    drawn = None
    for page, mcid in element.mcids:
        box = pdf.pages[page].drawn.get(mcid) if 0 <= page < len(pdf.pages) else None
        if box is not None:
            drawn = box if drawn is None else [min(drawn[0], box[0]), min(drawn[1], box[1]), max(drawn[2], box[2]), max(drawn[3], box[3])]
    return drawn


def _pts(box: list[float]) -> str:
    return "[" + " ".join(f"{v:.0f}" for v in box) + "] pt"


def check_headings(pdf: PdfFile) -> Iterator[Finding]:
    if pdf.tree is None:
        return
    headings = [e for e in pdf.tree.elements if e.heading_level is not None]
    numbered = [e for e in headings if e.heading_level]
    if numbered and len(numbered) != len(headings):
        yield Finding(pdf.name, _page(headings[0]), "headings", "heading-order", "both H and H1-H6 tags are used; use numbered headings only")
    previous = 0
    for heading in numbered:
        level = heading.heading_level or 0
        if previous == 0 and level != 1:
            yield Finding(pdf.name, _page(heading), _label(pdf, heading), "heading-order", f"the first heading is H{level}; it must be H1 (the title)")
        elif level > previous + 1:
            yield Finding(pdf.name, _page(heading), _label(pdf, heading), "heading-order", f"H{previous} is followed by H{level}; a level is skipped")
        previous = level


def check_links(pdf: PdfFile) -> Iterator[Finding]:
    owners: dict[tuple[int, int], Element] = {}
    if pdf.tree is not None:
        for element in pdf.tree.elements:
            for objgen in element.annotations:
                owners[objgen] = element
    for index, page in enumerate(pdf.pdf.pages):
        annotations = [a for a in page.obj.get("/Annots", []) if isinstance(a, Dictionary)]
        if annotations and page.obj.get("/Tabs") != "/S":
            yield Finding(pdf.name, index + 1, "page", "tab-order", "the page has annotations but no /Tabs /S, so the tab order is not the structure order")
        seen: dict[tuple[str, int], bool] = {}
        for annotation in annotations:
            if annotation.get("/Subtype") != "/Link":
                continue
            target = str(annotation.get("/Dest", "")) or (str(annotation.A.get("/URI", "")) if isinstance(annotation.get("/A"), Dictionary) else "")
            contents = str(annotation.get("/Contents", "")).strip()
            shown = f'link to "{target}"'
            owner = owners.get(annotation.objgen)
            if owner is None or owner.kind != "Link":
                where = f"in a {owner.kind or owner.written} tag" if owner else "in no tag"
                yield Finding(pdf.name, index + 1, shown, "link-annotation", f"the link annotation is {where}; it belongs in the Link tag of its words")
            if not contents:
                yield Finding(pdf.name, index + 1, shown, "link-annotation", "the link annotation has no /Contents describing it")
            elif contents == target or FRAGMENT.fullmatch(contents):
                # fine when those are the words the link shows (a printed web address)
                words = "".join(pdf.text(owner).split()) if owner is not None else ""
                if words != "".join(contents.split()):
                    what = "its address" if ":" in contents else "an id"
                    yield Finding(pdf.name, index + 1, shown, "link-annotation", f"the link is described as \"{contents}\", {what}, not in words")
            rect = [float(v) for v in annotation.get("/Rect", [0, 0, 0, 0])]
            key = (target, round(min(rect[1], rect[3])))
            if key in seen:
                yield Finding(pdf.name, index + 1, shown, "link-annotation", "a second link annotation on the same line goes to the same place; one link, one annotation")
            seen[key] = True


def check_content(pdf: PdfFile) -> Iterator[Finding]:
    for content in pdf.pages:
        if content.untagged:
            what = ", ".join(f"{count} x {op}" for op, count in sorted(content.untagged.items()))
            text = next((run.text.strip() for run in content.runs if run.mcid is None and not run.artifact and run.text.strip()), "")
            sample = f' (text "{text[:40]}")' if text else ""
            yield Finding(pdf.name, content.index + 1, "content", "untagged-content",
                          f"drawing outside any tag or artifact: {what}{sample}; a reader skips it or reads it out of order")
        if content.artifact_in_tag or content.tag_in_artifact:
            yield Finding(pdf.name, content.index + 1, "content", "artifact-nesting",
                          f"{content.artifact_in_tag} artifacts inside tagged content, {content.tag_in_artifact} tagged content inside artifacts")


def check_fonts(pdf: PdfFile) -> Iterator[Finding]:
    missing: dict[str, int] = {}
    no_unicode: dict[str, int] = {}
    seen = set()
    for index, page in enumerate(pdf.pdf.pages):
        for font in _fonts(page.obj.get("/Resources", Dictionary()), set()):
            if font.objgen in seen and font.objgen != (0, 0):
                continue
            seen.add(font.objgen)
            name = str(font.get("/BaseFont", "?"))[1:]
            descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            descriptor = descendant.get("/FontDescriptor")
            embedded = isinstance(descriptor, Dictionary) and any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            if not embedded and font.get("/Subtype") != "/Type3":
                missing.setdefault(name, index + 1)
            if "/ToUnicode" not in font:
                no_unicode.setdefault(name, index + 1)
    for name, first_page in missing.items():
        yield Finding(pdf.name, first_page, f"font {name}", "fonts-embedded", "the font is not embedded; it may print and read differently elsewhere")
    for name, first_page in no_unicode.items():
        yield Finding(pdf.name, first_page, f"font {name}", "fonts-tounicode", "the font has no /ToUnicode map, so its text cannot be read aloud or searched")


def _fonts(resources: object, seen: set[tuple[int, int]]) -> Iterator[Dictionary]:
    fonts = resources.get("/Font") if isinstance(resources, Dictionary) else None
    if isinstance(fonts, Dictionary):
        yield from (f for f in fonts.values() if isinstance(f, Dictionary))
    xobjects = resources.get("/XObject") if isinstance(resources, Dictionary) else None
    if isinstance(xobjects, Dictionary):
        for xobject in xobjects.values():
            if isinstance(xobject, Stream) and xobject.get("/Subtype") == "/Form" and xobject.objgen not in seen:
                seen.add(xobject.objgen)
                yield from _fonts(xobject.get("/Resources", Dictionary()), seen)


CHECKS = (check_catalog, check_tags, check_figures, check_headings, check_links, check_content, check_fonts)
