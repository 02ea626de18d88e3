"""``verify-derivations check``: one claim, an answer to a catalogue result, or a JSONL batch."""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from checks.claims.check import ClaimResult, catalogue_results, check_answer, check_claim
from checks.claims.feedback import read_catalogue
from checks.cli.batch import Job, read_batch, validate
from checks.cli.dedup import declarations_of, groups
from checks.cli.options import Parser
from checks.cli.sandbox import DEFAULT_MEMORY_MB, Outcome, run_many
from checks.cli.verify import write_output
from checks.errors import UsageError
from checks.model.result import Verdict
from checks.report.gradebook import counterexample_text, render_csv, render_summary
from checks.report.text import Painter


def _run_job(job: Job, seed: int, samples: int, timeout: float, pretty: bool) -> ClaimResult:
    if job.target is not None:
        return check_answer(
            job.target, job.claim, seed=seed, samples_count=samples, timeout=timeout, pretty=pretty
        )
    return check_claim(
        job.claim,
        declarations_of(job),
        seed=seed,
        samples_count=samples,
        timeout=timeout,
        pretty=pretty,
        one_based=job.one_based,
    )


def _record(job: Job, outcome: Outcome) -> dict[str, Any]:
    record: dict[str, Any] = {"id": job.id, "claim": job.claim}
    if job.target:
        record["result"] = job.target
    if job.problem is not None:
        record.update(
            {
                "read_as": None,
                "verdict": None,
                "error": job.problem,
                "counterexample": None,
                "feedback": None,
                "seconds": 0.0,
            }
        )
    elif outcome.status == "ok":
        r: ClaimResult = outcome.value
        record.update(
            {
                "read_as": r.read_as,
                "verdict": r.verdict.value,
                "counterexample": r.counterexample,
                "feedback": r.feedback,
                "method": r.method,
                "notes": list(r.notes),
                "seconds": round(r.seconds, 4),
            }
        )
    elif outcome.status == "error" and outcome.message.startswith("UsageError: "):
        message = outcome.message.removeprefix("UsageError: ").rsplit(" (", 1)[0]
        record.update(
            {
                "read_as": None,
                "verdict": None,
                "error": message,
                "counterexample": None,
                "feedback": None,
                "seconds": round(outcome.seconds, 4),
            }
        )
    else:
        # A timeout, a memory limit or a crash is inconclusive: never verified.
        record.update(
            {
                "read_as": None,
                "verdict": Verdict.INCONCLUSIVE.value,
                "counterexample": None,
                "feedback": None,
                "notes": [outcome.message],
                "seconds": round(outcome.seconds, 4),
            }
        )
    return record


def _reproduce(job: Job, seed: int) -> str:
    parts = ["verify-derivations", "check"]
    if job.target:
        parts.append(job.target)
    parts.append(job.claim)
    for v in job.vectors:
        parts += ["--vector", v]
    for a in job.assume:
        parts += ["--assume", a]
    for size in job.sizes:
        parts += ["--size", size]
    if job.one_based:
        parts.append("--one-based")
    parts += ["--seed", str(seed)]
    return " ".join(shlex.quote(p) for p in parts)


def _text(record: dict[str, Any], job: Job, seed: int, pretty: str, paint: Painter) -> str:
    lines = [f"read as: {record['read_as']}"] if record["read_as"] is not None else []
    if pretty:
        lines += ["         " + line for line in pretty.splitlines()]
    verdict = record["verdict"] or "unreadable"
    lines.append(
        f"verdict: {paint(verdict, verdict.upper())}"
        + (f"  (proved by {record['method']})" if record.get("method") else "")
    )
    cex = record.get("counterexample")
    if cex:
        lines.append(f"  counterexample: {counterexample_text(cex)}")
        if cex.get("certified"):
            lines.append(
                f"  certified by:   {cex['certified']} (the difference is under every float tolerance)"
            )
    if record.get("feedback"):
        lines.append(f"  feedback:       {record['feedback']}")
    for note in record.get("notes", []):
        lines.append(f"  note:           {note}")
    if verdict != "verified":
        lines.append(f"  reproduce:      {_reproduce(job, seed)}")
    return "\n".join(lines)


