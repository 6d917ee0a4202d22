"""Turn a raw row into a ``Label``, or into findings that name the row and the field.

Every problem in a row is reported, not just the first, so a pharmacist fixes a
row once. Errors mean the label is not made; warnings mean it is made and flagged.
Required fields follow the Human Medicines Regulations 2012, Schedule 25 (GB):
patient, medicine, directions, date, and the pharmacy's name and address; US rows
also need the prescription number and the prescriber.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from functools import cache
from importlib import resources
from urllib.parse import urlsplit

from .. import yamltext
from . import directions as words
from . import strength as strengths
from .model import FORM_WORDS, PERIODS, UNITS, WITH_FOOD, Label, RowFinding, Schedule, Warning, Where
from .read import BROKEN, RawRow
from .reading import Reading, read
from .row import Row
from .settings import LabelSettings
from .stock import catalogue

VALID_BNF = frozenset([*range(1, 20), *range(21, 31), 32])
ID = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")
NHS_NUMBER = re.compile(r"\d{3}[ -]?\d{3}[ -]?\d{4}")
SKIN_ONLY = "Use this medicine only on your skin."
FORM_UNITS = ("tablet", "capsule", "patch")  # forms that name the unit of "1 tds"

@cache
def bnf_topics() -> dict[int, dict[str, str]]:
    text = resources.files("generator.labels").joinpath("bnf.yaml").read_text(encoding="utf-8")
    return {int(k): v for k, v in yamltext.load(text).items()}


def validate(raw: RawRow, settings: LabelSettings, mode: str) -> tuple[Label | None, list[RowFinding]]:
    """A label and its warnings, or None and the row's errors."""
    row = Row(raw, settings)
    for problem in raw.problems:  # as read: broken quotes, invisible characters, cells over the limit
        found = settings.rules.finding(Where(raw.path, raw.row, problem.line), row.id, problem.field, problem.rule, problem.message)
        row.findings.extend([found] if found else [])
    if any(problem.rule == BROKEN for problem in raw.problems):
        return None, row.findings  # its cells cannot be trusted, so nothing else about it is reported
    label_id = str(row.values.get("id", "")).strip()
    if label_id and not ID.match(label_id):
        row.find("id", "label-bad-value", "use up to 40 letters, digits, - or _")
    jurisdiction = row.choice("jurisdiction", ("GB", "US"), "GB")
    patient = row.text("patient_name", "the label must name the person the medicine is for")
    medicine = row.text("medicine_name", "the label must name the medicine")
    _micrograms(row, "medicine_name", medicine)
    strength = _strength(row)
    form = row.choice("medicine_form", tuple(FORM_WORDS), "")
    text = row.text("directions_text")
    schedule = _directions(row, text, form, mode)
    warnings = _warnings(row, mode)
    quantity = _quantity(row)
    dispensed = _date(row)
    child = row.flag("child_warning", True)
    if not child:
        row.find("child_warning", "label-child-warning-off")
    pharmacy = row.text("pharmacy_name", "the label must name the pharmacy")
    address = row.items("pharmacy_address")
    if not address:
        row.find("pharmacy_address", "label-missing-field", "missing; give the pharmacy address, lines separated by ;")
    elif len(address) > 4:
        row.find("pharmacy_address", "label-bad-value", f"{len(address)} address lines; use 4 or fewer")
    postcode = row.text("pharmacy_postcode").upper()
    if postcode and jurisdiction == "GB" and not POSTCODE.match(postcode):
        row.find("pharmacy_postcode", "label-bad-value", f"'{postcode}' is not a UK postcode")
    rx_number, prescriber = row.text("rx_number"), row.text("prescriber")
    if jurisdiction == "US":
        if not rx_number:
            row.find("rx_number", "label-missing-field", "missing; US labels need the prescription number")
        if not prescriber:
            row.find("prescriber", "label-missing-field", "missing; US labels need the prescriber's name")
    qr_url, qr_caption = _qr(row, patient)
    for field in ("patient_name", "purpose"):
        _caps(row, field)
    if row.failed or dispensed is None:
        return None, row.findings
    label = Label(
        where=row.where, id=row.id, jurisdiction=jurisdiction, patient=patient, medicine=medicine, strength=strength,
        form=form, description=row.text("medicine_description"), purpose=row.text("purpose"), directions_text=text,
        schedule=schedule, warnings=tuple(warnings), external_only=row.flag("external_only", False), quantity=quantity,
        dispensed=dispensed, child_warning=child, pharmacy=pharmacy, address=tuple(address), postcode=postcode,
        phone=row.text("pharmacy_phone"), rx_number=rx_number, prescriber=prescriber,
        palette=row.choice("palette", tuple(catalogue().palettes), "black_on_white"), qr_url=qr_url, qr_caption=qr_caption,
    )
    return label, row.findings


