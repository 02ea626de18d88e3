"""The claims of ``check``: one from the command line, or one per line of a JSONL batch file.

A malformed batch line becomes a job that is not run, with the reason and its line number, and
the batch goes on; ``--strict`` rejects the whole file instead, before anything runs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from checks.claims.declarations import parse_assumption, parse_size, parse_vector
from checks.errors import UsageError

MAX_FILE_BYTES = 8 * 1024 * 1024

#: A malformed line's claim, as shown in its row, is the line cut to this many characters.
SHOWN_LINE = 200


@dataclass(frozen=True)
class Job:
    """One claim to check, as read from the command line or one line of a batch file.

    ``line`` is its line in the batch file; ``problem`` says why a malformed line is not run.
    """

    id: str
    claim: str
    target: str | None
    vectors: tuple[str, ...]
    assume: tuple[str, ...]
    sizes: tuple[str, ...] = ()
    one_based: bool = False
    line: int | None = None
    problem: str | None = None


def validate(job: Job) -> None:
    """Reject malformed options before anything runs."""
    for v in job.vectors:
        parse_vector(v)
    for a in job.assume:
        parse_assumption(a)
    for size in job.sizes:
        parse_size(size)
    if job.target is not None:
        from checks.claims.check import find_result

        find_result(job.target)
        if job.one_based or job.sizes:
            raise UsageError("--one-based and --size apply to a claim, not to an answer to a result")


def _read_text(path: str) -> str:
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise UsageError(f"cannot read {path!r}: {exc.strerror}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise UsageError(f"{path}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path}: not UTF-8 text (byte {exc.start})") from None


def _string_list(value: Any) -> list[str]:
    """``vectors``, ``assume`` or ``sizes``: a list of strings, one string, or (vectors, sizes) a
    ``{name: size}`` map."""
    if isinstance(value, dict):
        value = [f"{k}:{v}" for k, v in value.items()]
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UsageError("'vectors', 'assume' and 'sizes' must be lists of strings")
    return value


def _job(line: str, number: int) -> Job:
    """The job of one batch line; a malformed line raises :class:`UsageError` with the reason."""
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        raise UsageError(f"not valid JSON ({exc.msg})") from None
    if not isinstance(item, dict):
        raise UsageError(f"expected a JSON object, got {type(item).__name__}")
    lone = _lone_surrogate(item)
    if lone is not None:
        raise UsageError(f"holds {lone}, half of a UTF-16 pair: not a character of text")
    claim = item.get("claim", item.get("answer"))
    if not isinstance(claim, str):
        raise UsageError("needs a string field 'claim' (or 'answer' with 'result')")
    target = item.get("result")
    if target is not None and not isinstance(target, str):
        raise UsageError("'result' must be a string like 'E15.parameter_count'")
    vectors, assume = _string_list(item.get("vectors", [])), _string_list(item.get("assume", []))
    sizes = _string_list(item.get("sizes", []))
    one_based = item.get("one_based", False)
    if not isinstance(one_based, bool):
        raise UsageError("'one_based' must be true or false")
    job = Job(
        str(item.get("id", number)),
        claim,
        target,
        tuple(vectors),
        tuple(assume),
        tuple(sizes),
        one_based,
        line=number,
    )
    validate(job)
    return job


def _unrun(line: str, number: int, problem: str) -> Job:
    """The row of a malformed line: its id and claim where the line gives them, else its number
    and the line itself."""
    try:
        item = json.loads(line)
    except json.JSONDecodeError:
        item = None
    item = item if isinstance(item, dict) else {}
    claim = item.get("claim", item.get("answer"))
    if not isinstance(claim, str):
        claim = line.strip() if len(line.strip()) <= SHOWN_LINE else line.strip()[:SHOWN_LINE] + "…"
    target = item.get("result") if isinstance(item.get("result"), str) else None
    ident = item.get("id", number)
    return Job(
        _printable(str(ident)),
        _printable(claim),
        _printable(target) if target is not None else None,
        (),
        (),
        line=number,
        problem=f"line {number}: {problem}",
    )


def _lone_surrogate(value: Any) -> str | None:
    """The first lone surrogate (JSON's ``\\ud800``) in the strings of ``value``, escaped."""
    if isinstance(value, str):
        bad = next((c for c in value if "\ud800" <= c <= "\udfff"), None)
        return None if bad is None else f"\\u{ord(bad):04x}"
    if isinstance(value, dict):
        value = [*value.keys(), *value.values()]
    if isinstance(value, list):
        return next((found for v in value if (found := _lone_surrogate(v)) is not None), None)
    return None


def _printable(text: str) -> str:
    """``text`` with any lone surrogate written as its escape, so that the row can be printed."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def read_batch(path: str, *, strict: bool = False) -> list[Job]:
    """The jobs of a JSONL batch file, one per non-blank line. A malformed line is a job that is
    not run (its ``problem`` says why, with the line number); with ``strict`` it rejects the
    whole file. A file that cannot be read, or has no line, is always rejected."""
    jobs = []
    for number, line in enumerate(_read_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            jobs.append(_job(line, number))
        except UsageError as exc:
            if strict:
                raise UsageError(f"{path}:{number}: {exc}") from None
            jobs.append(_unrun(line, number, str(exc)))
    if not jobs:
        raise UsageError(f"{path}: no claims in the file")
    return jobs
