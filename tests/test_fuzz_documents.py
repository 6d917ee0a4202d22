"""Fuzzing front matter and Markdown: no traceback, no hang, nothing lost, exit codes 0/1/2.

Hypothesis builds documents from the pieces people really write and the pieces an
attacker or a hurried paste brings (YAML aliases and odd types, nested lists,
fences left open, tables, raw HTML, footnotes, invisible characters, long words,
picture cues to icons, files, links and broken pictures), with a fixed seed
(``derandomize``) so CI runs the same inputs every time.

Three depths, from many cheap runs to a few expensive ones:
- the library path (load, parse, check, render the HTML page) for most inputs,
  asserting that only our own errors are raised and that every word of the
  parsed document is on the page;
- the command line (``easyread check``) for a sample: exit code 0, 1 or 2, no
  traceback, no "internal error";
- the whole build to PDF for a smaller sample.

A hang shows up as the per-document time budget firing, which fails the test.
The number of examples is scaled by EASYREAD_FUZZ_SCALE: 0.1 by default (make
test, make test-all), 1 in CI's `make fuzz` (no coverage tracing), where 7,050 documents run.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape
from PIL import Image

from generator.cli import main
from generator.errors import GeneratorError
from generator.icons import load_catalogue
from generator.pipeline import BuildOptions, build_file, check_file
from generator.presets import get_preset
from generator.project import Project
from generator.render import Target, render_html

# `make test` runs a tenth of the examples (about a minute); CI (.ci/run) sets
# EASYREAD_FUZZ_SCALE=1: 6,600 + 400 + 50 documents (with the 3,000 CSV files of test_fuzz_csv.py, over 10,000 inputs).
pytestmark = pytest.mark.fuzz
SCALE = float(os.environ.get("EASYREAD_FUZZ_SCALE", "0.1"))
LIBRARY_EXAMPLES = max(1, int(6600 * SCALE))
CLI_EXAMPLES = max(1, int(400 * SCALE))
PDF_EXAMPLES = max(1, int(50 * SCALE))
TIME_LIMIT = 30.0  # per document; generous for a loaded CI machine, fatal for a hang

FUZZ = settings(
    derandomize=True,  # a fixed seed: the same inputs on every run
    deadline=None,  # a slow machine is not a failure; the document time budget catches hangs
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
    print_blob=True,
)

# --- the pieces ---------------------------------------------------------------------

ICONS = ["pill", "tick", "pharmacist", "phone", "nosuchicon", "pil"]
FILES = ["photo.jpg", "drawing.svg", "cut.png", "dirty.svg", "missing.png", "../outside.png", "/etc/passwd",
         "http://example.org/x.png", "file:///etc/passwd", "notes.txt", ""]
ODD = ["\u202e", "\u200b", "\x00", "\x07", "\u00ad", "\ufeff", "\U000e0041", "\u2066", "\r", "\t", "é", "日本", "🙂",
       "&amp;", "&#0;", "\\", "`", "*", "_", "[", "]", "<", ">", "|", "#", "!", "~~", "^", "%", "{", "}", ":", "[^1]", "<b>"]
WORDS = ["Take", "the", "pill", "with", "food", "ask", "pharmacist", "medicine", "morning", "night", "1", "2", "twice",
         "daily", "GP", "co-production", "e.g.", "Dr.", "don't", "50%", "£5", "(brackets)", "word;"]

word = st.one_of(st.sampled_from(WORDS), st.sampled_from(ODD), st.text(min_size=1, max_size=12),
                 st.integers(1, 499).map(lambda n: "w" * n))
line = st.lists(word, min_size=1, max_size=8).map(" ".join)
cue_target = st.one_of(st.sampled_from(ICONS), st.sampled_from(FILES))
cue = st.builds(lambda alt, target, title: f"![{alt}]({target}{title})", st.sampled_from(["a pill", "", "pill", "a photo"]),
                cue_target, st.sampled_from(["", ' "decorative"', ' "x"']))


def _indent(text: str, spaces: int) -> str:
    return "\n".join(" " * spaces + part for part in text.split("\n"))


@st.composite
def nested_list(draw, depth=0):
    items = []
    for _ in range(draw(st.integers(1, 4))):
        marker = draw(st.sampled_from(["-", "*", "+", "1.", "2)"]))
        text = draw(st.one_of(line, st.builds(lambda c, t: f"{c} {t}", cue, line)))
        item = f"{marker} {text}"
        if depth < 3 and draw(st.booleans()):
            item += "\n" + _indent(draw(nested_list(depth + 1)), len(marker) + 1)
        items.append(item)
    return "\n".join(items)


table = st.builds(
    lambda header, rows: "| " + " | ".join(header) + " |\n|" + "---|" * len(header) + "\n"
    + "\n".join("| " + " | ".join(r) + " |" for r in rows),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=4), st.lists(st.lists(st.sampled_from(WORDS + ODD), min_size=1, max_size=4), max_size=4),
)
block = st.one_of(
    line,
    st.builds(lambda c, t: f"{c} {t}", cue, line),
    st.builds(lambda n, t: "#" * n + " " + t, st.integers(1, 7), line),
    st.builds(lambda n, c, t: "#" * n + f" {c} {t}", st.integers(2, 3), cue, line),
    nested_list(),
    st.builds(lambda t: "\n".join("> " + part for part in t.split("\n")), st.one_of(line, nested_list())),
    st.builds(lambda fence, t, close: f"{fence}\n{t}\n{fence if close else ''}", st.sampled_from(["```", "~~~", "````"]), line, st.booleans()),
    line.map(lambda t: "    " + t),
    table,
    st.sampled_from(["<b>bold</b>", "<div>\nblock\n</div>", "<script>alert(1)</script>", "Text[^1]\n\n[^1]: a note",
                     "<!-- a note for co-authors -->", "<!-- easyread: ignore sentence-length -->", "<!-- easyread: page-break -->",
                     "<!-- easyread: off nosuchrule -->", "<!-- easyread: on -->", "<!-- easyread: bogus -->", "<!-- never closed",
                     "---", "***", "Setext\n===", "Setext\n---", "[link](https://example.org)", "[bad](javascript:alert(1))",
                     "<https://example.org>", "`code`", "**bold *mixed* text**", "hard  \nbreak", "\\*escaped\\*",
                     "[ref]\n\n[ref]: https://example.org", "- [ ] task", "1. one\n\n\n2. two", "> > > deep quote", "&nbsp;&copy;"]),
)
body = st.lists(block, max_size=8).map("\n\n".join)

scalar = st.one_of(st.none(), st.booleans(), st.integers(-10, 10**6), st.floats(allow_nan=True), line, st.sampled_from(
    ["A4", "A3", "A2", "A5", "portrait", "landscape", "cream", "en-GB", "cy", "2026-01-01", "![a group](group)", "![x](pill)", "", "~"]))
value = st.recursive(scalar, lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(
    ["url", "caption", "email", "phone", "text", "bleed", "marks", "credit", "words", "about", "x"]), inner, max_size=3)), max_leaves=6)
FIELDS = ["title", "kind", "lang", "organisation", "size", "orientation", "contact", "qr", "print", "profile", "date",
          "description", "palette", "subtitle", "coproduction", "version", "cover", "body_size", "hard_words", "about",
          "contents", "sise", "unknown"]


def _yaml_value(v) -> str:
    import json

    return json.dumps(v, ensure_ascii=False, default=str) if not isinstance(v, float) or v == v else ".nan"


front_pairs = st.dictionaries(st.sampled_from(FIELDS), value, max_size=8)
raw_yaml = st.sampled_from([
    "title: &a Test\nsubtitle: *a", "title: [unclosed", "title: {a: 1, a: 2}", "title: !!python/object:os.system x",
    "title: |\n  many\n  lines", "? complex\n: key", "title: Test\n...", "- a list", "title: 'it''s'", "title: \"\\x00\"",
    "title: " + "[" * 60 + "]" * 60, "title: Test\n\ttab: x", "%YAML 1.1\n---\ntitle: x", "title: 0o17", "title: .inf",
])


@st.composite
def document(draw):
    parts = []
    style = draw(st.sampled_from(["pairs", "pairs", "pairs", "raw", "none", "unclosed"]))
    if style in ("pairs", "unclosed"):
        pairs = draw(front_pairs)
        if draw(st.booleans()):
            pairs.setdefault("title", draw(line))
        parts.append("---\n" + "\n".join(f"{k}: {_yaml_value(v)}" for k, v in pairs.items()) + ("\n---" if style == "pairs" else ""))
    elif style == "raw":
        parts.append("---\n" + draw(raw_yaml) + "\n---")
    parts.append(draw(body))
    return "\n".join(parts) + draw(st.sampled_from(["", "\n", "\r\n", "\n\n\n"]))


# --- the project every example runs in ---------------------------------------------


@pytest.fixture(scope="module")
def fuzz_project(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz")
    for kind in ("posters", "booklets"):
        folder = root / "content" / kind
        folder.mkdir(parents=True)
        photo = Image.new("RGB", (64, 48), (200, 30, 30))
        exif = Image.Exif()
        exif[0x0112] = 6
        photo.save(folder / "photo.jpg", exif=exif)
        buffer = io.BytesIO()
        Image.effect_noise((64, 48), 40).save(buffer, "PNG")
        (folder / "cut.png").write_bytes(buffer.getvalue()[:200])
        (folder / "drawing.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>')
        (folder / "dirty.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" onload="x()"><script>x()</script><rect width="1" height="1"/></svg>')
        (folder / "notes.txt").write_text("not a picture")
    return root


def _path(root: Path, text: str, poster: bool) -> Path:
    path = root / "content" / ("posters" if poster else "booklets") / "fuzz.md"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    return path


def _no_time_limit_hit(problems) -> None:
    assert not [p for p in problems if p.rule == "time-limit"], "a document ran out of time (a hang?)"


WORD_IN_TEXT = re.compile(r"[A-Za-z]{2,}")
MARKS = {"bidi override": "\u202e", "NUL": "\x00", "nested list": "\n  - ", "fence": "```", "table": "|---|",
         "YAML alias": "*a", "quote": "> ", "raw HTML": "<b>", "footnote": "[^1]", "picture cue": "](", "long word": "w" * 100}
SEEN: dict[str, int] = {}


def _every_word_is_on_the_page(document, html: str) -> None:
    """Nothing lost: every word of every block the parser made is in the rendered page."""
    for block in document.walk():
        for run in block.inlines:
            if run.kind in ("break", "picture"):
                continue
            for found in WORD_IN_TEXT.findall(run.text):
                assert str(escape(found)) in html, (found, block.kind, run.text[:80])


# --- 1. the library path ------------------------------------------------------------


@pytest.mark.slow
@settings(FUZZ, max_examples=LIBRARY_EXAMPLES)
@given(text=document(), poster=st.booleans())
def test_library_load_parse_check_and_render_html(fuzz_project, text, poster):
    for name, mark in MARKS.items():
        if mark in text:
            SEEN[name] = SEEN.get(name, 0) + 1
    path = _path(fuzz_project, text, poster)
    try:
        document, _ = check_file(path, time_limit=TIME_LIMIT)
    except GeneratorError as exc:
        _no_time_limit_hit(exc.problems)
        assert all(isinstance(p.line, int) and p.line >= 0 and p.message for p in exc.problems)
        return
    project = Project.for_path(path)
    try:
        html = render_html(document, get_preset(document.kind), Target("html", project, load_catalogue()))
    except GeneratorError as exc:
        assert all(p.message for p in exc.problems)  # a picture that cannot be used: named, not a crash
        return
    _every_word_is_on_the_page(document, html)
    assert "\u202e" not in html and "\x00" not in html


# --- 2. the command line ------------------------------------------------------------


@pytest.mark.slow
@settings(FUZZ, max_examples=CLI_EXAMPLES)
@given(text=document(), poster=st.booleans(), strict=st.booleans())
def test_cli_check_exits_0_1_or_2_without_a_traceback(fuzz_project, capsys, text, poster, strict):
    path = _path(fuzz_project, text, poster)
    code = main(["check", str(path), "--format", "json", "--time-limit", str(TIME_LIMIT)] + (["--strict"] if strict else []))
    captured = capsys.readouterr()
    assert code in (0, 1, 2), code
    assert "Traceback" not in captured.err and "internal error" not in captured.err, captured.err
    assert "error time-limit" not in captured.err


# --- 3. all the way to PDF ----------------------------------------------------------


@pytest.mark.slow
@settings(FUZZ, max_examples=PDF_EXAMPLES)
@given(text=document(), poster=st.booleans())
def test_build_to_pdf_never_crashes(fuzz_project, text, poster):
    path = _path(fuzz_project, text, poster)
    out = fuzz_project / "output"
    result = build_file(path, BuildOptions(out_dir=out, check=False, time_limit=TIME_LIMIT))
    _no_time_limit_hit(result.problems)
    assert all(p.message for p in result.problems)
    if result.ok:
        pdf = next(p for p in result.outputs if p.suffix == ".pdf")
        assert pdf.read_bytes().startswith(b"%PDF-")


def test_the_fuzz_strategies_reached_the_hard_cases():
    """The library run really met what this suite claims to test (guards against a silent strategy change)."""
    if not SEEN:
        pytest.skip("runs after test_library_load_parse_check_and_render_html")
    assert set(SEEN) == set(MARKS), set(MARKS) - set(SEEN)
