"""Rewriting a picture cue however it is written: escapes in the alt text, a target in
angle brackets or after a space, a file without front matter; and the refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import SourceError
from generator.studio import pictures
from generator.studio.picking import Changed, _replace_if_unchanged, choose, cue_on_line
from generator.studio.session import version_of

TABLETS = pictures.find("tablets")
assert TABLETS is not None


def pick(path: Path, line: int) -> bytes:
    choose(path, version_of(path.read_bytes()), line, TABLETS)  # type: ignore[arg-type]
    return path.read_bytes()


@pytest.mark.parametrize("written", [
    r"![a \[big\] pill](<pill>) Take it.",  # escaped brackets in the alt text, a target in angle brackets
    "![a pill]( pill) Take it.",  # a space before the target
    '![a pill](pill "a title") Take it.',  # a title after the target stays
])
def test_every_way_of_writing_a_cue_is_rewritten_in_place(project: Path, written: str) -> None:
    path = project / "content/posters/p.md"
    path.write_text(f"---\ntitle: T\n---\n\n{written}\nKeep this line.\n")
    after = pick(path, 5).decode()
    line = after.split("\n")[4]
    assert line.startswith(f"![{TABLETS.alt}](") and "tablets" in line and line.endswith(" Take it.")  # type: ignore[union-attr]
    assert after.split("\n")[:4] == ["---", "title: T", "---", ""] and after.endswith("\nKeep this line.\n")
    if '"a title"' in written:
        assert line == f'![{TABLETS.alt}](tablets "a title") Take it.'  # type: ignore[union-attr]


def test_a_reference_style_picture_is_not_rewritten(project: Path) -> None:
    """``![alt][ref]`` names its picture elsewhere: change it in the editor, not here."""
    path = project / "content/posters/p.md"
    path.write_text("---\ntitle: T\n---\n\n![a pill][p] Take it.\n\n[p]: pill\n")
    before = path.read_bytes()
    with pytest.raises(SourceError, match="not a picture cue"):
        choose(path, version_of(before), 5, TABLETS)  # type: ignore[arg-type]
    assert path.read_bytes() == before


def test_a_line_without_a_cue_is_refused(project: Path) -> None:
    path = project / "content/posters/p.md"
    path.write_text("---\ntitle: T\n---\n\n![a pill](pill) Take it.\n")
    with pytest.raises(SourceError) as caught:
        cue_on_line(path.read_text(), path, 2)
    assert caught.value.problems[0].message == "there is no picture cue on line 2; reload the preview"


def test_a_file_changed_while_writing_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "p.md"
    path.write_text("someone else's words")
    with pytest.raises(Changed):
        _replace_if_unchanged(path, b"our words", b"what we read")
    assert path.read_text() == "someone else's words"
    assert [p.name for p in tmp_path.iterdir()] == ["p.md"]  # the temporary file is gone
