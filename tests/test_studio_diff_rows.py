"""How `easyread diff` groups a document into rows (a paragraph without a picture belongs
to the row above it; each list item is a row), and reading a version from git that is
not UTF-8 text."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from generator.errors import ConfigError
from generator.studio.diff import compare, document_from, read_version, rows

TEXT = """---
title: T
---

## Before you go

![a calendar](calendar) Make an appointment.

Ring us first.

- ![a phone](phone) Phone us.
- Bring your card.
"""


def test_rows_follow_the_printed_rows(project: Path) -> None:
    path = project / "content/booklets/b.md"
    document = document_from(TEXT, "b.md", path)
    assert [(r.kind, r.cue.target if r.cue else None, r.words, r.line) for r in rows(document)] == [
        ("heading", None, "Before you go", 5),
        ("row", "calendar", "Make an appointment. Ring us first.", 7),  # the paragraph without a picture joins its row
        ("row", "phone", "Phone us.", 11),
        ("row", None, "Bring your card.", 12),
    ]


def test_a_changed_follow_on_paragraph_changes_its_row(project: Path) -> None:
    path = project / "content/booklets/b.md"
    old, new = document_from(TEXT, "b.md", path), document_from(TEXT.replace("Ring us first.", "Ring us the day before."), "b.md", path)
    changes = [(c.status, c.old.words if c.old else None, c.new.words if c.new else None) for c in compare(old, new) if c.status != "same"]
    assert changes == [("changed", "Make an appointment. Ring us first.", "Make an appointment. Ring us the day before.")]


def test_a_version_in_git_that_is_not_utf8(tmp_path: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    (tmp_path / "b.md").write_bytes(b"---\ntitle: T\n---\n\n\xff\xfe\n")
    git("add", "b.md")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "latin-1")
    with pytest.raises(ConfigError) as caught:
        read_version(tmp_path / "b.md", "HEAD")
    assert caught.value.problems[0].message == "the file at 'HEAD' is not UTF-8 text"
