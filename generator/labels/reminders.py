"""Medicine reminders: one iCalendar file (RFC 5545) per patient, from the labels of a batch.

The co-design group asked for reminders without an app: a phone imports an
``.ics`` file into its own calendar. Each dose time the labels print becomes a
daily repeating event at the time set in ``easyread.yaml`` (``labels:
reminder_times``), in plain words ("Take 1 Metformin tablet with food"); a course
("for 5 days") ends the repeat.

What is left out, and said so in the run (a warning on the row):
- directions that were not understood: there is no schedule to remind of;
- medicines taken only "when needed": there is no time to remind at.
A dose "once a day" with no time named rings at the morning time, and its event
says so, so the person can move it.

Times are local ("floating"): 08:00 is 08:00 wherever the phone is. The bytes
are the same on every run: UIDs come from the batch, row and time of day, and
DTSTAMP from the dispensing date, never from the clock.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from icalendar import Alarm, Calendar, Event

from ..write import write_atomic
from . import directions as words
from .model import Label, RowFinding
from .rules import LabelRules, builtin_label_rules

PRODID = "-//easyread//medicine reminders//EN"
NOT_A_LABEL = "This reminder does not replace your pharmacy label. Ask your pharmacist if you are not sure."


def reminder_files(labels: Sequence[Label], base: Path, times: dict[str, time], rules: LabelRules | None = None) -> tuple[list[Path], list[RowFinding]]:
    """Write ``<batch>.<patient>.ics`` beside ``base``; return the files and a warning for each row left out."""
    by_patient: dict[str, list[Label]] = {}
    for label in labels:
        by_patient.setdefault(label.patient, []).append(label)
    written: list[Path] = []
    left_out: list[RowFinding] = []
    names: set[str] = set()
    for patient, items in by_patient.items():
        events: list[tuple[time, str, Event]] = []
        for label in items:
            why = _left_out(label)
            if why:
                found = (rules or builtin_label_rules()).finding(label.where, label.id, "directions_text", "label-reminder-left-out",
                                                                f"no reminder for {label.medicine}: {why}")
                left_out.extend([found] if found else [])
                continue
            events += _events(label, base.name, times)
        if not events:
            continue
        name = _file_name(patient, items[0].where.row, names)
        calendar = Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("x-wr-calname", f"Medicines: {patient}")
        for _, _, event in sorted(events, key=lambda item: item[:2]):  # through the day, then by medicine
            calendar.add_component(event)
        written.append(write_atomic(base.parent / f"{base.name}.{name}.ics", calendar.to_ical()))
    return written, left_out


def _left_out(label: Label) -> str:
    schedule = label.schedule
    if schedule is None:
        return "the directions were not understood, so there is no time to remind"
    if not schedule.times_a_day:
        return "it is taken only when needed, so there is no set time to remind"
    return ""


def _events(label: Label, batch: str, times: dict[str, time]) -> list[tuple[time, str, Event]]:
    schedule = label.schedule
    assert schedule is not None
    events = []
    for period, amount in schedule.regular:
        at = times[period or "morning"]
        event = Event()
        event.add("uid", _uid(batch, label, period))
        event.add("dtstamp", datetime.combine(label.dispensed, time(0, 0), tzinfo=UTC))
        event.add("dtstart", datetime.combine(label.dispensed, at))  # floating: local time on the phone
        event.add("duration", timedelta(minutes=15))
        rule: dict[str, object] = {"freq": "daily"}
        if schedule.duration_days:
            rule["count"] = schedule.duration_days
        event.add("rrule", rule)
        summary = _summary(label, amount)
        event.add("summary", summary)
        event.add("description", _description(label, period))
        event.add("transp", "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", timedelta(0))
        event.add_component(alarm)
        events.append((at, summary, event))
    return events


def _summary(label: Label, amount: float) -> str:
    """'Take 1 Metformin tablet with food', 'Take 15 mL of Lactulose', 'Apply Hydrocortisone'."""
    schedule = label.schedule
    assert schedule is not None
    unit, verb = schedule.unit, words.verb(schedule.unit)
    if unit == "application" and amount == 1:
        what = label.medicine
    elif unit in words.PLURALS:
        dose = words.dose(amount, unit).split("\u00a0")
        what = f"{dose[0]} {label.medicine} {dose[1]}"
    elif unit:
        what = f"{words.dose(amount, unit)} of {label.medicine}".replace("\u00a0", " ")
    else:
        what = f"{words.amount(amount)} {label.medicine}"
    food = words.FOOD_WORDS.get(schedule.with_food)
    return f"{verb} {what}" + (f" {food}" if food else "")


def _description(label: Label, period: str | None) -> str:
    assert label.schedule is not None
    lines = [label.medicine_line, words.schedule_sentence(label.schedule).replace("\u00a0", " ")]
    if period is None:
        lines.append("Your label says once a day. This reminder is at the morning time: change it to the time that suits you.")
    lines.append(NOT_A_LABEL)
    return "\n".join(lines)


def _uid(batch: str, label: Label, period: str | None) -> str:
    key = "\x1f".join((batch, label.id, str(label.where.row), label.patient, label.medicine, period or "once-a-day"))
    return f"{hashlib.sha256(key.encode('utf-8')).hexdigest()[:32]}@easyread"


def _file_name(patient: str, row: int, taken: set[str]) -> str:
    """A file-name-safe patient name: 'José Álvarez-García' -> 'jose-alvarez-garcia', unique in the batch."""
    plain = unicodedata.normalize("NFKD", patient).encode("ascii", "ignore").decode("ascii")
    name = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:60].strip("-") or f"patient-row-{row}"
    unique, number = name, 2
    while unique in taken:
        unique, number = f"{name}-{number}", number + 1
    taken.add(unique)
    return unique
