"""Medication labels, companion sheets and comparison pages as HTML.

Views are plain data built from validated ``Label`` objects; the templates only
lay them out. Pharmacy-supplied BNF wording is printed exactly as given on the
standard and large-print labels; the easy-read label and the companion sheet use
our plain words. Text sizes are fixed per mode in ``labels.css`` and never change
to make a label fit: fitting is checked afterwards on the real layout.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from markupsafe import Markup

from ..icons import load_catalogue
from ..labels import directions as words
from ..labels.model import Label
from ..labels.stock import Cell, Layout, Stock, catalogue
from .html import page_context, render_template, stylesheet
from .poster import qr_code

DISCLAIMER = "Mockup: does not replace your pharmacy label."
CHILDREN = "Keep out of the reach and sight of children."
MODE_NAMES = {"standard": "Standard", "large-print": "Large print", "easy-read": "Easy read"}
MODE_SIZES = {"standard": "8 to 9.5 pt", "large-print": "16 to 18 pt", "easy-read": "16 to 18 pt"}
FLOORS = {"standard": 8.0, "large-print": 16.0, "easy-read": 16.0}


@dataclass(frozen=True)
class Pic:
    src: str
    alt: str


@dataclass(frozen=True)
class DoseRow:
    picture: Pic
    title: str
    words: str


@dataclass(frozen=True)
class LabelView:
    """One label as the template draws it."""

    row: int
    mode: str
    background: str  # the palette's paper tint, checked for 7:1 contrast
    medicine: str
    medicine_name: str
    strength: str
    form: str
    description: str
    directions: tuple[str, ...]
    dose_rows: tuple[DoseRow, ...]
    warnings: tuple[str, ...]
    patient: str
    dispensed: str
    quantity: str
    medicine_prefix: str
    child_warning: bool
    pharmacy: str
    pharmacy_address: str
    phone: str
    us_lines: tuple[str, ...]
    qr: dict[str, str] | None
    stock: Stock
    part: int = 0  # 0: the whole label; 1 or 2: one half of a two-part label

    def shows(self, group: str) -> bool:
        """Part 1 carries the dose, part 2 the warnings and details; both name the patient and medicine."""
        return self.part == 0 or group == "both" or (group == "dose") == (self.part == 1)


@dataclass(frozen=True)
class Placed:
    label: LabelView
    cell: Cell


def long_date(when: date) -> str:
    """12 Mar 2025: never 03/12/25, which reads differently in the UK and the US (no-break spaces)."""
    return f"{when.day}\u00a0{when:%b}\u00a0{when:%Y}"


def icon(name: str) -> Pic:
    found = load_catalogue().icons[name]
    return Pic(found.path.resolve().as_uri(), found.alt)


def directions_for(label: Label, mode: str) -> tuple[str, ...]:
    """Standard: the pharmacy's own text if given. Large print: one part of the day per line."""
    if mode == "standard":
        return (label.directions_text or words.schedule_sentence(label.schedule),)  # type: ignore[arg-type]
    if label.schedule is not None:
        return tuple(words.schedule_lines(label.schedule))
    return (words.as_written(label.directions_text),)


def dose_rows(label: Label) -> tuple[DoseRow, ...]:
    """The easy-read time-of-day grid: a picture of the time, then the dose in words and digits."""
    schedule = label.schedule
    if schedule is None:
        return ()
    # The catalogue has an icon named after each part of the day: morning, midday, evening, bedtime.
    rows = [DoseRow(icon(p), words.PERIOD_TITLES[p], f"take {words.dose(n, schedule.unit)}") for p, n in schedule.amounts]
    rows += [DoseRow(icon("calendar"), "Once a day", f"take {words.dose(n, schedule.unit)}") for n in schedule.untimed]
    food = words.FOOD_WORDS.get(schedule.with_food)
    if food:
        rows.append(DoseRow(icon("hot-meal"), "Food", f"take it {food}"))
    if schedule.as_needed:
        reason = f" for {schedule.as_needed_for}" if schedule.as_needed_for else ""
        rows.append(DoseRow(icon("help"), "When you need it", f"take {words.dose(schedule.as_needed_dose or 1, schedule.unit)}{reason}"))
    if schedule.max_per_24h:
        rows.append(DoseRow(icon("stop"), "Most in 24 hours", words.dose(schedule.max_per_24h, schedule.unit)))
    if schedule.duration_days:
        rows.append(DoseRow(icon("calendar"), "How long", f"{schedule.duration_days} days, then stop"))
    rows += [DoseRow(icon("info"), "Also", advice) for advice in schedule.advice]
    return tuple(rows)


