"""Hostile and broken input: refused early with a clear message, never hanging, never lost.

Each test here is a regression test for one problem found by trying 65 hostile
inputs (issue 12): the input, the exact message and exit code, and that no output
was written where none should be.
"""

from __future__ import annotations

import errno
import os
import re
import time

import pytest
import yaml

from generator import limits, yamltext
from generator.cli import main
from generator.pipeline import BuildOptions, build_file

HEAD = "---\ntitle: Test poster\n---\n\n"


def billion_laughs(levels: int = 9) -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels + 1):
        name, previous = chr(ord("a") + i), chr(ord("a") + i - 1)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def run(argv, capsys):
    code = main(argv)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


# --- YAML everywhere ---------------------------------------------------------------


def test_yaml_alias_is_refused_at_its_line_before_anything_expands():
    started = time.process_time()
    with pytest.raises(yamltext.YAMLLimitError) as caught:
        yamltext.load(billion_laughs())
    assert time.process_time() - started < 1
    assert caught.value.problem_mark.line == 1  # 0-based: the first alias is on line 2
    assert "'*a' repeats a value by alias; aliases are not allowed" in caught.value.problem


def test_yaml_nesting_past_the_limit_is_refused_instead_of_crashing_the_process():
    # 30,000 levels crashed the C composer (segmentation fault) before the limit.
    with pytest.raises(yamltext.YAMLLimitError, match="nested more than 50 levels deep"):
        yamltext.load("[" * 30_000 + "]" * 30_000)
    value = yamltext.load("[" * 50 + "]" * 50)  # 50 levels are fine
    for _ in range(49):
        value = value[0]
    assert value == []


def test_yaml_limits_keep_syntax_errors_and_ordinary_anchors_words():
    with pytest.raises(yaml.YAMLError) as caught:
        yamltext.load("a: [1\n")
    assert not isinstance(caught.value, yamltext.YAMLLimitError)
    assert yamltext.load_with_nodes("title: 'Take *two* & go'\n")[0] == {"title": "Take *two* & go"}


def test_alias_bomb_in_front_matter_is_a_content_error_naming_the_line(project, capsys):
    path = project / "content/posters/bomb.md"
    path.write_text("---\ntitle: Test\n" + billion_laughs() + "---\n\nHello\n")
    started = time.process_time()
    code, _, err = run(["build", str(path), "--out", str(project / "output")], capsys)
    assert time.process_time() - started < 5
    assert code == 1
    assert err.strip() == (
        f"{path}:4:8: error front-matter: YAML error: '*a' repeats a value by alias; aliases are not allowed "
        "(a few can expand to billions of values). Write the value out in full"
    )
    assert not (project / "output").exists()


def test_alias_bomb_in_easyread_yaml_is_a_usage_error(project, capsys):
    (project / "easyread.yaml").write_text("rules: &r {}\nprofile: *r\n")
    path = project / "content/posters/ok.md"
    path.write_text(HEAD + "![a pill](pill) Take it\n")
    code, _, err = run(["check", str(path)], capsys)
    assert code == 2
    assert f"{project / 'easyread.yaml'}:2:10: error config: YAML error: '*r' repeats a value by alias" in err


def test_alias_bomb_in_a_label_yaml_file_is_refused(project, capsys):
    path = project / "bomb.yaml"
    path.write_text("patient_name: Ann\n" + billion_laughs())
    code, _, err = run(["labels", str(path), "--out", str(project / "output")], capsys)
    assert code in (1, 2)
    assert "repeats a value by alias; aliases are not allowed" in err


def test_alias_in_a_project_rule_file_is_refused(project, capsys):
    (project / "rules.yaml").write_text("- &r {id: x, kind: word_list, message: m}\n- *r\n")
    (project / "easyread.yaml").write_text("rule_files: [rules.yaml]\n")
    path = project / "content/posters/ok.md"
    path.write_text(HEAD + "![a pill](pill) Take it\n")
    code, _, err = run(["check", str(path)], capsys)
    assert code == 2
    assert f"{project / 'rules.yaml'}:2:3: error rule-file: YAML error: '*r' repeats a value by alias" in err


# --- content file limits -------------------------------------------------------------


