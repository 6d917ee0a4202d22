"""Languages: complete message catalogues, Welsh booklets, the bilingual layout, language-aware checking.

PDFs are read back: the words on the page (pypdf), the language of each tagged
paragraph (pikepdf's structure tree, with each paragraph's text taken from its
marked content), and the HTML twin's lang attributes.
"""

from __future__ import annotations

import io
import re
import string
import unicodedata
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from generator.check.rulespec import builtin_rules, parse_rules, ruleset
from generator.cli import main
from generator.config import Settings
from generator.errors import RuleDefinitionError, SourceError
from generator.load import parse_source
from generator.messages import LANGUAGES, entries, messages, tag_problem
from generator.pipeline import BuildOptions, build_file, check_file
from generator.render.html import css_string

from conftest import ROOT, structure

BILINGUAL = ROOT / "content/booklets/eich-fferyllfa.md"
ENGLISH_HALF = ROOT / "content/booklets/your-pharmacy.md"
# Keys whose Welsh is rightly the same as the English (a prescription number).
SAME_IN_BOTH = {"label.rx"}


def run(argv, capsys):
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


# --- the catalogues ---------------------------------------------------------------


def test_every_key_is_in_every_language_with_the_same_placeholders():
    english = entries("en")
    assert len(english) >= 60
    for code in LANGUAGES:
        other = entries(code)
        assert set(other) == set(english), (code, sorted(set(english) ^ set(other)))
        for key, text in english.items():
            assert other[key].strip(), (code, key)
            assert placeholders(other[key]) == placeholders(text), (code, key, other[key])


def test_welsh_is_translated_not_copied():
    english, welsh = entries("en"), entries("cy")
    copied = {key for key in english if welsh[key] == english[key]}
    assert copied == SAME_IN_BOTH


FILE_SUFFIXES = {"css", "yaml", "py", "j2", "html", "md", "pdf", "csv", "json", "ics", "txt", "tsv", "svg", "png"}
QUOTED_KEY = re.compile(r"""["']((?:booklet|poster|label|compare|companion|review)\.[A-Za-z0-9_]+)["']""")


def test_every_key_is_used_and_every_key_used_exists():
    sources = [*ROOT.glob("templates/**/*.j2"), *ROOT.glob("generator/**/*.py")]
    used = {key for path in sources for key in QUOTED_KEY.findall(path.read_text(encoding="utf-8"))
            if key.rsplit(".", 1)[1] not in FILE_SUFFIXES}
    keys = set(entries("en"))
    assert used - keys == set(), "used in code but missing from the catalogues"
    assert keys - used == set(), "in the catalogues but never used"


def test_messages_fill_placeholders_and_split_around_one_for_css():
    t = messages("cy-GB")
    assert t.code == "cy" and t("booklet.page", page=4) == "Tudalen 4"
    assert t.split("booklet.page", "page") == ("Tudalen ", "")
    assert messages("en-GB")("label.part", part=2) == "Part 2 of 2"


def test_words_put_in_css_are_escaped_as_css_not_html():
    assert css_string("nid yw'n") == "\"nid yw'n\""
    assert css_string('a"b\\c</style>') == '"a\\22 b\\5c c\\3c \\2f style\\3e "'


@pytest.mark.parametrize(("lang", "problem"), [
    ("cy", None), ("cy-GB", None), ("en-GB", None), ("en", None),
    ("fr", "not in 'fr'; use 'lang: en-GB' or 'lang: cy'"),
    ("en GB", "'en GB' is not a language tag"),
    (7, "'7' is not a language tag"),
])
def test_language_tags(lang, problem):
    found = tag_problem(lang)
    assert (found is None) if problem is None else (problem in found)


