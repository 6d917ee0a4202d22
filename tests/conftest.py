"""Shared helpers: build real outputs once per session and read them back."""

from __future__ import annotations

import io
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import ClassVar

import pikepdf
import pytest
from pypdf import PdfReader

from generator.pipeline import BuildOptions, build_file

from geometry import multiply

ROOT = Path(__file__).resolve().parent.parent
POSTER = ROOT / "content/posters/need-help-with-medication.md"
BOOKLET = ROOT / "content/booklets/coproduction-quality-improvement.md"


def pdf_text(data: bytes, page: int | None = None) -> str:
    reader = PdfReader(io.BytesIO(data))
    pages = reader.pages if page is None else [reader.pages[page]]
    return "\n".join(p.extract_text() for p in pages)


def structure(data: bytes) -> list[tuple[str, dict]]:
    """Every structure element in document order: (tag, attributes we care about)."""
    out: list[tuple[str, dict]] = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        def walk(node):
            if isinstance(node, pikepdf.Dictionary) and "/S" in node:
                out.append((str(node.S), {"alt": str(node.Alt) if "/Alt" in node else None}))
            kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
            if isinstance(kids, pikepdf.Array):
                for kid in kids:
                    walk(kid)
            elif isinstance(kids, pikepdf.Dictionary):
                walk(kids)
        walk(pdf.Root.StructTreeRoot)
    return out


class Built(Mapping[str, tuple[bytes, object]]):
    """The bundled poster and booklet, each built once on first use, silently: name -> (PDF bytes, result).

    Built lazily, so the quick suite (poster tests) does not pay for the 24-page booklet.
    """

    SOURCES: ClassVar[dict[str, Path]] = {"poster": POSTER, "booklet": BOOKLET}

    def __init__(self, out: Path) -> None:
        self.out, self.done = out, {}

    def __getitem__(self, name: str) -> tuple[bytes, object]:
        if name not in self.done:
            records: list[logging.LogRecord] = []

            class Catch(logging.Handler):
                def emit(self, record):
                    records.append(record)

            handler = Catch(logging.WARNING)
            logging.getLogger().addHandler(handler)
            try:
                result = build_file(self.SOURCES[name], BuildOptions(out_dir=self.out))
            finally:
                logging.getLogger().removeHandler(handler)
            assert result.ok, (name, result.problems, result.report and [f.format() for f in result.report.active if f.level == "error"])
            assert not records, [r.getMessage() for r in records]
            self.done[name] = (next(p for p in result.outputs if p.suffix == ".pdf").read_bytes(), result)
        return self.done[name]

    def __iter__(self):
        return iter(self.SOURCES)

    def __len__(self) -> int:
        return len(self.SOURCES)


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The bundled poster and booklet: name -> (PDF bytes, build result), each built on first use."""
    return Built(tmp_path_factory.mktemp("out"))


@pytest.fixture
def project(tmp_path):
    """A throwaway content project with its own content/ folder."""
    (tmp_path / "content" / "posters").mkdir(parents=True)
    (tmp_path / "content" / "booklets").mkdir(parents=True)
    return tmp_path


def text_runs(data: bytes, page: int = 0) -> list[tuple[str, float, float, float]]:
    """Every text run on a PDF page as (text, x mm from left, baseline mm from top, size pt)."""
    reader = PdfReader(io.BytesIO(data))
    target = reader.pages[page]
    height = float(target.mediabox.height)
    runs: list[tuple[str, float, float, float]] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            m = multiply(list(tm), list(cm))
            runs.append((text, m[4] / 72 * 25.4, (height - m[5]) / 72 * 25.4, size * abs(m[3])))

    target.extract_text(visitor_text=visit)
    return runs
