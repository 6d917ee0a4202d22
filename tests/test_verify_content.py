"""The content-stream reader on PDFs that WeasyPrint does not write.

``easyread verify`` reads any PDF (a printer's proof, a file made elsewhere), so the
reader must follow what other tools write: literal strings with escapes, the
next-line text operators, fonts mapped with ranges, named marked-content
properties, forms, images, shadings and inline images. Each page here is written
by hand, and every fact the checks use is worked out by hand below.
"""

from __future__ import annotations

import pikepdf
from pikepdf import Array, Dictionary, Name

from generator.verify.content import TextRun, read_page

# A simple font whose /ToUnicode maps A-C to a-c by a range, D and E to x and y by an
# array range, and F to "!" by a single code.
TO_UNICODE = b"""/CIDInit /ProcSet findresource begin 12 dict begin begincmap
1 begincodespacerange <00> <FF> endcodespacerange
2 beginbfrange
<41> <43> <0061>
<44> <45> [<0078> <0079>]
endbfrange
1 beginbfchar
<46> <0021>
endbfchar
endcmap CMapName currentdict /CMap defineresource pop end end"""


KEEP: list[pikepdf.Pdf] = []  # a page is only readable while its PDF is open


def page_with(content: bytes) -> pikepdf.Page:
    pdf = pikepdf.new()
    KEEP.append(pdf)
    font = pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica,
                                        ToUnicode=pdf.make_stream(TO_UNICODE)))
    form = pdf.make_stream(b"0 0 20 10 re f", Type=Name.XObject, Subtype=Name.Form, BBox=Array([0, 0, 20, 10]), Matrix=Array([1, 0, 0, 1, 5, 5]))
    image = pdf.make_stream(b"\x00", Type=Name.XObject, Subtype=Name.Image, Width=1, Height=1, BitsPerComponent=8, ColorSpace=Name.DeviceGray)
    shading = Dictionary(ShadingType=2, ColorSpace=Name.DeviceGray, Coords=Array([0, 0, 1, 0]),
                         Function=Dictionary(FunctionType=2, Domain=Array([0, 1]), C0=Array([0]), C1=Array([1]), N=1))
    resources = Dictionary(Font=Dictionary(F1=font), XObject=Dictionary(Fm1=form, Im1=image), Shading=Dictionary(Sh1=shading),
                           Properties=Dictionary(Pic1=Dictionary(MCID=1)))
    pdf.add_blank_page(page_size=(300, 800))
    pdf.pages[0].obj.Resources = resources
    pdf.pages[0].obj.Contents = pdf.make_stream(content)
    return pdf.pages[0]


TEXT = rb"""Q
BT /F1 10 Tf 14 TL 1 0 0 1 72 700 Tm (ABC) Tj T* (DE\(F\)) Tj 0 -20 TD (A) Tj (B) ' [(C) -50 <4445> <4>] TJ 2 0 (F) " ET
/P <</MCID 0>> BDC BT /F1 12 Tf 2 0 0 2 100 500 Tm (A) Tj ET /Artifact BMC EMC EMC
/Artifact BMC 0 0 m 10 10 l S /Span <</MCID 5>> BDC EMC EMC
0 0 1 1 re f
"""


def test_text_operators_strings_and_font_ranges() -> None:
    out = read_page(page_with(TEXT), 0, set(), {})
    assert out.runs == [
        TextRun(None, False, 72, 700, 10, "abc"),
        TextRun(None, False, 72, 686, 10, "xy(!)"),  # T* moves down by TL (14); escaped brackets are text
        TextRun(None, False, 72, 666, 10, "a"),  # TD moves down 20, and sets the leading to 20
        TextRun(None, False, 72, 646, 10, "b"),  # ' is the next line (20 down), then show
        TextRun(None, False, 72, 646, 10, "cxy@"),  # TJ: a literal, then hex strings (an odd one padded: <4> is 0x40)
        TextRun(None, False, 72, 626, 10, "!"),  # " sets the spacing, goes to the next line and shows
        TextRun(0, False, 100, 500, 24, "a"),  # marked 0; the matrix doubles the 12pt text
    ]
    assert out.untagged == {"Tj": 3, "'": 1, "TJ": 1, '"': 1, "f": 1}  # the artifact's stroke is not counted
    assert (out.artifact_in_tag, out.tag_in_artifact) == (1, 1)


PICTURES = b"""/Figure /Pic1 BDC q 0 0 50 50 re W n 1 0 0 1 10 10 cm 0 0 m 100 0 l 100 100 l f Q EMC
/Figure <</MCID 2>> BDC q 2 0 0 2 0 0 cm /Fm1 Do Q EMC
/Figure <</MCID 3>> BDC q 30 0 0 40 200 200 cm BI /W 1 /H 1 /BPC 8 /CS /G ID \x00 EI Q EMC
/Figure <</MCID 4>> BDC q 0 0 5 5 re W n /Sh1 sh Q EMC
/Figure <</MCID 6>> BDC 0 0 m 300 300 l EMC f
/Im1 Do /Sh1 sh
"""


def test_where_pictures_are_drawn_through_clips_forms_images_and_shadings() -> None:
    out = read_page(page_with(PICTURES), 0, {1, 2, 3, 4, 6}, {})
    assert out.drawn == {
        1: [10, 10, 50, 50],  # a 100 pt fill moved by (10, 10), seen through a 50 pt clip
        2: [10, 10, 50, 30],  # the form's 20 x 10 box, moved (5, 5) by its matrix, then doubled
        3: [200, 200, 230, 240],  # an inline image fills the unit square of its 30 x 40 matrix
        4: [0, 0, 5, 5],  # a shading paints its whole clip
    }  # 6: its path is painted after the Figure ends, so it is no picture's
    assert out.untagged == {"f": 1, "Do": 1, "sh": 1}


def test_a_stream_without_literal_strings_is_read_word_by_word() -> None:
    out = read_page(page_with(b"BT /F1 8 Tf 1 0 0 1 5 6 Tm [<41> -50 <42>] TJ <43> Tj ET"), 0, set(), {})
    assert out.runs == [TextRun(None, False, 5, 6, 8, "ab"), TextRun(None, False, 5, 6, 8, "c")]
