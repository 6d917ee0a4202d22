"""Medication labels as blocks of HTML: what each label says, in the order it says it.

A label is cut into *blocks* (the medicine, the patient, the dose, each warning,
the footer...). Each block is drawn by a macro in ``_label.html.j2``, measured once
on the real layout engine (``render.measure``), and packed onto as many labels as
it needs (``labels.flow``). Text sizes are fixed per mode in ``labels.css`` and
never change to make a label fit.

Pharmacy-supplied BNF wording is printed exactly as given on the standard and
large-print labels; the easy-read label and the companion sheet use our plain words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from markupsafe import Markup

from ..icons import load_catalogue
from ..labels import directions as words
from ..labels.model import PERIODS, Label
from ..labels.stock import Layout, Stock, catalogue
from ..messages import messages
from .html import environment, page_context, render_template, stylesheet
from .poster import qr_code

# Labels print in English: their dose wording (labels/directions.py) is English, and a
# label must not mix languages. The fixed phrases come from the message catalogue.
LANG = "en-GB"
T = messages(LANG)
PERIOD_KEYS = {"morning": "label.morning", "midday": "label.midday", "evening": "label.evening", "bedtime": "label.bedtime"}
DISCLAIMER = T("label.disclaimer")
CHILDREN = T("label.children")
FLOORS = {mode: catalogue().type_pt.floor(mode) for mode in catalogue().type_pt.modes}  # sizes: labels/stocks.yaml
FOOTER_FLOOR = catalogue().type_pt.footer
FOOTER_FIELDS = frozenset({"pharmacy_name", "disclaimer"})  # the legal footer: date, quantity, pharmacy, mockup line
UNIT_TITLES = {"mL": "mL"}


@dataclass(frozen=True)
class Pic:
    src: str
    alt: str


@dataclass(frozen=True)
class GridCell:
    picture: Pic
    title: str
    amount: str  # "" when none is taken then


@dataclass(frozen=True)
class DoseGrid:
    caption: str
    cells: tuple[GridCell, ...]


@dataclass(frozen=True)
class DoseRow:
    picture: Pic
    title: str
    words: str


@dataclass(frozen=True)
class LabelView:
    """One label's words, as the macros draw them."""

    row: int
    mode: str
    palette: str
    medicine: str
    medicine_name: str
    strength: str
    form: str
    description: str
    directions: tuple[str, ...]
    grid: DoseGrid | None
    dose_rows: tuple[DoseRow, ...]
    warnings: tuple[tuple[Pic, str], ...]
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


@dataclass(frozen=True)
class Block:
    """One measured piece of a label: kept whole, never split across labels."""

    field: str
    html: Markup
    pt: float = 16.0  # the size named when it cannot fit
    group: str = ""  # blocks of one group stay on one label when they can
    break_before: bool = False  # --two-part: the details start a new label


@dataclass(frozen=True)
class Content:
    """Everything one label row prints, as blocks, before it is packed onto labels.

    ``whole`` labels (standard mode) are one block per label and never flow.
    Otherwise every label opens with ``head`` (or ``head_parts`` when there are
    several, which shows "1 of 2"), then the body blocks in order, and ends with
    ``foot_each`` (the mockup line); one label, the last with room for it, ends
    with ``foot_last`` instead (the legal footer, the mockup line run on after it).
    """

    row: int
    mode: str
    palette: str
    view: LabelView
    body: tuple[Block, ...]
    head: tuple[Block, ...] = ()
    head_parts: tuple[Block, ...] = ()
    foot_each: tuple[Block, ...] = ()
    foot_last: tuple[Block, ...] = ()
    whole: bool = False

    def blocks(self) -> list[Block]:
        return [*self.head, *self.head_parts, *self.body, *self.foot_each, *self.foot_last]

    def head_for(self, part: int, parts: int) -> tuple[Block, ...]:
        """The header of label ``part`` of ``parts``: "2 of 3" is part of the patient line."""
        if parts <= 1:
            return self.head
        medicine, patient = self.head_parts
        return (medicine, Block(patient.field, _patient(self.view, part, parts), patient.pt))


def long_date(when: date) -> str:
    """12 Mar 2025: never 03/12/25, which reads differently in the UK and the US (no-break spaces)."""
    return f"{when.day}\u00a0{when:%b}\u00a0{when:%Y}"


@cache
def icon(name: str) -> Pic:
    found = load_catalogue().icons[name]
    return Pic(found.path.resolve().as_uri(), found.alt)


@cache
def macros() -> Any:
    return environment().get_template("_label.html.j2").make_module({"children": CHILDREN, "disclaimer": DISCLAIMER, "t": T})


def directions_for(label: Label, mode: str) -> tuple[str, ...]:
    """Standard: the pharmacy's own text if given. Large print: one part of the day per line."""
    if mode == "standard":
        return (label.directions_text or words.schedule_sentence(label.schedule),)  # type: ignore[arg-type]
    if label.schedule is not None:
        return tuple(words.schedule_lines(label.schedule))
    return (words.as_written(label.directions_text),)


