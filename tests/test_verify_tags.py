"""PDF/UA checkpoints on PDFs written by hand, one fault to a tag.

WeasyPrint never writes most of these faults, but ``easyread verify`` checks any
PDF. A small tagged PDF is built here with pikepdf (no layout engine), so every tag,
mark and annotation is known, and the findings are the exact list each fault gives.
"""

from __future__ import annotations

import io

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from generator.verify import verify_pdf
from generator.verify.structure import read_tree

XMP = b"""<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" xmlns:dc="http://purl.org/dc/elements/1.1/" pdfuaid:part="1">
<dc:title>Hand made</dc:title></rdf:Description></rdf:RDF></x:xmpmeta>"""

# Eleven runs of text, marked 0-10, each a few points apart, plus an artifact
# holding tagged content (a mark inside page furniture).
CONTENT = b"".join(b"/P <</MCID %d>> BDC BT /F1 20 Tf 1 0 0 1 72 %d Tm (Words %d) Tj ET EMC\n" % (n, 780 - 30 * n, n) for n in range(11))
CONTENT += b"/Artifact BMC /Span <</MCID 11>> BDC EMC EMC\n"


def tagged(change=None) -> bytes:
    """A one-page tagged PDF whose tags are right; ``change(pdf, page, tags)`` breaks one thing."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    page = pdf.pages[0].obj
    font = pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica, Encoding=Name.WinAnsiEncoding))
    page.Resources = Dictionary(Font=Dictionary(F1=font))
    page.Contents = pdf.make_stream(CONTENT)
    page.Tabs = Name.S
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    pdf.Root.Lang = String("en-GB")
    pdf.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    pdf.Root.Metadata = pdf.make_stream(XMP, Type=Name.Metadata, Subtype=Name.XML)
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    document = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, P=root, Pg=page))
    root.K = Array([document])
    tags = {}

    def tag(name: str, kind: str, parent: Dictionary, *kids: object) -> Dictionary:
        element = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + kind), P=parent, K=Array(list(kids))))
        parent.K = Array([*(parent.K if "/K" in parent else []), element])
        tags[name] = element
        return element

    tag("title", "H1", document, 0)
    tag("intro", "P", document, 1)
    items = tag("list", "L", document)
    item = tag("item", "LI", items)
    tag("label", "Lbl", item, 2)
    tag("body", "LBody", item, 3)
    figure = tag("figure", "Figure", document, Dictionary(Type=Name.MCR, Pg=page, MCID=4))
    figure.Alt = String("a tick")
    figure.A = Dictionary(O=Name.Layout, BBox=Array([60, 640, 300, 700]))
    tag("h2", "H2", document, 5)
    root.ParentTree = pdf.make_indirect(Dictionary(Nums=Array([0, Array([tags["title"], tags["intro"], tags["label"], tags["body"], figure, tags["h2"]])])))
    pdf.Root.StructTreeRoot = root
    if change is not None:
        change(pdf, page, tags)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def found(data: bytes) -> list[tuple[str, int | None, str, str]]:
    return [(f.rule, f.page, f.element, f.message) for f in verify_pdf(data, "t.pdf")
            if f.rule not in ("fonts-embedded", "fonts-tounicode", "artifact-nesting", "text-floor", "picture-size", "picture-left", "sentence-rows")]


def test_the_hand_made_pdf_passes_but_for_its_fonts_and_the_mark_in_an_artifact() -> None:
    """The baseline the other tests break: so each finding below comes from its one fault."""
    findings = verify_pdf(tagged(), "t.pdf")
    assert [(f.rule, f.page, f.element, f.message) for f in findings if f.rule in ("fonts-embedded", "fonts-tounicode", "artifact-nesting")] == [
        ("artifact-nesting", 1, "content", "0 artifacts inside tagged content, 1 tagged content inside artifacts"),
        ("fonts-embedded", 1, "font Helvetica", "the font is not embedded; it may print and read differently elsewhere"),
        ("fonts-tounicode", 1, "font Helvetica", "the font has no /ToUnicode map, so its text cannot be read aloud or searched"),
    ]
    assert found(tagged()) == []


def test_nesting_faults_are_named_with_their_words() -> None:
    def nest(pdf, page, tags):
        tags["intro"].K = Array([*tags["intro"].K, Dictionary(Type=Name.StructElem, S=Name.H2, P=tags["intro"], K=6)])
        stray = Dictionary(Type=Name.StructElem, S=Name.LI, P=tags["intro"].P, K=7)
        label = Dictionary(Type=Name.StructElem, S=Name.Lbl, P=tags["intro"].P, K=8)
        para = Dictionary(Type=Name.StructElem, S=Name.P, P=tags["list"], K=9)
        tags["list"].K = Array([*tags["list"].K, pdf.make_indirect(para)])
        tags["intro"].P.K = Array([*tags["intro"].P.K, pdf.make_indirect(stray), pdf.make_indirect(label)])

    assert found(tagged(nest)) == [
        ("nesting", 1, 'H2 "Words 6"', "a heading inside a P"),
        ("nesting", 1, 'P "Words 9"', "a list (L) holds a P, not a list item"),
        ("nesting", 1, 'LI "Words 7"', "a list item (LI) outside a list (in Document)"),
        ("nesting", 1, 'Lbl "Words 8"', "Lbl outside a list item (in Document)"),
    ]


def test_role_map_faults() -> None:
    def remap(pdf, page, tags):
        pdf.Root.StructTreeRoot.RoleMap = Dictionary(P=Name.Span, Note1=Name.Note2, Note2=Name.Note1)  # P remapped; a loop that never ends in a standard type
        tags["intro"].S = Name.Note1

    assert found(tagged(remap)) == [
        ("standard-types", None, "RoleMap", "standard tags are remapped: P"),
        ("standard-types", None, "RoleMap", "tags with no standard meaning: Note1; map them in /RoleMap"),
    ]


def test_heading_faults() -> None:
    def first_is_h2(pdf, page, tags):
        tags["title"].S = Name.H2

    def plain_h(pdf, page, tags):
        tags["h2"].S = Name.H

    assert found(tagged(first_is_h2)) == [("heading-order", 1, 'H2 "Words 0"', "the first heading is H2; it must be H1 (the title)")]
    assert found(tagged(plain_h)) == [("heading-order", 1, "headings", "both H and H1-H6 tags are used; use numbered headings only")]


def test_figure_faults() -> None:
    def no_box_no_alt(pdf, page, tags):
        del tags["figure"].A
        del tags["figure"].Alt

    def no_page(pdf, page, tags):  # its content named without a page: nothing to measure, only the alt text to check
        tags["figure"].K = Array([4])
        del tags["figure"].P.Pg
        tags["figure"].Alt = Name("/tick")  # not a string: read as written

    assert found(tagged(no_box_no_alt)) == [
        ("figure-alt", 1, "Figure", "a picture with no alt text: say what it shows in the cue's brackets, or mark it decorative"),
        ("figure-bbox", 1, "Figure", "no /BBox: assistive tools cannot point at the picture"),
    ]
    assert found(tagged(no_page)) == []


def test_latin1_alt_text_is_read() -> None:
    def cafe(pdf, page, tags):
        tags["figure"].Alt = String(b"caf\xe9 \x01")  # PDFDocEncoding that qpdf hands over as bytes

    data = tagged(cafe)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        del pdf.Root.StructTreeRoot.K[0].K[3].A  # no /BBox, so the finding names the figure by its alt text
        out = io.BytesIO()
        pdf.save(out)
    assert found(out.getvalue()) == [("figure-bbox", 1, 'Figure "caf\xe9 \x01"', "no /BBox: assistive tools cannot point at the picture")]


def test_unreachable_tags_in_a_parent_tree_of_kids() -> None:
    def orphan(pdf, page, tags):
        lost = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.P, P=tags["intro"].P, K=10))
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        pdf.Root.StructTreeRoot.ParentTree = pdf.make_indirect(Dictionary(Kids=Array([
            pdf.make_indirect(Dictionary(Limits=Array([0, 0]), Nums=Array([0, Array([*nums[1], lost])]))),
            pdf.make_indirect(Dictionary(Limits=Array([7, 7]), Nums=Array([7, lost]))),  # an annotation's entry: no page
            Name.NotANode,
        ])))

    assert found(tagged(orphan)) == [
        ("reachable", None, "1 tag", "tagged content that no path from the structure root reaches; a reader never hears it (mark page furniture as an artifact)"),
        ("reachable", 1, "1 tag", "tagged content that no path from the structure root reaches; a reader never hears it (mark page furniture as an artifact)"),
    ]


def test_link_annotation_faults() -> None:
    def links(pdf, page, tags):
        bare = pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=Array([72, 600, 200, 620]), URI=String("x"),
                                            A=Dictionary(S=Name.URI, URI=String("https://example.org/"))))
        note = pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Text, Rect=Array([0, 0, 10, 10]), Contents=String("a note")))
        page.Annots = Array([bare, note])
        tags["intro"].K = Array([*tags["intro"].K, Dictionary(Type=Name.OBJR, Obj=bare, Pg=page)])
        del page.Tabs

    assert found(tagged(links)) == [
        ("tab-order", 1, "page", "the page has annotations but no /Tabs /S, so the tab order is not the structure order"),
        ("link-annotation", 1, 'link to "https://example.org/"', "the link annotation is in a P tag; it belongs in the Link tag of its words"),
        ("link-annotation", 1, 'link to "https://example.org/"', "the link annotation has no /Contents describing it"),
    ]


def test_an_untagged_suspect_encrypted_file() -> None:
    def strip(pdf, page, tags):
        del pdf.Root.StructTreeRoot
        pdf.Root.MarkInfo = Dictionary(Marked=False, Suspects=True)

    data = tagged(strip)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        out = io.BytesIO()
        pdf.save(out, encryption=pikepdf.Encryption(owner="owner", user="", allow=pikepdf.Permissions(extract=False)))
    assert found(out.getvalue()) == [
        ("tagged", None, "document", "the PDF is not tagged (no structure tree or MarkInfo /Marked true); build it with easyread or WeasyPrint's pdf/ua-1 variant"),
        ("suspects", None, "document", "MarkInfo /Suspects is true: the tags are marked as unreliable"),
        ("encrypted", None, "document", "the file is encrypted; assistive tools may not be allowed to read it"),
    ]  # its content is still marked, so nothing is drawn outside a mark


def test_a_tag_listed_twice_and_kids_that_are_not_tags_are_read_once() -> None:
    def odd(pdf, page, tags):
        document = tags["intro"].P
        stream = pdf.make_stream(b"not a tag")
        document.K = Array([*document.K, tags["intro"], String("a stray string"), stream])  # intro again; a string; a stream

    assert found(tagged(odd)) == []
    findings = verify_pdf(tagged(odd), "t.pdf")
    with pikepdf.open(io.BytesIO(tagged(odd))) as pdf:
        tree = read_tree(pdf)
    assert tree is not None
    assert [e.kind for e in tree.elements] == ["Document", "H1", "P", "L", "LI", "Lbl", "LBody", "Figure", "H2"]
    assert len(findings) == len(verify_pdf(tagged(), "t.pdf"))


def test_utf16_alt_text_with_a_bad_surrogate_is_read_as_text() -> None:
    """qpdf hands UTF-16 over as text even when it is broken, so alt text never comes out as bytes."""
    def broken_utf16(pdf, page, tags):
        tags["figure"].Alt = String(b"\xfe\xff\xd8\x00\x00a")
        del tags["figure"].A

    assert found(tagged(broken_utf16)) == [("figure-bbox", 1, 'Figure "a"', "no /BBox: assistive tools cannot point at the picture")]  # qpdf drops the lone surrogate
