"""The easy-read "My medicines" sheet: one A4 sheet (or more) per patient.

It never hides a medicine. A medicine whose label could not be made still
appears, with its name and "Ask the pharmacy about this medicine", so a person
who reads the sheet never takes it to be the whole list when it is not.
With ``labels: info_url:`` set, each medicine gets a QR code and the printed
link to the pharmacy's easy-read page about it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote

from ..labels import directions as words
from ..labels.model import Label
from .html import render_template
from .labels import DoseGrid, DoseRow, Pic, _page, dose_grid, dose_rows, icon, long_date
from .poster import qr_code

ASK = "Ask the pharmacy about this medicine."


@dataclass(frozen=True)
class Missing:
    """A row whose label was not made: what little we know, from the row as written."""

    row: int
    patient: str
    medicine: str
    pharmacy: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Medicine:
    row: int
    name: str
    description: str = ""
    purpose: str = ""
    grid: DoseGrid | None = None
    dose_rows: tuple[DoseRow, ...] = ()
    directions: tuple[str, ...] = ()
    warnings: tuple[tuple[Pic, str], ...] = ()
    link: dict[str, str] | None = None
    failed: bool = False


@dataclass(frozen=True)
class Patient:
    name: str
    medicines: tuple[Medicine, ...]
    pharmacy: str
    phone: str
    dispensed: str


def info_link(template: str, medicine: str) -> dict[str, str] | None:
    """The pharmacy's page for a medicine: ``{medicine}`` replaced by the URL-encoded name."""
    if not template:
        return None
    url = template.replace("{medicine}", quote(medicine, safe=""))
    return {"src": qr_code(url), "url": url, "shown": url.removeprefix("https://")}


def _medicine(label: Label, info_url: str) -> Medicine:
    return Medicine(
        label.where.row, label.medicine_line, label.description, label.purpose, dose_grid(label), dose_rows(label),
        () if label.schedule else (words.as_written(label.directions_text),), tuple((icon(w.icon), w.plain) for w in label.warnings),
        info_link(info_url, label.medicine),
    )


def companion_html(entries: Sequence[Label | Missing], title: str, info_url: str = "") -> str:
    """One sheet per patient, in the order patients first appear; rows in their order."""
    grouped: dict[str, list[Label | Missing]] = {}
    for entry in entries:
        grouped.setdefault(entry.patient, []).append(entry)
    patients = []
    for name, items in grouped.items():
        medicines = tuple(_medicine(e, info_url) if isinstance(e, Label) else Medicine(e.row, e.medicine, failed=True)
                          for e in sorted(items, key=lambda e: e.where.row if isinstance(e, Label) else e.row))
        made = [e for e in items if isinstance(e, Label)]
        latest = max(made, key=lambda label: label.dispensed) if made else None
        pharmacy = latest.pharmacy if latest else next((e.pharmacy for e in items if isinstance(e, Missing) and e.pharmacy), "your pharmacy")
        phone = latest.phone if latest else next((e.phone for e in items if isinstance(e, Missing) and e.phone), "")
        patients.append(Patient(name, medicines, pharmacy, phone, long_date(latest.dispensed) if latest else ""))
    context = {"patients": patients, "pharmacist": icon("pharmacist"), "pill": icon("medicines"), "info": icon("info"), "ask": ASK}
    return render_template("companion.html.j2", _page(context, title))
