"""``verify-derivations check``: one claim, an answer to a catalogue result, or a JSONL batch."""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from checks.claims.check import ClaimResult, catalogue_results, check_answer, check_claim
from checks.claims.declarations import Declarations, parse_assumption, parse_vector
from checks.cli.sandbox import DEFAULT_MEMORY_MB, Outcome, run_many
from checks.cli.verify import write_output
from checks.errors import UsageError
from checks.model.result import Verdict

MAX_FILE_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class Job:
    """One claim to check, as read from the command line or one line of a batch file."""

    id: str
    claim: str
    target: str | None
    vectors: tuple[str, ...]
    assume: tuple[str, ...]


def _run_job(job: Job, seed: int, samples: int, timeout: float, pretty: bool) -> ClaimResult:
    if job.target is not None:
        return check_answer(
            job.target, job.claim, seed=seed, samples_count=samples, timeout=timeout, pretty=pretty
        )
    declarations = Declarations(
        vectors=tuple(parse_vector(v) for v in job.vectors),
        scalars=tuple(parse_assumption(a) for a in job.assume),
    )
    return check_claim(
        job.claim, declarations, seed=seed, samples_count=samples, timeout=timeout, pretty=pretty
    )


def _validate(job: Job) -> None:
    """Reject malformed options before anything runs."""
    for v in job.vectors:
        parse_vector(v)
    for a in job.assume:
        parse_assumption(a)
    if job.target is not None:
        from checks.claims.check import find_result

        find_result(job.target)


