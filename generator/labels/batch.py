"""The label pipeline: read -> validate -> measure and pack -> give slots -> draw -> report.

Every label is planned before anything is drawn: each medicine's blocks are
measured once, packed onto as many labels as it needs (text is never made
smaller), and given consecutive slots from ``--start``. The pages are then drawn
in parts, on every core, each part checked on the real layout and written as its
own PDF. One bad row never stops the good ones; every problem names its row and
field, and the report says which slot each label went to.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..errors import ConfigError, Problem
from ..load import display_path
from ..project import ICONS, TEMPLATES, Project, output_path
from ..render.fonts import font_dirs
from .draw import Blocks, Document, Drawn, blanks, blocks_for, draw, lay_out_blocks, test_sheet
from .extras import companion_document, compare_documents
from .extras import compare_stocks as _compare_stocks
from .flow import MAX_PARTS
from .lint import check_batch
from .model import Label, RowFinding
from .pool import Workers
from .read import RawRow
from .report import RowResult, Slot, write_report
from .rules import LabelRules
from .settings import project_settings
from .sheets import Part, Plan, Sizes, assign, contents, cut, one_label, plan, sizes_of, wide_word
from .stock import Layout, Stock, find_layout

MODES = ("standard", "large-print", "easy-read")
PART_SIZE = 120  # labels in one file at most: a worker's memory grows with its part
LABELS_PER_WORKER = 48  # a smaller batch is drawn in this process: starting workers would cost more
FIELD_NAMES = {"medicine_name": "medicine name", "medicine_description": "description", "directions": "directions",
               "warnings": "warnings", "patient_name": "patient name", "date_dispensed": "date", "quantity": "quantity",
               "child_warning": "children warning", "pharmacy_name": "pharmacy name and address", "qr_url": "QR code",
               "disclaimer": "mockup line", "rx_number": "prescription details"}
ROWS = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$")
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
    rows: str | None = None  # "3,7-9": print only these rows (a reprint)
    reminders: bool = False  # also write one .ics calendar per patient (reminders.py)


@dataclass(frozen=True)
class LabelRun:
    """What a batch produced: counts, files, every row finding, and each row's slots."""

    source: str
    rows: int
    made: int
    outputs: tuple[Path, ...]
    findings: tuple[RowFinding, ...]
    seconds: float = 0.0
    notes: tuple[str, ...] = ()
    reports: tuple[Path, ...] = ()
    results: tuple[RowResult, ...] = ()

    @property
    def failed_rows(self) -> list[int]:
        return sorted({f.where.row for f in self.findings if f.level == "error"})

    @property
    def labels(self) -> int:
        return sum(r.labels for r in self.results)


def select_rows(spec: str | None, rows: Sequence[RawRow]) -> frozenset[int] | None:
    """The rows ``--rows 3,7-9`` names (numbered as in the report), or None for all."""
    if spec is None:
        return None
    known = {raw.row for raw in rows}
    chosen: set[int] = set()
    for piece in spec.split(","):
        match = ROWS.match(piece)
        if not match:
            raise ConfigError(Problem("--rows", 0, 0, "usage", f"'{piece.strip()}' is not a row number or a range; write for example --rows 3,7-9"))
        first, last = int(match.group(1)), int(match.group(2) or match.group(1))
        if first < 1 or last < first:
            raise ConfigError(Problem("--rows", 0, 0, "usage", f"'{piece.strip()}': rows count from 1, and a range goes from low to high, such as 7-9"))
        missing = [n for n in range(first, last + 1) if n not in known]
        if missing:
            raise ConfigError(Problem("--rows", 0, 0, "usage", f"row {missing[0]} is not in the file: it has rows 1 to {max(known)}"))
        chosen.update(range(first, last + 1))
    return frozenset(chosen)


