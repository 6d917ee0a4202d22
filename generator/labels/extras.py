"""The extras of a label run: comparison pages and the companion "My medicines" sheets.

Both are whole A4 documents that flow (they are not cut into slots). The companion
lists every medicine of every patient in the run, and marks the ones whose label was
not made, so it never hides a medicine.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..errors import ConfigError, Problem
from ..render.companion import Missing, companion_html
from ..render.labels import Content, compare_html
from .draw import Document
from .model import Label, RowFinding
from .read import RawRow
from .rules import LabelRules
from .settings import LabelSettings
from .sheets import Plan, Sizes, numbered, plan
from .stock import Layout, Stock, catalogue, find_stock

PART_SIZE = 250  # comparison pages in one file at most


def compare_stocks(mode: str, layout: Layout) -> tuple[Stock, Stock]:
    standard = find_stock(catalogue().defaults["standard"])
    large = layout.stock if mode == "large-print" else find_stock(catalogue().defaults["large-print"])
    if standard.width + large.width > 255 or large.height > 150:
        raise ConfigError(Problem("--compare", 0, 0, "usage", f"a {large.size} label is too big to show beside the standard one on A4; compare with --stock a6 or smaller"))
    return standard, large


def compare_documents(good: Sequence[Label], plans: dict[int, Plan], standard: Sequence[Content], big: Sequence[Content],
                       stocks: tuple[Stock, Stock], sizes: Sizes, base: Path, path: Path, roots: tuple[Path, ...],
                       findings: list[RowFinding], rules: LabelRules) -> list[Document]:
    """One page per made label: the standard label beside the large-print one, both at real size."""
    small, large = stocks
    pairs = []
    for label, s, b in zip(good, standard, big):
        if plans[label.where.row].unfit is not None:
            continue
        std, lp = plan(s, small, sizes), plan(b, large, sizes)
        if std.unfit or lp.unfit:
            what = "standard" if std.unfit else "large-print"
            found = rules.finding(label.where, label.id, "compare", "label-compare-skipped",
                                  f"no comparison page: the {what} label does not fit {(small if std.unfit else large).size}; the label itself is made")
            findings.extend([found] if found else [])
            continue
        pairs.append((std.placed([None])[0], lp.placed([None] * len(lp.labels)), label.medicine_line))
    chunks = [pairs[i:i + PART_SIZE] for i in range(0, len(pairs), PART_SIZE)]
    title = f"Why bigger labels are better: {path.stem}"
    return [Document("compare", numbered(base.parent / f"{base.name}.compare.pdf", i, len(chunks)), compare_html(chunk, small, large, title), roots, len(chunk))
            for i, chunk in enumerate(chunks)]


def companion_document(rows: Sequence[RawRow], labels: Sequence[Label], failed: set[int], chosen: frozenset[int] | None, base: Path,
               path: Path, roots: tuple[Path, ...], settings: LabelSettings, notes: list[str]) -> Document | None:
    """Every medicine of every patient in the run: made ones in full, failed ones marked."""
    by_row = {label.where.row: label for label in labels}
    patient_of = {raw.row: str(raw.values.get("patient_name") or "").strip() for raw in rows}
    patients = {patient_of[raw.row] for raw in rows if chosen is None or raw.row in chosen}
    entries: list[Label | Missing] = []
    nameless = []
    for raw in rows:
        name = patient_of[raw.row]
        if not name:
            if raw.row in failed and (chosen is None or raw.row in chosen):
                nameless.append(raw.row)
            continue
        if name not in patients:
            continue
        label = by_row.get(raw.row)
        if label is not None and raw.row not in failed:
            entries.append(label)
        else:
            medicine = " ".join(str(raw.values.get(k) or "").strip() for k in ("medicine_name", "medicine_strength")).strip()
            entries.append(Missing(raw.row, name, medicine or f"The medicine in row {raw.row}", str(raw.values.get("pharmacy_name") or ""),
                                   str(raw.values.get("pharmacy_phone") or "")))
    marked = sorted(e.row for e in entries if isinstance(e, Missing))
    if marked:
        notes.append(f"the companion sheets list row{'s' if len(marked) > 1 else ''} {', '.join(map(str, marked))} with "
                     "'Ask the pharmacy about this medicine': their labels were not made")
    if nameless:
        notes.append(f"row{'s' if len(nameless) > 1 else ''} {', '.join(map(str, nameless))} name{'' if len(nameless) > 1 else 's'} no patient, "
                     "so no companion sheet can show that medicine")
    if not entries:
        return None
    html = companion_html(entries, f"My medicines: {path.stem}", settings.info_url)
    return Document("companion", base.parent / f"{base.name}.companion.pdf", html, roots, len(entries))
