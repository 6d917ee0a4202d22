"""Every limit on a label batch, in one place, so the docs and the messages agree.

File-level limits stop the whole file before any work starts (exit 1): the file is
too big to be a pharmacy's batch, or its first line cannot be a header. Cell and
field limits fail one row only; the other rows are still made. ``docs/limits.md``
lists them all ("Label batches").
"""

from __future__ import annotations

MAX_FILE_BYTES = 32 * 1024 * 1024  # a 50,000-row export is about 20 MB
MAX_ROWS = 50_000  # labels in one file; split bigger exports
MAX_COLUMNS = 200  # columns the header may name (a row with more cells than its header fails)
MAX_HEADER_CHARS = 200  # one column name; longer means the first line is not a header
MAX_CELL_CHARS = 4_000  # one cell; a longer cell fails its row

# Longest text per field, from the label schema; a longer value fails its row.
FIELD_CHARS = {"patient_name": 70, "medicine_name": 80, "medicine_description": 80, "purpose": 60, "directions_text": 200,
               "pharmacy_name": 60, "prn_for": 40, "qr_url": 200, "qr_caption": 40}


def size(number: int) -> str:
    """A byte count as people say it: '32 MB', '700 KB'."""
    if number >= 1024 * 1024:
        return f"{number / (1024 * 1024):.3g} MB"
    return f"{max(1, round(number / 1024))} KB"