@pytest.mark.parametrize(("front", "kind", "line", "message"), [
    ("lang: fr\n", "booklet", 3, "field 'lang': easyread prints its own words ('Contents', 'Page 4') in English (en) or Welsh (cy), not in 'fr'"),
    ("lang: [cy, en]\n", "booklet", 3, "a bilingual booklet needs its English words from a second booklet file: add 'translation: NAME.md'"),
    ("lang: [cy, en]\ntranslation: x.md\nsize: A5\n", "booklet", 3, "a bilingual booklet is printed on A4"),
    ("lang: [cy, en, de]\ntranslation: x.md\n", "booklet", 3, "a bilingual booklet has two languages"),
    ("lang: [cy, cy-GB]\ntranslation: x.md\n", "booklet", 3, "both languages are Welsh"),
    ("lang: cy\ntranslation: x.md\n", "booklet", 4, "'translation' is for a bilingual booklet: add 'lang: [cy, en]'"),
    ("lang: [cy, en]\ntranslation: x.txt\n", "booklet", 4, "'x.txt' is not a Markdown booklet file"),
    ("lang: [cy, en]\n", "poster", 3, "a poster is in one language; make one poster per language"),
])
def test_bad_lang_front_matter_is_an_error_at_its_line(front, kind, line, message):
    with pytest.raises(SourceError) as caught:
        parse_source(f"---\ntitle: T\n{front}---\n", "x.md", kind)
    problem = caught.value.problems[0]
    assert (problem.line, problem.rule) == (line, "front-matter") and message in problem.message, problem.format()


# --- a Welsh booklet ----------------------------------------------------------------

WELSH = """---
title: Eich fferyllfa
lang: cy
version: "2"
contact: {email: help@example.org, phone: 01234 567890, website: example.org}
hard_words:
  fferyllydd: "![fferyllydd](pharmacist) Person sy'n gwybod llawer am feddyginiaethau."
---

## Adran 1. Y fferyllfa

![fferyllydd](pharmacist) Mae'r fferyllydd yn gallu eich helpu.

![grŵp o bobl](group) Mae ein grŵp yn cwrdd bob wythnos.
"""

ENGLISH_FIXED = ("Easy read", "About this booklet", "Contents", "Hard words", "To find out more", "Email:", "Phone:",
                 "Website:", "Page", "Version", "co-production group")


@pytest.fixture(scope="module")
def welsh(tmp_path_factory):
    root = tmp_path_factory.mktemp("welsh")
    (root / "content/booklets").mkdir(parents=True)
    path = root / "content/booklets/eich-fferyllfa.md"
    path.write_text(WELSH, encoding="utf-8")
    result = build_file(path, BuildOptions(out_dir=root / "out"))
    assert result.ok, (result.problems, result.report and [f.format() for f in result.report.active])
    pdf = next(p for p in result.outputs if p.suffix == ".pdf").read_bytes()
    html = next(p for p in result.outputs if p.suffix == ".html").read_text(encoding="utf-8")
    return pdf, html, result


@pytest.mark.slow
def test_welsh_booklet_prints_welsh_fixed_words_and_no_english_ones(welsh):
    pdf, _, result = welsh
    pages = [unicodedata.normalize("NFC", p.extract_text()) for p in PdfReader(io.BytesIO(pdf)).pages]
    text = "\n".join(pages)
    for words in ("Hawdd ei Ddeall", "Fersiwn 2", "Am y llyfryn hwn", "Cynnwys", "Geiriau anodd", "I gael gwybod mwy",
                  "E-bost: help@example.org", "Ffôn: 01234 567890", "Gwefan: example.org",
                  "Gweithiodd grŵp cyd-gynhyrchu gyda'i gilydd",
                  "Rydyn ni wedi rhannu'r llyfryn hwn", "Efallai y byddwch chi eisiau ei ddarllen fesul tipyn."):
        assert words in re.sub(r"\s+", " ", text), words
    assert [p.split("\n")[0] for p in pages][2].startswith("Cynnwys")
    assert "Tudalen 4" in pages[3] and all(f"Tudalen {n}" in pages[n - 1] for n in range(2, result.pages + 1))
    for words in ENGLISH_FIXED:
        assert words not in text, words
    assert "Mae ein grŵp yn cwrdd" in text  # ŵ comes out as one letter (drawn from the fallback font)


