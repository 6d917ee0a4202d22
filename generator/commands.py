"""What each subcommand does, in terms of the library; ``cli.py`` handles the rest."""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from . import report as fmt
from .check import ruleset
from .check.rulespec import RuleSpec, builtin_rules, known_rules, profiles
from .config import load_settings
from .errors import ConfigError, GeneratorError, Problem
from .icons import Catalogue, Picture, load_catalogue
from .load import display_path, find_content
from .model import Report
from .pipeline import BuildOptions, build, check_document, check_file
from .project import Project

LONGEST_DIRECTIONS = 1000


def _paths_exist(paths: list[Path]) -> None:
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise ConfigError([Problem(str(p), 0, 0, "usage", "no such file or folder") for p in missing])


def _time_limit(args: argparse.Namespace) -> float | None:
    """``--time-limit SECONDS`` (0 means no limit)."""
    seconds = args.time_limit
    if seconds < 0:
        raise ConfigError(Problem("--time-limit", 0, 0, "usage", "--time-limit must be 0 (no limit) or a number of seconds"))
    return seconds or None


def run_build(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    _paths_exist(args.paths)
    formats = ("pdf", "html") if args.format == "both" else (args.format,)
    options = BuildOptions(out_dir=args.out, formats=formats, check=not args.no_check, strict=args.strict, profile=args.profile,
                           draft=args.draft, time_limit=_time_limit(args))
    failed = False
    for result in build(args.paths, options):
        for report in result.reports:
            shown = fmt.as_text([report], min_level="warning", colour=err.isatty())
            findings = [line for line in shown.splitlines() if not line.startswith(f"{report.path}: ")]
            if findings:
                print("\n".join(findings), file=err)
        for problem in result.problems:
            print(problem.format(), file=err)
        for problem in result.draft_problems:
            where = f"{problem.path}:{problem.line}:{problem.column}" if problem.line else problem.path
            print(f"{where}: warning {problem.rule}: {problem.message} (a draft is written anyway)", file=err)
        for finding in result.findings:  # verify, on the outputs
            line = finding.format()
            print(line.replace(": error ", ": warning ", 1) if result.draft else line, file=err)
        if result.stopped_by_checker:
            failed = True
            level = "warnings" if args.strict else "errors"
            print(f"{result.source}: not built: the checker found {level} (fix them, or use --no-check to build anyway)", file=err)
        elif result.problems:
            failed = True
        else:
            for path in result.outputs:
                pages = _pages_note(path, result.pages)
                if path in result.failed_outputs:
                    good = path.with_name(path.name.replace(".failed", ""))
                    kept = f"; {good} is from an earlier build and was not replaced" if good.exists() else ""
                    print(f"{result.source}: verify failed: wrote {path}{pages} (fix what is listed above, or use --draft){kept}", file=err)
                else:
                    flagged = result.draft and any(f.file == str(path) for f in result.findings)
                    print(f"wrote {path}{pages}" + (" (draft: verify found problems)" if flagged else ""), file=out)
            if result.failed_outputs:
                failed = True
    return 1 if failed else 0


def run_verify(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .verify import SUFFIXES, products, verify_file

    _paths_exist(args.files)
    wrong = [p for p in args.files if p.is_dir() or p.suffix.lower() not in SUFFIXES]
    if wrong:
        raise ConfigError([Problem(str(p), 0, 0, "usage", "verify checks .pdf and .html files; give the output files, not a folder") for p in wrong])
    if args.product is not None and args.product not in products():
        raise ConfigError(Problem("--product", 0, 0, "usage", f"unknown product '{args.product}'; use {', '.join(products())}"))
    findings = [finding for path in args.files for finding in verify_file(path, args.product)]
    if args.json:
        import json

        files = {str(p): [f.as_dict() for f in findings if f.file == str(p)] for p in args.files}
        print(json.dumps({"files": [{"file": name, "ok": not found, "findings": found} for name, found in files.items()],
                          "ok": not findings}, indent=1, ensure_ascii=False), file=out)
    else:
        for finding in findings:
            print(finding.format(), file=out)
        bad = len({f.file for f in findings})
        print(f"verified {len(args.files)} file{'s' if len(args.files) != 1 else ''}: "
              + ("all pass" if not findings else f"{len(findings)} finding{'s' if len(findings) != 1 else ''} in {bad}"), file=err)
    return 1 if findings else 0


def _pages_note(path: Path, pages: int) -> str:
    if path.name.endswith(".print.pdf"):
        sheets = -(-pages // 4)
        return f" (for the printer: {sheets} sheet{'s' if sheets != 1 else ''}, double-sided, flip on the short edge, fold)"
    if path.suffix == ".pdf":
        return f" ({pages} page{'s' if pages != 1 else ''})"
    return ""


def run_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    _paths_exist(args.paths)
    label_files = [p for p in args.paths if p.is_file() and p.suffix.lower() != ".md"]
    if label_files:  # the label reader loads only when a label batch may be among the paths
        from .labels.read import SUFFIXES

        label_files = [p for p in label_files if p.suffix.lower() in SUFFIXES]
    reports = []
    problems = []
    rules: dict[str, RuleSpec] = {}
    paths = find_content([p for p in args.paths if p not in label_files])
    checked = {path.resolve() for path in paths}
    for path in paths:
        try:
            document, report = check_file(path, args.profile, _time_limit(args))
            reports.append(report)
            second = document.translation
            if second is not None and Path(second.source.path).resolve() not in checked:
                # A bilingual booklet's second file is checked with it, once.
                checked.add(Path(second.source.path).resolve())
                reports.append(check_document(second, Project.for_path(path), args.profile)[1])
        except ConfigError:
            raise
        except GeneratorError as exc:
            problems.extend(exc.problems)
        if args.format == "sarif":
            rules.update((spec.id, spec) for spec in known_rules(load_settings(Project.for_path(path).root)))
    batches = _check_labels(label_files, problems, err)
    for problem in problems:
        print(problem.format(), file=err)
    if args.format == "json":
        print(fmt.as_json(reports + [r for r, _ in batches], args.min_level, args.show_suppressed), file=out)
    elif args.format == "sarif":
        print(fmt.as_sarif(reports + [r for r, _ in batches], list(rules.values()) or known_rules(), args.min_level), file=out)
    else:
        shown = [fmt.as_text(reports, args.min_level, colour=out.isatty(), show_suppressed=args.show_suppressed, why=args.why)] if reports else []
        for report, line in batches:
            shown += [found.format() for found in fmt.visible(report, args.min_level)] + [line]
        if shown:
            print("\n".join(shown), file=out)
    return 1 if problems or any(r.fails(args.strict) for r in reports + [r for r, _ in batches]) else 0


def _check_labels(paths: list[Path], problems: list[Problem], err: TextIO) -> list[tuple[Report, str]]:
    """Validate label batches without rendering: a checker report and a summary line each."""
    if not paths:
        return []
    from .labels.lint import as_report, check_label_file, summary_line

    batches = []
    for path in paths:
        if path.name == "easyread.yaml":
            problems.append(Problem(str(path), 0, 0, "usage", "this is the settings file, not a label file; it is checked whenever content or labels are"))
            continue
        try:
            checked = check_label_file(path)
        except ConfigError:
            raise
        except GeneratorError as exc:
            problems.extend(exc.problems)
            continue
        for note in checked.notes:
            print(f"note: {note}", file=err)
        batches.append((as_report(checked), summary_line(checked)))
    return batches


def run_rules(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Every rule with its level per profile and the languages it can judge.

    ``--lang cy`` lists only the rules that run on Welsh text, then the ones skipped.
    """
    names = [args.profile] if args.profile else list(profiles())
    for name in names:
        ruleset(name, profile_at=("--profile", 0))  # validates the profile name
    if args.format == "markdown":
        from .check.reference import rules_markdown

        print(rules_markdown(names), file=out, end="")
        return 0
    if args.lang:
        from .messages import NAMES, base

        _language_option(args.lang)
    print(f"{'rule':<26} {'kind':<22} " + " ".join(f"{n:<12}" for n in names) + f" {'languages':<10} source", file=out)
    skipped = []
    for spec in builtin_rules():
        if args.lang and not spec.applies_to(args.lang):
            skipped.append(spec.id)
            continue
        levels = []
        for name in names:
            active = ruleset(name).get(spec.id)
            levels.append(active.level if active else "off")
        languages = ",".join(spec.languages)
        print(f"{spec.id:<26} {spec.kind:<22} " + " ".join(f"{lvl:<12}" for lvl in levels) + f" {languages:<10} {spec.source}", file=out)
    if skipped:
        print(f"skipped for {NAMES[base(args.lang)]} ({args.lang}): {', '.join(skipped)}", file=out)
    return 0


def _language_option(tag: str) -> None:
    """A ``--lang`` value must be a language easyread knows; otherwise a usage error (exit 2)."""
    from .messages import LANGUAGES, tag_problem

    if tag_problem(tag):
        raise ConfigError(Problem("--lang", 0, 0, "usage", f"'{tag}' is not a language easyread knows; use {' or '.join(f'--lang {c}' for c in LANGUAGES)}"))


def run_pictures(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """easyread pictures search|list|suggest, or --sheet for the gallery and contact sheets."""
    catalogue = load_catalogue()
    if args.sheet:
        return _sheets(list(catalogue.icons.values()), args.out, catalogue, out)
    if args.action == "search":
        return _search(args.text, args.limit, args.json, catalogue, out, err)
    if args.action == "list":
        pictures = [p for p in catalogue.icons.values() if args.picture_set in (None, p.set)]
        if args.picture_set is not None and args.picture_set not in catalogue.sets:
            raise ConfigError(Problem("--set", 0, 0, "usage", f"no picture set '{args.picture_set}'; use one of {', '.join(catalogue.sets)}"))
        if args.json:
            print(json.dumps([p.as_dict(catalogue.sets) for p in pictures], indent=1, ensure_ascii=False), file=out)
        else:
            for picture in pictures:
                print(f"{picture.name:<26} {picture.alt:<48} {picture.set}, {picture.licence}", file=out)
        return 0
    if args.action == "suggest":
        return _suggest(args.file, args.json, catalogue, out)
    raise ConfigError(Problem("easyread pictures", 0, 0, "usage", "say what to do: pictures search \"WORDS\", pictures list, pictures suggest FILE, or pictures --sheet"))


def run_icons(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """The old command: list, --search WORDS, --sheet (of the matches when searching)."""
    catalogue = load_catalogue()
    if args.sheet:
        from .pictures import search

        pictures = [m.picture for m in search(args.search, 200)] if args.search else list(catalogue.icons.values())
        return _sheets(pictures, args.out, catalogue, out)
    if args.search:
        return _search(args.search, 20, False, catalogue, out, err)
    for picture in catalogue.icons.values():
        print(f"{picture.name:<26} {picture.alt:<48} {', '.join(picture.tags)}", file=out)
    return 0


def _search(text: str, limit: int, as_json: bool, catalogue: Catalogue, out: TextIO, err: TextIO) -> int:
    from .pictures import search

    if limit < 1:
        raise ConfigError(Problem("--limit", 0, 0, "usage", "--limit must be 1 or more"))
    matches = search(text, limit, catalogue)
    if as_json:
        print(json.dumps([m.as_dict(catalogue) for m in matches], indent=1, ensure_ascii=False), file=out)
    else:
        for m in matches:
            print(f"{m.name:<26} {m.score:6.1f}  {m.picture.alt:<44} ({m.picture.set}, {m.picture.licence})", file=out)
    if not matches:
        print(f"no picture fits '{text}'; try other words, or a simpler word for the same idea", file=err)
        return 1
    return 0


def _suggest(path: Path, as_json: bool, catalogue: Catalogue, out: TextIO) -> int:
    """For each row whose picture does not fit its words, or is used too often: up to 3 better pictures."""
    from .load import load
    from .parse import parse
    from .pictures.review import review

    _paths_exist([path])
    advice = review(parse(load(path)), catalogue)
    if as_json:
        rows = []
        for a in advice:
            span = a.row.cue.span
            reasons = (["words"] if a.mismatch else []) + (["overused"] if a.overused else [])
            rows.append({"path": span.path, "line": span.line, "column": span.column, "picture": a.row.cue.target, "reasons": reasons,
                         "uses": a.uses, "text": a.row.text, "suggestions": [m.as_dict(catalogue) for m in a.suggestions]})
        print(json.dumps(rows, indent=1, ensure_ascii=False), file=out)
    else:
        for a in advice:
            span = a.row.cue.span
            why = " and ".join((["its words are not in the row"] if a.mismatch else []) + ([f"it is used {a.uses} times"] if a.overused else []))
            offer = ", ".join(f"{m.name} ({m.picture.alt})" for m in a.suggestions) or "nothing in the library fits these words"
            print(f"{span.path}:{span.line}:{span.column}: '{a.row.cue.target}': {why}. Try: {offer}", file=out)
        if not advice:
            print(f"{path}: every picture fits its words, and none is used more than 3 times", file=out)
    return 1 if advice else 0


def _sheets(pictures: Sequence[Picture], out_dir: Path, catalogue: Catalogue, out: TextIO) -> int:
    from .pictures.sheets import write_sheets

    started = time.perf_counter()
    for written in write_sheets(pictures, out_dir, catalogue):
        pages = f", {written.pages} page{'s' if written.pages != 1 else ''}" if written.pages else ""
        print(f"wrote {written.path} ({written.pictures} pictures{pages})", file=out)
    print(f"done in {time.perf_counter() - started:.1f} s", file=out)
    return 0


def run_directions(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Exit 0 when the directions were understood, 1 when not (the label prints them as written)."""
    import json

    from .labels.directions import reading_json, reading_lines
    from .labels.reading import read

    text = " ".join(args.text).strip()
    if not text:
        raise ConfigError(Problem("easyread directions", 0, 0, "usage", 'give the directions in quotes, for example: easyread directions "1 tds"'))
    if len(text) > LONGEST_DIRECTIONS:
        raise ConfigError(Problem("easyread directions", 0, 0, "usage", f"{len(text)} characters; directions are {LONGEST_DIRECTIONS} at most"))
    reading = read(text)
    data = reading_json(reading)
    if args.json:
        print(json.dumps(data, ensure_ascii=False), file=out)
    else:
        print("\n".join(reading_lines(reading)), file=out)
    return 0 if reading.understood else 1


def run_preview(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Serve the live preview until Ctrl+C (exit 0), or say why it cannot start (exit 2)."""
    _paths_exist([args.file])
    if not args.file.is_file() or args.file.suffix.lower() != ".md":
        raise ConfigError(Problem(str(args.file), 0, 0, "usage", "give one Markdown file (.md) to preview"))
    if args.port is not None and not 1 <= args.port <= 65535:
        raise ConfigError(Problem("--port", 0, 0, "usage", "--port must be between 1 and 65535"))
    from .studio.server import serve

    def announce(line: str) -> None:
        print(line, file=out, flush=True)
        print("Press Ctrl+C to stop.", file=err, flush=True)

    serve(args.file, args.port, announce, open_browser=not args.no_browser, profile=args.profile)
    return 0


def run_review(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    _paths_exist([args.file])
    from .project import Project
    from .studio.review import review_path, review_sheet
    from .write import write_atomic

    sheet = review_sheet(args.file)
    project = Project.for_path(args.file)
    path = write_atomic(review_path(args.file, args.out or project.root / "output", project), sheet.pdf)
    print(f"wrote {display_path(path)} ({sheet.pages} sheets)", file=out)
    return 0


def run_diff(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .load import load
    from .parse import parse
    from .studio.diff import document_from, read_version, write_changes

    wanted = 1 if args.since else 2
    if len(args.files) != wanted:
        usage = "give one FILE with --since GIT_REF" if args.since else "give two files: OLD.md NEW.md (or one FILE with --since GIT_REF)"
        raise ConfigError(Problem("easyread diff", 0, 0, "usage", usage))
    _paths_exist(args.files)
    new_path = args.files[-1]
    if args.since:
        text, old_name = read_version(new_path, args.since)
        old = document_from(text, old_name, new_path)
    else:
        old, old_name = parse(load(args.files[0])), display_path(args.files[0])
    written = write_changes(old, parse(load(new_path)), old_name, display_path(new_path), new_path, args.out)
    counts = written.counts
    print(f"{counts['changed']} changed, {counts['added']} new, {counts['removed']} taken out", file=out)
    print(f"wrote {display_path(written.pdf)} ({written.pages} page{'s' if written.pages != 1 else ''})", file=out)
    print(f"wrote {display_path(written.html)}", file=out)
    return 0


def run_new(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .starters import write_starter

    folder = args.dir or Path("content") / ("booklets" if args.kind == "booklet" else "posters")
    path = write_starter(args.kind, args.name, folder)
    print(f"wrote {path}; edit it, then run: easyread build {path}", file=out)
    return 0


def run_init(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .starters import write_settings

    folder = args.dir or Path(".")
    if not folder.is_dir():
        raise ConfigError(Problem(str(folder), 0, 0, "usage", "no such folder"))
    path = write_settings(folder)
    print(f"wrote {display_path(path)}; every setting in it is optional and explained there", file=out)
    return 0


def run_labels(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .labels import stock
    from .labels.batch import LabelOptions
    from .labels.batch import run_labels as render_labels

    if args.stocks:
        from .labels.settings import project_settings

        print("\n".join(stock.listing(project_settings(Project.for_path(Path.cwd()).root).stocks)), file=out)
        return 0
    if args.test_sheet:
        from .labels.batch import make_test_sheet

        if args.file is not None:
            raise ConfigError(Problem("--test-sheet", 0, 0, "usage", "--test-sheet prints a page of empty slots; give it without a file"))
        path = make_test_sheet(args.test_sheet, args.out)
        print(f"wrote {display_path(path)}: print it at 100% (actual size) and hold it against a sheet", file=out)
        return 0
    if args.file is None:
        raise ConfigError(Problem("easyread labels", 0, 0, "usage", "give a .csv or .yaml file of labels (or --stocks to list label sizes)"))
    _paths_exist([args.file])
    if args.jobs is not None and args.jobs < 1:
        raise ConfigError(Problem("--jobs", 0, 0, "usage", "--jobs must be 1 or more"))
    options = LabelOptions(out_dir=args.out, mode=args.mode, stock=args.stock, sheet=args.sheet, start=args.start,
                           compare=args.compare, companion=args.companion, report=args.report, two_part=args.two_part, jobs=args.jobs,
                           rows=args.rows, reminders=args.reminders)
    with _progress(err) as progress:
        run = render_labels(args.file, options, progress)
    for finding in run.findings:
        print(finding.format(), file=err)
    for note in run.notes:
        print(f"note: {note}", file=err)
    for path in run.outputs:
        print(f"wrote {display_path(path)}", file=out)
    failed = run.failed_rows
    rows = f"{run.rows} row" + ("" if run.rows == 1 else "s")
    made = f"{run.made} label{'s' if run.made != 1 else ''} made" + (f" ({run.labels} printed)" if run.labels != run.made else "")
    failed_rows = f" (rows {', '.join(map(str, failed))})" if failed else ""
    reports = ", ".join(display_path(p) for p in run.reports)
    print(f"{run.source}: {rows}, {made}, {len(failed)} failed{failed_rows} in {run.seconds:.1f} s; report: {reports}", file=out)
    return 1 if failed else 0


@contextmanager
def _progress(err: TextIO) -> Iterator[Callable[[int, int], None] | None]:
    """A rich progress bar on a terminal; nothing when output is redirected."""
    if not err.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    # Labels are laid out a part (up to 250) at a time, so the count moves in
    # steps; the spinner and the clock show it is working in between.
    columns = (SpinnerColumn(), TextColumn("labels"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(file=err), transient=True) as bar:
        task = bar.add_task("labels", total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)
