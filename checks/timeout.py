"""A wall-clock deadline for symbolic work in the main thread (SIGALRM-based, re-entrant)."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from checks.errors import StepTimeout


def _raise_timeout(signum: int, frame: object) -> None:
    raise StepTimeout()


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise :class:`StepTimeout` inside the block once ``seconds`` have passed.

    Only the main thread can receive signals; elsewhere the block runs unbounded and the
    caller's process-level limit (see the claim checker) is what bounds it.
    """
    if seconds <= 0:
        raise StepTimeout()
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous_handler = signal.signal(signal.SIGALRM, _raise_timeout)
    previous_delay, _ = signal.getitimer(signal.ITIMER_REAL)
    started = time.monotonic()
    # An enclosing deadline that would fire sooner keeps precedence.
    delay = min(seconds, previous_delay) if previous_delay > 0 else seconds
    signal.setitimer(signal.ITIMER_REAL, delay)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)
        if previous_delay > 0:
            remaining = previous_delay - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(remaining, 1e-6))