@pytest.mark.slow
def test_welsh_booklet_builds_to_the_same_bytes_twice(welsh, tmp_path):
    """ŵ is drawn from an instance of the variable fallback font, which fontTools would stamp with the time."""
    pdf, _, result = welsh
    again = build_file(Path(result.source).resolve(), BuildOptions(out_dir=tmp_path, formats=("pdf",)))
    assert again.outputs[0].read_bytes() == pdf


def test_welsh_booklet_is_tagged_welsh_with_welsh_alt_text(welsh):
    pdf, html, _ = welsh
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert str(document.Root.Lang) == "cy"
    alts = {attrs["alt"] for tag, attrs in structure(pdf) if tag == "/Figure"}
    assert {"rhestr", "llyfr", "person yn rhoi cymorth", "grŵp o bobl"} <= alts
    # The email, phone and website pictures sit beside words that say the same: decorative, no alt text.
    assert not alts & {"e-bost", "ffôn", "gliniadur"}
    assert not alts & {"a list", "a book", "an email", "a telephone", "a group of people"}
    assert '<html lang="cy">' in html and 'aria-label="Cynnwys"' in html and ">Hawdd ei Ddeall<" in html
    # Picture credits are attribution, printed as the sets publish it: English, and tagged so.
    assert re.search(r'<p class="picture-credits" lang="en-GB">[^<]*(Health Icons|Mulberry Symbols)', html)


def test_welsh_poster_says_its_qr_code_and_picture_credit_in_welsh(project):
    from generator.icons import load_catalogue
    from generator.load import load
    from generator.parse import parse
    from generator.presets import get_preset
    from generator.project import Project
    from generator.render import Target, render_html

    path = project / "content/posters/ffliw.md"
    path.write_text('---\ntitle: Brechlyn ffliw\nlang: cy\nqr: {url: "https://example.org/ffliw"}\n---\n\n'
                    "![gwydraid o alcohol](alcohol) Peidiwch ag yfed alcohol.\n", encoding="utf-8")
    html = render_html(parse(load(path)), get_preset("poster"), Target("html", Project.for_path(path), load_catalogue()))
    assert '<html lang="cy">' in html and 'alt="Cod QR ar gyfer https://example.org/ffliw"' in html
    assert "QR code for" not in html and '<span class="credit" lang="en-GB">' in html


def test_labels_stay_english():
    """Label dose wording is English only (docs/languages.md), so their fixed phrases are too."""
    from generator.render.labels import LANG, T

    assert LANG == "en-GB" and T("label.disclaimer") == "Mockup: does not replace your pharmacy label."


# --- language-aware checking ---------------------------------------------------------

CHECKED = """---
title: T
lang: {lang}
---

## Our news

![a tick](tick) The form was sent to us, which is good.

![a calendar](calendar) Please come on 03/04/26 to see the nurse at the clinic and bring your letter and your medicines with you too.
"""

ENGLISH_ONLY = ["reading-ease", "reading-grade", "picture-words", "latin-abbreviations", "one-idea", "passive-voice", "double-negative",
                "number-words", "hard-words", "rewrite-words", "consistent-words", "hard-word-explained", "long-words"]


def _findings(project, lang):
    path = project / "content/booklets" / f"news-{lang}.md"
    path.write_text(CHECKED.format(lang=lang), encoding="utf-8")
    _, report = check_file(path)
    return report, sorted((f.rule, f.span.line) for f in report.findings)


