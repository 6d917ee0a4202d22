"""The directions reader: the fixture of real-world strings, its safety rules, the command."""

from __future__ import annotations

import csv
import json
import re
import shlex
from datetime import date
from pathlib import Path

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

from generator import yamltext
from generator.cli import main
from generator.labels.batch import LabelOptions, run_labels
from generator.labels.directions import (
    as_written,
    reading_json,
    schedule_lines,
    schedule_sentence,
    sentence_case,
)
from generator.labels.lexicon import lexicon
from generator.labels.model import Schedule
from generator.labels.reading import read

from conftest import ROOT, pdf_text

CASES = Path(__file__).parent / "fixtures" / "directions" / "cases.yaml"
# Every abbreviation family the issue names, each read in at least one fixture case.
ABBREVIATIONS = ("od", "bd", "bid", "tds", "tid", "qds", "qid", "mane", "om", "nocte", "on", "prn", "pc", "ac",
                 "i", "ii", "iii", "tab", "tabs", "cap", "ml", "5/7", "2/52", "x")
LATIN = re.compile(r"\b(od|bd|bid|tds|tid|qds|qid|mane|nocte|om|on|prn|pc|ac|daily|twice|times)\b", re.IGNORECASE)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def cases() -> list[tuple[int, dict]]:
    data, node = yamltext.load_with_nodes(CASES.read_text(encoding="utf-8"))
    return [(item.start_mark.line + 1, case) for case, item in zip(data, node.value)]


def expected(case: dict) -> dict:
    """The JSON a case expects, defaults filled in."""
    doses = []
    for entry in case["doses"]:
        time, amount = entry.split()
        doses.append({"time": None if time == "any" else time, "amount": json.loads(amount)})
    return {
        "understood": True, "doses": doses, "unit": case.get("unit"), "as_needed": case.get("as_needed", False),
        "max_per_24h": case.get("max_per_24h"), "food": case.get("food"), "duration_days": case.get("duration_days"),
        "plain": case["plain"], "as_needed_for": case.get("as_needed_for"), "advice": case.get("advice", []), "reason": None,
    }


@pytest.mark.parametrize("line,case", cases(), ids=[f"line {line}" for line, _ in cases()])
def test_fixture_case_reads_exactly_as_expected(line, case):
    got = reading_json(read(case["text"]))
    if "not" in case:
        assert got["understood"] is False, (line, got)
        assert case["not"] in got["reason"]
        assert got["doses"] == [] and got["unit"] is None and got["plain"] == as_written(case["text"])
    else:
        assert got == expected(case), line


def test_fixture_is_big_and_covers_every_abbreviation_family():
    found = [case for _, case in cases()]
    assert len(found) >= 80
    understood = [c["text"].lower() for c in found if "not" not in c]
    assert len(understood) >= 60 and len(found) - len(understood) >= 30
    words = lexicon().phrases
    for abbreviation in ABBREVIATIONS:
        assert any(re.search(rf"(^|[\s\d]){re.escape(abbreviation)}s?($|[\s.,])", text) for text in understood), abbreviation
        if abbreviation.isalpha():
            assert abbreviation in words or (abbreviation,) in lexicon().numbers, abbreviation


def test_labels_wording_of_an_understood_reading_has_no_latin_or_capitals():
    for _, case in cases():
        if "not" not in case:
            plain = case["plain"]
            assert not LATIN.search(plain.replace("once a day", "").replace("on an empty", "")), plain
            assert not re.search(r"\b[A-Z]{2,}\b", plain), plain


def test_the_reader_never_drops_a_word_it_does_not_know():
    """Any unknown word, anywhere, turns an understood text into 'not understood'."""
    for text in ("Take 1 tablet twice a day", "2 tabs nocte", "ii puffs prn max 8 in 24 hours", "Take half a tablet at night"):
        assert read(text).understood
        words = text.split()
        for place in range(len(words) + 1):
            changed = " ".join([*words[:place], "fortnightlyish", *words[place:]])
            reading = read(changed)
            assert not reading.understood, changed


def test_case_spacing_and_dots_do_not_change_a_reading():
    base = reading_json(read("Take one tablet twice a day"))
    for variant in ("TAKE ONE TABLET TWICE A DAY", "take  one   tablet twice a day.", "Take One Tablet Twice A Day"):
        assert reading_json(read(variant)) | {"plain": base["plain"]} == base
    assert reading_json(read("1 b.d.")) == reading_json(read("1 bd")) | {"plain": "Take 1 in the morning and 1 in the evening."}