def _quantity_prefix(label: Label) -> str:
    """UK labels lead with the quantity: '28 Amlodipine 5 mg tablets', '300 mL Lactulose ...'."""
    if not label.quantity:
        return ""
    number, _, unit = label.quantity.partition(" ")
    return number if unit in ("", label.form_words) else label.quantity


def label_view(label: Label, mode: str, stock: Stock) -> LabelView:
    plain = mode == "easy-read"
    rows = dose_rows(label) if plain else ()
    us = (f"Rx {label.rx_number}", f"Prescriber: {label.prescriber}") if label.jurisdiction == "US" else ()
    return LabelView(
        row=label.where.row,
        mode=mode,
        background=catalogue().palettes[label.palette],
        medicine=label.medicine_line,
        medicine_name=label.medicine,
        strength=label.strength,
        form=label.form_words,
        description=label.description if mode != "standard" else "",
        directions=() if rows else directions_for(label, mode),
        dose_rows=rows,
        warnings=tuple(w.plain if plain else w.text for w in label.warnings),
        patient=label.patient,
        dispensed=long_date(label.dispensed),
        quantity=label.quantity,
        medicine_prefix=_quantity_prefix(label) if mode == "standard" else "",
        child_warning=label.child_warning,
        pharmacy=label.pharmacy,
        pharmacy_address=", ".join([*label.address, *([label.postcode] if label.postcode else [])]),
        phone=label.phone,
        us_lines=us,
        qr={"src": qr_code(label.qr_url), "caption": label.qr_caption} if label.qr_url and mode != "standard" else None,
        stock=stock,
    )


def _page(context: dict[str, Any], title: str) -> dict[str, Any]:
    context.update(page_context("en-GB", title))
    context.update({"disclaimer": DISCLAIMER, "children": CHILDREN, "css": Markup(stylesheet("base.css") + stylesheet("labels.css"))})
    return context


def labels_html(labels: Sequence[Label], mode: str, layout: Layout, first_cell: int, title: str, two_part: bool = False) -> str:
    """Pages of labels: one per page on single stock, or a grid on an A4 sheet.

    A two-part label takes two cells in a row: the dose, then the warnings and details.
    """
    pages: list[list[Placed]] = []
    cell = first_cell
    views = [replace(view, part=part) for view in (label_view(l, mode, layout.stock) for l in labels) for part in ((1, 2) if two_part else (0,))]
    for view in views:
        if not pages or cell >= layout.per_page:
            if pages:
                cell = 0
            pages.append([])
        pages[-1].append(Placed(view, layout.cells[cell]))
        cell += 1
    context = {"pages": pages, "layout": layout, "mode": mode}
    return render_template("labels.html.j2", _page(context, title))


def compare_html(labels: Sequence[Label], standard: Stock, large: Stock, title: str) -> str:
    pairs = [(label_view(l, "standard", standard), label_view(l, "large-print", large)) for l in labels]
    context = {"pairs": pairs, "names": MODE_NAMES, "sizes": MODE_SIZES}
    return render_template("compare.html.j2", _page(context, title))


@dataclass(frozen=True)
class Medicine:
    name: str
    description: str
    purpose: str
    dose_rows: tuple[DoseRow, ...]
    directions: tuple[str, ...]
    warnings: tuple[tuple[Pic, str], ...]


@dataclass(frozen=True)
class Patient:
    name: str
    medicines: tuple[Medicine, ...]
    pharmacy: str
    phone: str
    dispensed: str


def companion_html(labels: Sequence[Label], title: str) -> str:
    """One easy-read 'My medicines' sheet per patient, in the order patients first appear."""
    grouped: dict[str, list[Label]] = {}
    for label in labels:
        grouped.setdefault(label.patient, []).append(label)
    patients = []
    for name, items in grouped.items():
        medicines = tuple(
            Medicine(
                l.medicine_line, l.description, l.purpose, dose_rows(l),
                () if l.schedule else (words.as_written(l.directions_text),),
                tuple((icon(w.icon), w.plain) for w in l.warnings),
            )
            for l in items
        )
        latest = max(items, key=lambda l: l.dispensed)
        patients.append(Patient(name, medicines, latest.pharmacy, latest.phone, long_date(latest.dispensed)))
    context = {"patients": patients, "pharmacist": icon("pharmacist"), "pill": icon("medicines"), "info": icon("info")}
    return render_template("companion.html.j2", _page(context, title))