def test_welsh_text_gets_only_the_rules_that_can_read_it(project):
    english, found_en = _findings(project, "en-GB")
    welsh, found_cy = _findings(project, "cy")
    # English rows are also checked against their pictures' (English) words; Welsh rows cannot be.
    assert found_en == [("numeric-dates", 10), ("one-idea", 8), ("passive-voice", 8), ("picture-words", 8),
                        ("picture-words", 10), ("sentence-length", 10)]
    assert found_cy == [("numeric-dates", 10), ("sentence-length", 10)]
    assert welsh.metrics["rules_skipped"] == ENGLISH_ONLY and english.metrics["rules_skipped"] == []
    assert len(welsh.metrics["rules_ran"]) == 29 and len(english.metrics["rules_ran"]) == 42  # with the 6 language-neutral construct rules
    assert welsh.metrics["language"] == "cy" and welsh.metrics["flesch_reading_ease"] is None


def test_check_summary_says_which_rules_ran_and_which_were_skipped_for_welsh(project, capsys):
    path = project / "content/booklets/news.md"
    path.write_text(CHECKED.format(lang="cy"), encoding="utf-8")
    code, out, _ = run(["check", str(path), "--min-level", "error"], capsys)
    summary, skipped = out.strip().splitlines()[-2:]
    assert code == 1
    assert summary.endswith("· no readability scores (they are for English) · profile easy-read · language cy: 29 rules ran, 13 skipped")
    assert skipped.startswith(f"{path}: skipped for Welsh text, as these rules are written for other languages: {', '.join(ENGLISH_ONLY)}.")
    code, out, _ = run(["check", str(path), "--format", "json"], capsys)
    assert '"rules_skipped": [\n        "reading-ease",' in out


def test_english_summary_names_its_language_and_skips_nothing(project, capsys):
    path = project / "content/booklets/news.md"
    path.write_text(CHECKED.format(lang="en-GB"), encoding="utf-8")
    _, out, _ = run(["check", str(path)], capsys)
    assert out.strip().splitlines()[-1].endswith("· profile easy-read · language en-GB: 42 rules ran")


def test_rules_lists_the_languages_of_each_rule(capsys):
    code, out, _ = run(["rules"], capsys)
    rows = {line.split()[0]: line.split() for line in out.splitlines()[1:]}
    assert code == 0 and out.splitlines()[0].split()[-2:] == ["languages", "source"]
    assert rows["passive-voice"][5] == "en" and rows["sentence-length"][5] == "all" and rows["alt-text"][5] == "all"
    assert {rule for rule, row in rows.items() if row[5] == "en"} == set(ENGLISH_ONLY) | {"label-dosing-words"}
    code, out, _ = run(["rules", "--lang", "cy"], capsys)
    listed = [line.split()[0] for line in out.splitlines()[1:-1]]
    assert "sentence-length" in listed and "passive-voice" not in listed
    assert out.splitlines()[-1] == "skipped for Welsh (cy): " + ", ".join(r.id for r in builtin_rules() if r.languages == ("en",))


def test_rule_languages_are_data_with_defaults_by_kind():
    specs = parse_rules("""
- id: our-words
  kind: word_list
  message: "'{word}' is ours."
  params: {words: {utilise: use}}
- id: our-pattern
  kind: pattern
  message: "'{match}'"
  params: {patterns: ['!!']}
- id: ein-geiriau
  kind: word_list
  languages: [cy]
  message: "'{word}'"
  params: {words: {defnyddio: iwsio}}
""", "ours.yaml")
    assert [(s.id, s.languages) for s in specs] == [("our-words", ("en",)), ("our-pattern", ("all",)), ("ein-geiriau", ("cy",))]
    assert specs[2].applies_to("cy-GB") and not specs[2].applies_to("en-GB") and specs[1].applies_to("cy")
    with pytest.raises(RuleDefinitionError) as caught:
        parse_rules("- id: x\n  kind: pattern\n  languages: [fr]\n  message: m\n  params: {patterns: ['a']}\n", "bad.yaml")
    assert caught.value.problems[0].format() == (
        "bad.yaml:3:1: error rule-file: rule 'x': unknown language 'fr' in languages; use 'all' or codes from: en (English), cy (Welsh)")


