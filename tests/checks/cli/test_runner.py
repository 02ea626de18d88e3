"""Running many derivations: from the CLI every one is bounded in a child process."""

from __future__ import annotations

import dataclasses
import time

from checks.cli.runner import WALL_FACTOR, verify_all
from checks.model.result import Verdict
from tests.checks.toys import sigmoid_toy


def _hangs(point):
    while True:
        time.sleep(0.01)


def test_a_hanging_derivation_alone_with_one_job_ends_at_its_time_limit():
    build = sigmoid_toy.build

    def hanging_build(n: int):
        return dataclasses.replace(build(n), reference=_hangs)

    hanging = dataclasses.replace(sigmoid_toy, name="hanging", build=hanging_build)
    started = time.monotonic()
    (result,) = verify_all([(hanging, "hanging")], seed=0, samples=4, timeout=0.05, jobs=1)
    assert time.monotonic() - started < 0.05 * WALL_FACTOR + 10
    assert result.verdict is Verdict.INCONCLUSIVE
    assert any("did not finish: timeout" in note for note in result.notes)


def test_a_derivation_that_exits_its_process_is_inconclusive_and_the_others_still_run():
    def exits(n: int):
        raise SystemExit(0)

    gone = dataclasses.replace(sigmoid_toy, name="gone", build=exits)
    results = verify_all([(gone, "gone"), (sigmoid_toy, "sigmoid_toy")], seed=0, samples=4, timeout=5, jobs=1)
    assert [r.verdict for r in results] == [Verdict.INCONCLUSIVE, Verdict.VERIFIED]


def test_results_come_as_each_derivation_finishes_not_in_the_order_given():
    from checks.cli.runner import verify_each

    build = sigmoid_toy.build

    def slow_build(n: int):
        time.sleep(1.5)
        return build(n)

    slow = dataclasses.replace(sigmoid_toy, name="slow", build=slow_build)
    order = [
        i
        for i, _ in verify_each([(slow, "slow"), (sigmoid_toy, "fast")], seed=0, samples=4, timeout=5, jobs=2)
    ]
    assert order == [1, 0]
