"""The label rules in force for a batch: ids, levels and wording from the rule registry.

Label checks are coded (``validate.py`` knows what a dose or a postcode is), but what
each finding is called, how serious it is and what it says live with the readability
rules in ``generator/rules/labels.yaml``, in the ``label`` profile. A project re-levels
or switches off a label rule in ``easyread.yaml`` under ``rules:``, for the whole batch
(a dispensing export has no place for comments, and a switch on one row could hide a
safety check). Rules marked ``fixed`` guard what a label must say: they may be raised,
never lowered or switched off, so no setting can make a label without its patient's name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import TYPE_CHECKING

from .model import RowFinding, Where

if TYPE_CHECKING:
    from ..check.rulespec import RuleSpec
    from ..config import Settings

OFF = "off"  # a level: the rule is switched off (as in check/rulespec.py)

PROFILE = "label"
ROW_KIND = "label_row"


@dataclass(frozen=True)
class LabelRules:
    """The label profile's rules, by id; a rule switched off is missing from ``active``."""

    active: Mapping[str, RuleSpec]
    known: frozenset[str]

    def level(self, rule_id: str) -> str:
        """'error', 'warning', 'suggestion' or 'off' for this batch.

        A checker rule that also reads a row's wording (``label-dosing-words``) is at
        most a warning on a row: the pharmacist's text is printed as written and
        flagged, never refused.
        """
        if rule_id not in self.known:
            raise KeyError(f"label rule '{rule_id}' is not in generator/rules/labels.yaml")
        spec = self.active.get(rule_id)
        if spec is None:
            return OFF
        if spec.kind != ROW_KIND and spec.level == "error":
            return "warning"
        return spec.level

    def finding(self, where: Where, label_id: str, field: str, rule_id: str, detail: str = "") -> RowFinding | None:
        """The finding for ``rule_id`` at this row and field, or None when the batch switched it off."""
        level = self.level(rule_id)
        if level == OFF:
            return None
        spec = self.active[rule_id]
        message = spec.message.format(detail=detail) if spec.kind == ROW_KIND else detail
        return RowFinding(where, label_id, level, field, rule_id, message)


def label_rules(settings: Settings | None = None) -> LabelRules:
    """The ``label`` profile with the project's overrides (``rules:`` in easyread.yaml)."""
    if settings is None:
        return builtin_label_rules()
    from ..check.rulespec import ruleset  # the registry is read when a batch is checked, not on import

    found = ruleset(PROFILE, settings)
    return LabelRules(MappingProxyType({spec.id: spec for spec in found.rules}), found.known)


@cache
def builtin_label_rules() -> LabelRules:
    from ..check.rulespec import ruleset

    found = ruleset(PROFILE)
    return LabelRules(MappingProxyType({spec.id: spec for spec in found.rules}), found.known)
