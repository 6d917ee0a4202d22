"""The preview's view of a file: a poster's paper and margins, and the last good view
kept (with the reason shown) when the file is gone or not UTF-8 text."""

from __future__ import annotations

from pathlib import Path

from generator.studio.session import Session

POSTER = "---\ntitle: Need help?\n---\n\n![a pharmacist](pharmacist) Ask us about your medicines.\n"


def test_a_poster_is_shown_on_its_paper_with_its_margins(project: Path) -> None:
    path = project / "content/posters/help.md"
    path.write_text(POSTER)
    view = Session(path).refresh()
    assert view is not None and view.ok and view.kind == "poster"
    assert view.counts == {"error": 0, "warning": 0, "suggestion": 0}
    assert view.paper_mm == (210, 297) and view.margins_mm == (8, 8, 8, 8)  # A4 with no notes column; presets.yaml: margin_mm 8
    path.write_text(POSTER.replace("title: Need help?", "title: Need help?\nsize: A3"))
    bigger = Session(path).refresh()
    assert bigger is not None and bigger.paper_mm == (297, 420)
    assert len(set(bigger.margins_mm)) == 1 and bigger.margins_mm[0] > 8  # scaled with the paper


def test_a_file_that_goes_away_or_is_not_text_keeps_the_last_good_view(project: Path) -> None:
    path = project / "content/posters/help.md"
    path.write_text(POSTER)
    session = Session(path)
    good = session.refresh()
    assert good is not None and good.ok
    path.write_bytes(b"---\ntitle: T\n---\n\n\xff\xfe not text\n")
    broken = session.refresh()
    assert broken is not None and [p.format() for p in broken.problems] == [
        f"{session.shown}:1:1: error file: not UTF-8 text (invalid start byte); save the file as UTF-8"]
    assert broken.body == good.body  # the page still shows the last words that could be read
    path.unlink()
    gone = session.refresh()
    assert gone is not None and [p.format() for p in gone.problems] == [
        f"{session.shown}: error file: cannot read the file: No such file or directory; is it still there?"]
    assert gone.body == good.body