def test_a_project_can_run_a_rule_on_welsh_too(project):
    (project / "easyread.yaml").write_text("rules:\n  one-idea: {languages: [en, cy]}\n")
    _, found = _findings(project, "cy")
    assert ("one-idea", 8) in found
    assert ruleset("easy-read", Settings(rules={"one-idea": {"languages": "all"}})).get("one-idea").languages == ("all",)
    with pytest.raises(RuleDefinitionError) as caught:
        ruleset("easy-read", Settings(rules={"one-idea": {"languages": "Welsh"}}))
    assert "rule 'one-idea': languages must be 'all' or a list of language codes" in caught.value.problems[0].message


# --- the bilingual booklet ------------------------------------------------------------


def tagged_text(data: bytes, tags: tuple[str, ...] = ("/P",)) -> list[tuple[str, str, str]]:
    """(tag, language, words) for each structure element with one of ``tags``, in structure order.

    A paragraph's words come from the marked content its structure element points at
    (MCIDs), read with pypdf; its language is its own /Lang or the nearest parent's.
    """
    reader = PdfReader(io.BytesIO(data))
    marked: dict[tuple[int, int], list[str]] = {}
    for number, page in enumerate(reader.pages):
        current: list[int | None] = [None]

        def operand(op, args, cm, tm, current=current):
            if op == b"BDC" and len(args) > 1 and hasattr(args[1], "get") and "/MCID" in args[1]:
                current[0] = int(args[1]["/MCID"])
            elif op == b"EMC":
                current[0] = None

        def text(words, cm, tm, font, size, current=current, number=number):
            if current[0] is not None:
                marked.setdefault((number, current[0]), []).append(words)

        page.extract_text(visitor_operand_before=operand, visitor_text=text)
    out: list[tuple[str, str, str]] = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pages = {page.objgen: index for index, page in enumerate(pdf.pages)}

        def words(node, page) -> str:
            page = pages.get(node.Pg.objgen, page) if "/Pg" in node else page
            found = []
            for kid in (node.K if isinstance(node.K, pikepdf.Array) else [node.K]):
                if isinstance(kid, int):
                    found += marked.get((page, kid), [])
                elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    found.append(words(kid, page))
            return "".join(found)

        def walk(node, lang):
            if not isinstance(node, pikepdf.Dictionary):
                return
            lang = str(node.Lang) if "/Lang" in node else lang
            if "/S" in node and str(node.S) in tags:
                out.append((str(node.S), lang, re.sub(r"\s+", " ", words(node, 0)).strip()))
                return
            kids = node.get("/K")
            for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
                walk(kid, lang)

        walk(pdf.Root.StructTreeRoot, str(pdf.Root.Lang))
    return out


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory):
    out = tmp_path_factory.mktemp("bilingual")
    result = build_file(BILINGUAL, BuildOptions(out_dir=out))
    assert result.ok, (result.problems, [f.format() for r in result.reports for f in r.active if f.level == "error"])
    pdf = next(p for p in result.outputs if p.suffix == ".pdf").read_bytes()
    html = next(p for p in result.outputs if p.suffix == ".html").read_text(encoding="utf-8")
    return pdf, html, result


def _row_words(path: Path) -> list[str]:
    from generator.load import load
    from generator.parse import parse

    return [re.sub(r"\s+", " ", b.text).strip() for b in parse(load(path)).walk() if b.kind == "paragraph"]


