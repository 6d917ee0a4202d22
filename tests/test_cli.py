"""The command-line contract: commands, formats and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator.check.rulespec import parse_rules
from generator.cli import main
from generator.errors import RuleDefinitionError

from conftest import BOOKLET, POSTER, ROOT

FIXTURES = Path(__file__).parent / "fixtures" / "check"


def run(args, capsys):
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_version_and_help(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0 and "easyread 0.1.0" in capsys.readouterr().out
    code, out, _ = run([], capsys)
    assert code == 2 and "build" in out and "check" in out


def test_unknown_option_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "--format", "xml", str(POSTER)])
    assert exit_info.value.code == 2


def test_missing_path_is_a_usage_error(capsys):
    code, _, err = run(["check", "no/such/file.md"], capsys)
    assert code == 2 and "no/such/file.md: error usage: no such file or folder" in err


def test_check_bundled_content_passes(capsys):
    code, out, _ = run(["check", str(ROOT / "content")], capsys)
    assert code == 0, out
    assert "0 errors" in out


def test_check_json_contract(capsys):
    code, out, _ = run(["check", "--format", "json", str(FIXTURES / "words.md")], capsys)
    data = json.loads(out)
    assert code == 1
    assert set(data) == {"findings", "metrics", "summary"}
    assert set(data["findings"][0]) == {"path", "line", "column", "rule", "level", "message", "suggestion", "end_line", "end_column", "sentence"}
    first = next(f for f in data["findings"] if not f["rule"].startswith("picture-"))  # a picture finding marks its cue
    assert (first["line"], first["column"], first["end_line"], first["end_column"]) == (7, 25, 7, 31)  # 'assist'
    assert first["sentence"] == "We will assist you with your medicine."
    assert data["summary"]["error"] == sum(1 for f in data["findings"] if f["level"] == "error")
    assert {"words", "flesch_reading_ease", "flesch_kincaid_grade"} <= set(next(iter(data["metrics"].values())))


def test_check_sarif(capsys):
    _code, out, _ = run(["check", "--format", "sarif", str(FIXTURES / "numbers.md")], capsys)
    data = json.loads(out)
    assert data["version"] == "2.1.0"
    result = next(r for r in data["runs"][0]["results"] if r["ruleId"] == "numeric-dates")
    assert {"ruleId": "numeric-dates", "level": "error"}.items() <= result.items()
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 7, "startColumn": 33, "endLine": 7, "endColumn": 43}


def test_strict_and_min_level(capsys, project):
    path = str(FIXTURES / "suppress.md")
    assert run(["check", "--min-level", "error", path], capsys)[1].count(" warning ") == 0
    _code, out, _ = run(["check", "--show-suppressed", path], capsys)
    assert "(suppressed)" in out
    warned = project / "content/posters/warned.md"  # the poster plus one 22-word sentence: one warning
    warned.write_text(POSTER.read_text() + "\nWe want people with a learning disability and carers to know they can ask for "
                      "support with medication, including large print labels.\n", encoding="utf-8")
    assert run(["check", "--strict", str(warned)], capsys)[0] == 1
    assert run(["check", str(warned)], capsys)[0] == 0


def test_build_stops_on_errors_unless_no_check(project, capsys):
    path = project / "content/posters/p.md"
    path.write_text("---\ntitle: Test\n---\n\n![a pill](pill) Take it on 03/04/2026.\n")
    code, _, err = run(["build", str(path), "--out", str(project / "out")], capsys)
    assert code == 1 and "numeric-dates" in err and "not built" in err
    assert not (project / "out").exists()
    code, _out, err = run(["build", str(path), "--out", str(project / "out"), "--no-check", "--format", "pdf"], capsys)
    assert code == 0 and "numeric-dates" in err and (project / "out/posters/p.pdf").is_file()  # written, so exit 0 (issue 15)


def test_front_matter_typo_names_the_line(project, capsys):
    path = project / "content/posters/p.md"
    path.write_text("---\ntitle: Test\nsise: A3\n---\n\n![a pill](pill) Take it.\n")
    code, _, err = run(["build", str(path)], capsys)
    assert code == 1 and ":3:1: error front-matter: unknown field 'sise' for a poster; did you mean 'size'?" in err


def test_rules_lists_every_rule_per_profile(capsys):
    code, out, _ = run(["rules"], capsys)
    assert code == 0
    line = next(row for row in out.splitlines() if row.startswith("picture-per-row"))
    assert line.split()[2:5] == ["error", "off", "off"]


def test_icons_search_and_sheet(tmp_path, capsys):
    code, out, _ = run(["icons", "--search", "pharmacy"], capsys)
    assert code == 0 and "pharmacy " in out and "pill " not in out
    code, out, _ = run(["icons", "--search", "pharmacy", "--sheet", "--out", str(tmp_path)], capsys)
    assert code == 0 and (tmp_path / "pictures" / "healthicons.pdf").stat().st_size > 10_000
    assert f"wrote {tmp_path / 'pictures' / 'index.html'}" in out


@pytest.mark.slow
def test_new_writes_a_starter_that_builds(project, capsys, monkeypatch):
    monkeypatch.chdir(project)
    code, _out, _ = run(["new", "booklet", "Our Group"], capsys)
    path = project / "content/booklets/our-group.md"
    assert code == 0 and path.is_file()
    assert run(["new", "booklet", "Our Group"], capsys)[0] == 2  # never overwrites
    code, _out, err = run(["build", str(path), "--out", str(project / "out")], capsys)
    assert code == 0, err



def test_rule_file_errors_name_file_and_line():
    text = "- id: a\n  kind: sentence_length\n  message: m\n  params: {warnng: 3}\n- id: b\n  kind: sentence_lenght\n  message: m\n"
    with pytest.raises(RuleDefinitionError) as info:
        parse_rules(text, "ours.yaml")
    lines = str(info.value).splitlines()
    assert lines[0].startswith("ours.yaml:4:1: error rule-file: rule 'a': kind 'sentence_length' has no parameter 'warnng'")
    assert lines[1].startswith("ours.yaml:6:1: error rule-file: rule 'b': unknown kind 'sentence_lenght'; did you mean 'sentence_length'?")


def test_project_overrides_and_bad_rule_ids(project, capsys):
    (project / "easyread.yaml").write_text("rules:\n  numeric-dates: off\n")
    path = project / "content/posters/p.md"
    path.write_text("---\ntitle: Test\n---\n\n![a pill](pill) Take it on 03/04/2026.\n")
    assert run(["check", str(path)], capsys)[0] == 0
    (project / "easyread.yaml").write_text("profile: easy-read\nrules:\n  passive-voice: off\n  numeric-datez: off\n")
    code, _, err = run(["check", str(path)], capsys)
    assert code == 2
    assert err == f"{project / 'easyread.yaml'}:4:1: error config: unknown rule id 'numeric-datez'; did you mean 'numeric-dates'?\n"


@pytest.mark.slow
def test_checker_runs_offline_and_loads_no_renderer_or_nltk(tmp_path):
    """`easyread check` never opens a connection, and never imports WeasyPrint, textstat or NLTK
    (they cost seconds on a cold start and are not needed to check)."""
    script = f"""