def test_a_huge_markdown_file_is_refused_without_reading_it(project, capsys):
    path = project / "content/posters/huge.md"
    path.write_text(HEAD + "Take the pill now. " * 600_000)
    started = time.process_time()
    code, _, err = run(["build", str(path), "--out", str(project / "output")], capsys)
    assert time.process_time() - started < 2
    assert code == 1
    assert err.strip() == (
        f"{path}: error file-too-big: the file is 11.4 MB; the limit is 200 KB "
        "(an easy-read booklet is usually under 10 KB). Split it into several files"
    )


def test_a_huge_title_is_refused_at_its_line(project, capsys):
    path = project / "content/posters/title.md"
    path.write_text("---\nlang: en-GB\ntitle: " + "word " * 4_000 + "\n---\n\nHello\n")
    code, _, err = run(["build", str(path), "--out", str(project / "output")], capsys)
    assert code == 1
    assert err.strip() == (
        f"{path}:3:1: error field-too-long: field 'title' has 19,999 characters; the limit is 1,000. "
        "Shorten it, or move long text into the body"
    )


def test_a_long_nested_field_is_named_with_its_path(project, capsys):
    path = project / "content/booklets/words.md"
    path.write_text("---\ntitle: Test\nhard_words:\n  dose: " + "x " * 600 + "\n---\n\nHello\n")
    code, _, err = run(["check", str(path)], capsys)
    assert code == 1
    assert f"{path}:4:1: error field-too-long: field 'hard_words.dose' has 1,199 characters" in err


def test_front_matter_over_the_limit_is_refused(project, capsys):
    path = project / "content/posters/front.md"
    body = "".join(f"k{i}: {'x' * 60}\n" for i in range(1200))
    path.write_text("---\ntitle: Test\n" + body + "---\n\nHello\n")
    code, _, err = run(["check", str(path)], capsys)
    assert code == 1
    assert err.strip().startswith(f"{path}:1:1: error front-matter: the front matter is 81 KB; the limit is 64 KB.")


def test_a_word_longer_than_any_page_is_refused_before_layout(project, capsys):
    path = project / "content/posters/word.md"
    path.write_text(HEAD + "![a pill](pill) Take " + "a" * 100_000 + "\n")
    started = time.process_time()
    code, _, err = run(["build", str(path), "--out", str(project / "output"), "--no-check"], capsys)
    assert time.process_time() - started < 2
    assert code == 1
    assert err.strip() == (
        f"{path}:5:22: error word-too-long: '{'a' * 30}...' is 100,000 characters with no space; "
        "the limit is 500, and no page is that wide. Add spaces, or shorten it"
    )
    assert not (project / "output").exists()


def test_words_just_under_the_limit_are_scanned_in_linear_time():
    from generator.load import parse_source

    text = HEAD + ("x" * 499 + " ") * 390  # 195 KB of 499-letter words: was 0.4 s of regex backtracking per file
    started = time.process_time()
    parse_source(text, "x.md", "poster")
    assert time.process_time() - started < 0.2


def test_a_file_that_is_not_utf8_names_its_line(project, capsys):
    path = project / "content/posters/latin1.md"
    path.write_bytes(HEAD.encode() + "Caf\xe9\n".encode("latin-1"))
    code, _, err = run(["check", str(path)], capsys)
    assert code == 1
    assert err.strip() == f"{path}:5:1: error file: not UTF-8 text (invalid continuation byte); save the file as UTF-8"


def test_limits_module_and_docs_agree():
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "docs/limits.md").read_text()
    for name in dir(limits):
        if name.isupper():
            value = getattr(limits, name)
            shown = f"{value:,}" if isinstance(value, int) else f"{value:g}"
            assert shown in text, f"docs/limits.md does not state {name} = {shown}"


# --- time budget ---------------------------------------------------------------------


def _big_booklet(project, paragraphs: int = 600):
    path = project / "content/booklets/big.md"
    rows = "".join(f"![a pill](pill) Take the pill with food, number {i}.\n\n" for i in range(paragraphs))
    path.write_text("---\ntitle: A big booklet\n---\n\n## Section\n\n" + rows)
    return path


@pytest.mark.slow
def test_a_document_past_its_time_budget_stops_with_a_plain_message(project, capsys):
    path = _big_booklet(project)
    out = project / "output"
    started = time.monotonic()
    code, _, err = run(["build", str(path), "--out", str(out), "--time-limit", "1.5", "--no-check"], capsys)
    assert time.monotonic() - started < 10
    assert code == 1
    assert re.fullmatch(
        re.escape(f"{path}: error time-limit: stopped after 1.5 s while ") + "(checking|rendering the PDF|checking the laid-out pages)"
        + re.escape(": the limit for one document is 1.5 s. Split the document into smaller files, use fewer or smaller pictures, "
                    "or allow more time with --time-limit SECONDS"),
        err.strip(),
    ), err
    assert not out.exists()  # nothing half-made is written