def dose_grid(label: Label) -> DoseGrid | None:
    """The easy-read day: every part of the day, with its amount or an empty mark."""
    schedule = label.schedule
    if schedule is None or not schedule.amounts:
        return None
    given = dict(schedule.amounts)
    unit = words.PLURALS.get(schedule.unit, schedule.unit)
    cells = tuple(GridCell(icon(p), T(PERIOD_KEYS[p]), words.amount(given[p]) if p in given else "") for p in PERIODS)
    return DoseGrid(f"How many {unit}:" if unit else "How many each time:", cells)


def dose_rows(label: Label) -> tuple[DoseRow, ...]:
    """What the grid cannot show: food, 'when needed' with its maximum, how long."""
    schedule = label.schedule
    if schedule is None:
        return ()
    # A dose with no named time ("once a day") is shown apart, never in a slot the text did not name.
    rows = [DoseRow(icon("calendar"), T("label.once_a_day"), f"take {words.dose(n, schedule.unit)}") for n in schedule.untimed]
    food = words.FOOD_WORDS.get(schedule.with_food)
    if food:
        rows.append(DoseRow(icon("hot-meal"), T("label.food"), f"take it {food}"))
    if schedule.as_needed:
        reason = f" for {schedule.as_needed_for}" if schedule.as_needed_for else ""
        rows.append(DoseRow(icon("help"), T("label.when_needed"), f"take {words.dose(schedule.as_needed_dose or 1, schedule.unit)}{reason}"))
    if schedule.max_per_24h:
        rows.append(DoseRow(icon("stop"), T("label.most_in_24_hours"), words.dose(schedule.max_per_24h, schedule.unit)))
    if schedule.duration_days:
        rows.append(DoseRow(icon("calendar"), T("label.how_long"), f"{schedule.duration_days} days, then stop"))
    rows += [DoseRow(icon("info"), T("label.also"), advice) for advice in schedule.advice]
    return tuple(rows)


def _quantity_prefix(label: Label) -> str:
    """UK labels lead with the quantity: '28 Amlodipine 5 mg tablets', '300 mL Lactulose ...'."""
    if not label.quantity:
        return ""
    number, _, unit = label.quantity.partition(" ")
    return number if unit in ("", label.form_words) else label.quantity


def label_view(label: Label, mode: str) -> LabelView:
    plain = mode == "easy-read"
    grid = dose_grid(label) if plain else None
    rows = dose_rows(label) if plain else ()
    us = (T("label.rx", number=label.rx_number), T("label.prescriber", name=label.prescriber)) if label.jurisdiction == "US" else ()
    return LabelView(
        row=label.where.row,
        mode=mode,
        palette=label.palette,
        medicine=label.medicine_line,
        medicine_name=label.medicine,
        strength=label.strength,
        form=label.form_words,
        description="",  # on the companion sheet: not a label particular, and room on a label is for the dose
        directions=() if plain and (grid or rows) else directions_for(label, mode),
        grid=grid,
        dose_rows=rows,
        warnings=tuple((icon(w.icon), w.plain) if plain else (icon(w.icon), w.text) for w in label.warnings),
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
    )


class _Drawn:
    """The label macros, each call remembered by what it prints.

    A batch of 1,000 rows prints the same few dozen medicines, warnings and footers
    again and again; a block's HTML depends only on the words it shows, so each is
    made once. (Kept to ``LIMIT`` entries, then started afresh.)
    """

    LIMIT = 20_000

    def __init__(self) -> None:
        self.made: dict[tuple[object, ...], Markup] = {}

    def __call__(self, name: str, key: tuple[object, ...], *args: Any) -> Markup:
        found = self.made.get((name, *key))
        if found is None:
            if len(self.made) >= self.LIMIT:
                self.made.clear()
            found = self.made[(name, *key)] = getattr(macros(), name)(*args)
        return found


_drawn = _Drawn()


def _medicine(v: LabelView, level: int) -> Markup:
    return _drawn("medicine", (v.medicine_name, v.strength, v.form, level), v, level)


def _patient(v: LabelView, part: int = 0, parts: int = 0) -> Markup:
    return _drawn("patient", (v.patient, part, parts), v, part, parts)


