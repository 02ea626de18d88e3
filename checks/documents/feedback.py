"""Feedback for a wrong link: the catalogue's known wrong answers (mutants), matched with the
document's vectors and scalars renamed to the catalogue result's (``o`` for its ``x``)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from checks.claims.check import catalogue_results
from checks.claims.declarations import Declarations, parse_assumption, parse_vector
from checks.claims.feedback import mutant_feedback
from checks.claims.syntax import ClaimSyntaxError, Node, Relation, parse_expression
from checks.documents.plan import LinkPlan
from checks.documents.trees import VECTOR_FUNCTIONS, names, number, replace_names
from checks.errors import UsageError
from checks.model import Kind, Result
from checks.numeric.sampling import samples

#: Names in a result's quantity that are no variables.
_NOT_VARIABLES = frozenset({"i", "j", "k", "E", "pi", "oo", *VECTOR_FUNCTIONS})


def known_mistake(plan: LinkPlan, size: int | None, seed: int = 0) -> str | None:
    """The sentence of the first catalogue mutant the refuted link matches, or None."""
    if plan.relation is None:
        return None
    mine_vectors = {name: kind for name, kind, _ in plan.vectors}
    mine_scalars = [name for name, _ in plan.scalars]
    # A result about one entry speaks more precisely than one about every (i, j), as in
    # checks.claims.feedback: the diagonal's sentence before the whole Jacobian's.
    for result in sorted(catalogue_results(), key=lambda r: "[i]" in r.quantity or "[j]" in r.quantity):
        relation = _sized(plan, result) if size is not None else plan.relation
        for renaming, declarations in _renamings(result, mine_vectors, mine_scalars):
            renamed = Relation(
                relation.rel,
                replace_names(relation.left, renaming),
                replace_names(relation.right, renaming),
                index_base=relation.index_base,
            )
            try:
                scope = declarations.scope()
                points = samples(scope.variables, 8, seed)
                found = mutant_feedback(renamed, scope, {}, points, [result])
            except (ClaimSyntaxError, UsageError, ValueError, TypeError, ZeroDivisionError):
                continue
            if found is not None:
                return found
    return None


def _sized(plan: LinkPlan, result: Result) -> Relation:
    """A link about every size at the size of the result's vectors (the catalogue's are of one size)."""
    assert plan.relation is not None
    sizes = {parse_vector(v)[1] for v in result.vectors} or {2}
    mapping = {plan.symbol or "n": number(max(sizes))}
    relation = plan.relation
    return Relation(
        relation.rel,
        replace_names(relation.left, mapping),
        replace_names(relation.right, mapping),
        index_base=relation.index_base,
    )


def _renamings(
    result: Result, vectors: dict[str, Kind], scalars: list[str]
) -> Iterator[tuple[dict[str, Node], Declarations]]:
    """Each way to rename the link's vectors (kind for kind) and scalars onto the result's."""
    theirs = [parse_vector(v) for v in result.vectors]
    assumed = [parse_assumption(a) for a in result.assume]
    try:
        quantity = parse_expression(result.quantity)
    except ClaimSyntaxError:
        return
    their_scalars = sorted(names(quantity) - {n for n, _, _ in theirs} - _NOT_VARIABLES)
    if len(theirs) != len(vectors) or len(their_scalars) != len(scalars) or len(scalars) > 2:
        return
    if not theirs and not their_scalars:
        return  # a result with no variables matches any claim of its value
    kinds = {name: kind for name, _, kind in theirs}
    for order in itertools.permutations(sorted(vectors)):
        if any(vectors[mine] is not kinds[name] for mine, (name, _, _) in zip(order, theirs, strict=True)):
            continue
        for scalar_order in itertools.permutations(scalars):
            renaming: dict[str, Node] = {}
            for mine, (name, _, _) in zip(order, theirs, strict=True):
                renaming[mine] = Node("name", value=name)
            for mine, name in zip(scalar_order, their_scalars, strict=True):
                renaming[mine] = Node("name", value=name)
            kinds_of = dict(assumed)
            scalars_declared = tuple((name, kinds_of.get(name, Kind.REAL)) for name in their_scalars)
            yield renaming, Declarations(vectors=tuple(theirs), scalars=scalars_declared)
