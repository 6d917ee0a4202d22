"""Label batches in ``make bench``: ours beside plain WeasyPrint on the same label HTML, in one run.

A 1,000-row large-print batch (the realistic fixture's 24 medicines, 256 different
patients) is made by ``easyread labels`` with one process and with two. The anchor is
plain WeasyPrint rendering the very same sheets of labels (the HTML our planner makes,
fonts and stylesheet inlined, one document per part, as a user of WeasyPrint would)
in one process, in the same run. The machine is shared, so CPU time is the fair
measure; wall time is shown too. Peak memory is the sum over every process of the
run (proportional set size, sampled), for a 10,000-row batch on all cores.

Environment: BENCH_LABEL_ROWS (default 1000), BENCH_MEMORY_ROWS (default 10000, 0 skips).
Results go to the "Labels" section of docs/performance.md. This is a benchmark, not a test.
"""

from __future__ import annotations

import csv
import itertools
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
FIXTURE = ROOT / "tests/fixtures/labels/realistic-24.csv"
DOC = ROOT / "docs/performance.md"
FIRST = ["Amira", "Bartholomew", "Siobhán", "Tom", "José María", "Grace", "Maximilian", "Priya",
         "Oliver", "Aisha", "Llewellyn", "Zoë", "Kwame", "Margaret", "Dev", "Niamh"]
LAST = ["O'Neill-Fitzgerald", "Ashworth-Montgomery", "Ní Bhriain", "Reid", "Álvarez-García", "Adébáyọ̀", "Featherstonehaugh",
        "Shah", "Brown", "Khan", "Fairweather-Jones", "Okafor", "Smith", "Patel", "Murphy", "Wilson"]
PLAIN = """
import sys
from weasyprint import HTML
for name in sys.argv[1:]:
    HTML(filename=name).write_pdf(name + ".pdf", pdf_variant="pdf/ua-1", pdf_tags=True)
"""


