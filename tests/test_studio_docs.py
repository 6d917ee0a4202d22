"""Every command in docs/co-design.md works as written, in a project like the one it describes."""

from __future__ import annotations

import re
import select
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures/studio/visit.md"


def commands() -> list[str]:
    text = (ROOT / "docs/co-design.md").read_text(encoding="utf-8")
    return [line for block in re.findall(r"```sh\n(.*?)```", text, re.S) for line in block.splitlines() if line.startswith("easyread ")]


@pytest.mark.slow
def test_the_co_design_commands_work_as_written(tmp_path, monkeypatch, capsys):
    booklet = tmp_path / "content/booklets/our-booklet.md"
    booklet.parent.mkdir(parents=True)
    shutil.copy(FIXTURE, booklet)
    (tmp_path / "meeting-1").mkdir()
    shutil.copy(FIXTURE, tmp_path / "meeting-1/our-booklet.md")

    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    git("add", "content")
    git("commit", "-qm", "meeting 1")
    booklet.write_text(booklet.read_text().replace("Brush your teeth in the morning.", "Brush your teeth after breakfast."))
    git("commit", "-qam", "meeting 2")
    monkeypatch.chdir(tmp_path)
    found = commands()
    assert [c.split()[1] for c in found] == ["preview", "build", "review", "diff", "diff"]
    for command in found:
        argv = command.split()[1:]
        if argv[0] == "preview":
            process = subprocess.Popen([sys.executable, "-m", "generator", *argv, "--no-browser"], cwd=tmp_path,
                                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=_env())
            try:
                ready, _, _ = select.select([process.stdout], [], [], 60)
                assert ready and re.fullmatch(r"Serving http://127\.0\.0\.1:\d+/\n", process.stdout.readline())  # type: ignore[union-attr]
            finally:
                process.terminate()
                process.wait(20)
            continue
        assert main(argv) == 0, command
        capsys.readouterr()
    out = tmp_path / "output/booklets"
    assert sorted(p.name for p in out.iterdir()) == [
        "our-booklet-changes.html", "our-booklet-changes.pdf", "our-booklet-review.pdf", "our-booklet.html", "our-booklet.pdf",
    ]


def _env() -> dict[str, str]:
    import os

    return {**os.environ, "PYTHONPATH": str(ROOT)}