def test_the_budget_is_checked_between_steps_outside_the_main_thread(project, monkeypatch):
    import threading

    import generator.pipeline as pipeline

    def slow_check(*args, **kwargs):
        time.sleep(0.3)
        return real_check(*args, **kwargs)

    real_check = pipeline.check
    monkeypatch.setattr(pipeline, "check", slow_check)
    path = project / "content/posters/ok.md"
    path.write_text(HEAD + "![a pill](pill) Take it\n")
    results = []
    thread = threading.Thread(target=lambda: results.append(build_file(path, BuildOptions(out_dir=project / "output", time_limit=0.1))))
    thread.start()
    thread.join(30)
    [result] = results
    assert [(p.rule, p.message.split(":")[0]) for p in result.problems] == [("time-limit", "stopped after 0.1 s while checking")]
    assert not (project / "output").exists()


def test_time_limit_must_not_be_negative(project, capsys):
    path = project / "content/posters/ok.md"
    path.write_text(HEAD + "![a pill](pill) Take it\n")
    code, _, err = run(["check", str(path), "--time-limit", "-1"], capsys)
    assert code == 2
    assert err.strip() == "--time-limit: error usage: --time-limit must be 0 (no limit) or a number of seconds"


# --- nothing lost: every construct is printed or reported ------------------------------

CONSTRUCTS = """
![a pill](pill) Take your pills:

- one in the morning
  - with food
  - with water
    1. a glass
- one at night

> Words somebody said.
>
> - a list in a quote

```
code words here
```

| Time | Pills |
|---|---|
| Evening | 2 |

1. ![a pill](pill) First step
   - detail of the first step
2. ![a tick](tick) Second step

   More words for step 2.
"""
EVERY_WORD = ["with food", "with water", "a glass", "one at night", "Words somebody said", "a list in a quote",
              "code words here", "Evening", "detail of the first step", "More words for step 2"]
POSTER_CONSTRUCTS = """
![a pill](pill) Take your pills

- in the morning
  - with food

> Words somebody said.

```
code words here
```

| Time | Pills |
|---|---|
| Evening | 2 |
"""
POSTER_WORDS = ["in the morning", "with food", "Words somebody said", "code words here", "Evening"]


def _words_in(data: bytes) -> str:
    from conftest import pdf_text

    return " ".join(pdf_text(data).split())


@pytest.mark.parametrize("kind", ["booklets", "posters"])
@pytest.mark.slow
def test_nested_lists_quotes_code_and_tables_are_all_printed(project, kind):
    path = project / f"content/{kind}/constructs.md"
    booklet = kind == "booklets"
    path.write_text("---\ntitle: Pills\n---\n\n" + ("## Pills\n" + CONSTRUCTS if booklet else POSTER_CONSTRUCTS))
    result = build_file(path, BuildOptions(out_dir=project / "output", check=False))
    assert result.ok, result.problems
    pdf = next(p for p in result.outputs if p.suffix == ".pdf").read_bytes()
    html = next(p for p in result.outputs if p.suffix == ".html").read_text()
    text = _words_in(pdf)
    for words in EVERY_WORD if booklet else POSTER_WORDS:
        assert words in text, words
        assert words in html, words


def test_a_two_level_list_is_a_list_inside_a_list_in_the_tagged_pdf(project):
    from conftest import structure

    path = project / "content/booklets/list.md"
    path.write_text("---\ntitle: Pills\ncontents: false\n---\n\n## Pills\n\n![a pill](pill) Take:\n\n- one\n  - with food\n- two\n")
    result = build_file(path, BuildOptions(out_dir=project / "output", check=False, formats=("pdf",)))
    tags = [tag for tag, _ in structure(result.outputs[0].read_bytes())]
    first = tags.index("/L")
    assert "/L" in tags[first + 1:], tags  # the sub-list is a list of its own
    assert tags.count("/LI") == 3


