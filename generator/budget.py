"""A time budget per document, so that no input can keep a build running for ever.

The input limits (``limits.py``) stop every hostile input we know of within
milliseconds. The budget is the safety net for the ones we do not know: when one
document has taken longer than its budget, its build stops with a plain message and
the next document goes on.

Two ways of stopping, because Python cannot stop a thread from outside:
- in the main thread of a process, a ``SIGALRM`` timer interrupts long work (the
  WeasyPrint layout of a huge document is pure Python, so it stops within
  milliseconds of the deadline);
- anywhere, ``Budget.check`` between pipeline steps.

``OutOfTime`` derives from ``BaseException`` on purpose: the layout engine catches
``Exception`` in places and would turn a deadline into a "broken image".
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from .errors import Problem

REPEAT_SECONDS = 0.1


class OutOfTime(BaseException):
    """Raised when a document's time budget is spent; the pipeline turns it into a Problem."""


class Budget:
    """Seconds allowed for one document, started when it is made."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self.started = time.monotonic()
        self.step = "loading"
        self.expired = False

    def left(self) -> float | None:
        return None if self.seconds is None else self.seconds - (time.monotonic() - self.started)

    def check(self, step: str) -> None:
        """Note the step we are entering; stop if the budget is already spent."""
        left = self.left()
        if self.expired or (left is not None and left <= 0):
            raise OutOfTime()
        self.step = step

    def problem(self, path: str) -> Problem:
        return Problem(
            path, 0, 0, "time-limit",
            f"stopped after {self.seconds:g} s while {self.step}: the limit for one document is {self.seconds:g} s. "
            "Split the document into smaller files, use fewer or smaller pictures, or allow more time with --time-limit SECONDS",
        )

    @contextmanager
    def enforced(self) -> Iterator[Budget]:
        """Interrupt work that passes the deadline (main thread only; elsewhere ``check`` does)."""
        if self.seconds is None or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
            yield self
            return
        if signal.getsignal(signal.SIGALRM) not in (signal.SIG_DFL, signal.SIG_IGN, None):
            yield self  # someone else (a test runner's timeout) owns the alarm: leave it alone
            return

        def ring(signum: int, frame: object) -> None:
            self.expired = True
            raise OutOfTime()

        previous = signal.signal(signal.SIGALRM, ring)
        # The alarm repeats every 0.1 s after the deadline: an exception raised while
        # Python runs a finaliser (``__del__``) is swallowed, so one ring may be lost.
        signal.setitimer(signal.ITIMER_REAL, max(self.left() or 0, 0.001), REPEAT_SECONDS)
        try:
            yield self
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