# As on a user's machine: Python keeps its bytecode (this environment may ask it not to).
USER_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def make_batch(path: Path, rows: int) -> Path:
    """``rows`` rows: the fixture's medicines in turn, three to a patient, 256 patient names."""
    source = list(csv.DictReader(FIXTURE.open(encoding="utf-8")))
    names = [f"{first} {last}" for first, last in itertools.product(FIRST, LAST)]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(source[0]))
        writer.writeheader()
        for index in range(rows):
            writer.writerow({**source[index % len(source)], "id": f"B{index:05d}", "patient_name": names[(index // 3) % len(names)]})
    return path


def _tree(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(children.get(current, []))
    return found


def _pss_kb(pid: int) -> int:
    try:
        for line in (Path("/proc") / str(pid) / "smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def probe(command: list[str]) -> dict[str, float]:
    """Wall and CPU seconds (the command and every process it waited for), and peak memory of the tree."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=USER_ENV)
    peak = [0]

    def sample() -> None:
        while process.poll() is None:
            peak[0] = max(peak[0], sum(_pss_kb(pid) for pid in _tree(process.pid)))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = process.communicate()
    wall = time.perf_counter() - started
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed: {err.decode()[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "peak_mb": peak[0] / 1024}


def plain_html(batch: Path, out: Path) -> tuple[list[Path], int]:
    """The sheets our planner makes for ``batch`` (one process, so its parts), as standalone HTML files."""
    sys.path.insert(0, str(ROOT))
    from generator.labels.batch import PART_SIZE
    from generator.labels.lint import check_batch
    from generator.labels.pool import Workers
    from generator.labels.settings import label_settings
    from generator.labels.sheets import assign, contents, cut, plan, sizes_of
    from generator.labels.stock import find_layout
    from generator.project import ICONS, TEMPLATES
    from generator.render.fonts import font_dirs, font_face_css
    from generator.render.labels import label_css, sheet_html

    labels = check_batch(batch, label_settings({}, today=date.today()), "large-print").labels
    layout = find_layout("large-print")
    roots = (batch.parent.parent.resolve(), ICONS, TEMPLATES, *font_dirs())
    made = contents(labels, "large-print", False)
    with Workers(1) as pool:
        sizes = sizes_of([("large-print", layout.stock.content_width, c.blocks()) for c in made], roots, pool)
    plans = [p for p in (plan(c, layout.stock, sizes) for c in made) if p.unfit is None]
    _, pages = assign(plans, layout, 1)
    files = []
    for index, part in enumerate(cut(pages, PART_SIZE // layout.per_page, layout, out / "x.pdf", "Labels", roots)):
        html = sheet_html([list(sheet.labels) for sheet in part.pages], layout, "Labels")
        path = out / f"plain-{index}.html"
        path.write_text(html.replace("<style>", "<style>" + font_face_css() + label_css(), 1), encoding="utf-8")
        files.append(path)
    return files, sum(len(sheet.labels) for sheet in pages)


def ours(batch: Path, out: Path, jobs: int | None) -> tuple[dict[str, float], int]:
    report = out / f"report-{jobs}.json"
    command = [str(BIN / "easyread"), "labels", str(batch), "--out", str(out / f"jobs-{jobs}"), "--report", str(report)]
    if jobs:
        command += ["--jobs", str(jobs)]
    found = probe(command)
    return found, int(json.loads(report.read_text(encoding="utf-8"))["labels"])


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), platform.processor())
    load = os.getloadavg()
    import weasyprint

    return (f"{os.cpu_count()} cores ({model}), Python {platform.python_version()}, WeasyPrint {weasyprint.__version__}, "
            f"load average {load[0]:.1f} when the run started (other work shares this machine)")


def main() -> list[str]:
    rows = int(os.environ.get("BENCH_LABEL_ROWS", "1000"))
    memory_rows = int(os.environ.get("BENCH_MEMORY_ROWS", "10000"))
    where = machine()
    lines = []
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "generator")], check=True, env=USER_ENV)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        batch = make_batch(work / "content" / f"batch-{rows}.csv", rows)
        files, labels = plain_html(batch, work)
        plain = probe([sys.executable, "-c", PLAIN, *map(str, files)])
        one, made_one = ours(batch, work, 1)
        two, made_two = ours(batch, work, 2)
        assert made_one == made_two == labels, (made_one, made_two, labels)
        per_cpu = labels / plain["cpu"]
        lines += [
            f"| plain WeasyPrint, same label HTML, 1 process | {labels} | {plain['cpu']:.1f} | {plain['wall']:.1f} | {labels / plain['wall']:.1f} | {per_cpu:.1f} | 1.00 | {plain['peak_mb']:.0f} |",
            f"| easyread labels --jobs 1 | {labels} | {one['cpu']:.1f} | {one['wall']:.1f} | {labels / one['wall']:.1f} | {labels / one['cpu']:.1f} | {one['cpu'] / plain['cpu']:.2f} | {one['peak_mb']:.0f} |",
            f"| easyread labels --jobs 2 | {labels} | {two['cpu']:.1f} | {two['wall']:.1f} | {labels / two['wall']:.1f} | {labels / two['cpu']:.1f} | {two['cpu'] / plain['cpu']:.2f} | {two['peak_mb']:.0f} |",
        ]
        if memory_rows:
            big = make_batch(work / "content" / f"batch-{memory_rows}.csv", memory_rows)
            many, made_many = ours(big, work, None)
            lines.append(f"| easyread labels, {memory_rows:,} rows, all cores | {made_many} | {many['cpu']:.1f} | {many['wall']:.1f} | "
                         f"{made_many / many['wall']:.1f} | {made_many / many['cpu']:.1f} | {(many['cpu'] / made_many) / (plain['cpu'] / labels):.2f} | {many['peak_mb']:.0f} |")
    targets = (f"Targets (issue 16): at least 300 labels/s with 2 processes (here {labels / two['wall']:.1f}/s wall, "
               f"{labels / two['cpu'] * 2:.0f}/s if both cores were ours: labels per CPU second times two), "
               f"150/s with 1 (here {labels / one['wall']:.1f}/s wall, {labels / one['cpu']:.0f} per CPU second), "
               "and 10,000 rows under 500 MB for all processes "
               + (f"(here {memory_rows:,} rows: {many['peak_mb']:.0f} MB)." if memory_rows else "(not run)."))
    table = ["| run | labels | CPU s | wall s | labels/s (wall) | labels per CPU s | CPU vs plain | peak MB (all processes) |",
             "|---|---|---|---|---|---|---|---|", *lines]
    section = [
        f"{rows:,} large-print rows on A6 (the realistic fixture's medicines, 256 patients), measured {date.today():%d %b %Y} on {where}.",
        "", *table, "", targets, "",
        "Plain WeasyPrint renders the same sheets of labels (the HTML our planner makes, fonts and stylesheet inlined, one "
        "document per part) in one process. CPU time counts every process of a run. 'CPU vs plain' is CPU per label "
        "against plain WeasyPrint's; below 1.00 is less work than plain WeasyPrint. Peak memory is the largest sum of "
        "proportional set sizes over the run's processes, sampled every 50 ms.",
        "",
        "Why ours costs less than plain WeasyPrint on the same HTML: a batch repeats a few hundred distinct blocks "
        "(medicines, patients, warnings, footers), so each is laid out and drawn once and the label pages are made "
        "from copies of them (docs/labels.md, Speed). Our figures include everything a run does: reading and "
        "checking the rows, planning, drawing, `easyread verify` on every file, and the reports. "
        f"Load average at the end of the run: {os.getloadavg()[0]:.1f}; when it is above 2, wall times mostly measure "
        "the other work on the machine.",
    ]
    write_section(DOC, "Labels", section)
    return table


def write_section(path: Path, title: str, body: list[str]) -> None:
    """Replace (or add) one '## title' section of docs/performance.md; other sections are other benches'."""
    text = path.read_text(encoding="utf-8") if path.is_file() else "# Performance\n\nNumbers from `make bench`, with the machine they ran on.\n"
    lines = text.rstrip("\n").split("\n")
    start = next((i for i, line in enumerate(lines) if line.strip() == f"## {title}"), None)
    block = [f"## {title}", "", *body]
    if start is None:
        lines += ["", *block]
    else:
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
        lines[start:end] = [*block, ""] if end < len(lines) else block
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    print("\n".join(main()))
