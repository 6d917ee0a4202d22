"""Verify stage: check a finished output the way an outside auditor would.

PDFs get the PDF/UA-1 checkpoints a script can test (``pdfua.py``) and the
easy-read layout rules with the product's thresholds (``layout.py``); HTML twins
get the static checks in ``webpage.py``. Every finding names the file, the page
and the element, and says what to change. Builds run this on what they wrote
(pipeline.py); ``easyread verify`` runs it on any file.
"""

from __future__ import annotations

from pathlib import Path

from .findings import RULES, Finding
from .thresholds import Thresholds, products, thresholds_for

SUFFIXES = (".pdf", ".html", ".htm")


def verify_pdf(data: bytes, name: str, product: str | None = None) -> list[Finding]:
    """Every finding for one PDF; ``product`` overrides the one recorded in the file."""
    import pikepdf  # PDF checks only: an HTML-only build does not load pikepdf

    from .layout import check_pages, check_pictures, check_sentences, check_text_floor
    from .pdfua import CHECKS
    from .reading import open_pdf

    try:
        pdf = open_pdf(data, name)
    except (pikepdf.PdfError, ValueError) as exc:
        return [Finding(name, None, "file", "unreadable", f"not a PDF that can be read ({exc})")]
    with pdf.pdf:
        limits = thresholds_for(product or pdf.product)
        findings: list[Finding] = []
        for check in CHECKS:
            findings.extend(check(pdf))
        findings.extend(check_text_floor(pdf, limits))
        findings.extend(check_pictures(pdf, limits))
        if limits.sentences:
            findings.extend(check_sentences(pdf))
        findings.extend(check_pages(pdf, limits))
    return sorted(findings, key=lambda f: (f.page or 0))


def verify_html(text: str, name: str) -> list[Finding]:
    from .webpage import check_html  # HTML checks only: a PDF-only build does not load them

    return check_html(text, name)


def verify_file(path: Path, product: str | None = None) -> list[Finding]:
    """Check one output file by its suffix (.pdf, .html)."""
    name = str(path)
    if path.suffix.lower() == ".pdf":
        return verify_pdf(path.read_bytes(), name, product)
    return verify_html(path.read_text(encoding="utf-8", errors="replace"), name)


__all__ = ["RULES", "SUFFIXES", "Finding", "Thresholds", "products", "thresholds_for", "verify_file", "verify_html", "verify_pdf"]