def test_a_frequency_becomes_parts_of_the_day_on_the_label_and_once_a_day_keeps_no_time():
    assert read("1 bd").schedule().amounts == (("morning", 1.0), ("evening", 1.0))
    assert read("1 tds").schedule().amounts == (("morning", 1.0), ("midday", 1.0), ("evening", 1.0))
    assert read("1 qds").schedule().amounts == (("morning", 1.0), ("midday", 1.0), ("evening", 1.0), ("bedtime", 1.0))
    once = read("1 od").schedule()
    assert once.amounts == () and once.untimed == (1.0,) and once.times_a_day == 1
    assert read("1 om").schedule().amounts == (("morning", 1.0),) and read("1 om").schedule().untimed == ()
    assert read("As directed").schedule() is None


def test_schedule_wording_for_once_a_day_advice_and_halves():
    once = Schedule((), "tablet", untimed=(1.0,), with_food="with_food", advice=("Swallow whole.",))
    assert schedule_lines(once) == ["Take 1\xa0tablet once a day with food", "Swallow whole"]
    assert schedule_sentence(once) == "Take 1\xa0tablet once a day with food. Swallow whole."
    liquid = Schedule((("bedtime", 2.5),), "mL")
    assert schedule_lines(liquid) == ["Take 2.5\xa0mL at bedtime"]
    cream = Schedule((("morning", 1.0), ("evening", 1.0)), "application")
    assert schedule_lines(cream) == ["Apply in the morning", "and in the evening"]
    assert schedule_sentence(Schedule((("morning", 1.0),), "tablet", duration_days=1)) == "Take 1\xa0tablet in the morning. Take for 1 day, then stop."


def test_text_not_understood_is_printed_as_written_without_shouting():
    assert sentence_case("TAKE AS DIRECTED BY THE INR CLINIC") == "Take as directed by the INR clinic"
    assert sentence_case("use as directed. APPLY to the skin") == "Use as directed. Apply to the skin"
    assert sentence_case("Take 5mL as directed by Dr Patel") == "Take 5mL as directed by Dr Patel"
    assert sentence_case("TAKE A TABLET AS DIRECTED") == "Take a tablet as directed"
    assert sentence_case("Take vitamin D as directed") == "Take vitamin D as directed"


