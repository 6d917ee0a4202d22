"""The checker's figures for `make bench`, beside textstat's own counts on the same text.

- throughput: words per second of ``check()`` on a 200,000-word document (the bundled
  booklet repeated), paired run by run with textstat's ``lexicon_count`` and
  ``sentence_count`` on the same body text; CPU time, so other work on the machine
  matters less; medians of interleaved runs and the ratio.
- cold start: CPU time of ``easyread check`` on the bundled poster in a fresh process,
  beside a bare ``python -c pass``.

Target: >= 100,000 words/s, and a cold check of one small file under 0.3 s.
Writes a "Checker" section to docs/performance.md (other sections are left alone).
Run alone with ``python tests/bench_checker.py``.
"""

from __future__ import annotations

import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOOKLET = ROOT / "content/booklets/coproduction-quality-improvement.md"
POSTER = ROOT / "content/posters/need-help-with-medication.md"
BIN = Path(sys.executable).parent
DOC = ROOT / "docs/performance.md"
TARGET_WORDS = 200_000
RUNS = 5
COLD_RUNS = 9


def bench_checker() -> list[str]:
    """Print and return the checker's lines for docs/performance.md."""
    import gc

    sys.path.insert(0, str(ROOT))
    import textstat

    from generator.check import check, ruleset
    from generator.icons import load_catalogue
    from generator.load import parse_source
    from generator.parse import parse
    from generator.parse.glossary import glossary_cues
    from generator.project import Project

    gc.set_threshold(50_000, 50, 100)  # as `easyread check` runs (cli.py)
    head, body = BOOKLET.read_text(encoding="utf-8").split("---", 2)[1:]
    one = check(parse(parse_source(f"---{head}---{body}", "bench.md", "booklet")), ruleset("easy-read"), Project(ROOT), load_catalogue())
    copies = TARGET_WORDS // one.metrics["words"] + 1
    text = f"---{head}---" + body * copies
    started = time.process_time()
    document = parse(parse_source(text, "bench.md", "booklet"))
    parse_seconds = time.process_time() - started
    rules, catalogue, project, cues = ruleset("easy-read"), load_catalogue(), Project(ROOT), glossary_cues(document)
    ours, theirs = [], []
    for run in range(RUNS):  # interleaved: a busy moment on the machine hits both alike
        started = time.process_time()
        report = check(document, rules, project, catalogue, cues)
        ours.append(time.process_time() - started)
        plain = " ".join(block.text for block in document.walk() if block.kind == "paragraph") + f" Run {run}."  # new text: no cached answer
        started = time.process_time()
        textstat.lexicon_count(plain)
        textstat.sentence_count(plain)
        theirs.append(time.process_time() - started)
    words = report.metrics["words"]
    ours_m, theirs_m = statistics.median(ours), statistics.median(theirs)
    cold = _cold_check()
    bare = _cold([sys.executable, "-c", "pass"])
    lines = [
        f"- checker on a {words:,}-word document ({len(report.findings):,} findings): median {ours_m:.2f} s CPU over {RUNS} runs = "
        f"**{words / ours_m:,.0f} words/s** (target 100,000)",
        f"- textstat's own counts (lexicon_count + sentence_count) on the same text: median {theirs_m:.3f} s = {words / theirs_m:,.0f} words/s; "
        f"the checker takes {ours_m / theirs_m:.1f}x their time and runs {len(rules.rules)} rules",
        f"- parsing that document first (load + Markdown): {parse_seconds:.2f} s CPU = {words / parse_seconds:,.0f} words/s",
        f"- cold `easyread check` of the poster (a new process; Python's bytecode cache kept, as on a user's machine): median **{cold:.2f} s CPU** "
        f"over {COLD_RUNS} runs (target 0.3 s); a bare `python -c pass` takes {bare:.2f} s, so easyread's own part is {cold - bare:.2f} s",
        f"- load average {', '.join(f'{x:.1f}' for x in os.getloadavg())} at the end: CPU times grow with the machine's load "
        "(processes on the other core share its caches), so compare runs made at a similar load",
    ]
    print("\n".join(lines))
    return lines


def _cold(command: list[str]) -> float:
    """Median CPU time (user + system) of ``command`` in a fresh process.

    As on a user's machine, Python may keep the compiled bytecode of our modules
    (``__pycache__``): a first, untimed run writes it, even where the environment
    sets PYTHONDONTWRITEBYTECODE (which would make every run compile easyread anew).
    """
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(command, check=False, capture_output=True, env=env)
    times = []
    for _ in range(COLD_RUNS):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(command, check=False, capture_output=True, env=env)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(times)


def _cold_check() -> float:
    return _cold([str(BIN / "easyread"), "check", str(POSTER)])


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), platform.machine()) if Path("/proc/cpuinfo").exists() else platform.machine()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"{os.cpu_count()} cores ({model}), Python {platform.python_version()}, load average {load} at the start, {time.strftime('%Y-%m-%d')}"


def write_section(title: str, lines: list[str]) -> None:
    """Replace (or add) the ``## title`` section of docs/performance.md, keeping the others."""
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Performance\n\nFigures from `make bench` on the machine named in each section.\n"
    section = f"## {title}\n\nMeasured by `make bench` on {machine()}.\n\n" + "\n".join(lines) + "\n"
    parts = text.split("\n## ")
    kept = [parts[0].rstrip("\n") + "\n"] + [f"## {p.rstrip()}\n" for p in parts[1:] if not p.startswith(f"{title}\n")]
    DOC.write_text("\n".join([*kept, section]), encoding="utf-8")


if __name__ == "__main__":
    write_section("Checker", bench_checker())