def test_constructs_easy_read_does_not_use_are_errors_in_easy_read_and_warnings_in_large_print(project):
    from generator.pipeline import check_file

    body = "![a tick](tick) Press <b>here</b>.[^1]\n\n```\ncode\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    booklet = project / "content/booklets/b.md"
    booklet.write_text("---\ntitle: T\n---\n\n" + body)
    poster = project / "content/posters/p.md"
    poster.write_text("---\ntitle: T\n---\n\n" + body)
    wanted = {"raw-html", "footnote", "code-block", "table"}
    for path, level in ((booklet, "error"), (poster, "warning")):
        _, report = check_file(path)
        found = sorted((f.rule, f.level, f.span.line, f.span.column) for f in report.findings if f.rule in wanted)
        assert found == sorted([
            ("raw-html", level, 5, 23), ("raw-html", level, 5, 30), ("footnote", level, 5, 35),
            ("code-block", level, 7, 1), ("table", level, 11, 1),
        ])


def test_unknown_markdown_is_kept_as_text_never_dropped(project):
    from markdown_it.token import Token

    from generator.parse.build import TreeBuilder

    stray = Token("mystery_block", "", 0)
    stray.content, stray.map = "words we have no block for", [0, 1]
    blocks, _ = TreeBuilder([stray], "x.md", ["words we have no block for"], 1).build()
    assert [(b.kind, b.text) for b in blocks] == [("unsupported", "words we have no block for")]


# --- invisible characters and wide words ---------------------------------------------


def test_a_right_to_left_override_is_an_error_and_never_honoured(project, capsys):
    path = project / "content/posters/bidi.md"
    path.write_text(HEAD + "![a pill](pill) Take the medi\u202ecine now\n")
    code, _, err = run(["build", str(path), "--out", str(project / "output")], capsys)
    assert code == 1
    assert (
        f"{path}:5:30: error invisible-character: An invisible character, U+202E RIGHT-TO-LEFT OVERRIDE, is in the text: "
        "it can reverse the order of the letters after it, so 'medicine' could print as 'medienic'."
    ) in err
    result = build_file(path, BuildOptions(out_dir=project / "output", check=False))
    pdf = next(p for p in result.outputs if p.suffix == ".pdf").read_bytes()
    html = next(p for p in result.outputs if p.suffix == ".html").read_text()
    assert "Take the medicine now" in _words_in(pdf)
    assert "medicine" in html and "\u202e" not in html


def test_nul_and_zero_width_characters_are_reported_in_the_front_matter_too(project):
    from generator.pipeline import check_file

    path = project / "content/posters/zw.md"
    path.write_text("---\ntitle: Ask\u200b for help\n---\n\n![a pill](pill) Take it\x01 now\n")
    _, report = check_file(path)
    found = [(f.rule, f.span.line, f.span.column, f.message.split(",")[1].strip()) for f in report.findings if f.rule == "invisible-character"]
    assert found == [
        ("invisible-character", 2, 11, "U+200B ZERO WIDTH SPACE"),
        ("invisible-character", 5, 24, "U+0001 CONTROL CHARACTER"),
    ]


def test_a_word_wider_than_its_line_is_an_error_naming_it_not_clipped(project, capsys):
    path = project / "content/posters/wide.md"
    word = "b" * 70
    path.write_text(HEAD + "![a pill](pill) Take it\n\nSome " + word + " message\n")
    code, _, err = run(["build", str(path), "--out", str(project / "output")], capsys)
    assert code == 1
    assert re.fullmatch(
        re.escape(f"{path}:7:6: error word-too-wide: the word '{'b' * 37}...' is wider than its line (")
        + r"\d+" + re.escape(" mm at this size) and would be cut off; text is never made smaller, "
                             "so break it with a space or a hyphen, or use a shorter word"),
        err.strip(),
    ), err
    assert not (project / "output").exists()


# --- the system refuses to write: plain messages, previous outputs intact -------------


def _old_outputs(project):
    out = project / "output/posters"
    out.mkdir(parents=True)
    (out / "ok.pdf").write_bytes(b"old pdf")
    (out / "ok.html").write_text("old html")
    path = project / "content/posters/ok.md"
    path.write_text(HEAD + "![a pill](pill) Take it\n")
    return path, out


