"""Every "text too small" and "too many pages" stop, made to happen.

The bundled styles never print text under a floor, so each test breaks a style on
purpose (a rule added to the page or to the label stylesheet) and asserts the exact
stop: the file, the rule id and the message that says what is wrong. Label sizes
and floors come from one place, ``type_pt`` in generator/labels/stocks.yaml.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from generator.errors import RenderError
from generator.labels import draw
from generator.labels.batch import LabelOptions, run_labels
from generator.labels.stock import catalogue
from generator.pipeline import BuildOptions, build_file
from generator.render import labels as label_render
from generator.render import pdf as pdf_writer

from conftest import BOOKLET, POSTER, ROOT

EXAMPLE = ROOT / "content/labels/example-batch.csv"
TODAY = date(2026, 11, 22)


def with_page_style(monkeypatch, css: str) -> None:
    """Lay out every page with ``css`` added after its own styles."""
    layout = pdf_writer.layout

    def styled(html, *args, **kwargs):
        return layout(html.replace("</head>", f"<style>{css}</style></head>", 1), *args, **kwargs)

    monkeypatch.setattr(pdf_writer, "layout", styled)


def with_label_style(monkeypatch, css: str) -> None:
    monkeypatch.setattr(draw, "label_css", lambda: label_render.label_css() + css)


def problem_of(result) -> tuple[str, str]:
    (problem,) = result.problems
    return problem.rule, problem.message


def one_row_batch(tmp_path: Path) -> Path:
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "one.csv"
    path.write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")
    return path


@pytest.mark.slow
def test_booklet_text_under_16pt_stops_the_build(monkeypatch, tmp_path):
    with_page_style(monkeypatch, "main p { font-size: 12pt !important; }")
    result = build_file(BOOKLET, BuildOptions(out_dir=tmp_path, formats=("pdf",)))
    assert problem_of(result) == ("text-too-small", "some text is 12.0pt, below the booklet floor of 16pt")
    assert result.outputs == ()


@pytest.mark.slow
def test_poster_text_under_its_smallest_size_stops_the_build(monkeypatch, tmp_path):
    with_page_style(monkeypatch, "footer, footer * { font-size: 14pt !important; }")
    result = build_file(POSTER, BuildOptions(out_dir=tmp_path, formats=("pdf",)))
    assert problem_of(result) == ("text-too-small", "some text is 14.0pt, below the poster floor of 24pt")


@pytest.mark.slow
def test_a_poster_that_needs_two_pages_says_so(monkeypatch, tmp_path):
    with_page_style(monkeypatch, "body::after { content: 'more'; display: block; break-before: page; font-size: 30pt; }")
    result = build_file(POSTER, BuildOptions(out_dir=tmp_path, formats=("pdf",)))
    assert problem_of(result) == ("overflow", "the poster needs 2 pages but must fit on one; text is never made smaller, "
                                              "so cut words from the tiles or the message, or split it into two posters")
    assert result.outputs == ()


@pytest.mark.parametrize(("css", "message"), [
    (".mode-large-print .directions { font-size: 12pt !important; }", "row 1, directions: text is 12pt, below its floor of 16pt"),
    (".legal { font-size: 8pt !important; }", "row 1, pharmacy_name: text is 8pt, below its floor of 10pt"),
])
def test_label_text_under_its_floor_stops_the_run_naming_row_and_field(monkeypatch, tmp_path, css, message):
    with_label_style(monkeypatch, css)
    with pytest.raises(RenderError) as stopped:
        run_labels(one_row_batch(tmp_path), LabelOptions(out_dir=tmp_path / "out", mode="large-print", jobs=1, today=TODAY))
    assert [(p.rule, p.message) for p in stopped.value.problems] == [("text-too-small", message)]


def test_a_label_footer_under_10pt_is_never_written_as_printable(monkeypatch, tmp_path):
    """Whatever the layout check misses, verify holds the file to 10pt before it is named for printing."""
    with_label_style(monkeypatch, ".legal { font-size: 8pt !important; }")
    monkeypatch.setattr(draw, "_floors", lambda rendered, path: None)  # as if the layout check missed it
    with pytest.raises(RenderError) as stopped:
        run_labels(one_row_batch(tmp_path), LabelOptions(out_dir=tmp_path / "out", mode="large-print", jobs=1, today=TODAY))
    rules = [p.rule for p in stopped.value.problems]
    assert rules == ["verify-text-floor", "verify"]
    assert "below 10pt, the labels-large-print floor (smallest 8.0pt)" in stopped.value.problems[0].message
    assert not (tmp_path / "out" / "one.large-print.pdf").exists()
    assert (tmp_path / "out" / "one.large-print.failed.pdf").exists()


def test_companion_sheet_text_under_16pt_stops_the_run(monkeypatch, tmp_path):
    with_label_style(monkeypatch, ".companion, .companion * { font-size: 12pt !important; }")
    with pytest.raises(RenderError) as stopped:
        run_labels(one_row_batch(tmp_path), LabelOptions(out_dir=tmp_path / "out", mode="large-print", companion=True, jobs=1, today=TODAY))
    (problem,) = stopped.value.problems
    assert (problem.rule, problem.message) == ("text-too-small", "some text is 12.0pt, below the easy-read floor of 16pt")


def test_label_sizes_and_floors_are_written_once():
    sizes = catalogue().type_pt
    assert label_render.FLOORS == {"standard": 8.0, "large-print": 16.0, "easy-read": 16.0}
    assert label_render.FOOTER_FLOOR == sizes.footer == 10.0
    stylesheet = (ROOT / "templates/css/labels.css").read_text(encoding="utf-8")
    label_rules = [rule for rule in re.findall(r"[^{}]+\{[^}]*\}", stylesheet)
                   if re.search(r"\.(mode-|legal|mockup|grid|standard)", rule.split("{")[0])]
    assert label_rules and not [rule for rule in label_rules if re.search(r"font-size:\s*[\d.]+pt", rule)]
    assert ".mode-large-print { --label-body: 16pt; --label-medicine: 18pt; --label-directions: 18pt; --label-amount: 22pt; }" in label_render.label_css()


@pytest.mark.parametrize(("sizes", "message"), [
    ({"footer": 10, "modes": {"large-print": {"medicine": 18}}}, "type_pt: mode large-print has no body size"),
    ({"footer": 10, "modes": {"easy-read": {"body": 14, "medicine": 18}}},
     "type_pt: easy-read text of 14pt; large print and easy read never go below 16pt"),
])
def test_label_type_sizes_that_break_the_floor_are_refused(sizes, message):
    from generator.errors import ConfigError
    from generator.labels.stock import _type_sizes

    with pytest.raises(ConfigError) as refused:
        _type_sizes(sizes)
    (problem,) = refused.value.problems
    assert (problem.path, problem.message) == ("generator/labels/stocks.yaml", message)