@pytest.mark.slow
def test_bilingual_rows_pair_welsh_then_english_with_the_right_lang(bilingual):
    pdf, _, result = bilingual
    assert result.translation_report is not None and not result.translation_report.fails()
    paragraphs = tagged_text(pdf)
    pairs = [(welsh, english) for welsh, english in zip(_row_words(BILINGUAL), _row_words(ENGLISH_HALF))]
    assert len(pairs) == 10
    flat = [(lang, words) for _, lang, words in paragraphs]
    for welsh, english in pairs:
        # Each row's Welsh paragraph, tagged Welsh, is followed straight away by its English, tagged English.
        index = flat.index(("cy", welsh))
        assert flat[index + 1] == ("en-GB", english), (welsh, flat[index + 1])
    assert ("cy", "Rydyn ni wedi rhannu'r llyfryn hwn yn adrannau gwahanol i'w wneud yn haws i'w ddarllen.") in flat
    assert ("en-GB", "You may want to read it in stages.") in flat


@pytest.mark.slow
def test_bilingual_headings_hold_both_languages_in_order(bilingual):
    pdf, _, _ = bilingual
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert str(document.Root.Lang) == "cy"
        assert str(document.docinfo.Title) == "Mae eich fferyllfa yn gallu helpu / Your pharmacy can help"
    spans = tagged_text(pdf, ("/Span",))
    headings = [(lang, words) for _, lang, words in spans if words.startswith(("Adran", "Section"))]
    assert headings == [("cy", "Adran 1. Beth mae fferyllfa yn ei wneud"), ("en-GB", "Section 1. What a pharmacy does"),
                        ("cy", "Adran 2. Gofyn am help"), ("en-GB", "Section 2. Ask for help")] * 2  # contents, then the sections
    assert [tag for tag, _ in structure(pdf) if tag.startswith("/H")].count("/H1") == 1


@pytest.mark.slow
def test_bilingual_pages_number_and_list_both_languages(bilingual):
    pdf, _, result = bilingual
    pages = [re.sub(r"\s+", " ", p.extract_text()) for p in PdfReader(io.BytesIO(pdf)).pages]
    assert result.pages == len(pages) <= 12
    assert all(f"Tudalen {n} / Page {n}" in pages[n - 1] for n in range(2, len(pages) + 1))
    contents = pages[2]
    assert contents.startswith("Cynnwys") and "Contents" in contents
    starts = {words: n + 1 for n, page in enumerate(pages) for words in ("Adran 2. Gofyn am help", "Geiriau anodd") if page.startswith(words)}
    assert re.search(rf"Section 2\. Ask for help\s*{starts['Adran 2. Gofyn am help']}\b", contents)
    assert re.search(rf"Hard words\s*{starts['Geiriau anodd']}\b", contents)
    first = pages[0]
    assert first.index("Hawdd ei Ddeall") < first.index("Easy read") and "Mae eich fferyllfa yn gallu helpu" in first
    back = pages[-1]
    assert "Ffôn: 01234 567890" in back and "Phone: 01234 567890" in back
    assert "Gweithiodd" in back and "gynhyrchu gyda'i gilydd" in back and "A co-production group worked together" in back


@pytest.mark.slow
def test_bilingual_html_marks_every_block_with_its_language(bilingual):
    _, html, _ = bilingual
    assert '<html lang="cy">' in html
    assert html.count('class="row-words side-one" lang="cy"') == html.count('class="row-words side-two" lang="en-GB"') >= 18
    assert '<span class="side-two" lang="en-GB">Section 1. What a pharmacy does</span>' in html


def _pair(project, welsh_rows: str, english_rows: str, english_front: str = "lang: en-GB\n") -> Path:
    folder = project / "content/booklets"
    (folder / "en.md").write_text(f"---\ntitle: Ours\n{english_front}---\n\n## Section 1\n\n{english_rows}", encoding="utf-8")
    path = folder / "cy.md"
    path.write_text(f"---\ntitle: Ein llyfryn\nlang: [cy, en]\ntranslation: en.md\n---\n\n## Adran 1\n\n{welsh_rows}", encoding="utf-8")
    return path