def content(label: Label, mode: str, two_part: bool = False, level: int = 1) -> Content:
    """The blocks of one label in reading order: header, dose first, then the rest."""
    v = label_view(label, mode)
    m = macros()
    if mode == "standard":
        parts = (1, 2) if two_part else (0,)
        return Content(v.row, mode, v.palette, v, tuple(Block("medicine_name", m.standard(v, p), 9.5) for p in parts), whole=True)
    dose: list[Block] = []
    if v.grid:
        dose.append(Block("directions", _drawn("dose_grid", (v.grid,), v.grid), 18, "dose"))
    for index, line in enumerate(v.directions):  # one block a line: a long dose may go on to the next label
        dose.append(Block("directions", _drawn("directions", (line, index == 0), line, index == 0), 18, "dose"))
    dose += [Block("directions", _drawn("pictured", ("dose-row", r), "dose-row", "directions", r.picture, r.words, r.title), 16, "dose") for r in v.dose_rows]
    details: list[Block] = []
    for pic, text in v.warnings:
        details.append(Block("warnings", _drawn("pictured", ("warning", pic, text), "warning", "warnings", pic, text) if mode == "easy-read"
                              else _drawn("words", ("warning", text), "warning", "warnings", text)))
    if v.child_warning:
        details.append(Block("child_warning", _drawn("words", ("children", CHILDREN), "children", "child_warning", CHILDREN)))
    if v.qr:
        details.append(Block("qr_url", m.qr(v.qr)))
    if two_part and details and dose:
        details[0] = Block(details[0].field, details[0].html, details[0].pt, details[0].group, True)
    return Content(
        v.row, mode, v.palette, v, tuple(dose + details),
        head=(Block("medicine_name", _medicine(v, level), 18), Block("patient_name", _patient(v))),
        head_parts=(Block("medicine_name", _medicine(v, level), 18), Block("patient_name", _patient(v, 1, 2))),
        foot_each=(Block("disclaimer", _drawn("mockup", (DISCLAIMER,), DISCLAIMER), FOOTER_FLOOR),),
        foot_last=(Block("pharmacy_name", _drawn("legal", (v.dispensed, v.quantity, v.pharmacy, v.pharmacy_address, v.phone, v.us_lines),
                                                 v, DISCLAIMER), FOOTER_FLOOR),),
    )


@dataclass(frozen=True)
class Placed:
    """One label as it goes on a page: which row, which part, and its HTML."""

    row: int
    mode: str
    palette: str
    part: int
    parts: int
    body: Markup
    foot: Markup
    cell: int | None = None  # 1-based cell on the page; None for a comparison slot
    top: tuple[tuple[str, str], ...] = ()  # (field, block HTML) stacked from the top edge, in reading order
    bottom: tuple[tuple[str, str], ...] = ()  # (field, block HTML) stacked up from the bottom edge


def place(c: Content, part: int, parts: int, blocks: Sequence[Block], cell: int | None, legal: bool = True) -> Placed:
    """A packed label: header (with "part of parts"), its blocks, and its footer."""
    if c.whole:
        return Placed(c.row, c.mode, c.palette, part if parts > 1 else 0, parts, Markup("").join(b.html for b in blocks), Markup(""), cell,
                      tuple((b.field, str(b.html)) for b in blocks))
    foot = c.foot_last if legal else c.foot_each
    top = (*c.head_for(part, parts), *blocks)
    return Placed(c.row, c.mode, c.palette, part, parts, Markup("").join(b.html for b in top), Markup("").join(b.html for b in foot), cell,
                  tuple((b.field, str(b.html)) for b in top), tuple((b.field, str(b.html)) for b in foot))


def _page(context: dict[str, Any], title: str) -> dict[str, Any]:
    context.update(page_context(LANG, title))
    # Fonts and the label stylesheet are parsed once per process (render.pdf.Styles), not per page.
    context.update({"disclaimer": DISCLAIMER, "children": CHILDREN, "font_faces": "", "css": "",
                    "palettes": catalogue().palettes, "cell": macros().cell})
    return context


def label_css() -> str:
    """The stylesheet every label document shares: fonts are added by the PDF adapter."""
    return stylesheet("base.css") + catalogue().type_pt.css() + stylesheet("labels.css")


def sheet_html(pages: Sequence[Sequence[Placed]], layout: Layout, title: str) -> str:
    """Pages of labels as one HTML document (each label placed in its cell).

    Labels are drawn from blocks drawn once (``render.compose``), not from this; it is
    the HTML a plain WeasyPrint user would render for the same sheets, and ``make
    bench`` times WeasyPrint on it as the anchor (tests/bench_labels.py).
    """
    return render_template("labels.html.j2", _page({"pages": pages, "layout": layout}, title))


def measure_html(groups: Sequence[tuple[str, float, Sequence[Markup]]], title: str = "measure") -> str:
    """Blocks stacked at a label's text width, one column per (mode, width), for measuring and drawing."""
    return render_template("label-measure.html.j2", _page({"groups": groups}, title))


def compare_html(pairs: Sequence[tuple[Placed, Sequence[Placed], str]], small: Stock, large: Stock, title: str) -> str:
    """One page per label: the standard label beside the large-print one (all its parts), at real size."""
    context = {"pairs": pairs, "small": small, "large": large}
    return render_template("compare.html.j2", _page(context, title))


def test_sheet_html(layout: Layout) -> str:
    context = {"layout": layout, "ticks": range(101), "title": f"Test sheet {layout.name}"}
    return render_template("test-sheet.html.j2", _page(context, f"Test sheet for {layout.name}: print at 100%"))
