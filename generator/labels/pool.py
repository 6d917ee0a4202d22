"""Worker processes for label batches: one work queue, and workers that never outlive us.

Tasks are handed out one at a time as workers come free (``imap_unordered``), so
no worker idles while another finishes a long tail. Each worker asks Linux to
kill it when its parent dies (``prctl(PR_SET_PDEATHSIG)``), so a ``kill -9`` of
a run leaves no orphans; Ctrl-C is handled by the parent alone, which then
terminates the workers. Workers are forked before the parent touches the layout
engine, and each builds its own fonts and stylesheet (``render.pdf.styles``).
"""

from __future__ import annotations

import ctypes
import multiprocessing
import multiprocessing.util
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from types import TracebackType
from typing import Any, TypeVar

from ..render import pdf

T = TypeVar("T")
R = TypeVar("R")
PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Worker start-up: die with the parent, leave Ctrl-C to it, clean fonts on exit."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)
    multiprocessing.util.Finalize(None, pdf.forget_styles, exitpriority=10)


def _call(job: tuple[Callable[[Any], Any], int, Any]) -> tuple[int, Any]:
    function, index, task = job
    return index, function(task)


class Workers:
    """``count`` processes (none when 1: tasks then run here, in order)."""

    def __init__(self, count: int) -> None:
        self.count = max(1, count)
        self._pool: Any = None

    def __enter__(self) -> Workers:
        if self.count > 1:
            context = multiprocessing.get_context("fork")
            self._pool = context.Pool(self.count, die_with_parent, (os.getpid(),))
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        if self._pool is None:
            return
        if kind is None:
            self._pool.close()
        else:  # an error or Ctrl-C: stop the workers now, not after their tasks
            self._pool.terminate()
        self._pool.join()

    def run(self, function: Callable[[T], R], tasks: Sequence[T]) -> Iterator[tuple[int, R]]:
        """(index, result) for every task, as each finishes."""
        if self._pool is None or len(tasks) <= 1:
            for index, task in enumerate(tasks):
                yield index, function(task)
            return
        yield from self._pool.imap_unordered(_call, [(function, i, t) for i, t in enumerate(tasks)], chunksize=1)
