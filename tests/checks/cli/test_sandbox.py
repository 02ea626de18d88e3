"""Child processes with limits: results come back, runaways are stopped, the run goes on."""

from __future__ import annotations

import time

from checks.cli.sandbox import run_many, run_one


def _square(x: int) -> int:
    return x * x


def _sleep(seconds: float) -> str:
    time.sleep(seconds)
    return "woke"


def _hog_memory(mb: int) -> int:
    block = bytearray(mb * 1024 * 1024)
    return len(block)


def _boom() -> None:
    raise RuntimeError("kaboom")


def test_a_result_comes_back_from_the_child():
    outcome = run_one(_square, (7,), seconds=10)
    assert outcome.status == "ok" and outcome.value == 49


def test_a_job_past_its_time_is_stopped_in_about_the_time_limit():
    started = time.monotonic()
    outcome = run_one(_sleep, (30,), seconds=0.5)
    assert outcome.status == "timeout"
    assert time.monotonic() - started < 5


def test_a_job_past_its_memory_limit_is_stopped():
    outcome = run_one(_hog_memory, (4096,), seconds=20, memory_mb=256)
    assert outcome.status == "memory"


def test_an_exception_in_the_child_is_reported_as_data():
    outcome = run_one(_boom, (), seconds=10)
    assert outcome.status == "error" and "RuntimeError: kaboom" in outcome.message


def test_several_jobs_run_at_once_and_all_report_back():
    results = dict(run_many(_square, [(i,) for i in range(6)], seconds=10, parallel=3))
    assert sorted(results) == list(range(6))
    assert [results[i].value for i in range(6)] == [i * i for i in range(6)]


def test_one_runaway_does_not_stop_the_others():
    jobs = [(0.0,), (30.0,), (0.0,)]
    results = dict(run_many(_sleep, jobs, seconds=1, parallel=3))
    assert [results[i].status for i in range(3)] == ["ok", "timeout", "ok"]


def _pid(_: int) -> int:
    import os

    return os.getpid()


def _square_or_exit(x: int) -> int:
    import os

    if x == 1:
        os._exit(3)
    return x * x


def _pid_or_boom(x: int) -> int:
    if x == 1:
        raise RuntimeError("boom")
    return _pid(x)


def test_a_worker_serves_one_job_after_another():
    results = dict(run_many(_pid, [(i,) for i in range(4)], seconds=10, parallel=1))
    assert len({results[i].value for i in range(4)}) == 1


def test_after_a_failing_job_a_fresh_worker_takes_the_next():
    results = dict(run_many(_pid_or_boom, [(0,), (1,), (2,)], seconds=10, parallel=1))
    assert results[1].status == "error"
    assert results[0].status == results[2].status == "ok"
    assert results[0].value != results[2].value


def test_a_worker_that_dies_fails_only_its_own_job():
    results = dict(run_many(_square_or_exit, [(0,), (1,), (2,)], seconds=10, parallel=1))
    assert results[1].status == "error" and "exited with status 3" in results[1].message
    assert (results[0].value, results[2].value) == (0, 4)


def test_a_timed_out_job_does_not_hold_up_the_queue_behind_it():
    jobs = [(30.0,), (0.0,), (0.0,)]
    started = time.monotonic()
    results = dict(run_many(_sleep, jobs, seconds=0.5, parallel=1))
    assert [results[i].status for i in range(3)] == ["timeout", "ok", "ok"]
    assert time.monotonic() - started < 5
