"""Run checks in child processes with a wall-clock and a memory limit, several at a time.

Jobs run in worker processes forked from the main thread (cheap: SymPy is already imported),
with ``RLIMIT_AS`` capping their memory. A worker takes one job after another, so the modules
and caches a check warms up serve the next one too; a job past its time is killed with its
worker, not waited for, and a job that crashes or runs out of memory takes only its worker
down; a fresh one goes on with the rest. This works from any thread of the parent and does
not rely on ``signal.alarm`` in the child.
"""

from __future__ import annotations

import importlib
import multiprocessing as mp
import os
import resource
import sys
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any

DEFAULT_MEMORY_MB = 2048

#: Modules SymPy imports on first use inside a check (``simplify`` imports the units package on
#: every call): imported once here, before the first worker forks, not again in each worker.
LAZY_MODULES = ("sympy.physics.units",)

#: A worker is replaced after this many jobs, so that what one job leaves behind (SymPy's
#: caches, fragmentation) never eats far into the next one's memory limit.
JOBS_PER_WORKER = 16


@dataclass(frozen=True)
class Outcome:
    """What came back from one job: ``status`` is ok, timeout, memory or error."""

    status: str
    value: Any = None
    message: str = ""
    seconds: float = 0.0


def _serve(
    conn: Connection, func: Callable[..., Any], jobs: Sequence[tuple[Any, ...]], memory_mb: int
) -> None:
    """A worker: run the job whose index arrives, send its outcome, until told to stop."""
    # What a user's derivation prints while it is checked goes to stderr: stdout is the report's.
    sys.stdout.flush()
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    limit = memory_mb * 1024 * 1024
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):
        pass  # a platform without RLIMIT_AS still gets the wall-clock limit
    while True:
        try:
            index = conn.recv()
        except (EOFError, OSError):
            return
        if index is None:
            return
        try:
            conn.send(Outcome("ok", func(*jobs[index])))
        except MemoryError:
            conn.send(Outcome("memory", message=f"ran out of the {memory_mb} MB memory limit"))
            return  # a fresh worker takes the next job
        except BaseException as exc:
            frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
            where = f" ({frame.filename.rsplit('/', 1)[-1]}:{frame.lineno})" if frame else ""
            conn.send(Outcome("error", message=f"{type(exc).__name__}: {exc}{where}"))


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    job: int | None = None
    started: float = 0.0
    done: int = 0

    def give(self, index: int) -> None:
        self.conn.send(index)
        self.job, self.started = index, time.monotonic()

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            try:
                self.conn.send(None)
            except (BrokenPipeError, OSError):
                self.process.kill()
        self.process.join(1)
        self.conn.close()

    def receive(self) -> Outcome:
        """The outcome of the job it was given, or why there is none (the process died)."""
        try:
            outcome: Outcome = self.conn.recv()
        except (EOFError, OSError):
            self.process.join(1)
            code = self.process.exitcode
            died = code is not None and code < 0
            reason = "killed (out of memory?)" if died else f"exited with status {code}"
            return Outcome("memory" if died else "error", message=f"the check {reason}")
        return outcome


def run_many(
    func: Callable[..., Any],
    jobs: Sequence[tuple[Any, ...]],
    *,
    seconds: float,
    memory_mb: int = DEFAULT_MEMORY_MB,
    parallel: int = 1,
) -> Iterator[tuple[int, Outcome]]:
    """Run ``func(*args)`` for each job, at most ``parallel`` at once; yields (index, outcome)
    as jobs finish. A job still running after ``seconds`` is killed and yields ``timeout``.

    Long because the scheduling loop (hand out jobs, wait, collect, time out, replace a worker
    whose state is no longer trusted) reads best as one piece."""
    context = mp.get_context("fork")
    if len(jobs) > 1:
        for name in LAZY_MODULES:
            importlib.import_module(name)
    pending = deque(range(len(jobs)))
    workers: list[_Worker] = []

    def spawn() -> _Worker:
        parent, child = context.Pipe(duplex=True)
        process = context.Process(target=_serve, args=(child, func, jobs, memory_mb), daemon=True)
        process.start()
        child.close()
        worker = _Worker(process, parent)
        workers.append(worker)
        return worker

    def retire(worker: _Worker, kill: bool = False) -> None:
        workers.remove(worker)
        worker.stop(kill)

    try:
        while pending or workers:
            for worker in [w for w in workers if w.job is None]:
                if pending:
                    worker.give(pending.popleft())
                else:
                    retire(worker)
            while pending and len(workers) < max(parallel, 1):
                spawn().give(pending.popleft())
            busy = {w.conn: w for w in workers if w.job is not None}
            if not busy:
                continue
            soonest = min(w.started + seconds for w in busy.values())
            for ready in wait(list(busy), timeout=max(soonest - time.monotonic(), 0.0)):
                worker = busy[ready]  # type: ignore[index]
                index, elapsed = worker.job, time.monotonic() - worker.started
                assert index is not None
                outcome = worker.receive()
                worker.job, worker.done = None, worker.done + 1
                # After a failure the worker's state is not trusted: a fresh one takes over.
                if outcome.status != "ok" or worker.done >= JOBS_PER_WORKER or not worker.process.is_alive():
                    retire(worker, kill=not worker.process.is_alive())
                yield index, Outcome(outcome.status, outcome.value, outcome.message, elapsed)
            now = time.monotonic()
            for worker in [w for w in workers if w.job is not None and now - w.started >= seconds]:
                index = worker.job
                assert index is not None
                retire(worker, kill=True)
                yield (
                    index,
                    Outcome(
                        "timeout",
                        message=f"stopped after the {seconds:g} s time limit",
                        seconds=now - worker.started,
                    ),
                )
    finally:
        for worker in list(workers):
            retire(worker, kill=True)


def run_one(
    func: Callable[..., Any], args: tuple[Any, ...], *, seconds: float, memory_mb: int = DEFAULT_MEMORY_MB
) -> Outcome:
    """Run a single job under the limits."""
    for _, outcome in run_many(func, [args], seconds=seconds, memory_mb=memory_mb):
        return outcome
    raise RuntimeError("no outcome")  # pragma: no cover - run_many always yields once per job