import socket, sys
attempts = []
def refuse(*a, **k):
    attempts.append(a)
    raise OSError("network blocked by test")
socket.socket.connect = refuse
socket.create_connection = refuse
sys.argv = ["easyread", "check", {str(BOOKLET)!r}]
from generator.cli import main
code = main()
heavy = sorted(m for m in ("weasyprint", "textstat", "nltk") if m in sys.modules)
print(f"connections tried: {{len(attempts)}}; heavy modules: {{heavy}}")
raise SystemExit(code)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env={"NLTK_DATA": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    assert "Flesch reading ease" in done.stdout
    assert done.stdout.rstrip().endswith("connections tried: 0; heavy modules: []"), done.stdout


def test_unquoted_picture_in_front_matter_says_put_it_in_quotes(project, capsys):
    path = project / "content/booklets/b.md"
    path.write_text("---\ntitle: Test\ncover: ![a group](group)\n---\n\n![a pill](pill) Take it.\n")
    code, _, err = run(["check", str(path)], capsys)
    assert code == 1
    assert err.strip().endswith(':3:1: error front-matter: a picture cue in YAML must be in quotes; put the picture in quotes: cover: "![a group](group)"')


def test_yaml_mistakes_name_their_line_in_every_file(project, capsys):
    path = project / "content/posters/p.md"
    path.write_text("---\ntitle: Test\n---\n\n![a pill](pill) Take it.\n")
    (project / "easyread.yaml").write_text("profile: easy-read\nrules: [a,\n")
    code, _, err = run(["check", str(path)], capsys)
    assert code == 2 and "easyread.yaml:3:1: error config: YAML error: did not find expected node content; check the indentation and quotes on this line" in err


def test_pre_commit_hook_runs_the_checker_on_the_files_it_is_given(project, capsys):
    """The hook's entry is a real command line: pre-commit appends the staged files to it."""
    import re
    import shlex

    import yaml

    hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    hook = hooks["easyread-check"]
    assert hook["language"] == "python" and "markdown" in hook["types"]
    assert re.search(hook["files"], "content/booklets/b.md") and not re.search(hook["files"], "README.md")
    program, *args = shlex.split(hook["entry"])
    assert program == "easyread"
    good, bad = project / "content/posters/good.md", project / "content/posters/bad.md"
    good.write_text("---\ntitle: Test\n---\n\n![a pill](pill) Take 1 tablet.\n")
    bad.write_text("---\ntitle: Test\n---\n\n![a pill](pill) Take it on 03/04/2026.\n")
    assert main([*args, str(good)]) == 0
    assert main([*args, str(good), str(bad)]) == 1
    assert "bad.md:5:28: error numeric-dates" in capsys.readouterr().out
