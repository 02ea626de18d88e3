"""Identical answers in a batch, checked once: batch lines grouped by how they read.

Two lines are the same check when the reader makes the same relation of them (the same trees,
notes and index base: spacing and spelling differences gone) under the same declarations and
target. A line that cannot be read is grouped only with lines of exactly the same text and
options, so its error is still its own.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from checks.claims.declarations import Declarations, parse_assumption, parse_size, parse_vector
from checks.claims.syntax import ClaimSyntaxError
from checks.cli.batch import Job
from checks.errors import UsageError


def declarations_of(job: Job) -> Declarations:
    """The declarations a claim's options make."""
    return Declarations(
        vectors=tuple(parse_vector(v) for v in job.vectors),
        scalars=tuple(parse_assumption(a) for a in job.assume),
        sizes=tuple(parse_size(s) for s in job.sizes),
    )


def reading_key(job: Job) -> Hashable:
    """What decides the check of ``job``, with its id and line left out: the reading of its
    claim (or answer), its declarations and its target; the raw text where it does not read."""
    from checks.claims.reading import read, read_expression

    raw = ("raw", job.claim, job.target, job.vectors, job.assume, job.sizes, job.one_based)
    try:
        if job.target is not None:
            from checks.claims.check import find_result, result_declarations

            declarations = result_declarations(find_result(job.target))
            node, notes = read_expression(job.claim, declarations)
            return ("answer", job.target, node, notes, declarations)
        declarations = declarations_of(job)
        relation = read(job.claim, declarations, one_based=job.one_based)
    except (ClaimSyntaxError, UsageError, RecursionError, ValueError):
        return raw
    # Relation compares neither its notes nor its index base: both go into the key.
    shape = (relation.rel, relation.left, relation.right, relation.notes, relation.index_base)
    return ("claim", shape, declarations, job.one_based)


def groups(jobs: Sequence[Job], indices: Sequence[int]) -> list[list[int]]:
    """``indices`` (into ``jobs``) grouped by :func:`reading_key`, each group in the order of the
    jobs and the groups in the order of their first job; the first of a group is checked."""
    found: dict[Hashable, list[int]] = {}
    for index in indices:
        found.setdefault(reading_key(jobs[index]), []).append(index)
    return list(found.values())
