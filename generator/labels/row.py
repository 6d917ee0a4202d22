"""One label row while it is being read: its values, and the findings so far.

``validate.py`` reads each field through these helpers, which turn bad values into
findings that name the row and the field (never exceptions), so every problem in a
row is reported at once.
"""

from __future__ import annotations

import re

from .limits import FIELD_CHARS
from .model import RowFinding, Where
from .read import RawRow
from .settings import LabelSettings

TRUE, FALSE = {"yes", "y", "true", "1", "on"}, {"no", "n", "false", "0", "off"}


class Row:
    """Collects findings for one row while its fields are read."""

    def __init__(self, raw: RawRow, settings: LabelSettings) -> None:
        self.raw, self.settings = raw, settings
        self.values = {**settings.defaults, **raw.values}
        self.where = Where(raw.path, raw.row, raw.line)
        self.id = str(self.values.get("id", "")) or f"row-{raw.row}"
        self.findings: list[RowFinding] = []
        self.unread = {problem.field for problem in raw.problems}  # fields whose cell was refused as read

    def find(self, field: str, rule: str, detail: str = "") -> None:
        """Report ``rule`` on ``field``: its level and wording come from the batch's label rules."""
        if field in self.unread:
            return  # the read problem already says what is wrong with this cell ("missing" would mislead)
        where = Where(self.raw.path, self.raw.row, self.raw.line_of(field))
        found = self.settings.rules.finding(where, self.id, field, rule, detail)
        if found is not None:
            self.findings.append(found)

    @property
    def failed(self) -> bool:
        return any(f.level == "error" for f in self.findings)

    def text(self, field: str, required: str = "") -> str:
        value = self.values.get(field)
        text = "" if value is None else str(value).strip()
        if not text and required:
            self.find(field, "label-missing-field", f"missing; {required}")
        if "\n" in text:
            self.find(field, "label-bad-value", "must be on one line")
        limit = FIELD_CHARS.get(field)
        if limit and len(text) > limit:
            self.find(field, "label-too-long", f"{len(text)} characters; keep it to {limit} or fewer")
        return text

    def number(self, field: str, halves: bool = False) -> float | None:
        value = self.values.get(field)
        if value is None or str(value).strip() == "":
            return None
        try:
            number = float(str(value).strip())
        except ValueError:
            self.find(field, "label-bad-value", f"'{value}' is not a number; write it with digits, like 1 or 0.5")
            return None
        if number < 0 or (halves and (number * 2) % 1):
            self.find(field, "label-bad-value", f"'{value}' must be 0 or more" + (", in steps of 0.5" if halves else ""))
            return None
        return number

    def flag(self, field: str, default: bool) -> bool:
        value = str(self.values.get(field, "")).strip().lower()
        if not value:
            return default
        if value in TRUE | FALSE:
            return value in TRUE
        self.find(field, "label-bad-value", f"'{value}' must be yes or no")
        return default

    def choice(self, field: str, choices: tuple[str, ...], default: str) -> str:
        value = str(self.values.get(field, "")).strip()
        if not value:
            return default
        key = value.replace(" ", "_").replace("-", "_")
        for option in choices:
            if key.lower() == option.lower():
                return option
        self.find(field, "label-bad-value", f"'{value}' is not one of: {', '.join(choices)}")
        return default

    def items(self, field: str) -> list[str]:
        value = self.values.get(field)
        if value is None:
            return []
        if isinstance(value, list):
            return [str(item).strip() for item in value if str(item).strip()]
        return [part.strip() for part in re.split(r"[;|]", str(value)) if part.strip()]