def _problems(path: Path, project: Path) -> list[str]:
    result = build_file(path, BuildOptions(out_dir=project / "out", formats=("html",)))
    assert not result.ok
    return [p.format() for p in result.problems]


def test_a_row_without_its_translation_is_an_error_naming_both_files(project, monkeypatch):
    monkeypatch.chdir(project)
    path = _pair(project, "![ffôn](phone) Ffoniwch ni.\n\n![cloc](clock) Rydyn ni ar agor.\n", "![a phone](phone) Phone us.\n")
    assert _problems(path, project) == [
        "content/booklets/cy.md:7:1: error translation: section 1 ('Adran 1') has 2 rows here but 1 in content/booklets/en.md:6; "
        "each row (a paragraph that starts with a picture) needs its translation, in the same order"]


def test_rows_out_of_step_are_caught_by_their_pictures(project, monkeypatch):
    monkeypatch.chdir(project)
    path = _pair(project, "![ffôn](phone) Ffoniwch ni.\n\n![cloc](clock) Rydyn ni ar agor.\n",
                 "![a clock](clock) We are open.\n\n![a phone](phone) Phone us.\n")
    problems = _problems(path, project)
    assert problems[0] == ("content/booklets/cy.md:9:1: error translation: this row shows 'phone' but its translation at "
                           "content/booklets/en.md:8 shows 'clock'; rows pair in order, so check that both files have the same rows with the same pictures")
    assert len(problems) == 2


@pytest.mark.parametrize(("english_front", "where", "message"), [
    ("lang: cy\n", "content/booklets/en.md:3:1", "this is the English half of content/booklets/cy.md (lang: [cy, en]), but its language is 'cy'; change it to 'lang: en'"),
    ("kind: poster\nlang: en-GB\n", "content/booklets/en.md:3:1", "this is the translation of content/booklets/cy.md, so it must be a booklet, not a poster"),
])
def test_the_translation_file_must_be_a_booklet_in_the_second_language(project, monkeypatch, english_front, where, message):
    monkeypatch.chdir(project)
    path = _pair(project, "![ffôn](phone) Ffoniwch ni.\n", "![a phone](phone) Phone us.\n", english_front)
    problems = _problems(path, project)
    assert problems == [f"{where}: error front-matter: {message}"]


def test_a_missing_translation_file_is_an_error_at_its_line(project, monkeypatch):
    monkeypatch.chdir(project)
    path = _pair(project, "![ffôn](phone) Ffoniwch ni.\n", "![a phone](phone) Phone us.\n")
    path.write_text(path.read_text().replace("translation: en.md", "translation: english.md"))
    assert _problems(path, project) == [
        "content/booklets/cy.md:4:1: error front-matter: field 'translation': 'english.md' not found "
        "(looked for content/booklets/english.md); check the file name"]


def test_the_english_half_is_checked_with_the_welsh_and_can_stop_the_build(project, monkeypatch, capsys):
    monkeypatch.chdir(project)
    path = _pair(project, "![ffôn](phone) Ffoniwch ni ar 03/04/26.\n", "![a phone](phone) The form was sent on 03/04/26.\n")
    result = build_file(path, BuildOptions(out_dir=project / "out", formats=("html",)))
    assert result.stopped_by_checker
    assert [(f.rule, f.span.path) for f in result.translation_report.active if f.rule != "picture-words"] == [
        ("passive-voice", "content/booklets/en.md"), ("numeric-dates", "content/booklets/en.md")]
    code, out, _ = run(["check", "content/booklets/cy.md"], capsys)
    lines = out.splitlines()
    assert code == 1
    assert any(line.startswith("content/booklets/cy.md: 1 error") and "language cy" in line for line in lines)
    assert any(line.startswith("content/booklets/en.md: 1 error, ") and "language en-GB" in line for line in lines)
    code, out, _ = run(["check", "content"], capsys)  # both files in the folder: each is checked once
    assert sum(line.startswith("content/booklets/en.md: ") and "rules ran" in line for line in out.splitlines()) == 1


