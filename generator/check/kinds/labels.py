"""The ``label_row`` kind: rules checked on each row of a label batch.

Their checks are coded where a row is read (``generator/labels/validate.py``: what a
dose, a date or a postcode is); the rule entry gives the finding its id, level and
wording. They are in force in the ``label`` profile only and find nothing in Markdown.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..registry import kind

if TYPE_CHECKING:
    from ...model import Finding
    from ..context import CheckedDocument
    from ..rulespec import RuleSpec


@kind("label_row", profile="label")
def label_row(doc: CheckedDocument, spec: RuleSpec) -> Iterable[Finding]:
    """A check on one row of a label batch (easyread labels, easyread check batch.csv)."""
    return ()