def test_cli_prints_the_reading_and_exits_0_when_understood(capsys):
    assert main(["directions", "Take ONE tablet TWICE a day", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {k: data[k] for k in ("understood", "doses", "unit", "as_needed", "max_per_24h", "food", "duration_days", "plain")} == {
        "understood": True, "doses": [{"time": None, "amount": 1}, {"time": None, "amount": 1}], "unit": "tablet",
        "as_needed": False, "max_per_24h": None, "food": None, "duration_days": None,
        "plain": "Take 1 tablet in the morning and 1 tablet in the evening.",
    }
    assert main(["directions", "ii puffs prn max 8 in 24 hours"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("understood: Take 2 puffs when you need it. No more than 8 puffs in 24 hours.\n")


def test_cli_exits_1_when_not_understood_and_2_on_usage_errors(capsys):
    assert main(["directions", "Take 1 tablet weekly on Mondays", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["understood"] is False and data["doses"] == [] and "weekly" in data["reason"]
    assert data["plain"] == "Take 1 tablet weekly on Mondays"
    assert main(["directions", "As directed"]) == 1
    assert capsys.readouterr().out.startswith("not understood: ")
    assert main(["directions", "  "]) == 2
    assert "give the directions in quotes" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stopped:
        main(["directions"])
    assert stopped.value.code == 2


# Labels from a pharmacy export with free-text directions only (no sched_* columns).

EXPORT = Path(__file__).parent / "fixtures" / "directions" / "free-text-export.csv"
TODAY = date(2026, 11, 22)


@pytest.fixture(scope="module")
def export_labels(tmp_path_factory):
    """The free-text export in every mode: (run, text of each page) by mode."""
    out = tmp_path_factory.mktemp("free-text")
    made = {}
    for mode in ("large-print", "easy-read", "standard"):
        run = run_labels(EXPORT, LabelOptions(out_dir=out, mode=mode, jobs=1, today=TODAY))
        data = run.outputs[0].read_bytes()
        made[mode] = (run, [flat(pdf_text(data, page)) for page in range(run.made)])
    return made


@pytest.mark.slow
def test_free_text_export_prints_parts_of_the_day_in_large_print(export_labels):
    run, pages = export_labels["large-print"]
    assert run.made == run.rows == 10 and run.failed_rows == []
    assert "Take 1 tablet in the morning and 1 tablet in the evening with food" in pages[0]
    assert "Take 1 capsule in the morning 1 capsule at midday and 1 capsule in the evening Take for 5 days, then stop" in pages[1]
    assert "Take 2 tablets at bedtime" in pages[2]
    assert "Take 2 puffs when you need it No more than 8 puffs in 24 hours" in pages[3]
    assert "Take 1 tablet once a day" in pages[4]
    assert "Take 15 mL in the morning and 15 mL in the evening" in pages[7]
    assert "Apply in the morning and in the evening Apply thinly" in pages[8]
    for page in pages:
        assert not re.search(r"\b(bd|tds|nocte|prn|qds|od|TWICE|ONE|FOUR|ONCE|WEEK|AS|DIRECTED)\b", page), page


@pytest.mark.slow
def test_text_not_understood_is_printed_in_sentence_case_and_flagged_for_the_pharmacist(export_labels):
    run, pages = export_labels["large-print"]
    assert "Take as directed by the INR clinic" in pages[5]
    assert "Take four tablets once a week on Mondays" in pages[6]
    flagged = {f.where.row: f for f in run.findings if f.rule == "label-directions-not-understood"}
    assert sorted(flagged) == [6, 7] and all(f.level == "warning" for f in flagged.values())
    assert "as directed" in flagged[6].message and "weekly dose" in flagged[7].message
    report = (run.reports[0]).read_text(encoding="utf-8")
    assert "label-directions-not-understood" in report


@pytest.mark.slow
def test_easy_read_label_shows_once_a_day_apart_from_the_parts_of_the_day(export_labels):
    _, pages = export_labels["easy-read"]
    assert "Once a day: take 1 tablet" in pages[4] and "How many" not in pages[4]  # no slot the text did not name
    assert "How many tablets: Morning 1 Midday none Evening 1 Bedtime none" in pages[0] and "Food: take it with food" in pages[0]
    assert "How many tablets: Morning none Midday none Evening none Bedtime 2" in pages[2]


@pytest.mark.slow
def test_standard_label_keeps_the_pharmacys_own_text(export_labels):
    run, pages = export_labels["standard"]
    assert "Take ONE tablet TWICE a day with food" in pages[0] and "1 tds 5/7" in pages[1]
    assert not [f for f in run.findings if f.rule == "label-directions-not-understood"]


def label_row(tmp_path: Path, directions: str, extra: dict[str, str]) -> Path:
    columns = {"id": "R1", "patient_name": "Nia Hughes", "medicine_name": "Amlodipine", "medicine_form": "tablet",
               "directions_text": directions, "date_dispensed": "2026-11-16", "pharmacy_name": "Riverside Pharmacy",
               "pharmacy_address": "14 Mill Lane; Leeds", **extra}
    source = tmp_path / "content" / "row.csv"
    source.parent.mkdir(exist_ok=True)
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns))
        writer.writeheader()
        writer.writerow(columns)
    return source


@pytest.mark.parametrize("directions,extra,problem", [
    ("Take one tablet daily", {"sched_morning": "1", "sched_unit": "tablet"}, None),  # once a day agrees with any one time
    ("Take one tablet daily", {"sched_morning": "1", "sched_evening": "1", "sched_unit": "tablet"}, "the text says 1 time a day ('daily') but the schedule gives 2"),
    ("Take one tablet at night", {"sched_morning": "1", "sched_unit": "tablet"}, "the text says 1 at bedtime but the schedule gives 1 in the morning"),
    ("2 tabs nocte", {"sched_bedtime": "2", "sched_unit": "capsule"}, "the text says tablet but the schedule gives capsule"),
    ("Take 2 tablets when required max 8 in 24 hours", {"prn": "yes", "prn_dose": "2", "max_per_24h": "6", "sched_unit": "tablet"}, "no more than 8 in 24 hours but the schedule gives 6"),
    ("Take one tablet daily with food", {"with_food": "before_food"}, "the text says 'with food' but with_food gives 'before food'"),
    ("Take one tablet daily for 7 days", {"duration_days": "5"}, "the text says '7' but duration_days gives '5'"),
])
def test_text_and_columns_must_agree(tmp_path, directions, extra, problem):
    run = run_labels(label_row(tmp_path, directions, extra), LabelOptions(out_dir=tmp_path / "out", today=TODAY))
    errors = [f for f in run.findings if f.level == "error"]
    if problem is None:
        assert errors == [] and run.made == 1
    else:
        (error,) = errors
        assert error.rule == "label-directions-disagree" and problem in error.message, error.message
        assert run.made == 0


def test_columns_complete_a_reading_and_the_form_names_the_unit(tmp_path):
    run = run_labels(label_row(tmp_path, "2 prn", {"max_per_24h": "8", "prn_for": "pain"}), LabelOptions(out_dir=tmp_path / "out", today=TODAY))
    assert run.made == 1 and not [f for f in run.findings if f.rule == "label-prn-no-maximum"]
    text = flat(pdf_text(run.outputs[0].read_bytes()))
    assert "Take 2 tablets when you need it for pain No more than 8 tablets in 24 hours" in text


# Reminders: one iCalendar file per patient.


@pytest.fixture(scope="module")
def reminders(tmp_path_factory):
    out = tmp_path_factory.mktemp("reminders")
    run = run_labels(EXPORT, LabelOptions(out_dir=out, mode="large-print", jobs=1, today=TODAY, reminders=True))
    return run, {p.name: p for p in run.outputs if p.suffix == ".ics"}


def events_of(path: Path) -> list:
    calendar = Calendar.from_ical(path.read_bytes())
    return list(calendar.walk("VEVENT"))


@pytest.mark.slow
def test_reminders_are_one_calendar_per_patient_that_imports_round_trip(reminders):
    _, files = reminders
    assert sorted(files) == ["free-text-export.amira-o-neill.ics", "free-text-export.ffion-lloyd.ics", "free-text-export.owen-price.ics"]
    calendar = Calendar.from_ical(files["free-text-export.amira-o-neill.ics"].read_bytes())
    assert str(calendar["version"]) == "2.0" and str(calendar["prodid"]) == "-//easyread//medicine reminders//EN"
    events = events_of(files["free-text-export.amira-o-neill.ics"])
    got = sorted((e["dtstart"].dt.strftime("%H:%M"), str(e["summary"])) for e in events)
    assert got == [("08:00", "Take 1 Amoxicillin capsule"), ("08:00", "Take 1 Metformin tablet with food"),
                   ("12:00", "Take 1 Amoxicillin capsule"), ("18:00", "Take 1 Amoxicillin capsule"),
                   ("18:00", "Take 1 Metformin tablet with food"), ("22:00", "Take 2 Amitriptyline tablets")]
    assert all(e["dtstart"].dt.tzinfo is None and e["dtstart"].dt.date() == date(2026, 11, 16) for e in events)  # local time
    assert len({str(e["uid"]) for e in events}) == len(events)
    for event in events:
        assert event.walk("VALARM") and "does not replace your pharmacy label" in str(event["description"])
        rule = event["rrule"].to_ical().decode()
        assert rule.startswith("FREQ=DAILY")
        if "Amoxicillin" in str(event["summary"]):  # "5/7": the repeat ends after 5 days
            occurrences = list(rrulestr(rule, dtstart=event["dtstart"].dt))
            assert len(occurrences) == 5 and occurrences[-1].date() == date(2026, 11, 20)
        else:
            assert "COUNT" not in rule and "UNTIL" not in rule


@pytest.mark.slow
def test_reminder_rows_left_out_are_listed_and_once_a_day_rings_in_the_morning(reminders):
    run, files = reminders
    left_out = {f.where.row: f.message for f in run.findings if f.rule == "label-reminder-left-out"}
    assert sorted(left_out) == [4, 6, 7, 10]
    assert "only when needed" in left_out[4] and "not understood" in left_out[6] and "Methotrexate" in left_out[7]
    (once,) = list(events_of(files["free-text-export.owen-price.ics"]))
    assert str(once["summary"]) == "Take 1 Amlodipine tablet" and once["dtstart"].dt.strftime("%H:%M") == "08:00"
    assert "Your label says once a day" in str(once["description"])
    summaries = {str(e["summary"]) for e in events_of(files["free-text-export.ffion-lloyd.ics"])}
    assert summaries == {"Take 15 mL of Lactulose", "Apply Hydrocortisone"}


@pytest.mark.slow
def test_reminder_files_are_the_same_bytes_on_every_run(tmp_path, reminders):
    _, files = reminders
    run = run_labels(EXPORT, LabelOptions(out_dir=tmp_path, mode="standard", jobs=1, today=TODAY, reminders=True))
    again = {p.name: p.read_bytes() for p in run.outputs if p.suffix == ".ics"}
    assert again == {name: path.read_bytes() for name, path in files.items()}


def test_reminder_times_come_from_easyread_yaml(tmp_path, capsys):
    (tmp_path / "content").mkdir()
    source = tmp_path / "content" / "export.csv"
    source.write_bytes(EXPORT.read_bytes())
    (tmp_path / "easyread.yaml").write_text('labels:\n  reminder_times:\n    morning: "07:30"\n    bedtime: "21:45"\n', encoding="utf-8")
    assert main(["labels", str(source), "--reminders", "--out", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "wrote " in out and "export.amira-o-neill.ics" in out
    times = sorted({e["dtstart"].dt.strftime("%H:%M") for e in events_of(tmp_path / "out" / "export.amira-o-neill.ics")})
    assert times == ["07:30", "12:00", "18:00", "21:45"]


@pytest.mark.parametrize("setting,line,message", [
    ('  reminder_times:\n    morning: 8:00\n', 3, 'labels.reminder_times.morning: write a 24-hour time in quotes, like morning: "08:00"'),
    ('  reminder_times:\n    breakfast: "08:00"\n', 3, "unknown part of the day 'breakfast'"),
    ('  reminder_times:\n    morning: "25:00"\n', 3, "write a 24-hour time in quotes"),
    ('  reminder_times: "08:00"\n', 2, "labels.reminder_times must be parts of the day with times"),
    ('  reminder_times:\n    morning: "19:00"\n', 2, "must run through the day"),
])
def test_bad_reminder_times_are_usage_errors_with_their_line(tmp_path, capsys, setting, line, message):
    (tmp_path / "content").mkdir()
    source = tmp_path / "content" / "export.csv"
    source.write_bytes(EXPORT.read_bytes())
    (tmp_path / "easyread.yaml").write_text("labels:\n" + setting, encoding="utf-8")
    assert main(["labels", str(source), "--reminders", "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert f"easyread.yaml:{line}:1: error config: " in err and message in err, err


# The guide's examples are run as written.

GUIDE = ROOT / "docs" / "labels.md"


def blocks(kind: str) -> list[str]:
    return re.findall(rf"```{kind}\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.DOTALL)


def test_guide_directions_examples_print_what_the_guide_shows(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    (console,) = blocks("console")
    runs = re.split(r"^\$ ", console, flags=re.MULTILINE)[1:]
    assert len(runs) == 4
    for run in runs:
        command, _, shown = run.partition("\n")
        args = shlex.split(command)
        assert args[0] == "easyread"
        code = main(args[1:])
        assert capsys.readouterr().out == shown, command
        assert code == (1 if shown.startswith("not understood") else 0)


@pytest.mark.slow
def test_every_command_in_the_guide_runs(monkeypatch, tmp_path, capsys):
    monkeypatch.chdir(ROOT)
    commands = [line.split("#")[0].strip() for block in blocks("sh") for line in block.splitlines() if line.startswith("easyread ")]
    assert len(commands) >= 9 and any("--reminders" in c for c in commands) and any(c.startswith("easyread directions") for c in commands)
    assert any("--test-sheet" in c for c in commands) and any("--rows" in c for c in commands)
    for command in commands:
        args = shlex.split(command)[1:]
        if args[0] == "labels" and "--stocks" not in args:
            args += ["--out", str(tmp_path)]
        code = main(args)
        err = capsys.readouterr().err
        assert "internal error" not in err and code in (0, 1), (command, err)
        assert code == 0, (command, err)  # every example in the guide works as written, sheets included
    assert (tmp_path / "labels" / "example-batch.amira-o-neill.ics").is_file() or (tmp_path / "example-batch.amira-o-neill.ics").is_file()


@pytest.mark.parametrize("said,count", [("od", 1), ("daily", 1), ("once a day", 1), ("bd", 2), ("twice daily", 2), ("2 times a day", 2),
                                        ("tds", 3), ("three times a day", 3), ("tid", 3), ("qds", 4), ("4 times daily", 4), ("qid", 4)])
def test_every_amount_unit_and_frequency_combine_into_the_same_reading(said, count):
    """A grid of the usual forms: the amount, unit and number of doses are always read back exactly."""
    amounts = {"1": 1, "ONE": 1, "two": 2, "ii": 2, "half a": 0.5, "1.5": 1.5, "one and a half": 1.5, "2½": 2.5}
    units = {"tablet": "tablet", "tabs": "tablet", "caps": "capsule", "": None}
    for words, amount in amounts.items():
        for written, unit in units.items():
            for verb in ("Take ", "", "to be taken "):
                text = f"{words} {written} {verb}{said}" if verb == "to be taken " else f"{verb}{words} {written} {said}"
                reading = read(text)
                assert reading.understood, text
                assert reading.unit == unit and not reading.as_needed, text
                assert [(d.time, d.amount) for d in reading.doses] == [(None, amount)] * count, text
