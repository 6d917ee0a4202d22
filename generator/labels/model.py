"""What one medication label is, after validation: frozen data with its source row.

Reading (``read.py``) produces raw rows; validation (``validate.py``) turns a row
into a ``Label`` or into problems that name the row and field. Everything after
that (directions wording, HTML, PDF) works from these objects only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

PERIODS = ("morning", "midday", "evening", "bedtime")
UNITS = ("tablet", "capsule", "mL", "puff", "drop", "patch", "application", "sachet", "spray")
WITH_FOOD = ("none", "with_food", "before_food", "empty_stomach")
FORM_WORDS = {"tablet": "tablets", "capsule": "capsules", "patch": "patches", "liquid": "oral liquid", "cream": "cream",
              "ointment": "ointment", "inhaler": "inhaler", "drops": "drops", "injection": "injection", "other": ""}


@dataclass(frozen=True)
class Where:
    """Where a label came from: the file, its row (1 = first label) and source line."""

    path: str
    row: int
    line: int


@dataclass(frozen=True)
class Schedule:
    """A structured dose: amounts per part of the day, or as needed with a maximum."""

    amounts: tuple[tuple[str, float], ...]  # (period, amount) for amounts > 0, in day order
    unit: str
    as_needed: bool = False
    as_needed_dose: float = 0
    as_needed_for: str = ""
    max_per_24h: float | None = None
    with_food: str = "none"
    duration_days: int | None = None

    @property
    def times_a_day(self) -> int:
        return len(self.amounts)


@dataclass(frozen=True)
class Warning:
    """One precaution: a BNF number (text from the pharmacy or our topic) or custom text."""

    text: str
    plain: str
    bnf: int | None = None
    from_pharmacy: bool = False
    icon: str = "warning"


@dataclass(frozen=True)
class Label:
    where: Where
    id: str
    jurisdiction: str
    patient: str
    medicine: str
    strength: str
    form: str
    description: str
    purpose: str
    directions_text: str
    schedule: Schedule | None
    warnings: tuple[Warning, ...]
    external_only: bool
    quantity: str
    dispensed: date
    child_warning: bool
    pharmacy: str
    address: tuple[str, ...]
    postcode: str
    phone: str
    rx_number: str = ""
    prescriber: str = ""
    palette: str = "black_on_white"
    qr_url: str = ""
    qr_caption: str = ""
    notes: tuple[str, ...] = field(default=())

    @property
    def medicine_line(self) -> str:
        return " ".join(part for part in (self.medicine, self.strength, self.form_words) if part)

    @property
    def form_words(self) -> str:
        return FORM_WORDS.get(self.form, "")


@dataclass(frozen=True)
class RowFinding:
    """A problem with one label row: errors stop that label, warnings flag it."""

    where: Where
    label_id: str
    level: str  # "error" or "warning"
    field: str
    rule: str
    message: str

    def format(self) -> str:
        return f"{self.where.path}:{self.where.line}:1: {self.level} {self.rule}: row {self.where.row}, {self.field}: {self.message}"
