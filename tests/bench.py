"""`make bench`: cold poster build vs plain WeasyPrint on the same HTML, checker throughput,
and labels per second for a 1,000-row batch on one and two cores with peak memory.

Targets: the poster build is at most 1.2x WeasyPrint's own CLI on the same HTML
(median of several cold runs, checker included); the checker's targets are in
tests/bench_checker.py (100,000 words/s, a cold check under 0.3 s).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTER = ROOT / "content/posters/need-help-with-medication.md"
BIN = Path(sys.executable).parent
RUNS = 9


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from generator.icons import load_catalogue
    from generator.load import load
    from generator.parse import parse
    from generator.presets import get_preset
    from generator.project import Project
    from generator.render import Target, render_html

    project = Project.for_path(POSTER)
    html = render_html(parse(load(POSTER)), get_preset("poster"), Target("pdf", project, load_catalogue()))
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "poster.html"
        page.write_text(html)
        ours: list[float] = []
        plain: list[float] = []
        for _ in range(RUNS):  # interleaved, so drift in machine load hits both alike
            ours.append(timed([str(BIN / "easyread"), "build", str(POSTER), "--format", "pdf", "--out", tmp]))
            plain.append(timed([str(BIN / "weasyprint"), "--pdf-variant", "pdf/ua-1", str(page), str(Path(tmp) / "plain.pdf")]))
        # The whole library's sheets take minutes; a search's worth of pictures shows the per-picture cost.
        sheet = [timed([str(BIN / "easyread"), "pictures", "search", "medicine", "--limit", "1"]) for _ in range(3)]
        sheet_subset = [timed([str(BIN / "easyread"), "icons", "--search", "medicine", "--sheet", "--out", tmp]) for _ in range(3)]
    ours_m, plain_m = statistics.median(ours), statistics.median(plain)
    print(f"poster build (cold, checker included): median {ours_m:.2f} s over {RUNS} runs")
    print(f"plain WeasyPrint CLI, same HTML:        median {plain_m:.2f} s over {RUNS} runs")
    print(f"ratio: {ours_m / plain_m:.2f}x (target 1.20x or less)")
    print(f"picture search, whole command (cold): median {statistics.median(sheet):.2f} s")
    print(f"gallery + contact sheets of the pictures for 'medicine' (cold): median {statistics.median(sheet_subset):.2f} s")

    from bench_checker import bench_checker, write_section

    write_section("Checker", bench_checker())
    bench_labels()
    from bench_studio import bench_studio

    bench_studio()


def bench_labels() -> None:
    """Labels: ours beside plain WeasyPrint on the same label HTML, and peak memory (tests/bench_labels.py)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import bench_labels

    print("\n".join(bench_labels.main()))


if __name__ == "__main__":
    main()