EXAMPLES = """examples:
  verify-derivations check "log(exp(a) + exp(b)) > Max(a, b)"
  verify-derivations check '\\frac{\\partial s_0}{\\partial x_1} = -s_0 s_1' --vector x:3
  verify-derivations check "sqrt(a)*sqrt(b) = sqrt(a*b)" --assume "a > 0" --assume "b > 0"
  verify-derivations check E03.off_diagonal '-s_{0} s_{1}'       an answer to a catalogue result
  verify-derivations check --file answers.jsonl > graded.jsonl   grade a batch: JSON Lines out
  verify-derivations check --file answers.jsonl --format csv > grades.csv
                                                                  a gradebook

A batch line that is not valid (not JSON, no claim, a bad --vector) is a row of its own with
its line number, and the batch goes on; --strict rejects the whole file instead.
exit status: 0 verified, 1 refuted, 3 inconclusive or unreadable, 2 bad usage or input"""

#: The output formats of ``check``: text (a batch: JSON Lines), json, a CSV gradebook, GitHub
#: workflow annotations.
CHECK_FORMATS = ("text", "json", "csv", "github", "html")


def _parser() -> Parser:
    from checks.cli.options import positive_int, seconds
    from checks.cli.terminal import COLOR_CHOICES

    parser = Parser(
        prog="verify-derivations check",
        description="Check a claim of your own: CLAIM is one relation in SymPy spelling or LaTeX; "
        "RESULT CLAIM compares an answer with a result the catalogue exports (see 'list'). "
        "Vector indices are 0-based, as in NumPy, unless --one-based.",
        epilog=EXAMPLES,
    )
    parser.add_argument("words", nargs="*", metavar="[RESULT] CLAIM")
    parser.add_argument(
        "--vector",
        action="append",
        default=[],
        metavar="NAME:SIZE[:KIND]",
        help="declare a vector, e.g. x:3 or y:3:labels (kinds: logits, labels, probabilities)",
    )
    parser.add_argument(
        "--assume",
        action="append",
        default=[],
        metavar="ASSUMPTION",
        help="e.g. 'a > 0', '0 < p < 1', 'p \\in (0, 1)', 'H: positive integer'",
    )
    parser.add_argument(
        "--size",
        action="append",
        default=[],
        metavar="NAME:SIZE",
        help="a named size, e.g. q:3 for \\sum_{j=1}^q",
    )
    parser.add_argument(
        "--one-based",
        action="store_true",
        help="indices count from 1, as a document writes them (x_1 is the first entry)",
    )
    parser.add_argument("--file", metavar="ANSWERS.jsonl", help="check one claim per line (batch grading)")
    parser.add_argument(
        "--strict", action="store_true", help="reject the whole batch if a line is malformed (nothing runs)"
    )
    parser.add_argument("--jobs", type=positive_int, default=1, help="checks run at once (default 1)")
    parser.add_argument(
        "--format",
        choices=CHECK_FORMATS,
        default="text",
        help="text (a batch: JSON Lines), json, csv (a gradebook), github (workflow annotations), html",
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write the output to FILE, not to stdout")
    parser.add_argument("--seed", type=positive_int, default=0)
    parser.add_argument("--samples", type=positive_int, default=24)
    parser.add_argument(
        "--timeout", type=seconds, default=10.0, help="seconds per claim (default 10), 40%% for the proof"
    )
    parser.add_argument("--memory", type=positive_int, default=DEFAULT_MEMORY_MB, help="MB per claim")
    parser.add_argument(
        "--color", choices=COLOR_CHOICES, default="auto", help="colour the verdicts (auto: a terminal)"
    )
    return parser


_OPTIONS_WITH_VALUES = {
    "--vector",
    "--assume",
    "--size",
    "--file",
    "--jobs",
    "--format",
    "-o",
    "--output",
    "--seed",
    "--samples",
    "--timeout",
    "--memory",
    "--color",
}


def _claims_last(argv: Sequence[str]) -> list[str]:
    """Let a claim start with a minus sign (``-softmax(x)[0]*…``) without ``--``."""
    options: list[str] = []
    words: list[str] = []
    items = list(argv)
    i = 0
    while i < len(items):
        item = items[i]
        if item == "--":
            words.extend(items[i + 1 :])
            break
        if item.split("=", 1)[0] in _OPTIONS_WITH_VALUES:
            options.append(item)
            if "=" not in item and i + 1 < len(items):
                options.append(items[i + 1])
                i += 1
        elif item in ("-h", "--help") or (item.startswith("--") and len(item) > 2):
            options.append(item)
        else:
            words.append(item)
        i += 1
    return [*options, "--", *words] if words else options


def _jobs(args: Any) -> list[Job]:
    """The claims to check: the batch file's lines, or the one on the command line (read here,
    before anything runs, so that bad input costs nothing)."""
    if args.file:
        if args.words:
            raise UsageError("give either --file or a claim, not both")
        return read_batch(args.file, strict=args.strict)
    if len(args.words) not in (1, 2):
        raise UsageError(
            "expected one claim in quotes (or RESULT and an answer), e.g. "
            'verify-derivations check "log(exp(a) + exp(b)) > Max(a, b)"'
        )
    job = _job_of(args)
    validate(job)
    _preflight(job)
    return [job]


def _checked(args: Any, jobs: list[Job]) -> tuple[list[dict[str, Any]], dict[int, Outcome]]:
    """Run the jobs (a malformed batch line is not run; lines that read the same are checked
    once, and each keeps its own row); the records in the order of the jobs, and the outcomes
    by index. Rows stream to a terminal's stderr as they finish."""
    from checks.cli.terminal import Progress, is_terminal, wants_colour

    runnable = [i for i, j in enumerate(jobs) if j.problem is None]
    if len(runnable) > 1:
        # Each check runs in a forked child: read the catalogue's results (the feedback of a
        # refuted answer) here once, not again in every child.
        read_catalogue(catalogue_results())
    same = groups(jobs, runnable) if len(runnable) > 1 else [[i] for i in runnable]
    # The child gets a little more than the symbolic budget, to finish the numeric check.
    limit = args.timeout * 1.5 + 2
    # The 2-D pretty form is shown only for one claim in text format.
    shows_pretty = not args.file and args.format == "text"
    outcomes: dict[int, Outcome] = {}
    records: dict[int, dict[str, Any]] = {
        i: _record(j, Outcome("error")) for i, j in enumerate(jobs) if j.problem is not None
    }
    shows = bool(args.file) and args.format in ("text", "csv") and is_terminal(sys.stderr)
    with Progress(
        len(runnable), "claims", enabled=shows, colour=wants_colour(args.color, sys.stderr)
    ) as progress:
        while same:
            alone: list[list[int]] = []
            for position, outcome in run_many(
                _run_job,
                [(jobs[group[0]], args.seed, args.samples, args.timeout, shows_pretty) for group in same],
                seconds=limit,
                memory_mb=args.memory,
                parallel=args.jobs,
            ):
                shared, others = _sharing(same[position], outcome, jobs)
                alone.extend([i] for i in others)
                for index in shared:
                    outcomes[index] = own = _own(outcome, jobs[index])
                    r = records[index] = _record(jobs[index], own)
                    verdict = r["verdict"] or "unreadable"
                    progress.add((r["id"], verdict, f"{r['seconds']:.2f}", r.get("feedback") or ""), verdict)
            same = alone
    return [records[i] for i in range(len(jobs))], outcomes


def _sharing(group: list[int], outcome: Outcome, jobs: list[Job]) -> tuple[list[int], list[int]]:
    """The lines of ``group`` that take the outcome of its first line, and those checked again
    on their own: an error that names a column of the first line's text (``… at column 7``)
    is that text's, not a re-spaced line's."""
    if outcome.status == "ok" or " at column " not in outcome.message:
        return group, []
    first = jobs[group[0]].claim
    return [i for i in group if jobs[i].claim == first], [i for i in group if jobs[i].claim != first]


def _own(outcome: Outcome, job: Job) -> Outcome:
    """A shared outcome as the row of ``job``: its result names the claim as that line wrote it."""
    if outcome.status != "ok" or outcome.value.claim == job.claim:
        return outcome
    return replace(outcome, value=replace(outcome.value, claim=job.claim))


def _output(args: Any, jobs: list[Job], records: list[dict[str, Any]], outcomes: dict[int, Outcome]) -> str:
    """What ``check`` prints on stdout, in the format asked for."""
    from checks.cli.terminal import painter

    if args.format == "csv":
        return render_csv(records)
    if args.format == "html":
        return _html(records, outcomes)
    if args.format == "github":
        from checks.report.github import render_claims_github

        return render_claims_github(records, args.file, [j.line for j in jobs])
    if args.file:
        return "\n".join(json.dumps(r, ensure_ascii=False) for r in records)
    if args.format == "json":
        return json.dumps(records[0], ensure_ascii=False, indent=2)
    result = outcomes[0].value if outcomes[0].status == "ok" else None
    paint = painter(args.color, sys.stdout)
    return _text(records[0], jobs[0], args.seed, result.pretty if result else "", paint)


def run_check(argv: Sequence[str]) -> tuple[str, int]:
    """Run ``check``; returns what to print on stdout and the exit status."""
    from checks.cli.terminal import painter

    args = _parser().parse_args(_claims_last(argv))
    if args.samples < 1 or args.jobs < 1 or args.memory < 64:
        raise UsageError("--samples and --jobs must be at least 1, --memory at least 64")
    jobs = _jobs(args)
    records, outcomes = _checked(args, jobs)
    if not args.file and records[0]["verdict"] is None:
        raise UsageError(records[0]["error"])
    if args.file:
        sys.stderr.write(render_summary(records, painter(args.color, sys.stderr)) + "\n")
    text = _output(args, jobs, records, outcomes)
    if args.output is not None:
        text = write_output(text, args.output, f"{len(records)} claim{'s' if len(records) != 1 else ''}")
    verdicts = [r["verdict"] for r in records]
    if "refuted" in verdicts:
        return text, 1
    if "inconclusive" in verdicts or None in verdicts:
        return text, 3
    return text, 0


def _job_of(args: argparse.Namespace) -> Job:
    """The one claim (or answer) given on the command line."""
    target = args.words[0] if len(args.words) == 2 else None
    options = (tuple(args.vector), tuple(args.assume), tuple(args.size))
    return Job("1", args.words[-1], target, *options, one_based=args.one_based)


def _html(records: list[dict[str, Any]], outcomes: dict[int, Outcome]) -> str:
    """The claims as one HTML page."""
    from checks.report.html import render_claims_html

    # A malformed line of a batch was never run: it has a record (its error) and no outcome.
    ran = [outcomes.get(i) for i in range(len(records))]
    results = [o.value if o is not None and o.status == "ok" else None for o in ran]
    return render_claims_html(zip(records, results, strict=True))


def _preflight(job: Job) -> None:
    from checks.claims.check import find_result, result_declarations
    from checks.claims.reading import read, read_answer
    from checks.claims.syntax import ClaimSyntaxError

    try:
        if job.target is None:
            read(job.claim, declarations_of(job), one_based=job.one_based)
        else:
            read_answer(job.claim, result_declarations(find_result(job.target)))
    except ClaimSyntaxError as exc:
        raise UsageError(f"cannot read the claim: {exc}") from None