def _strength(row: Row) -> str:
    strength = row.text("medicine_strength")
    if strength:
        problem = strengths.problem(strength)
        if problem:
            row.find("medicine_strength", "label-bad-value", problem)
    return strength


def _micrograms(row: Row, field: str, text: str) -> None:
    """A free-text medicine name ('Fentanyl 12mcg/hour patches') may not hide an mcg either."""
    for pattern, fix in strengths.MISREAD:
        if pattern.search(text):
            row.find(field, "label-bad-value", f"'{text}': {fix}")
            return


def _directions(row: Row, text: str, form: str, mode: str) -> Schedule | None:
    """The schedule the label prints: from the sched_* columns, or read from the free text.

    Text and columns must agree. Text the reader does not understand is printed as
    written and flagged for the pharmacist; it is never turned into a guessed schedule.
    """
    columns = _schedule(row)
    if not text and columns is None:
        row.find("directions_text", "label-missing-field", "missing; give directions_text or a schedule (sched_morning, sched_midday, sched_evening, sched_bedtime, sched_unit)")
    reading = read(text) if text else None
    schedule = columns
    if reading is not None and columns is not None:
        why = words.disagreement(text, columns)
        if why:
            row.find("directions_text", "label-directions-disagree", f"{why}; make the text and the schedule agree, or leave one out")
        elif not reading.understood and mode != "standard":
            row.find("directions_text", "label-directions-not-understood",
                     f"not understood ({reading.reason}), so it could not be checked against the schedule; check them by hand")
    elif reading is not None and reading.understood:
        schedule = _with_columns(row, reading, form)
    elif reading is not None and mode != "standard":
        row.find("directions_text", "label-directions-not-understood",
                 f"not understood ({reading.reason}): the label prints it as written; check it, or give the schedule in sched_* columns")
    if mode == "standard" or schedule is None:  # otherwise the label prints its own UMS wording, not the text
        _directions_style(row, text, schedule, mode)
    return schedule


def _with_columns(row: Row, reading: Reading, form: str) -> Schedule | None:
    """A schedule read from the text, completed (never contradicted) by the other dose columns."""
    schedule = reading.schedule()
    assert schedule is not None
    unit = row.choice("sched_unit", UNITS, "")
    if unit and schedule.unit and unit != schedule.unit:
        row.find("sched_unit", "label-directions-disagree", f"the text says {schedule.unit} but sched_unit is {unit}; make them agree")
    unit = schedule.unit or unit or (form if form in FORM_UNITS else "")
    if not unit:
        row.find("directions_text", "label-directions-no-unit", "the directions do not say what one dose is; add sched_unit (tablet, mL, puff...)")
    given = {"max_per_24h": row.number("max_per_24h", halves=True), "duration_days": row.number("duration_days"),
             "with_food": row.choice("with_food", WITH_FOOD, "none"), "as_needed_for": row.text("prn_for")}
    read_values = {"max_per_24h": schedule.max_per_24h, "duration_days": schedule.duration_days,
                   "with_food": schedule.with_food, "as_needed_for": schedule.as_needed_for}
    merged: dict[str, object] = {}
    for name, value in given.items():
        said = read_values[name]
        if value in (None, "", "none"):
            continue
        if name == "duration_days" and (value < 1 or value % 1):  # type: ignore[operator]
            row.find("duration_days", "label-bad-value", "must be a whole number of days, 1 or more")
        elif said not in (None, "", "none") and said != value:
            column = "prn_for" if name == "as_needed_for" else name
            shown = [words.FOOD_WORDS.get(str(v), f"{v:g}" if isinstance(v, float) else str(v)) for v in (said, value)]
            row.find(column, "label-directions-disagree", f"the text says '{shown[0]}' but {column} gives '{shown[1]}'; make them agree, or leave one out")
        else:
            merged[name] = int(value) if name == "duration_days" else value
    if schedule.as_needed and schedule.max_per_24h is None and "max_per_24h" not in merged:
        row.find("max_per_24h", "label-prn-no-maximum")
    return replace(schedule, unit=unit, **merged)  # type: ignore[arg-type]


