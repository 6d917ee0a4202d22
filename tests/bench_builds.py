"""Builds beside plain WeasyPrint: `easyread build` of the bundled poster and booklet, cold.

Each pair runs, one after the other, ``easyread build FILE --format pdf`` (load,
parse, check, render, layout checks, PDF, verify, write) and WeasyPrint's own
command on the very HTML our renderer made, with the same options (PDF/UA-1,
tags, custom metadata). The figure is CPU time (user + system of the child
process, so other work on a shared machine does not count), as the median of the
per-pair ratios. Target (issue 16): 1.10x or less. Beside it: what an HTML-only
build costs, and that it never imports WeasyPrint.

Run alone: ``.venv/bin/python tests/bench_builds.py`` (``BENCH_BUILD_RUNS=n``).
"""

from __future__ import annotations

import ast
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RUNS = int(os.environ.get("BENCH_BUILD_RUNS", "7"))
TARGET = 1.10
BUILDS = {
    "poster": ROOT / "content/posters/need-help-with-medication.md",
    "booklet": ROOT / "content/booklets/coproduction-quality-improvement.md",
}


# As on a user's machine, Python keeps the compiled bytecode of our modules (__pycache__;
# pip compiles WeasyPrint's when it installs it): the first, untimed run of each pair
# writes ours, even where the environment sets PYTHONDONTWRITEBYTECODE, which would make
# every run compile easyread anew and measure that instead of the build.
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def cpu(command: list[str]) -> float:
    """CPU seconds (user + system) the command's process used, and every process it started."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT, env=ENV)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def same_html(path: Path) -> str:
    """The HTML `easyread build` lays out for ``path`` (fonts and pictures as file URLs)."""
    sys.path.insert(0, str(ROOT))
    from generator.icons import load_catalogue
    from generator.pipeline import read_document
    from generator.presets import get_preset
    from generator.project import Project
    from generator.render import Target, render_html

    project = Project.for_path(path)
    document = read_document(path, project)
    return render_html(document, get_preset(document.kind), Target("pdf", project, load_catalogue()))


def bench_build(name: str, path: Path, tmp: Path) -> dict[str, float]:
    page = tmp / f"{name}.html"
    page.write_text(same_html(path), encoding="utf-8")
    ours_cmd = [str(BIN / "easyread"), "build", str(path), "--format", "pdf", "--out", str(tmp / "out")]
    plain_cmd = [str(BIN / "weasyprint"), "--pdf-variant", "pdf/ua-1", "--pdf-tags", "--custom-metadata",
                 "--base-url", str(ROOT) + "/", str(page), str(tmp / f"{name}.plain.pdf")]
    html_cmd = [str(BIN / "easyread"), "build", str(path), "--format", "html", "--out", str(tmp / "out")]
    cpu(ours_cmd), cpu(plain_cmd), cpu(html_cmd)  # warm the disk cache and font cache for both alike, and write our bytecode
    ours, plain, ratios, html = [], [], [], []
    for run in range(RUNS):
        if run % 2:  # every other pair runs plain WeasyPrint first, so a change in the machine's load hits both alike
            plain.append(cpu(plain_cmd))
            ours.append(cpu(ours_cmd))
        else:
            ours.append(cpu(ours_cmd))
            plain.append(cpu(plain_cmd))
        ratios.append(ours[-1] / plain[-1])
        html.append(cpu(html_cmd))
    return {"ours": statistics.median(ours), "plain": statistics.median(plain), "ratio": statistics.median(ratios),
            "low": min(ratios), "high": max(ratios), "html": statistics.median(html)}


PHASES = """
import sys, time
from pathlib import Path
last = 0.0
marks = []
def mark(name):
    global last
    now = time.process_time(); marks.append((name, now - last)); last = now
import generator.pipeline as P
from generator.icons import load_catalogue
from generator.presets import get_preset
from generator.project import Project
mark("Python and easyread's own imports")
path = Path(sys.argv[1])
document, report = P.check_file(path); mark("load, parse, check")
from generator.render import Target, render_html
from generator.render import pdf as pdf_writer
from generator.verify import verify_pdf
mark("import WeasyPrint and pikepdf")
project, preset = Project.for_path(path), get_preset(document.kind)
html = render_html(document, preset, Target("pdf", project, load_catalogue())); mark("render HTML (Jinja2)")
rendered = pdf_writer.layout(html, str(path), P.render_roots(project), project.root); mark("WeasyPrint layout")
P._verify(rendered, document, preset); mark("layout checks on plain boxes")
data = pdf_writer.pdf_bytes(rendered, preset.name); mark("WeasyPrint PDF writing, tag repair")
verify_pdf(data, "x.pdf", preset.name); mark("verify the PDF (pikepdf)")
import resource
children = resource.getrusage(resource.RUSAGE_CHILDREN)
marks.append(("processes started (finding WeasyPrint's libraries)", children.ru_utime + children.ru_stime))
print(repr(marks))
"""

# What plain WeasyPrint's start costs in processes: ctypes' library search runs ldconfig,
# gcc and ld for each spelling of each library name it tries.
PLAIN_START = """
import resource, subprocess
started = []
original = subprocess.Popen.__init__
def counting(self, args, *rest, **named):
    started.append(args)
    original(self, args, *rest, **named)
