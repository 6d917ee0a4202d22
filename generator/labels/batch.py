"""The label pipeline: read -> validate -> render in parts (on every core) -> write.

A batch is cut into parts of a few hundred labels. Each part is laid out, checked
for labels that do not fit (those rows fail; the part is laid out again without
them), checked for text below the mode's floor, and written as its own PDF, so a
batch of thousands never holds every page in memory, and parts run in parallel.
One bad row never stops the good ones; every problem names its row and field.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..errors import ConfigError, Problem, RenderError
from ..load import display_path
from ..project import ICONS, TEMPLATES, Project, output_path
from ..render import pdf as pdf_writer
from ..render.fonts import font_dirs
from ..render.labels import FLOORS, companion_html, compare_html, labels_html
from ..render.verify import Overflow, label_overflows, verify_floor
from ..write import write_atomic
from .model import Label, RowFinding
from .lint import check_batch
from .reminders import reminder_files
from .report import write_report
from .settings import project_settings
from .stock import Layout, Stock, catalogue, find_layout, find_stock

MODES = ("standard", "large-print", "easy-read")
PART_SIZE = 250
FIELD_NAMES = {"medicine_name": "medicine name", "medicine_description": "description", "directions": "directions",
               "warnings": "warnings", "patient_name": "patient name", "date_dispensed": "date", "quantity": "quantity",
               "child_warning": "children warning", "pharmacy_name": "pharmacy name and address", "qr_url": "QR code",
               "disclaimer": "mockup line", "rx_number": "prescription details"}
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class LabelOptions:
    out_dir: Path | None = None
    mode: str = "large-print"
    stock: str | None = None
    sheet: str | None = None
    start: int = 1
    compare: bool = False
    companion: bool = False
    report: Path | None = None
    two_part: bool = False
    jobs: int | None = None
    today: date | None = None
    reminders: bool = False  # also write one .ics calendar per patient (reminders.py)


@dataclass(frozen=True)
class LabelRun:
    """What a batch produced: counts, files, and every row finding."""

    source: str
    rows: int
    made: int
    outputs: tuple[Path, ...]
    findings: tuple[RowFinding, ...]
    seconds: float = 0.0
    notes: tuple[str, ...] = ()
    reports: tuple[Path, ...] = ()

    @property
    def failed_rows(self) -> list[int]:
        return sorted({f.where.row for f in self.findings if f.level == "error"})


@dataclass(frozen=True)
class Part:
    """One unit of work for a process: some labels, what to draw, and where to write it."""

    kind: str  # "labels", "compare" or "companion"
    labels: tuple[Label, ...]
    path: Path
    title: str
    mode: str
    layout: Layout | None = None
    first_cell: int = 0
    compare_stocks: tuple[Stock, Stock] | None = None
    roots: tuple[Path, ...] = ()
    two_part: bool = False


@dataclass(frozen=True)
class PartResult:
    path: Path | None
    count: int
    findings: tuple[RowFinding, ...] = field(default=())


def run_labels(path: Path, options: LabelOptions, progress: Progress | None = None) -> LabelRun:
    started = time.perf_counter()
    if options.mode not in MODES:
        raise ConfigError(Problem("--mode", 0, 0, "usage", f"unknown mode '{options.mode}'; use {', '.join(MODES)}"))
    layout = find_layout(options.mode, options.stock, options.sheet)
    if options.start != 1 and not layout.is_sheet:
        raise ConfigError(Problem("--start", 0, 0, "usage", "--start is for a part-used A4 sheet; give it with --sheet"))
    if not 1 <= options.start <= layout.per_page:
        raise ConfigError(Problem("--start", 0, 0, "usage", f"--start must be 1 to {layout.per_page}: sheet {layout.name} has {layout.per_page} labels"))
    project = Project.for_path(path)
    settings = project_settings(project.root, options.today)
    checked = check_batch(path, settings, options.mode, display_path(project.root / "easyread.yaml"))
    good, findings = list(checked.labels), list(checked.findings)
    base = output_path(path, options.out_dir or project.root / "output", project, "")
    roots = (project.root.resolve(), ICONS, TEMPLATES, *font_dirs())
    parts = _label_parts(good, options, layout, base, roots)
    if options.compare:
        parts += _simple_parts("compare", good, base, "compare", f"Why bigger labels are better: {path.stem}", roots, _compare_stocks(options, layout))
    if options.companion:
        parts += _simple_parts("companion", good, base, "companion", f"My medicines: {path.stem}", roots)
    results = _run_parts(parts, options.jobs, progress)
    outputs = tuple(r.path for r in results if r.path is not None)
    for result in results:
        findings.extend(result.findings)
    findings.sort(key=lambda f: (f.where.row, f.level != "error"))
    failed = {f.where.row for f in findings if f.level == "error"}
    made = sum(1 for label in good if label.where.row not in failed)
    if options.reminders:  # a calendar per patient from the labels that were made; rows left out are warnings
        files, left_out = reminder_files([label for label in good if label.where.row not in failed], base, settings.reminder_times)
        outputs += tuple(files)
        findings = sorted(findings + left_out, key=lambda f: (f.where.row, f.level != "error"))
    notes = list(checked.notes)
    if any(w.bnf and not w.from_pharmacy for label in good for w in label.warnings):
        notes.append("BNF labels were printed as our plain-words topics: add your licensed wording to easyread.yaml (labels: bnf_text)")
    summary = {"mode": options.mode, "stock": layout.name, "rows": checked.rows, "made": made, "failed": len(failed),
               "outputs": [str(p) for p in outputs]}
    stem = _stem(base, options, layout)
    targets = [options.report] if options.report else [base.parent / f"{stem}.report{ext}" for ext in (".csv", ".json")]
    reports = tuple(write_report(target, str(path), summary, findings) for target in targets)
    return LabelRun(str(path), checked.rows, made, outputs, tuple(findings), time.perf_counter() - started, tuple(notes), reports)


def _stem(base: Path, options: LabelOptions, layout: Layout) -> str:
    """example-batch.large-print[.L7165][.two-part]: what was made, in the file name."""
    return f"{base.name}.{options.mode}" + (f".{layout.name}" if layout.is_sheet else "") + (".two-part" if options.two_part else "")


def _label_parts(labels: list[Label], options: LabelOptions, layout: Layout, base: Path, roots: tuple[Path, ...]) -> list[Part]:
    cells = 2 if options.two_part else 1  # a two-part label takes two cells
    size = max(layout.per_page, PART_SIZE // layout.per_page * layout.per_page) // cells
    name = _stem(base, options, layout)
    chunks: list[list[Label]] = []
    first_room = max(1, (size * cells - (options.start - 1)) // cells)
    if labels:
        chunks.append(labels[:first_room])
        chunks += [labels[i:i + size] for i in range(first_room, len(labels), size)]
    title = f"{options.mode.replace('-', ' ').capitalize()} medicine labels: {base.name}"
    return [
        Part("labels", tuple(chunk), _numbered(base.parent / f"{name}.pdf", index, len(chunks)), title, options.mode,
             layout, options.start - 1 if index == 0 else 0, roots=roots, two_part=options.two_part)
        for index, chunk in enumerate(chunks)
    ]


def _simple_parts(kind: str, labels: list[Label], base: Path, suffix: str, title: str, roots: tuple[Path, ...],
                  stocks: tuple[Stock, Stock] | None = None) -> list[Part]:
    chunks = [labels[i:i + PART_SIZE] for i in range(0, len(labels), PART_SIZE)]
    if kind == "companion":  # keep each patient's medicines in one part
        chunks = _by_patient(labels)
    return [Part(kind, tuple(c), _numbered(base.parent / f"{base.name}.{suffix}.pdf", i, len(chunks)), title,
                 "large-print", compare_stocks=stocks, roots=roots) for i, c in enumerate(chunks)]


def _by_patient(labels: list[Label]) -> list[list[Label]]:
    grouped: dict[str, list[Label]] = {}
    for label in labels:
        grouped.setdefault(label.patient, []).append(label)
    chunks: list[list[Label]] = [[]]
    for items in grouped.values():
        if chunks[-1] and len(chunks[-1]) + len(items) > PART_SIZE:
            chunks.append([])
        chunks[-1].extend(items)
    return [c for c in chunks if c]


def _compare_stocks(options: LabelOptions, layout: Layout) -> tuple[Stock, Stock]:
    standard = find_stock(catalogue().defaults["standard"])
    large = layout.stock if options.mode == "large-print" else find_stock(catalogue().defaults["large-print"])
    if standard.width + large.width > 255 or large.height > 150:
        raise ConfigError(Problem("--compare", 0, 0, "usage", f"a {large.size} label is too big to show beside the standard one on A4; compare with --stock a6 or smaller"))
    return standard, large


def _numbered(path: Path, index: int, total: int) -> Path:
    if total <= 1:
        return path
    stem = path.name[: -len(".pdf")]
    return path.with_name(f"{stem}.part-{index + 1}-of-{total}.pdf")


def _run_parts(parts: Sequence[Part], jobs: int | None, progress: Progress | None) -> list[PartResult]:
    total = sum(len(p.labels) for p in parts)
    done = 0
    workers = max(1, min(jobs or os.cpu_count() or 1, len(parts)))
    results: list[PartResult] = []
    if progress:
        progress(0, total)
    if workers == 1:
        for part in parts:
            results.append(render_part(part))
            done += len(part.labels)
            if progress:
                progress(done, total)
        return results
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(render_part, part) for part in parts]
        for future, part in zip(futures, parts):
            results.append(future.result())
            done += len(part.labels)
            if progress:
                progress(done, total)
    return results


def render_part(part: Part) -> PartResult:
    """Lay out one part, drop labels that do not fit, check sizes, write the PDF."""
    labels = list(part.labels)
    failed: list[RowFinding] = []
    while labels:
        rendered = pdf_writer.layout(_html(part, labels), str(part.path), part.roots, part.roots[0])
        overflows = label_overflows(rendered) if part.kind != "companion" else []
        if not overflows:
            break
        rows = {o.row for o in overflows}
        by_row = {label.where.row: label for label in labels}
        failed += [_overflow_finding(by_row[o.row], o, part) for o in overflows if o.row in by_row]
        labels = [label for label in labels if label.where.row not in rows]
    if not labels:
        return PartResult(None, 0, tuple(failed))
    expected = _pages(part, len(labels))
    if expected is not None and rendered.page_count != expected:  # a label split across pages would go unmeasured
        raise RenderError(Problem(str(part.path), 1, 1, "overflow", f"{expected} pages of {part.kind} came out as {rendered.page_count}; a label did not stay on its page"))
    floor = {"companion": FLOORS["easy-read"], "compare": FLOORS["standard"]}.get(part.kind, FLOORS[part.mode])
    verify_floor(rendered, str(part.path), floor, part.mode)
    write_atomic(part.path, pdf_writer.pdf_bytes(rendered))
    return PartResult(part.path, len(labels), tuple(failed))


def _pages(part: Part, count: int) -> int | None:
    """How many pages a part must fill: one per comparison, or whole sheets of cells."""
    if part.kind == "compare":
        return count
    if part.kind == "labels" and part.layout is not None:
        cells = part.first_cell + count * (2 if part.two_part else 1)
        return -(-cells // part.layout.per_page)
    return None  # companion sheets flow


def _html(part: Part, labels: list[Label]) -> str:
    if part.kind == "labels":
        assert part.layout is not None
        return labels_html(labels, part.mode, part.layout, part.first_cell, part.title, part.two_part)
    if part.kind == "compare":
        assert part.compare_stocks is not None
        return compare_html(labels, *part.compare_stocks, part.title)
    return companion_html(labels, part.title)


def _overflow_finding(label: Label, overflow: Overflow, part: Part) -> RowFinding:
    name = FIELD_NAMES.get(overflow.field, overflow.field.replace("_", " "))
    stock = part.layout.stock if part.layout else (part.compare_stocks[0] if overflow.mode == "standard" else part.compare_stocks[1])  # type: ignore[index]
    if overflow.wide_word:
        what = f"'{overflow.wide_word}' in the {name} is wider than a {stock.size} label at {overflow.font_pt:g}pt"
    else:
        what = f"the {name} does not fit on a {stock.size} label at {overflow.font_pt:g}pt (the text runs {overflow.over_mm:g} mm past the edge)"
    where = " on the comparison page" if part.kind == "compare" else (f" (part {overflow.part} of 2)" if overflow.part else "")
    bigger = "a sheet with bigger labels (for example --sheet L7169)" if part.layout and part.layout.is_sheet else "a bigger stock (for example --stock a6 or --stock shipping-4x6in)"
    split = "" if part.two_part else ", split it into a two-part label (--two-part)"
    fix = f"text is never made smaller: use {bigger}{split}, move details to the companion sheet (--companion), or shorten the text"
    return RowFinding(label.where, label.id, "error", overflow.field, "label-overflow", f"{what}{where}; {fix}")


__all__ = ["MODES", "LabelOptions", "LabelRun", "run_labels", "render_part"]
