"""One PDF opened for checking: its structure tree, what each page draws, and the text of any tag."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import pikepdf

from .content import Decoder, PageContent, read_page
from .structure import Tree, read_tree

PRODUCT_KEY = "/EasyreadProduct"  # written by generator/render/tags.py


@dataclass
class PdfFile:
    name: str
    pdf: pikepdf.Pdf
    tree: Tree | None
    pages: list[PageContent]
    _text: dict[tuple[int, int], str] = field(default_factory=dict)

    @property
    def product(self) -> str | None:
        value = self.pdf.docinfo.get(PRODUCT_KEY) if self.pdf.trailer.get("/Info") is not None else None
        return str(value) if value is not None else None

    def mcid_text(self, page: int, mcid: int) -> str:
        if not self._text:
            for content in self.pages:
                for run in content.runs:
                    if run.mcid is not None:
                        key = (content.index, run.mcid)
                        self._text[key] = self._text.get(key, "") + run.text
        return self._text.get((page, mcid), "")

    def text(self, element: object) -> str:
        """The words under a structure element, spaces tidied."""
        assert self.tree is not None
        return " ".join("".join(self.mcid_text(p, m) for p, m in self.tree.content(element)).split())  # type: ignore[arg-type]


def open_pdf(data: bytes, name: str) -> PdfFile:
    """Open and read a PDF once. Raises ``pikepdf.PdfError`` if it is not a PDF."""
    pdf = pikepdf.open(io.BytesIO(data))
    tree = read_tree(pdf)
    pictures: dict[int, set[int]] = {}
    if tree is not None:
        for element in tree.elements:
            if element.kind == "Figure":
                for page, mcid in element.mcids:
                    pictures.setdefault(page, set()).add(mcid)
    decoders: dict[tuple[int, int], Decoder] = {}
    pages = [read_page(page, index, pictures.get(index, set()), decoders) for index, page in enumerate(pdf.pages)]
    return PdfFile(name, pdf, tree, pages)
