"""`make bench`: cold poster and booklet builds vs plain WeasyPrint on the same HTML, checker
throughput, and labels per second for a 1,000-row batch on one and two cores with peak memory.

Targets: builds at most 1.10x WeasyPrint's own command on the same HTML in CPU time
(tests/bench_builds.py, paired runs, checker and verify included); the checker's
targets are in tests/bench_checker.py (100,000 words/s, a cold check under 0.3 s).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_builds import bench_builds
    from bench_checker import bench_checker, write_section

    builds = bench_builds()
    print("\n".join(builds))
    write_section("Builds", builds)
    with tempfile.TemporaryDirectory() as tmp:
        # The whole library's sheets take minutes; a search's worth of pictures shows the per-picture cost.
        sheet = [timed([str(BIN / "easyread"), "pictures", "search", "medicine", "--limit", "1"]) for _ in range(3)]
        sheet_subset = [timed([str(BIN / "easyread"), "icons", "--search", "medicine", "--sheet", "--out", tmp]) for _ in range(3)]
    print(f"picture search, whole command (cold): median {statistics.median(sheet):.2f} s")
    print(f"gallery + contact sheets of the pictures for 'medicine' (cold): median {statistics.median(sheet_subset):.2f} s")

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
