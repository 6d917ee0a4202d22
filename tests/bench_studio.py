"""`make bench`, studio part: how long a saved edit takes to reach an open preview page,
beside a full HTML build of the same booklet.

The preview runs as a user starts it (``easyread preview --no-browser``); this script
listens to its event stream like an open page does, changes the words of one row,
saves, and times the moment the new version arrives (median of 20 edits, half a
second apart, while the PDF is laid out in the background as it would be).
"""

from __future__ import annotations

import hashlib
import http.client
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOOKLET = ROOT / "content/booklets/coproduction-quality-improvement.md"
BIN = Path(sys.executable).parent
ROW = "We want to share our learning."
EDITS = 20


def _events(response: http.client.HTTPResponse):  # type: ignore[no-untyped-def]
    """Parse a server-sent event stream into (event, data) pairs."""
    event, data = "", []
    for raw in response:
        line = raw.decode("utf-8").rstrip("\n")
        if not line:
            if data:
                yield event, "\n".join(data)
            event, data = "", []
        elif line.startswith("event: "):
            event = line[7:]
        elif line.startswith("data: "):
            data.append(line[6:])


def bench_studio(edits: int = EDITS) -> tuple[float, float, float]:
    sys.path.insert(0, str(ROOT))
    from generator.pipeline import BuildOptions, build_file

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "content/booklets/booklet.md"
        path.parent.mkdir(parents=True)
        shutil.copy(BOOKLET, path)
        original = path.read_text()
        assert ROW in original
        process = subprocess.Popen([str(BIN / "easyread"), "preview", str(path), "--no-browser"], stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL, text=True)
        try:
            port = int(process.stdout.readline().strip().rsplit(":", 1)[1].strip("/"))  # type: ignore[union-attr]
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            connection.request("GET", "/events?v=none")
            stream = _events(connection.getresponse())
            for event, data in stream:  # the catch-up message, then the first PDF layout
                if event == "view" and "The PDF is ready" in json.loads(data)["parts"]["status"]:
                    break
            latencies: list[float] = []
            rendering: list[float] = []
            cpu: list[float] = []
            for number in range(edits):
                text = original.replace(ROW, f"We want to share what we learned ({number + 1}).")
                version = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
                started = time.perf_counter()
                path.write_text(text)
                for event, data in stream:
                    update = json.loads(data)
                    if event == "view" and update["version"] == version:
                        latencies.append(time.perf_counter() - started)
                        rendering.append(update["seconds"])
                        cpu.append(update["cpu_seconds"])
                        break
                time.sleep(0.5)
        finally:
            process.terminate()
            process.wait(30)
        options = BuildOptions(out_dir=Path(tmp) / "out", formats=("html",), check=False)
        build_file(path, options)  # warm caches, as the preview's are
        builds, build_cpu = [], []
        for _ in range(5):
            started, started_cpu = time.perf_counter(), time.process_time()
            build_file(path, options)
            builds.append(time.perf_counter() - started)
            build_cpu.append(time.process_time() - started_cpu)
    edit, render, build = statistics.median(latencies), statistics.median(rendering), statistics.median(builds)
    print(f"studio: save to preview page, median {edit * 1000:.0f} ms over {edits} one-row edits "
          f"(re-render {render * 1000:.0f} ms of it, {statistics.median(cpu) * 1000:.0f} ms CPU; target 150 ms)")
    print(f"studio: full HTML build of the same booklet (warm, in-process): median {build * 1000:.0f} ms, "
          f"{statistics.median(build_cpu) * 1000:.0f} ms CPU, over 5 builds")
    return edit, render, build


if __name__ == "__main__":
    bench_studio()