def _read_batch(path: str) -> list[Job]:
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise UsageError(f"cannot read {path!r}: {exc.strerror}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise UsageError(f"{path}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    jobs = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise UsageError(f"{path}:{number}: not valid JSON ({exc.msg})") from None
        if not isinstance(item, dict):
            raise UsageError(f"{path}:{number}: expected a JSON object, got {type(item).__name__}")
        claim = item.get("claim", item.get("answer"))
        if not isinstance(claim, str):
            raise UsageError(f"{path}:{number}: needs a string field 'claim' (or 'answer' with 'result')")
        target = item.get("result")
        if target is not None and not isinstance(target, str):
            raise UsageError(f"{path}:{number}: 'result' must be a string like 'E15.parameter_count'")
        vectors, assume = item.get("vectors", []), item.get("assume", [])
        if isinstance(vectors, dict):
            vectors = [f"{k}:{v}" for k, v in vectors.items()]
        if isinstance(vectors, str):
            vectors = [vectors]
        if isinstance(assume, str):
            assume = [assume]
        if (
            not isinstance(vectors, list)
            or not isinstance(assume, list)
            or not all(isinstance(v, str) for v in vectors)
            or not all(isinstance(a, str) for a in assume)
        ):
            raise UsageError(f"{path}:{number}: 'vectors' and 'assume' must be lists of strings")
        job = Job(str(item.get("id", number)), claim, target, tuple(vectors), tuple(assume))
        try:
            _validate(job)
        except UsageError as exc:
            raise UsageError(f"{path}:{number}: {exc}") from None
        jobs.append(job)
    if not jobs:
        raise UsageError(f"{path}: no claims in the file")
    return jobs


def _record(job: Job, outcome: Outcome) -> dict[str, Any]:
    record: dict[str, Any] = {"id": job.id, "claim": job.claim}
    if job.target:
        record["result"] = job.target
    if outcome.status == "ok":
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
    parts += ["--seed", str(seed)]
    return " ".join(shlex.quote(p) for p in parts)


def _text(record: dict[str, Any], job: Job, seed: int, pretty: str) -> str:
    lines = [f"read as: {record['read_as']}"] if record["read_as"] is not None else []
    if pretty:
        lines += ["         " + line for line in pretty.splitlines()]
    verdict = record["verdict"] or "unreadable"
    lines.append(
        f"verdict: {verdict.upper()}" + (f"  (proved by {record['method']})" if record.get("method") else "")
    )
    cex = record.get("counterexample")
    if cex:
        point = ", ".join(f"{k} = {v}" for k, v in cex["point"].items()) or "(no variables)"
        indices = ", ".join(f"{k} = {v}" for k, v in cex.get("indices", {}).items())
        where = f"{point}" + (f"; {indices}" if indices else "")
        lines.append(f"  counterexample: {where} -> left {cex['left']}, right {cex['right']}")
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


def _parser() -> argparse.ArgumentParser:
    from checks.cli.options import Parser, positive_int, seconds

    parser = Parser(
        prog="verify-derivations check",
        description="Check a claim of your own: CLAIM is one relation in SymPy spelling or LaTeX; "
        "RESULT CLAIM compares an answer with a result the catalogue exports (see 'list'). "
        "Vector indices are 0-based, as in NumPy.",
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
        help="e.g. 'a > 0', '0 < p < 1', 'H: positive integer'",
    )
    parser.add_argument("--file", metavar="ANSWERS.jsonl", help="check one claim per line (batch grading)")
    parser.add_argument("--jobs", type=positive_int, default=1, help="checks run at once (default 1)")
    parser.add_argument("--format", choices=("text", "json", "html"), default="text")
    parser.add_argument("-o", "--output", metavar="FILE", help="write the output to FILE, not to stdout")
    parser.add_argument("--seed", type=positive_int, default=0)
    parser.add_argument("--samples", type=positive_int, default=24)
    parser.add_argument("--timeout", type=seconds, default=10.0, help="seconds per claim (default 10)")
    parser.add_argument("--memory", type=positive_int, default=DEFAULT_MEMORY_MB, help="MB per claim")
    return parser


_OPTIONS_WITH_VALUES = {
    "--vector",
    "--assume",
    "--file",
    "--jobs",
    "--format",
    "-o",
    "--output",
    "--seed",
    "--samples",
    "--timeout",
    "--memory",
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


def run_check(argv: Sequence[str]) -> tuple[str, int]:
    """Run ``check``; returns what to print on stdout and the exit status."""
    args = _parser().parse_args(_claims_last(argv))
    if args.samples < 1 or args.jobs < 1 or args.memory < 64:
        raise UsageError("--samples and --jobs must be at least 1, --memory at least 64")
    if args.file:
        if args.words:
            raise UsageError("give either --file or a claim, not both")
        jobs = _read_batch(args.file)
    else:
        if len(args.words) not in (1, 2):
            raise UsageError(
                "expected one claim in quotes (or RESULT and an answer), e.g. "
                'verify-derivations check "log(exp(a) + exp(b)) > Max(a, b)"'
            )
        target = args.words[0] if len(args.words) == 2 else None
        job = Job("1", args.words[-1], target, tuple(args.vector), tuple(args.assume))
        _validate(job)
        # Reading the claim happens here, before any check runs: bad input costs nothing.
        _preflight(job)
        jobs = [job]
    outcomes: dict[int, Outcome] = {}
    if len(jobs) > 1:
        # Each check runs in a forked child: read the catalogue's results (the feedback of a
        # refuted answer) here once, not again in every child.
        catalogue_results()
    # The child gets a little more than the symbolic budget, to finish the numeric check.
    limit = args.timeout * 1.5 + 2
    shows_pretty = not args.file and args.format == "text"
    for index, outcome in run_many(
        _run_job,
        # The 2-D pretty form is shown only for one claim in text format.
        [(j, args.seed, args.samples, args.timeout, shows_pretty) for j in jobs],
        seconds=limit,
        memory_mb=args.memory,
        parallel=args.jobs,
    ):
        outcomes[index] = outcome
    records = [_record(job, outcomes[i]) for i, job in enumerate(jobs)]
    verdicts = [r["verdict"] for r in records]
    if args.format == "html":
        text = _html(records, outcomes, bool(args.file))
    elif args.file:
        sys.stderr.write(_summary(records) + "\n")
        text = "\n".join(json.dumps(r, ensure_ascii=False) for r in records)
    elif args.format == "json":
        text = json.dumps(records[0], ensure_ascii=False, indent=2)
    else:
        result = outcomes[0].value if outcomes[0].status == "ok" else None
        text = _text(records[0], jobs[0], args.seed, result.pretty if result else "")
    if not args.file and records[0]["verdict"] is None:
        raise UsageError(records[0]["error"])
    if args.output is not None:
        text = write_output(text, args.output, f"{len(records)} claim{'s' if len(records) != 1 else ''}")
    if "refuted" in verdicts:
        return text, 1
    if "inconclusive" in verdicts or None in verdicts:
        return text, 3
    return text, 0


def _html(records: list[dict[str, Any]], outcomes: dict[int, Outcome], batch: bool) -> str:
    """The claims as one HTML page (a batch's summary still on stderr)."""
    from checks.report.html import render_claims_html

    if batch:
        sys.stderr.write(_summary(records) + "\n")
    results = [outcomes[i].value if outcomes[i].status == "ok" else None for i in range(len(records))]
    return render_claims_html(zip(records, results, strict=True))


def _preflight(job: Job) -> None:
    from checks.claims.reading import read, read_answer
    from checks.claims.syntax import ClaimSyntaxError

    try:
        if job.target is None:
            read(job.claim)
        else:
            read_answer(job.claim)
    except ClaimSyntaxError as exc:
        raise UsageError(f"cannot read the claim: {exc}") from None


def _summary(records: list[dict[str, Any]]) -> str:
    rows = [("id", "verdict", "seconds", "feedback")]
    for r in records:
        rows.append(
            (
                r["id"],
                r["verdict"] or "unreadable",
                f"{r['seconds']:.2f}",
                (r.get("feedback") or r.get("error") or "")[:60],
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(row[:3], widths, strict=True)) + "  " + row[3] for row in rows
    ]
    counts = {
        v: sum(1 for r in records if (r["verdict"] or "unreadable") == v)
        for v in ("verified", "refuted", "inconclusive", "unreadable")
    }
    lines.append(f"{len(records)} claims: " + ", ".join(f"{n} {v}" for v, n in counts.items()))
    return "\n".join(lines)