def _schedule(row: Row) -> Schedule | None:
    columns = [f"sched_{p}" for p in PERIODS]
    given = any(row.values.get(c) not in (None, "") for c in columns) or row.values.get("prn") not in (None, "")
    if not given:
        return None
    amounts = tuple((p, n) for p in PERIODS if (n := row.number(f"sched_{p}", halves=True)))
    as_needed = row.flag("prn", False)
    if not amounts and not as_needed:
        row.find("sched_morning", "label-bad-value", "the schedule gives no dose at any time of day; give an amount or prn: yes")
    unit = row.choice("sched_unit", UNITS, "")
    if not unit:
        row.find("sched_unit", "label-missing-field", f"missing; say what one dose is: {', '.join(UNITS)}")
    maximum = row.number("max_per_24h", halves=True)
    if as_needed and maximum is None:
        row.find("max_per_24h", "label-prn-no-maximum")
    duration = row.number("duration_days")
    if duration is not None and (duration < 1 or duration % 1):
        row.find("duration_days", "label-bad-value", "must be a whole number of days, 1 or more")
        duration = None
    return Schedule(
        amounts=amounts, unit=unit, as_needed=as_needed, as_needed_dose=row.number("prn_dose", halves=True) or 0,
        as_needed_for=row.text("prn_for"), max_per_24h=maximum, with_food=row.choice("with_food", WITH_FOOD, "none"),
        duration_days=int(duration) if duration else None,
    )


def _directions_style(row: Row, text: str, schedule: Schedule | None, mode: str) -> None:
    """Wording that is hard to follow, on a label that prints the text as written."""
    jargon = words.jargon(text)
    if jargon:
        better = f"'{words.schedule_sentence(schedule)}'".replace("\u00a0", " ") if schedule else "the parts of the day (morning, midday, evening, bedtime)"
        row.find("directions_text", "label-dosing-words", f"'{', '.join(jargon)}' is hard to follow; say {better}")
    spelled = words.number_words(text)
    if spelled:
        row.find("directions_text", "label-number-words", f"write numbers as digits ({', '.join(spelled)}): '1 tablet', not 'one tablet'")
    if mode == "standard":  # other labels print it in sentence case
        _caps(row, "directions_text")


def _warnings(row: Row, mode: str) -> list[Warning]:
    found: list[Warning] = []
    topics = bnf_topics()
    numbers: list[int] = []
    for item in row.items("bnf_labels"):
        if not item.isdigit():
            row.find("bnf_labels", "label-bnf-number", f"'{item}' is not a BNF label number; give numbers only, separated by ;")
        elif int(item) not in VALID_BNF:
            row.find("bnf_labels", "label-bnf-number", f"BNF label {item} does not exist (valid: 1-19, 21-30, 32; 20 is unused, 31 and 33 were withdrawn)")
        else:
            numbers.append(int(item))
    if len(numbers) > 6:
        row.find("bnf_labels", "label-bnf-number", f"{len(numbers)} BNF labels; a label takes 6 at most, put the rest on the companion sheet")
    for number in numbers:
        topic = topics[number]
        wording = str(row.values.get(f"bnf_text_{number}", "") or row.settings.bnf_text.get(number, "")).strip()
        if wording:
            found.append(Warning(wording, topic["plain"], number, True, topic["icon"]))
        elif row.settings.bnf_fallback:
            found.append(Warning(topic["plain"], topic["plain"], number, False, topic["icon"]))
        else:
            row.find("bnf_labels", "label-bnf-text", f"no wording for BNF label {number} ({topic['topic']}); add it to easyread.yaml under labels: bnf_text")
    custom = row.items("custom_warnings")
    if len(custom) > 4:
        row.find("custom_warnings", "label-too-long", f"{len(custom)} custom warnings; use 4 or fewer")
    for item in custom:
        if len(item) > 120:
            row.find("custom_warnings", "label-too-long", f"a warning of {len(item)} characters; keep each to 120 or fewer")
        found.append(Warning(item, item))
    if row.flag("external_only", False):
        found.append(Warning(SKIN_ONLY, SKIN_ONLY, icon="warning"))
    if mode != "standard" and len(found) > 3:
        row.find("bnf_labels", "label-crowded", f"{len(found)} warnings crowd a large-print label; give the rest on the companion sheet (--companion)")
    return found