subprocess.Popen.__init__ = counting
import weasyprint
children = resource.getrusage(resource.RUSAGE_CHILDREN)
print(len(started), children.ru_utime + children.ru_stime)
"""


def phases(path: Path) -> list[tuple[str, float]]:
    """CPU seconds of each step of one cold build, in one process (medians of 3)."""
    runs = []
    for _ in range(3):
        done = subprocess.run([sys.executable, "-c", PHASES, str(path)], capture_output=True, text=True, check=True, cwd=ROOT, env=ENV)
        runs.append(ast.literal_eval(done.stdout.strip().splitlines()[-1]))
    return [(name, statistics.median(run[i][1] for run in runs)) for i, (name, _) in enumerate(runs[0])]


def plain_start() -> tuple[int, float]:
    """(processes, their CPU seconds) that importing WeasyPrint starts, as its own command does (medians of 3)."""
    runs = []
    for _ in range(3):
        done = subprocess.run([sys.executable, "-c", PLAIN_START], capture_output=True, text=True, check=True, cwd=ROOT, env=ENV)
        count, seconds = done.stdout.split()
        runs.append((int(count), float(seconds)))
    return runs[0][0], statistics.median(seconds for _, seconds in runs)


def html_only_imports() -> list[str]:
    """Engine modules loaded by an HTML-only build (expected: none)."""
    script = ("import sys, tempfile\nfrom generator.cli import main\n"
              f"main(['build', {str(BUILDS['booklet'])!r}, '--format', 'html', '--out', tempfile.mkdtemp()])\n"
              "print('engines:', ' '.join(sorted({m.split('.')[0] for m in sys.modules} & {'weasyprint', 'pydyf', 'pikepdf', 'fontTools'})))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT, env=ENV)
    return done.stdout.strip().splitlines()[-1].split()[1:]


def bench_builds() -> list[str]:
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, path in BUILDS.items():
            results[name] = bench_build(name, path, Path(tmp))
    loaded = html_only_imports()
    steps = {name: phases(path) for name, path in BUILDS.items()}
    plain_processes, plain_seconds = plain_start()
    lines = [
        f"Cold builds, CPU time of the whole process and every process it starts (user + system), {RUNS} paired runs each, medians; "
        "plain WeasyPrint is its own command on the same HTML with the same options "
        "(`weasyprint --pdf-variant pdf/ua-1 --pdf-tags --custom-metadata`). Python's bytecode cache is kept, "
        "as on a user's machine (pip compiles WeasyPrint's when it installs it).",
        "",
        "| build | easyread build (CPU s) | plain WeasyPrint (CPU s) | ratio (median of pairs) | range | target | HTML only (CPU s) |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, r in results.items():
        met = "met" if r["ratio"] <= TARGET else "not met"
        lines.append(f"| {name} (`{BUILDS[name].relative_to(ROOT)}`) | {r['ours']:.2f} | {r['plain']:.2f} | **{r['ratio']:.2f}x** | "
                     f"{r['low']:.2f}-{r['high']:.2f}x | {TARGET:.2f}x ({met}) | {r['html']:.2f} |")
    lines += ["", "The easyread figure includes loading, parsing and checking the Markdown, the layout checks "
              "(overflow, type floors), tag repair, `easyread verify` on the finished PDF and writing it.",
              f"An HTML-only build (`--format html`) loads these PDF engines: {', '.join(loaded) or 'none'}.",
              "", "Where the time goes: each step of one cold build in one process, CPU seconds (medians of 3). "
              "Plain WeasyPrint does only the WeasyPrint rows (and its own import).", "",
              "| step | " + " | ".join(steps) + " |", "|---|" + "---|" * len(steps)]
    for index, (step, _) in enumerate(next(iter(steps.values()))):
        lines.append(f"| {step} | " + " | ".join(f"{found[index][1]:.2f}" for found in steps.values()) + " |")
    lines += ["", f"Importing WeasyPrint as its own command does starts {plain_processes} processes (ctypes' library search runs "
              f"ldconfig, gcc and ld for each spelling of each library name), {plain_seconds:.2f} s CPU; easyread finds the "
              "same libraries with one `ldconfig -p` (`generator/render/libraries.py`)."]
    return lines


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_checker import write_section

    lines = bench_builds()
    print("\n".join(lines))
    write_section("Builds", lines)


if __name__ == "__main__":
    main()
