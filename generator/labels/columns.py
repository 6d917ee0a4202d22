"""Label fields, and how a pharmacy's own column names map onto them.

A pharmacy system (PMR) exports its own headers: ``Patient Name``, ``Drug``,
``Qty``, ``NHS Number``. The pharmacy maps them once in ``easyread.yaml``
(``labels: columns:``). A header we cannot place is never guessed at: it stops the
batch with the mapping lines to add. We only *suggest* a field when the spelling is
a slip of the field's own name or the header is a listed synonym with the same
meaning: ``NHS Number`` is never offered as ``rx_number`` and ``Dose`` never as
``prn_dose``, because a wrong guess prints the wrong thing on a medicine label.
"""

from __future__ import annotations

import json
import re

COLUMNS = (
    "id", "jurisdiction", "patient_name", "medicine_name", "medicine_strength", "medicine_form",
    "medicine_description", "purpose", "directions_text", "sched_morning", "sched_midday", "sched_evening",
    "sched_bedtime", "sched_unit", "prn", "prn_dose", "prn_for", "max_per_24h", "with_food", "duration_days",
    "bnf_labels", "custom_warnings", "external_only", "quantity", "quantity_unit", "date_dispensed",
    "child_warning", "pharmacy_name", "pharmacy_address", "pharmacy_postcode", "pharmacy_phone",
    "rx_number", "prescriber", "palette", "qr_url", "qr_caption",
)
IGNORE = "ignore"
ALIASES = {"sched_noon": "sched_midday", "sched_lunchtime": "sched_midday", "sched_night": "sched_bedtime"}

# Export headers with the same meaning as a field (compared in lower case, words only).
SYNONYMS = {
    "patient_name": ("patient", "patient full name", "name of patient"),
    "medicine_name": ("drug", "drug name", "drug description", "medicine", "medication", "medication name",
                      "product name", "item description"),
    "medicine_strength": ("strength", "drug strength"),
    "medicine_form": ("form", "formulation", "dosage form", "drug form"),
    "medicine_description": ("description", "tablet description", "appearance"),
    "purpose": ("indication",),
    "directions_text": ("directions", "dosage instructions", "directions for use", "instructions", "label directions",
                        "dose instructions"),
    "quantity": ("qty", "qty dispensed", "quantity dispensed", "qty supplied", "quantity supplied"),
    "quantity_unit": ("qty unit", "quantity units"),
    "date_dispensed": ("date dispensed", "dispensed date", "dispensed", "date supplied", "supply date",
                       "dispensing date", "date of dispensing", "date of supply"),
    "bnf_labels": ("bnf", "bnf labels", "cautionary labels", "bnf cautionary labels", "cautionary and advisory labels"),
    "pharmacy_name": ("pharmacy",),
    "pharmacy_phone": ("pharmacy telephone", "pharmacy tel", "pharmacy phone number"),
    "pharmacy_postcode": ("pharmacy post code",),
    "rx_number": ("rx number", "rx no", "prescription number", "prescription no", "script number", "script no"),
    "prescriber": ("prescriber name", "prescribed by"),
    "external_only": ("external use", "for external use", "external use only"),
}
# Columns a PMR exports that never belong on a label: suggested as ``ignore``.
NOT_ON_LABELS = frozenset({
    "nhs number", "nhs no", "nhs", "chi number", "chi no", "h c number", "hcn", "date of birth", "dob", "birth date",
    "patient dob", "patient address", "patient postcode", "patient post code", "patient phone", "gender", "sex", "age",
    "patient id", "patient number", "hospital number", "mrn", "barcode", "pip code", "pip", "ean", "price", "cost",
    "exemption", "exempt", "charge", "nhs charge", "prescription charge", "paid", "gp practice", "practice", "surgery",
})
# Headers too vague to suggest a field for; the comment says what to consider.
HINTS = {
    "date": "date_dispensed if it is the date supplied, else ignore",
    "dose": "directions_text if it holds the directions (prn_dose is the as-needed amount only)",
    "address": "pharmacy_address if it is the pharmacy's, ignore if it is the patient's",
    "postcode": "pharmacy_postcode if it is the pharmacy's, ignore if it is the patient's",
    "warnings": "custom_warnings for words, bnf_labels for label numbers",
}
_SYNONYM = {words: field for field, names in SYNONYMS.items() for words in names}


def words(header: str) -> str:
    """A header as comparable words: 'Patient_Name ' -> 'patient name'."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", header.casefold()).split())


def column_name(header: str) -> str:
    """A header written as a field name: 'Patient Name' -> 'patient_name'."""
    name = "_".join(words(header).split())
    return ALIASES.get(name, name)


def is_known(name: str) -> bool:
    return name in COLUMNS or name.startswith("x_") or (name.startswith("bnf_text_") and name[9:].isdigit())


def _distance(a: str, b: str) -> int:
    """Edits (insert, delete, change, swap two letters) from ``a`` to ``b``."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]


def misspelt(name: str, choices: tuple[str, ...] | list[str] = COLUMNS) -> str | None:
    """The one choice ``name`` is a slip of (1 edit for short names, 2 for long), else None."""
    name = name.strip().lower().replace(" ", "_").replace("-", "_")
    allowed = 1 if len(name) <= 6 else 2
    close = sorted((_distance(name, choice), choice) for choice in choices)
    if close and close[0][0] <= allowed and (len(close) == 1 or close[1][0] > close[0][0]):
        return close[0][1]
    return None


def suggestion(header: str) -> str | None:
    """A field with the same meaning as an export header, ``ignore``, or None (we do not know)."""
    key = words(header)
    if key in _SYNONYM:
        return _SYNONYM[key]
    if key in NOT_ON_LABELS:
        return IGNORE
    return misspelt(header)


def unknown_message(name: str) -> str:
    """For a YAML label's unknown field: a safe 'did you mean', or how to keep a note."""
    field = suggestion(name.replace(".", "_"))
    hint = f"; did you mean '{field}'?" if field and field != IGNORE else "; start it with x_ to keep your own notes"
    return f"unknown column '{name}'{hint}"


def mapping_lines(headers: list[str]) -> list[str]:
    """``labels: columns:`` lines to paste into easyread.yaml, one per unplaced header."""
    lines = ["labels:", "  columns:"]
    keys = [json.dumps(h, ensure_ascii=False) + ":" for h in headers]
    width = max(len(key) for key in keys)
    for header, key in zip(headers, keys):
        field = suggestion(header)
        if field == IGNORE:
            target, note = "ignore", "not printed on labels"
        elif field and words(header) in _SYNONYM:
            target, note = field, ""
        elif field:
            target, note = field, f"did you mean {field}? (or correct the header)"
        else:
            target, note = "FIELD", "replace FIELD: " + HINTS.get(words(header), "the field it holds, or ignore")
        lines.append(f"    {key:<{width}} {target:<16}" + (f" # {note}" if note else "").rstrip())
    return [line.rstrip() for line in lines]


def unmapped_message(headers: list[str], config: str) -> str:
    """One message naming every header we cannot place, with the mapping to add."""
    names = ", ".join(f"'{h}'" for h in headers)
    count = f"{len(headers)} columns are not label fields" if len(headers) > 1 else "1 column is not a label field"
    text = [
        f"{count}: {names}. Rename them, start a name with x_ to keep it as a note, or map your export once "
        f"with these lines in {config} (under 'labels: columns:' if you have them already):",
        *mapping_lines(headers),
    ]
    if any(suggestion(h) is None for h in headers):
        text.append("The fields are: " + ", ".join(COLUMNS) + ", bnf_text_<n>.")
    return "\n".join(text)