def run_labels(path: Path, options: LabelOptions, progress: Progress | None = None) -> LabelRun:
    started = time.perf_counter()
    if options.mode not in MODES:
        raise ConfigError(Problem("--mode", 0, 0, "usage", f"unknown mode '{options.mode}'; use {', '.join(MODES)}"))
    project = Project.for_path(path)
    settings = project_settings(project.root, options.today)
    layout = find_layout(options.mode, options.stock, options.sheet, settings.stocks)
    if options.start != 1 and not layout.is_sheet:
        raise ConfigError(Problem("--start", 0, 0, "usage", "--start is for a part-used A4 sheet; give it with --sheet"))
    if not 1 <= options.start <= layout.per_page:
        raise ConfigError(Problem("--start", 0, 0, "usage", f"--start must be 1 to {layout.per_page}: sheet {layout.name} has {layout.per_page} labels"))
    checked = check_batch(path, settings, options.mode, display_path(project.root / "easyread.yaml"))
    rows = checked.raw
    chosen = select_rows(options.rows, rows)
    everything, all_findings = list(checked.labels), list(checked.findings)
    def wanted(row: int) -> bool:
        return chosen is None or row in chosen

    good = [label for label in everything if wanted(label.where.row)]
    findings = [f for f in all_findings if wanted(f.where.row)]
    base = output_path(path, options.out_dir or project.root / "output", project, "")
    roots = (project.root.resolve(), ICONS, TEMPLATES, *font_dirs())
    stem = _stem(base, options, layout)
    compare_stocks = _compare_stocks(options.mode, layout) if options.compare else None
    workers = options.jobs or min(os.cpu_count() or 1, max(1, len(good) // LABELS_PER_WORKER))
    title = f"{options.mode.replace('-', ' ').capitalize()} medicine labels: {base.name}"
    with Workers(workers) as pool:
        main = contents(good, options.mode, options.two_part)
        width = layout.stock.content_width
        # Measured here, in one layout, and drawn from that same layout later. The "1 of 2"
        # header is measured only for the rows that need more than one label.
        distinct = list(dict.fromkeys(str(b.html) for c in main for b in (*c.head, *c.body, *c.foot_each, *c.foot_last)))
        laid = [lay_out_blocks(options.mode, width, distinct, roots, title)]
        sizes: Sizes = {(options.mode, width, html): size for html, size in zip(distinct, laid[0].sizes)}
        needed = dict.fromkeys(str(b.html) for c in main if not one_label(c, layout.stock, sizes) for b in c.head_parts)
        parted = [html for html in needed if (options.mode, width, html) not in sizes]
        if parted:
            laid.append(lay_out_blocks(options.mode, width, parted, roots, title))
            sizes.update(((options.mode, width, html), size) for html, size in zip(parted, laid[1].sizes))
        want = []
        if compare_stocks:
            small, large = compare_stocks
            standard, big = contents(good, "standard", False, 2), contents(good, "large-print", False, 2)
            want += [("standard", small.content_width, c.blocks()) for c in standard]
            want += [("large-print", large.content_width, c.blocks()) for c in big]
        sizes.update(sizes_of(want, roots, pool))
        plans = {label.where.row: plan(c, layout.stock, sizes) for label, c in zip(good, main)}
        for label in good:
            unfit = plans[label.where.row].unfit
            if unfit is not None:
                findings.append(_unfit_finding(label, plans[label.where.row], layout.stock, options, sizes, settings.rules))
        ready = [plans[label.where.row] for label in good if plans[label.where.row].unfit is None]
        cells, pages = assign(ready, layout, options.start)
        per_part = _pages_per_part(len(pages), layout.per_page, pool.count)
        parts = cut(pages, per_part, layout, base.parent / f"{stem}.pdf", title, roots)
        blocks = blocks_for(parts, options.mode, list(zip(laid, (distinct, parted))))  # drawn once, here
        tasks: list[tuple[Part, frozenset[int], Blocks | None] | Document] = [(part, frozenset(), blocks) for part in parts]
        if compare_stocks:
            tasks += compare_documents(good, plans, standard, big, compare_stocks, sizes, base, path, roots, findings, settings.rules)
        total = sum(len(s.labels) for s in pages) + sum(t.count for t in tasks if isinstance(t, Document))
        drawn = _draw_all(pool, tasks, total, progress)
        for index, rows_blank in blanks(parts, drawn[: len(parts)]):
            drawn[index] = draw((parts[index], rows_blank, blocks))
        overflowed = {o.row: o for d in drawn for o in d.overflows}
        for label in good:
            if label.where.row in overflowed:
                findings.append(_overflow_finding(label, overflowed[label.where.row], layout.stock, settings.rules))
        failed = {f.where.row for f in findings if f.level == "error"}
        notes = list(checked.notes)
        if options.companion:
            document = companion_document(rows, everything, failed | {r.row for r in rows if not _made(r.row, everything)}, chosen, base, path, roots, settings, notes)
            if document is not None:
                drawn += [result for _, result in pool.run(draw, [document])]
    outputs = tuple(d.path for d in drawn if d.path is not None)
    findings.sort(key=lambda f: (f.where.row, f.level != "error"))
    results = _results(rows, chosen, everything, ready, cells, failed, layout, parts, options)
    made = sum(1 for r in results if r.status == "made")
    if options.reminders:  # a calendar per patient from the labels that were made; rows left out are warnings
        from .reminders import reminder_files  # icalendar is loaded only for runs that ask for reminders

        files, left_out = reminder_files([label for label in good if label.where.row not in failed], base, settings.reminder_times, settings.rules)
        outputs += tuple(files)
        findings = sorted(findings + left_out, key=lambda f: (f.where.row, f.level != "error"))
    if any(w.bnf and not w.from_pharmacy for label in good for w in label.warnings):
        notes.append("BNF labels were printed as our plain-words topics: add your licensed wording to easyread.yaml (labels: bnf_text)")
    summary: dict[str, object] = {"mode": options.mode, "stock": layout.name, "rows": len(results), "made": made, "failed": len(results) - made,
                                  "outputs": [str(p) for p in outputs], "labels": sum(r.labels for r in results),
                                  "pages": len(pages), "start": options.start}
    if options.rows is not None:
        summary["rows_selected"] = options.rows
    targets = [options.report] if options.report else [base.parent / f"{stem}.report{ext}" for ext in (".csv", ".json")]
    reports = tuple(write_report(target, str(path), summary, findings, results) for target in targets)
    return LabelRun(str(path), len(results), made, outputs, tuple(findings), time.perf_counter() - started, tuple(notes), reports, tuple(results))


def make_test_sheet(name: str, out_dir: Path | None) -> Path:
    """``easyread labels --test-sheet L7165``: the sheet's slots and a ruler, to check "print at 100%"."""
    root = Project.for_path(Path.cwd()).root
    stocks = project_settings(root).stocks
    is_sheet = name.lower() in {k.lower() for k in stocks.sheets}
    layout = find_layout("large-print", sheet=name, known=stocks) if is_sheet else find_layout("large-print", stock=name, known=stocks)
    return test_sheet(layout, out_dir or root / "output", (root.resolve(), ICONS, TEMPLATES, *font_dirs()))


def _made(row: int, labels: Sequence[Label]) -> bool:
    return any(label.where.row == row for label in labels)


def _stem(base: Path, options: LabelOptions, layout: Layout) -> str:
    """example-batch.large-print[.L7165][.two-part]: what was made, in the file name."""
    return f"{base.name}.{options.mode}" + (f".{layout.name}" if layout.is_sheet else "") + (".two-part" if options.two_part else "")


def _pages_per_part(pages: int, per_page: int, workers: int) -> int:
    """Whole pages per file: about PART_SIZE labels, fewer so every worker gets several parts."""
    most = max(1, PART_SIZE // per_page)
    if workers <= 1:
        return most
    return max(1, min(most, -(-pages // (workers * 3))))


def _draw_all(pool: Workers, tasks: Sequence[tuple[Part, frozenset[int], Blocks | None] | Document], total: int, progress: Progress | None) -> list[Drawn]:
    drawn: list[Drawn] = [Drawn(None, 0)] * len(tasks)
    done = 0
    if progress:
        progress(0, total)
    for index, result in pool.run(draw, tasks):
        drawn[index] = result
        task = tasks[index]
        done += task.count if isinstance(task, Document) else sum(len(s.labels) for s in task[0].pages)
        if progress:
            progress(done, total)
    return drawn


def _results(rows: Sequence[RawRow], chosen: frozenset[int] | None, labels: Sequence[Label], ready: Sequence[Plan],
             cells: Sequence[Sequence[int]], failed: set[int], layout: Layout, parts: Sequence[Part], options: LabelOptions) -> list[RowResult]:
    """One entry per row printed (all, or those ``--rows`` chose): made or failed, and its slots."""
    where = {p.content.row: c for p, c in zip(ready, cells)}
    ids = {label.where.row: label.id for label in labels}
    results = []
    for raw in rows:
        if chosen is not None and raw.row not in chosen:
            continue
        label_id = ids.get(raw.row) or str(raw.values.get("id") or "").strip()
        if raw.row in failed or raw.row not in where:
            results.append(RowResult(raw.row, label_id, "failed", 0, ()))
            continue
        slots = []
        for cell in where[raw.row]:
            page, slot = layout.slot(cell)
            part = next(p for p in parts if p.first_page <= page < p.first_page + len(p.pages))
            slots.append(Slot(page, slot, part.path.name, page - part.first_page + 1))
        results.append(RowResult(raw.row, label_id, "made", len(slots), tuple(slots)))
    return results


def _fix(stock: Stock, options: LabelOptions) -> str:
    bigger = "a sheet with bigger labels (for example --sheet L7166 or L7169)" if options.sheet else "a bigger stock (for example --stock a6 or --stock shipping-4x6in)"
    split = ", split it into a two-part label (--two-part)" if options.mode == "standard" and not options.two_part else ""
    return f"text is never made smaller: use {bigger}{split}, or shorten the text"


def _unfit_finding(label: Label, p: Plan, stock: Stock, options: LabelOptions, sizes: Sizes, rules: LabelRules) -> RowFinding:
    unfit = p.unfit
    assert unfit is not None
    name = FIELD_NAMES.get(unfit.field, unfit.field.replace("_", " "))
    word = wide_word(p.content, unfit.field, stock, sizes) if unfit.field else ""
    if unfit.parts:
        what = f"this medicine needs {unfit.parts} labels of {stock.size}; {MAX_PARTS} is the most we print for one medicine"
    elif word:
        what = f"'{word}' in the {name} is wider than a {stock.size} label at {p.pt:g}pt"
    else:
        what = f"the {name} does not fit on a {stock.size} label at {p.pt:g}pt (it is {unfit.over_mm:g} mm too tall)"
    return _fixed(rules.finding(label.where, label.id, unfit.field or "medicine_name", "label-overflow", f"{what}; {_fix(stock, options)}"))


def _fixed(found: RowFinding | None) -> RowFinding:
    """A finding of a fixed rule, which no project can switch off."""
    assert found is not None, "label-overflow is a fixed rule"
    return found


def _overflow_finding(label: Label, overflow: object, stock: Stock, rules: LabelRules) -> RowFinding:
    name = FIELD_NAMES.get(overflow.field, overflow.field)  # type: ignore[attr-defined]
    return _fixed(rules.finding(label.where, label.id, overflow.field, "label-overflow",  # type: ignore[attr-defined]
                      f"the {name} passed the edge of a {stock.size} label by {overflow.over_mm:g} mm when the page was drawn; "  # type: ignore[attr-defined]
                      "its labels were left blank: print this row again, or report it"))


__all__ = ["MODES", "LabelOptions", "LabelRun", "make_test_sheet", "run_labels", "select_rows"]
