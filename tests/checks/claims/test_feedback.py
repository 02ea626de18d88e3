"""The catalogue's results are read once per process, before workers fork, not once per claim."""

from __future__ import annotations

from checks.claims import feedback
from checks.claims.check import catalogue_results, check_answer


def test_after_reading_the_catalogue_a_refuted_answer_reads_nothing_again():
    feedback._parse.cache_clear()
    read = feedback.read_catalogue(catalogue_results())
    assert read >= len(catalogue_results()) * 2  # every quantity and answer at least
    misses = feedback._parse.cache_info().misses
    wrong = check_answer("E03.off_diagonal", "s_{0}(1 - s_{1})")
    assert wrong.feedback and "-s_i s_j" in wrong.feedback
    assert feedback._parse.cache_info().misses == misses


def test_batch_grading_reads_the_catalogue_in_the_parent_before_it_forks(tmp_path, monkeypatch):
    import checks.cli.check as check_cli
    from checks.cli import main
    from checks.cli.sandbox import Outcome

    seen: list[int] = []

    def in_process(func, jobs, **_):  # type: ignore[no-untyped-def]
        seen.append(feedback._parse.cache_info().currsize)
        for position, args in enumerate(jobs):
            yield position, Outcome("ok", func(*args))

    feedback._parse.cache_clear()
    monkeypatch.setattr(check_cli, "run_many", in_process)
    path = tmp_path / "answers.jsonl"
    path.write_text('{"claim": "a = a"}\n{"claim": "b = b + 1"}\n')
    assert main(["check", "--file", str(path)]) == 1
    assert seen and seen[0] >= len(catalogue_results()) * 2
