"""What makes the checker fast must not change what it finds, and a check stays light.

- Patterns run over the whole text (``check/search.py``) only on long documents; the
  golden fixtures are short, so here every fixture is checked both ways and the
  findings must be the same.
- The built-in rule files are read without YAML node trees (``rulespec._parse_builtin``);
  the rules, lines included, must be those of the full parse.
- The picture review answers each repeated question once; a document repeated many
  times gets the findings of the original, at every copy.
- A cold ``easyread check`` does not load what only a build, a picture file or a
  label batch needs (the figures are in ``make bench``, not here).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator.check import context
from generator.check.rulespec import _builtin_files, _parse_builtin, parse_rules
from generator.icons import load_catalogue
from generator.pictures.review import review
from generator.pipeline import check_file, read_document
from generator.project import Project

FIXTURES = Path(__file__).parent / "fixtures" / "check"
ROOT = Path(__file__).resolve().parent.parent
POSTER = ROOT / "content/posters/need-help-with-medication.md"


def _findings(path: Path) -> list[str]:
    return [f"{f.format()} {f.end} {f.sentence!r} {f.suppressed}" for f in check_file(path)[1].findings]


@pytest.mark.parametrize("case", sorted(FIXTURES.glob("*.md")), ids=lambda p: p.stem)
def test_whole_text_search_finds_what_the_short_path_finds(case, monkeypatch):
    monkeypatch.chdir(case.parent)
    short = _findings(Path(case.name))
    monkeypatch.setattr(context, "ANALYSE_FROM", 0)  # split patterns, read only the sentences that can match
    assert _findings(Path(case.name)) == short
    assert short or case.stem in ("document-length",), "a fixture that finds nothing tests nothing here"


def test_the_whole_text_search_keeps_case_rules_outside_ascii(tmp_path, monkeypatch):
    """'vſ.' is 'vs.' to a pattern that ignores case, though lower case keeps the long s."""
    page = tmp_path / "long-s.md"
    page.write_text("---\ntitle: Long s\n---\n\n![a group](group) We play them vſ. the others. ETC. is short.\n", encoding="utf-8")
    short = _findings(page)
    assert sum(" latin-abbreviations: " in line for line in short) == 2
    monkeypatch.setattr(context, "ANALYSE_FROM", 0)
    assert _findings(page) == short


@pytest.mark.parametrize("path, text", _builtin_files(), ids=[Path(path).stem for path, _ in _builtin_files()])
def test_builtin_rules_read_fast_are_the_rules_read_in_full(path, text):
    fast, full = _parse_builtin(text, path), parse_rules(text, path)
    assert fast == full and [spec.line for spec in fast] == [spec.line for spec in full]


def test_a_broken_builtin_rule_is_still_reported_at_its_key(tmp_path):
    text = "- id: x\n  kind: pattern\n  message: m\n  level: loud\n  params: {patterns: ['a']}\n"
    with pytest.raises(Exception) as raised:
        _parse_builtin(text, "broken.yaml")
    assert "broken.yaml:4:1:" in str(raised.value) and "level must be" in str(raised.value)


def test_the_picture_review_of_a_repeated_document_repeats_its_advice(tmp_path):
    booklet = ROOT / "content/booklets/coproduction-quality-improvement.md"
    head, body = booklet.read_text(encoding="utf-8").split("---", 2)[1:]
    once, thrice = tmp_path / "once.md", tmp_path / "thrice.md"
    once.write_text(f"---{head}---{body}", encoding="utf-8")
    thrice.write_text(f"---{head}---" + body * 3, encoding="utf-8")
    project, catalogue = Project(ROOT), load_catalogue()
    first = review(read_document(once, project), catalogue, max_uses=1000)
    repeated = review(read_document(thrice, project), catalogue, max_uses=1000)
    assert first and all(a.mismatch and not a.overused for a in first)
    assert [(a.row.text, a.picture.name, [m.name for m in a.suggestions]) for a in repeated] == \
        [(a.row.text, a.picture.name, [m.name for m in a.suggestions]) for a in first] * 3
    overused = review(read_document(thrice, project), catalogue, max_uses=1)
    uses = {a.picture.name: a.uses for a in overused}
    for advice in overused:
        if advice.overused:
            assert len(advice.lines) == advice.uses == uses[advice.picture.name] and advice.use_number > 1
    # What the checker asks for: the mismatches, and each picture's first use too many.
    checker = review(read_document(thrice, project), catalogue, max_uses=1, every_use=False)
    wanted = [a for a in overused if a.mismatch or a.use_number == 2]
    assert len(wanted) < len(overused)
    assert [(a.row, a.use_number, a.lines, a.suggestions) for a in checker] == [(a.row, a.use_number, a.lines, a.suggestions) for a in wanted]


HEAVY = ("weasyprint", "pikepdf", "jinja2", "PIL", "pillow_heif", "defusedxml", "tinycss2", "textstat", "nltk", "fontTools",
         "pyphen", "_hashlib", "importlib.resources", "generator.render", "generator.verify", "generator.labels.read", "generator.pictures.files")


def test_a_check_does_not_load_what_only_builds_pictures_or_labels_need():
    code = ("import json, sys\nfrom generator.cli import main\ncode = main(['check', sys.argv[1]])\n"
            "print(json.dumps([code, sorted(sys.modules)]))")
    done = subprocess.run([sys.executable, "-c", code, str(POSTER)], capture_output=True, text=True, check=True, cwd=ROOT)
    exit_code, modules = json.loads(done.stdout.splitlines()[-1])
    assert exit_code == 0
    assert "generator.check.kinds" in modules and "markdown_it" in modules  # it did check
    loaded = [name for name in modules if name.split(".")[0] in HEAVY or any(name == h or name.startswith(h + ".") for h in HEAVY)]
    assert not loaded, loaded


def test_shipped_yaml_is_kept_as_json_like_bytecode(tmp_path, monkeypatch):
    from generator import yamltext

    cache = tmp_path / "__pycache__" / "rules.json"
    texts = {"a.yaml": "- id: x\n  params: {warning: 12, share: 0.5, enabled: true}\n"}
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert yamltext.load_shipped(texts, cache) == {"a.yaml": [{"id": "x", "params": {"warning": 12, "share": 0.5, "enabled": True}}]}
    assert not cache.exists()  # PYTHONDONTWRITEBYTECODE: nothing written
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    first = yamltext.load_shipped(texts, cache)
    stored = json.loads(cache.read_text(encoding="utf-8"))
    assert stored["texts"] == texts and stored["data"] == first
    stored["data"]["a.yaml"][0]["id"] = "from the cache"
    cache.write_text(json.dumps(stored), encoding="utf-8")
    assert yamltext.load_shipped(texts, cache)["a.yaml"][0]["id"] == "from the cache"  # same texts: the cache is read
    changed = {"a.yaml": "- id: y\n"}
    assert yamltext.load_shipped(changed, cache) == {"a.yaml": [{"id": "y"}]}  # an edited file: read again, cache replaced
    assert json.loads(cache.read_text(encoding="utf-8"))["texts"] == changed
    dated = {"d.yaml": "when: 2026-01-02\n2: two\n"}  # JSON would change these: never cached
    other = tmp_path / "__pycache__" / "dated.json"
    assert yamltext.load_shipped(dated, other) == {"d.yaml": {"when": __import__("datetime").date(2026, 1, 2), 2: "two"}}
    assert not other.exists()
    blocked = tmp_path / "file"
    blocked.write_text("")
    assert yamltext.load_shipped(texts, blocked / "__pycache__" / "x.json") == first  # cannot write: read anyway


def test_a_pyproject_that_never_says_easyread_is_not_read(tmp_path):
    from generator.config import load_settings

    (tmp_path / "pyproject.toml").write_text("[project\nname = broken\n", encoding="utf-8")
    assert load_settings(tmp_path).path == "easyread.yaml"  # not ours: no TOML error for someone else's file
    (tmp_path / "pyproject.toml").write_text("[tool.easyread\nprofile = broken\n", encoding="utf-8")
    with pytest.raises(Exception, match="TOML error"):
        load_settings(tmp_path)
