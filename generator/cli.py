"""The command line: the only place that prints or exits.

Exit codes: 0 ok; 1 content errors or findings at the failing level; 2 usage or
configuration errors. Problems print as ``path:line:col: error rule-id: message``.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import select
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from . import __version__, limits
from .errors import ConfigError, GeneratorError

USAGE_ERROR = 2
BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a program whose reader went away


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(USAGE_ERROR, f"{self.prog}: error: {message}\n")


def make_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="easyread", description="Turn Markdown into accessible print: easy-read booklets, large-print posters and medication-label mockups.")
    parser.add_argument("--version", action="version", version=f"easyread {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="show each pipeline step")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    build = sub.add_parser("build", help="check and render content files or folders to PDF and HTML")
    build.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    build.add_argument("--out", type=Path, default=None, help="output folder (default: output/ in the project)")
    build.add_argument("--format", choices=["pdf", "html", "both"], default="both")
    build.add_argument("--no-check", action="store_true", help="build even when the checker finds errors (findings are still printed; exit 0 when written)")
    build.add_argument("--draft", action="store_true",
                       help="always print: findings become numbered notes beside their rows, unknown pictures placeholder boxes, every page says Draft and the date; outputs that fail verify keep their usual name (exit 0)")
    build.add_argument("--strict", action="store_true", help="warnings stop the build too")
    build.add_argument("--profile", default=None, help="checker profile: easy-read, large-print or label")
    build.add_argument("--time-limit", type=float, default=limits.SECONDS_PER_DOCUMENT, metavar="SECONDS",
                       help=f"stop a document that takes longer than this (default {limits.SECONDS_PER_DOCUMENT:g}; 0: no limit)")

    verify = sub.add_parser("verify", help="check finished PDFs and HTML pages the way an accessibility auditor would")
    verify.add_argument("files", nargs="+", type=Path, metavar="FILE", help="a .pdf or .html output")
    verify.add_argument("--json", action="store_true", help="print the findings as JSON")
    verify.add_argument("--product", default=None, metavar="NAME",
                        help="hold a PDF to this product's thresholds (default: the product recorded in the file)")

    check = sub.add_parser("check", help="check content against the easy-read rules")
    check.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    check.add_argument("--format", choices=["text", "json", "sarif"], default="text")
    check.add_argument("--profile", default=None)
    check.add_argument("--strict", action="store_true", help="warnings fail too (exit 1)")
    check.add_argument("--min-level", choices=["suggestion", "warning", "error"], default="suggestion", help="hide findings below this level")
    check.add_argument("--show-suppressed", action="store_true", help="also list findings switched off in the source")
    check.add_argument("--why", action="store_true", help="explain why each rule matters")
    check.add_argument("--time-limit", type=float, default=limits.SECONDS_PER_DOCUMENT, metavar="SECONDS",
                       help=f"stop checking a file that takes longer than this (default {limits.SECONDS_PER_DOCUMENT:g}; 0: no limit)")

    rules = sub.add_parser("rules", help="list every rule with its id, level, profile and source")
    rules.add_argument("--profile", default=None, help="only this profile")
    rules.add_argument("--lang", default=None, help="only the rules that run on text in this language (en or cy), then those skipped")
    rules.add_argument("--format", choices=["text", "markdown"], default="text", help="markdown: the rules reference page, docs/rules.md")

    pictures = sub.add_parser("pictures", help="find pictures by meaning, list the library, suggest better pictures, or make the gallery")
    pictures.add_argument("--sheet", action="store_true", help="write the browsable gallery (HTML) and a printable contact sheet per picture set")
    pictures.add_argument("--out", type=Path, default=Path("output"), help="folder for the gallery and sheets (default: output/)")
    actions = pictures.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser)
    find = actions.add_parser("search", help="the pictures that best fit some words, best first")
    find.add_argument("text", metavar="TEXT", help="words, or a whole sentence, in quotes")
    find.add_argument("--limit", type=int, default=10, metavar="N", help="at most N pictures (default 10)")
    find.add_argument("--json", action="store_true", help="print JSON")
    listing = actions.add_parser("list", help="every picture in the library")
    listing.add_argument("--set", dest="picture_set", default=None, metavar="SET", help="only one set: mulberry, fluent, healthicons or easyread")
    listing.add_argument("--json", action="store_true", help="print JSON")
    suggest = actions.add_parser("suggest", help="better pictures for the rows of a document whose picture does not fit, or is used too often")
    suggest.add_argument("file", type=Path, metavar="FILE")
    suggest.add_argument("--json", action="store_true", help="print JSON")

    icons = sub.add_parser("icons", help="the old name of 'pictures' (list, --search WORDS, --sheet)")
    icons.add_argument("--search", metavar="WORDS", help="only pictures that fit these words")
    icons.add_argument("--sheet", action="store_true", help="write the gallery and contact sheets (of the matches, with --search)")
    icons.add_argument("--out", type=Path, default=Path("output"), help="folder for the sheets (default: output/)")

    labels = sub.add_parser("labels", help="render medication label mockups from a CSV or YAML file")
    labels.add_argument("file", nargs="?", type=Path, metavar="FILE", help="a .csv batch (one row per label) or a .yaml label")
    labels.add_argument("--out", type=Path, default=None, help="output folder (default: output/ in the project)")
    labels.add_argument("--mode", choices=["standard", "large-print", "easy-read"], default="large-print")
    labels.add_argument("--stock", default=None, metavar="NAME", help="single label stock, or a custom size such as 90x50 (mm)")
    labels.add_argument("--sheet", default=None, metavar="LAYOUT", help="A4 sheet layout such as L7165 (8 per sheet)")
    labels.add_argument("--start", type=int, default=1, metavar="N", help="first free label on a part-used sheet (default 1)")
    labels.add_argument("--compare", action="store_true", help="also make standard and large-print labels side by side")
    labels.add_argument("--companion", action="store_true", help="also make an easy-read 'My medicines' A4 sheet per patient")
    labels.add_argument("--two-part", action="store_true", help="split each label in two: the dose, then the warnings and details")
    labels.add_argument("--reminders", action="store_true", help="also write a calendar file (.ics) of dose reminders per patient")
    labels.add_argument("--report", type=Path, default=None, metavar="FILE", help="write the row report here (.csv or .json)")
    labels.add_argument("--stocks", action="store_true", help="list label stocks and sheet layouts")
    labels.add_argument("--jobs", type=int, default=None, metavar="N", help="processes to use (default: one per core)")
    labels.add_argument("--rows", default=None, metavar="LIST", help="print only these rows, such as 3,7-9 (a reprint; with --start for a part-used sheet)")
    labels.add_argument("--test-sheet", default=None, metavar="LAYOUT", help="print one page with every slot's outline and number and a 100 mm ruler, to check 'print at 100%%'")

    init = sub.add_parser("init", help="write a commented sample easyread.yaml with every setting")
    init.add_argument("--dir", type=Path, default=None, help="folder for it (default: this folder)")

    directions = sub.add_parser("directions", help="read prescription directions the way the labels will print them")
    directions.add_argument("text", nargs="+", metavar="TEXT", help='the directions, in quotes: "Take ONE tablet TWICE a day"')
    directions.add_argument("--json", action="store_true", help="print the reading as JSON")

    preview = sub.add_parser("preview", help="show a booklet or poster in the browser, with its findings, updated as you save")
    preview.add_argument("file", type=Path, metavar="FILE")
    preview.add_argument("--port", type=int, default=None, metavar="N", help="port on 127.0.0.1 (default: a free one)")
    preview.add_argument("--no-browser", action="store_true", help="do not open a browser; just print the address")
    preview.add_argument("--profile", default=None, help="checker profile: easy-read, large-print or label")

    review = sub.add_parser("review", help="make a review sheet to take to a co-design meeting: each page small, tick boxes and room to write")
    review.add_argument("file", type=Path, metavar="FILE")
    review.add_argument("--out", type=Path, default=None, help="output folder (default: output/ in the project)")

    diff = sub.add_parser("diff", help="show what changed between two versions, row by row, as a PDF and an HTML page")
    diff.add_argument("files", nargs="+", type=Path, metavar="FILE", help="OLD.md NEW.md, or one FILE with --since")
    diff.add_argument("--since", metavar="GIT_REF", default=None, help="compare FILE with its version at this git revision (git show REF:path)")
    diff.add_argument("--out", type=Path, default=None, metavar="F", help="the PDF to write; the HTML goes beside it (default: output/...-changes.pdf)")

    new = sub.add_parser("new", help="write a commented starter file")
    new.add_argument("kind", choices=["booklet", "poster"])
    new.add_argument("name")
    new.add_argument("--dir", type=Path, default=None, help="folder (default: content/booklets or content/posters)")
    return parser


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    out, err = stdout or sys.stdout, stderr or sys.stderr
    parser = make_parser()
    args = parser.parse_args(argv)
    if args.command != "labels":
        # One build allocates hundreds of thousands of small objects (CSS values,
        # layout boxes) that live until the end. Collecting the young generation
        # every 700 allocations cost about 5% of a cold poster build. Label batches
        # keep the default: there, frequent collection halves peak memory.
        gc.set_threshold(50_000, 50, 100)
    if args.command is None:
        parser.print_help(out)
        return USAGE_ERROR
    _logging(err, args.verbose)
    try:
        from . import commands

        code = int(getattr(commands, f"run_{args.command}")(args, out, err))
        out.flush()  # a reader that has gone (`| head`) is met here, not at exit
        return code
    except GeneratorError as exc:  # content problems exit 1, usage and config problems 2
        for problem in exc.problems:
            print(problem.format(), file=err)
        return exc.exit_code
    except KeyboardInterrupt:
        print("easyread: stopped", file=err)
        return 130
    except Exception as exc:  # a bug in easyread, not in the user's content...
        if isinstance(exc, BrokenPipeError) and _reader_gone(out):  # ...unless our reader left (`| head`):
            _quiet(out)  # end quietly, as `yes | head` does
            return BROKEN_PIPE
        system = _system_refusal(exc)
        if system is not None:  # ...unless the system refused to write a file (disk full, size limit)
            for problem in system.problems:
                print(problem.format(), file=err)
            return USAGE_ERROR
        if args.verbose:
            raise
        print(f"easyread: internal error: {type(exc).__name__}: {exc}. Run again with -v and report it, please.", file=err)
        return 1


def _reader_gone(stream: TextIO) -> bool:
    """Whether ``stream`` is a pipe whose reading end is closed (and not some other pipe,
    such as a label worker's, that broke)."""
    try:
        fileno = stream.fileno()
    except (OSError, ValueError, AttributeError):  # not a real file (a StringIO in tests)
        return False
    poller = select.poll()
    poller.register(fileno, select.POLLOUT)
    return any(events & select.POLLERR for _, events in poller.poll(0))


def _quiet(stream: TextIO) -> None:
    """Point a closed standard output at /dev/null so Python's flush at exit stays silent."""
    try:
        fileno = stream.fileno()
    except (OSError, ValueError, AttributeError):  # not a real file (a StringIO in tests)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fileno)
    os.close(devnull)


def _system_refusal(exc: Exception) -> ConfigError | None:
    """A full disk or a file-size limit met outside ``write.py`` (the layout engine's
    temporary font files) is the same plain usage error as in ``write.py``."""
    import tempfile

    from .write import PLAIN, refused

    if isinstance(exc, OSError) and exc.errno in PLAIN:
        if exc.filename:
            return refused(exc.filename, exc)
        return refused(tempfile.gettempdir(), exc, "the temporary files made while rendering (fonts) in this folder")
    return None


def _logging(err: TextIO, verbose: bool) -> None:
    handler = logging.StreamHandler(err)
    handler.setFormatter(logging.Formatter("easyread: %(message)s"))
    logger = logging.getLogger("easyread")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    logger.propagate = False