def _quantity(row: Row) -> str:
    amount = row.number("quantity")
    unit = row.text("quantity_unit")
    if amount is None:
        return ""
    shown = f"{amount:g}"
    return f"{shown} {unit}".strip()


def _date(row: Row) -> date | None:
    value = row.values.get("date_dispensed")
    shape = row.settings.date_format or "%Y-%m-%d"
    example = date(2026, 11, 20).strftime(shape)
    if isinstance(value, date):  # a YAML date is already a date
        when = value.date() if isinstance(value, datetime) else value
    elif not str(value or "").strip():
        row.find("date_dispensed", "label-missing-field", f"missing; give the date the medicine was supplied, like {example}")
        return None
    else:
        text = str(value).strip()
        try:
            when = datetime.strptime(text, shape).date()
        except ValueError:
            written = f"{shape} (labels: date_format in easyread.yaml)" if row.settings.date_format else "YYYY-MM-DD"
            row.find("date_dispensed", "label-bad-date", f"'{text}' is not a real date written as {written}, for example {example}")
            return None
    if when > row.settings.today:
        row.find("date_dispensed", "label-bad-date", f"{value} is in the future; give the date the medicine was supplied")
        return None
    return when


def _qr(row: Row, patient: str) -> tuple[str, str]:
    url, caption = row.text("qr_url"), row.text("qr_caption")
    if not url:
        if caption:
            row.find("qr_url", "label-missing-field", "a QR caption without a QR link; give qr_url or remove the caption")
        return "", ""
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        row.find("qr_url", "label-qr", f"'{url}' must be an https:// link")
    elif row.settings.qr_domains and parts.hostname.lower() not in row.settings.qr_domains:
        row.find("qr_url", "label-qr", f"{parts.hostname} is not on your list of QR sites (labels: qr_domains in easyread.yaml)")
    names = [p.lower() for p in re.split(r"\W+", patient) if len(p) >= 3]
    if NHS_NUMBER.search(url) or any(name in url.lower() for name in names):
        row.find("qr_url", "label-qr", "the link seems to hold personal data (a name or NHS number); QR links must be the same for everyone")
    if not caption:
        row.find("qr_caption", "label-missing-field", "missing; a QR code always has the printed link or words that say where it goes")
    return url, caption


def _caps(row: Row, field: str) -> None:
    text = str(row.values.get(field, ""))
    letters = [c for c in text if c.isalpha()]
    capitals = sum(c.isupper() for c in letters)
    if len(letters) >= 6 and capitals >= 4 and capitals / len(letters) > 0.2:
        row.find(field, "label-capitals")


def validate_rows(rows: Sequence[RawRow], settings: LabelSettings, mode: str) -> tuple[list[Label], list[RowFinding]]:
    """The rows that make labels, and every finding; a repeated id fails the later row."""
    findings: list[RowFinding] = []
    good: list[Label] = []
    seen: dict[str, int] = {}
    for raw in rows:
        label, found = validate(raw, settings, mode)
        findings.extend(found)
        if label is not None and label.id in seen:
            message = f"'{label.id}' is already used by row {seen[label.id]}; ids must be unique"
            findings.extend(f for f in [settings.rules.finding(label.where, label.id, "id", "label-duplicate-id", message)] if f)
        elif label is not None:
            seen[label.id] = raw.row
            good.append(label)
    return good, findings


__all__ = ["VALID_BNF", "bnf_topics", "validate", "validate_rows"]
