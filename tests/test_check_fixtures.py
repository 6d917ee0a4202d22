"""Golden fixtures: each ``tests/fixtures/check/NAME.md`` beside ``NAME.expected``,
the exact findings (``--show-suppressed`` form) in the line format."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.model import Finding
from generator.pipeline import check_file

FIXTURES = Path(__file__).parent / "fixtures" / "check"
# A fixture that needs project settings is a small project: NAME/easyread.yaml and NAME/content/NAME.md.
CASES = sorted(FIXTURES.glob("*.md")) + sorted(FIXTURES.glob("*/content/*.md"))


def findings_text(path: Path) -> str:
    _, result = check_file(path)
    lines = []
    for finding in result.findings:
        line = finding.format().replace(str(path), path.name)
        lines.append(line + (" (suppressed)" if finding.suppressed else ""))
    return "\n".join(lines) + "\n"


def _expected(case: Path) -> Path:
    """NAME.expected beside a fixture, or beside its project folder."""
    beside = case.with_suffix(".expected")
    return beside if beside.exists() else FIXTURES / f"{case.stem}.expected"


@pytest.mark.parametrize("case", [pytest.param(c, marks=pytest.mark.slow) if c.stem == "document-length" else c for c in CASES],
                         ids=[c.stem for c in CASES])
def test_fixture(case: Path, monkeypatch):
    monkeypatch.chdir(case.parent)
    expected = _expected(case).read_text(encoding="utf-8")
    assert findings_text(Path(case.name)) == expected


def test_every_builtin_rule_has_a_fixture_that_fires_it():
    from generator.check.rulespec import builtin_rules

    fired = "".join(_expected(case).read_text() for case in CASES)
    # Label-row rules fire on label batches: tests/test_label_rules.py holds their fixture.
    untested = {spec.id for spec in builtin_rules() if f" {spec.id}: " not in fired and spec.kind != "label_row"}
    assert not untested, untested


def findings_of(fixture: str, monkeypatch) -> list[Finding]:
    folder = FIXTURES / fixture / "content" if (FIXTURES / fixture).is_dir() else FIXTURES
    monkeypatch.chdir(folder)
    return list(check_file(Path(f"{fixture}.md"))[1].findings)


@pytest.mark.parametrize("rule, fixture, loud_line, quiet_line", [
    ("icon-complexity", "pictures-budget", 7, 9),      # a busy SVG, then a simple one
    ("label-dosing-words", "label-profile", 8, 12),    # "twice daily", then "in the morning"
    ("rewrite-words", "vague-words", 9, 11),           # "leverage", then "bring you a letter"
    ("underline", "underline", 9, 11),                 # ++here++, then **here**
    ("percentages", "word-paste", 15, 13),             # "80%", then a plain list item
    ("picture-words", "picture-words", 9, 7),          # a pill for "by train", then a bus for "by bus"
    ("picture-words", "picture-words", 9, 13),         # ... a coach for "buses": a synonym in another form
    ("picture-words", "picture-words", 9, 15),         # ... travel for "travelling"
    ("picture-overused", "picture-overused", 13, 11),  # the 4th use, then the 3rd
    ("picture-licence", "picture-licence", 7, 9),      # CC BY-SA not accepted, then a CC0 picture
    ("picture-licence", "picture-licence", 7, 11),     # ... and an MIT picture
])
def test_rules_stay_quiet_on_the_plain_version(rule: str, fixture: str, loud_line: int, quiet_line: int, monkeypatch):
    """True negatives, from a real run: the plain line beside each true positive gets no finding at all."""
    found = findings_of(fixture, monkeypatch)
    assert any(f.rule == rule and f.span.line == loud_line for f in found)
    assert [f.format() for f in found if f.span.line == quiet_line] == []


@pytest.mark.slow
def test_document_scores_are_quiet_on_long_easy_text_and_never_run_on_short_text(monkeypatch):
    long_easy = findings_of("document-length", monkeypatch)
    assert [f.rule for f in long_easy if not f.rule.startswith("picture-")] == ["document-length"]  # 1,020 easy words: no score finding
    _, report = check_file(Path("document-length.md"))
    assert report.metrics["flesch_reading_ease"] > 80 and report.metrics["words"] == 1020
    _, short = check_file(Path("formal-prose.md"))
    assert short.metrics["flesch_reading_ease"] is None and not any(f.rule.startswith("reading-") for f in short.findings)
    hard = findings_of("reading-scores", monkeypatch)
    assert [(f.rule, f.level) for f in hard if f.rule.startswith("reading-")] == [("reading-ease", "suggestion"), ("reading-grade", "suggestion")]


def test_findings_know_where_their_words_end(monkeypatch):
    """End positions (exclusive) cover exactly the flagged words, even across lines."""
    monkeypatch.chdir(FIXTURES)
    source = Path("numbers.md").read_text().split("\n")
    for f in check_file(Path("numbers.md"))[1].findings:
        if f.rule.startswith("picture-"):
            continue  # a picture finding marks its cue, not words of the sentence
        assert f.end is not None and f.end.line == f.span.line
        flagged = source[f.span.line - 1][f.span.column - 1 : f.end.column - 1]
        assert f"'{flagged}'" in f.message or (f.rule == "brackets" and flagged in "()"), (flagged, f.message)
    path = FIXTURES.parent / "two-lines.md"
    try:
        path.write_text("---\ntitle: T\n---\n\n![a tick](tick) This sentence starts on one line\nand goes on to the next one, where it ends after many words.\n")
        long = next(f for f in check_file(path)[1].findings if f.rule == "sentence-length")
    finally:
        path.unlink()
    assert (long.span.line, long.span.column, long.end.line, long.end.column) == (5, 17, 6, 61)
    assert long.sentence.startswith("This sentence starts on one line and goes on") and long.message.startswith('"This sentence starts on one..." has 19 words')


@pytest.mark.parametrize("text, start, end, expected", [
    ("Take 1 tablet.", 0, None, "Take 1 tablet."),
    ("Phone the dentist if you have pain in your teeth or gums for more than 2 days.", 0, None, "Phone the dentist if you..."),
    ("Phone the dentist if you have pain in your teeth or gums for more than 2 days.", 30, 34, "...if you have pain in your teeth..."),
    ("In  accordance\twith the rules of the group we will now go.", 0, 2, "In accordance with the..."),
])
def test_quotes_are_short_and_whole_words(text, start, end, expected):
    from generator.check.where import quote

    assert quote(text, start, len(text) if end is None else end) == expected


@pytest.mark.parametrize("written, advice", [
    ("80%", "8 in 10"), ("25%", "1 in 4"), ("50%", "half"), ("10%", "1 in 10"), ("1%", "1 in 100"), ("33%", "1 in 3"),
    ("66%", "about 7 in 10"), ("45 per cent", "about half"), ("97%", "almost all"), ("7%", "about 1 in 14"), ("100%", "all"),
    ("½", "half"), ("3/4", "3 in 4"), ("2.5", "about 3"), ("150%", "1 and a half times as many"),
])
def test_percentage_advice_matches_the_number(written, advice):
    from generator.check.kinds.numbers import plain_words

    assert plain_words(written) == advice


def test_word_paste_bullets_become_a_list_and_quotes_dashes_turn_plain():
    from generator.load import load
    from generator.parse import parse

    document = parse(load(FIXTURES / "word-paste.md"))
    lists = [b for b in document.walk() if b.kind == "list"]
    assert len(lists) == 1 and [item.text for item in lists[0].children] == ["your letter", "your medicines"]
    assert lists[0].children[0].children[0].inlines[0].span.line == 12
    texts = [b.text for b in document.walk() if b.kind == "paragraph"]
    assert "We don't know if it isn't ready." in texts and 'We say "thank you" to them.' in " ".join(texts)
    assert "Come on 03-04-2026 - do not be late." in texts and not any(c in "".join(texts) for c in "‘’“”–—‑")


def check_text(tmp_path: Path, body: str, config: str = "", rule_file: str = "") -> list[str]:
    """Findings (line format, file name only) for a booklet with this body in a fresh project."""
    (tmp_path / "content").mkdir(exist_ok=True)
    if config:
        (tmp_path / "easyread.yaml").write_text(config)
    if rule_file:
        (tmp_path / "ours.yaml").write_text(rule_file)
    path = tmp_path / "content" / "b.md"
    path.write_text("---\ntitle: Test\n---\n\n" + body)
    _, result = check_file(path)
    return [f.format().replace(str(path), "b.md") for f in result.findings if not f.suppressed]


def test_a_rule_scope_picks_where_it_looks(tmp_path: Path):
    body = "## We assist you\n\n![a tick](tick) We assist you.\n\n- ![a tick](tick) We assist you.\n"
    everywhere = [f for f in check_text(tmp_path, body) if "hard-words" in f]
    assert [f.split(":")[1] for f in everywhere] == ["5", "7", "9"]
    rule = ("- id: our-words\n  kind: word_list\n  level: warning\n  message: \"'{word}' is ours.\"\n"
            "  scope: [list]\n  params: {words: {assist: help}}\n")
    ours = [f for f in check_text(tmp_path, body, "rule_files: [ours.yaml]\n", rule) if "our-words" in f]
    assert ours == ["b.md:9:22: warning our-words: 'assist' is ours. Say 'help' instead."]
    headings_only = check_text(tmp_path, body, "rules:\n  hard-words: {scope: heading}\n")
    assert [f.split(":")[1] for f in headings_only if "hard-words" in f] == ["5"]


def test_scope_mistakes_are_rule_file_errors_at_their_line():
    from generator.check.rulespec import parse_rules
    from generator.errors import RuleDefinitionError

    text = ("- id: a\n  kind: pattern\n  message: m\n  scope: [lists]\n  params: {patterns: [x]}\n"
            "- id: b\n  kind: heading_order\n  message: m\n  scope: heading\n")
    with pytest.raises(RuleDefinitionError) as info:
        parse_rules(text, "ours.yaml")
    assert str(info.value).splitlines() == [
        "ours.yaml:4:1: error rule-file: rule 'a': unknown scope 'lists'; did you mean 'list'?",
        "ours.yaml:9:1: error rule-file: rule 'b': kind 'heading_order' does not read sentences, so it takes no 'scope'",
    ]


def test_a_readability_rule_min_words_below_100_is_honoured(tmp_path: Path):
    body = "".join("![a document](document) Organisational accountability mechanisms necessitate documentation.\n\n" for _ in range(5))
    assert not any("reading-ease" in f for f in check_text(tmp_path, body))  # 30 words: under the default 100
    low = check_text(tmp_path, body, "rules:\n  reading-ease: {params: {min_words: 20}}\n")
    assert [f for f in low if "reading-ease" in f] == ["b.md:5:25: suggestion reading-ease: Flesch Reading Ease is -170.5; aim for 80 or more."]