@pytest.mark.parametrize(("error", "words"), [
    (errno.ENOSPC, "the disk is full. Nothing was written and any previous output is unchanged; free some space, or choose another --out folder"),
    (errno.EFBIG, "the file is bigger than this system lets a file be (a file-size limit such as 'ulimit -f'). Nothing was written "
                  "and any previous output is unchanged; raise the limit, or choose another --out folder"),
])
def test_a_full_disk_or_a_size_limit_is_a_plain_message_and_the_old_outputs_stay(project, capsys, monkeypatch, error, words):
    import generator.write as write

    path, out = _old_outputs(project)
    real_fdopen = write.os.fdopen
    calls = []

    def failing(handle, mode):
        stream = real_fdopen(handle, mode)
        calls.append(1)
        if len(calls) == 2:  # the PDF is staged, then the HTML page fails
            stream.close()
            raise OSError(error, os.strerror(error))
        return stream

    monkeypatch.setattr(write.os, "fdopen", failing)
    code, _, err = run(["build", str(path), "--out", str(project / "output")], capsys)
    assert code == 2
    assert err.strip() == f"{out / 'ok.html'}: error output: cannot write this file: {words}"
    assert (out / "ok.pdf").read_bytes() == b"old pdf" and (out / "ok.html").read_text() == "old html"
    assert sorted(p.name for p in out.iterdir()) == ["ok.html", "ok.pdf"]  # no temporary files left


def test_outputs_judged_by_verify_are_staged_together_and_a_failure_goes_beside_the_good_file(tmp_path, monkeypatch):
    """Verify's `.failed` names and the all-or-nothing write work together: when the
    HTML page cannot be written, the failed PDF is not left behind either."""
    import generator.write as write

    (tmp_path / "x.pdf").write_bytes(b"old pdf")
    (tmp_path / "x.failed.html").write_text("old failure")
    written = write.write_all_checked([(tmp_path / "x.pdf", b"new pdf", False), (tmp_path / "x.html", "new html", True)])
    assert written == [tmp_path / "x.failed.pdf", tmp_path / "x.html"]
    assert (tmp_path / "x.pdf").read_bytes() == b"old pdf"  # the good file of an earlier build stays
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.failed.pdf", "x.html", "x.pdf"]  # the passing page's old failure is gone

    real_fdopen = write.os.fdopen
    calls = []

    def failing(handle, mode):
        calls.append(1)
        if len(calls) == 2:
            os.close(handle)
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_fdopen(handle, mode)

    monkeypatch.setattr(write.os, "fdopen", failing)
    with pytest.raises(write.ConfigError):
        write.write_all_checked([(tmp_path / "y.pdf", b"pdf", False), (tmp_path / "y.html", "html", True)])
    assert not list(tmp_path.glob("y*")) and not list(tmp_path.glob(".y*"))


def test_permission_denied_names_the_path(project, capsys, monkeypatch):
    import generator.write as write

    path, out = _old_outputs(project)

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(write.tempfile, "mkstemp", denied)
    code, _, err = run(["build", str(path), "--out", str(project / "output")], capsys)
    assert code == 2
    assert err.strip() == (
        f"{out / 'ok.pdf'}: error output: cannot write this file: permission denied. Nothing was written and any previous "
        "output is unchanged; choose another --out folder"
    )
    assert (out / "ok.pdf").read_bytes() == b"old pdf"


@pytest.mark.slow
def test_a_real_file_size_limit_during_rendering_is_a_plain_message(project):
    import resource
    import subprocess
    import sys

    path, out = _old_outputs(project)

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (20 * 1024, 20 * 1024))

    done = subprocess.run(
        [sys.executable, "-m", "generator", "build", str(path), "--out", str(project / "output")],
        capture_output=True, text=True, preexec_fn=limit, timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert "error output: cannot write" in done.stderr and "a file-size limit such as 'ulimit -f'" in done.stderr
    assert (out / "ok.pdf").read_bytes() == b"old pdf" and (out / "ok.html").read_text() == "old html"


@pytest.mark.parametrize("argv", [["rules"], ["check", "content"]])
@pytest.mark.slow
def test_a_reader_that_goes_away_ends_the_command_quietly(argv):
    """`easyread check content | head -1`: once head has its line, the pipe is closed.
    That is no internal error: the command ends at once with 141 (128 + SIGPIPE), silently."""
    import subprocess
    import sys
    from pathlib import Path

    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first line is written
    try:
        done = subprocess.run([sys.executable, "-m", "generator", *argv], stdout=write_end, stderr=subprocess.PIPE,
                              text=True, timeout=120, cwd=Path(__file__).parent.parent)
    finally:
        os.close(write_end)
    assert done.returncode == 141
    assert done.stderr == ""
