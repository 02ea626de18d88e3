"""Run checks in child processes with a wall-clock and a memory limit, several at a time.

Each job runs in a process forked from the main thread (cheap: SymPy is already imported),
with ``RLIMIT_AS`` capping its memory; a job past its time is killed, not waited for. This
works from any thread of the parent and does not rely on ``signal.alarm`` in the child.
"""

from __future__ import annotations

import multiprocessing as mp
import resource
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

DEFAULT_MEMORY_MB = 2048


@dataclass(frozen=True)
class Outcome:
    """What came back from one job: ``status`` is ok, timeout, memory or error."""

    status: str
    value: Any = None
    message: str = ""
    seconds: float = 0.0


def _child(conn: Connection, func: Callable[..., Any], args: tuple[Any, ...], memory_mb: int) -> None:
    limit = memory_mb * 1024 * 1024
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):
        pass  # a platform without RLIMIT_AS still gets the wall-clock limit
    try:
        conn.send(Outcome("ok", func(*args)))
    except MemoryError:
        conn.send(Outcome("memory", message=f"ran out of the {memory_mb} MB memory limit"))
    except BaseException as exc:
        frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        where = f" ({frame.filename.rsplit('/', 1)[-1]}:{frame.lineno})" if frame else ""
        conn.send(Outcome("error", message=f"{type(exc).__name__}: {exc}{where}"))
    finally:
        conn.close()


def run_many(
    func: Callable[..., Any],
    jobs: Sequence[tuple[Any, ...]],
    *,
    seconds: float,
    memory_mb: int = DEFAULT_MEMORY_MB,
    parallel: int = 1,
) -> Iterator[tuple[int, Outcome]]:
    """Run ``func(*args)`` for each job, at most ``parallel`` at once; yields (index, outcome)
    as jobs finish. A job still running after ``seconds`` is killed and yields ``timeout``."""
    context = mp.get_context("fork")
    pending = list(enumerate(jobs))
    running: dict[Connection, tuple[int, Any, float]] = {}
    while pending or running:
        while pending and len(running) < max(parallel, 1):
            index, args = pending.pop(0)
            parent, child = context.Pipe(duplex=False)
            process = context.Process(target=_child, args=(child, func, args, memory_mb), daemon=True)
            process.start()
            child.close()
            running[parent] = (index, process, time.monotonic())
        now = time.monotonic()
        soonest = min(started + seconds for _, _, started in running.values())
        ready = wait(list(running), timeout=max(soonest - now, 0.0))
        for ready_conn in ready:
            assert isinstance(ready_conn, Connection)
            conn = ready_conn
            index, process, started = running.pop(conn)
            try:
                outcome: Outcome = conn.recv()
            except (EOFError, OSError):
                code = process.join(1) or process.exitcode
                reason = "killed (out of memory?)" if code and code < 0 else f"exited with status {code}"
                outcome = Outcome("memory" if code and code < 0 else "error", message=f"the check {reason}")
            process.join(1)
            conn.close()
            yield index, Outcome(outcome.status, outcome.value, outcome.message, time.monotonic() - started)
        now = time.monotonic()
        for conn, (index, process, started) in list(running.items()):
            if now - started >= seconds:
                process.kill()
                process.join(1)
                conn.close()
                del running[conn]
                yield (
                    index,
                    Outcome(
                        "timeout",
                        message=f"stopped after the {seconds:g} s time limit",
                        seconds=now - started,
                    ),
                )


def run_one(
    func: Callable[..., Any], args: tuple[Any, ...], *, seconds: float, memory_mb: int = DEFAULT_MEMORY_MB
) -> Outcome:
    """Run a single job under the limits."""
    for _, outcome in run_many(func, [args], seconds=seconds, memory_mb=memory_mb):
        return outcome
    raise RuntimeError("no outcome")  # pragma: no cover - run_many always yields once per job