def test_docs_show_the_real_check_output_for_the_bundled_welsh_booklet(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    docs = (ROOT / "docs/languages.md").read_text(encoding="utf-8")
    shown = [line for line in docs.splitlines() if line.startswith("content/booklets/eich-fferyllfa.md: ")]
    code, out, _ = run(["check", "content/booklets/eich-fferyllfa.md"], capsys)
    assert code == 0 and len(shown) == 2
    for line in shown:
        assert line in out.splitlines()
    assert any(line.startswith("content/booklets/your-pharmacy.md: 0 errors") for line in out.splitlines())


# --- co-design pages -------------------------------------------------------------------


@pytest.mark.slow
def test_welsh_review_sheet_speaks_welsh(welsh, capsys, tmp_path):
    _, _, result = welsh
    code, _, err = run(["review", result.source, "--out", str(tmp_path)], capsys)
    assert code == 0, err
    data = next(tmp_path.rglob("*-review.pdf")).read_bytes()
    reader = PdfReader(io.BytesIO(data))
    first, second = (" ".join(unicodedata.normalize("NFC", p.extract_text()).split()) for p in reader.pages[:2])
    assert "Taflen adolygu Eich fferyllfa" in first and "Rhowch dic mewn blwch ar gyfer pob tudalen." in first
    assert "Enw:" in first and "Taflen 1" in first and "Review sheet" not in first
    assert "Tudalen 1" in second and "Rwy'n deall y dudalen hon" in second and "Ysgrifennwch neu dynnwch lun yma" in second
    alts = [attrs["alt"] for tag, attrs in structure(data) if tag == "/Figure"]
    assert any(alt.startswith("Tudalen 2 o'r llyfryn: ") for alt in alts) and {"tic", "nodiadau", "llun mewn ffrâm"} <= set(alts)
    with pikepdf.open(io.BytesIO(data)) as document:
        assert str(document.Root.Lang) == "cy"


def test_english_tool_words_on_a_welsh_draft_and_diff_are_tagged_english(project):
    from generator.load import load
    from generator.parse import parse
    from generator.project import Project
    from generator.studio.diff import changes_html

    path = project / "content/booklets/cy.md"
    path.write_text(WELSH.replace("Mae ein grŵp yn cwrdd bob wythnos.", "Mae ein grŵp yn cwrdd ar 03/04/26."), encoding="utf-8")
    result = build_file(path, BuildOptions(out_dir=project / "out", formats=("html",), draft=True))
    html = result.outputs[0].read_text(encoding="utf-8")
    assert '<html lang="cy">' in html and '<div class="draft-notes" lang="en-GB">' in html
    old = parse(load(path))
    path.write_text(WELSH, encoding="utf-8")
    page = changes_html(old, parse(load(path)), "cyn", "nawr", "html", Project.for_path(path))
    assert '<html lang="en-GB">' in page and '<div class="diff-words" lang="cy">' in page and "What changed" in page


def test_a_numbered_row_shows_its_number_once_in_each_language(project, monkeypatch):
    monkeypatch.chdir(project)
    path = _pair(project, "1. ![ffôn](phone) Ffoniwch ni.\n2. ![cloc](clock) Dewch i mewn.\n",
                 "1. ![a phone](phone) Phone us.\n2. ![a clock](clock) Come in.\n")
    result = build_file(path, BuildOptions(out_dir=project / "out", formats=("html",)))
    assert result.ok, [p.format() for p in result.problems]
    page = (project / "out/booklets/cy.html").read_text(encoding="utf-8")
    words = re.sub(r"<[^>]+>", "", page)
    assert words.count("1. Ffoniwch ni.") == 1 and words.count("1. Phone us.") == 1
    assert "1.1." not in words and "1. 1." not in words and words.count("2. Come in.") == 1
