"""Check one user claim: read it safely, prove it symbolically, cross-check it numerically."""

from __future__ import annotations

import dataclasses
import difflib
import functools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ParamSpec

import sympy as sp

from checks.claims.case import SYMPY_ERRORS, Case, evaluated, has_limit, only_bound, point_text, to_matrix
from checks.claims.confirm import EXACT_POINTS, exactly_refuted, first_confirmed
from checks.claims.constants import certified_constant, is_constant
from checks.claims.declarations import Declarations, parse_assumption, parse_vector
from checks.claims.feedback import mutant_feedback
from checks.claims.limit_gap_exact import tiny_limit_gap
from checks.claims.limits import exceptional_points, limit_agrees, strict_limit_tie
from checks.claims.proving import UNDECIDED, prove
from checks.claims.reading import read, read_expression, render_tree
from checks.claims.scope import Scope, assignments, free_names
from checks.claims.screen import kink_note, screen
from checks.claims.sympy_side import sympy_sides
from checks.claims.syntax import ClaimSyntaxError, Relation, parse_expression
from checks.claims.witnesses import witness_points
from checks.errors import StepTimeout, UsageError
from checks.model import Result
from checks.model.portable import from_tree, portable
from checks.model.result import Sides, Verdict
from checks.numeric.kinks import kink_conditions
from checks.numeric.sampling import Sample, samples
from checks.prove.domains import ranges_of
from checks.prove.ladder import SymbolicOutcome
from checks.timeout import deadline


@dataclass(frozen=True)
class ClaimResult:
    """The outcome of checking one claim."""

    claim: str
    read_as: str
    verdict: Verdict
    counterexample: dict[str, Any] | None
    feedback: str | None
    seconds: float
    method: str | None = None
    notes: tuple[str, ...] = field(default=())
    pretty: str = ""
    #: The refuted case's two sides and point, for a plot, and the claim's two sides as read
    #: (one assignment of its indices), for MathML and LaTeX; neither in the JSON output.
    sides: Sides | None = field(default=None, compare=False, repr=False)
    expressions: tuple[Any, Any] | None = field(default=None, compare=False, repr=False)

    def __getstate__(self) -> dict[str, Any]:
        # A result travels back from a sandboxed child: its expressions as plain trees, never
        # as SymPy objects, which the parent would evaluate when unpickling (2**2**2**2**2**2**2).
        sides = self.sides.to_state() if self.sides is not None else None
        trees = [portable(e) for e in self.expressions] if self.expressions is not None else None
        shown = None if trees is None or None in trees else tuple(trees)
        return {**self.__dict__, "sides": sides, "expressions": shown}

    def __setstate__(self, state: dict[str, Any]) -> None:
        trees = state["expressions"]
        shown = None if trees is None else (from_tree(trees[0]), from_tree(trees[1]))
        self.__dict__.update({**state, "sides": Sides.from_state(state["sides"]), "expressions": shown})

    def plot(self) -> Any:
        """A matplotlib Figure: a refuted claim's two sides along a line through its
        counterexample (needs ``pip install softmax-derivations[report]``)."""
        from checks.report.plots import claim_figure

        return claim_figure(self)

    def _repr_html_(self) -> str:
        from checks.report.html import claim_fragment

        return claim_fragment(self)

    def _repr_latex_(self) -> str:
        from checks.report.latex import claim_latex

        return claim_latex(self)


def check_claim(
    text: str,
    declarations: Declarations | None = None,
    *,
    seed: int = 0,
    samples_count: int = 24,
    timeout: float = 10.0,
    pretty: bool = True,
    one_based: bool = False,
) -> ClaimResult:
    """Check one claim; a claim that cannot be read raises :class:`UsageError` (one line).

    ``pretty=False`` skips the 2-D pretty form of the claim (batch grading never shows it);
    ``one_based`` reads ``x_1`` as the first entry (as a document writes it).

    Examples
    --------
    >>> check_claim("log(exp(a) + exp(b)) > Max(a, b)").verdict.value
    'verified'
    >>> check_claim("exp(-40) = 0").verdict.value
    'refuted'
    """
    declarations = declarations or Declarations()
    try:
        relation = read(text, declarations, one_based=one_based)
    except ClaimSyntaxError as exc:
        raise UsageError(f"cannot read the claim: {exc}") from None
    return check_relation(
        relation,
        text,
        declarations,
        seed=seed,
        samples_count=samples_count,
        timeout=timeout,
        results=None,
        pretty=pretty,
    )


def find_result(target: str) -> Result:
    """The exported result ``E15.parameter_count`` or ``derivation_name.result_name``."""
    import derivations

    # The last dot splits: an exercise id may have dots of its own (week2.q4.gradient).
    head, _, tail = target.rpartition(".")
    if not head or not tail:
        raise UsageError(f"expected EXERCISE.RESULT or DERIVATION.RESULT, got {target!r}")
    available = []
    for d in derivations.all():
        for r in d.results:
            available.append(f"{d.exercise}.{r.name}")
            if r.name == tail and head in (d.exercise, d.name):
                return r
    close = difflib.get_close_matches(target, available, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else "; 'verify-derivations list' shows the results"
    raise UsageError(f"unknown result {target!r}{hint}")


def check_answer(
    target: str,
    answer: str,
    *,
    seed: int = 0,
    samples_count: int = 24,
    timeout: float = 10.0,
    pretty: bool = True,
) -> ClaimResult:
    """Check ``answer`` against a result the catalogue exports (its quantity = the answer)."""
    result = find_result(target)
    declarations = result_declarations(result)
    try:
        quantity = parse_expression(result.quantity)
        given, notes = read_expression(answer, declarations)
    except ClaimSyntaxError as exc:
        raise UsageError(f"cannot read the answer: {exc}") from None
    relation = Relation("=", quantity, given, notes)
    return check_relation(
        relation,
        answer,
        declarations,
        seed=seed,
        samples_count=samples_count,
        timeout=timeout,
        results=[result],
        pretty=pretty,
    )


def result_declarations(result: Result) -> Declarations:
    """The names a catalogue result declares (an answer to it is read with them)."""
    declared = Declarations(
        vectors=tuple(parse_vector(v) for v in result.vectors),
        scalars=tuple(parse_assumption(a) for a in result.assume),
    )
    # The names of the quantity itself (z of diff(sigmoid(z), z)) and no others.
    used = free_names(parse_expression(result.quantity))
    return dataclasses.replace(declared, closed=frozenset(used | declared.names()))


@functools.cache
def catalogue_results() -> tuple[Result, ...]:
    """Every result the catalogue exports (imports the catalogue once per process)."""
    import derivations

    return tuple(r for d in derivations.all() for r in d.results)


#: The whole check's wall-clock bound, as a multiple of ``timeout`` plus seconds (the CLI's
#: child process is given a little more, so that this ends it first, with a verdict).
WHOLE_CHECK = (1.5, 1.0)


_P = ParamSpec("_P")


def _bounded(check: Callable[_P, ClaimResult]) -> Callable[_P, ClaimResult]:
    """``check`` ending inconclusive after 1.5 × its ``timeout`` + 1 s (in the main thread: the
    bound is a SIGALRM deadline), even where no step of it has a deadline of its own."""

    @functools.wraps(check)
    def bounded(*args: _P.args, **kwargs: _P.kwargs) -> ClaimResult:
        started = time.perf_counter()
        timeout = kwargs["timeout"]
        assert isinstance(timeout, float | int)
        bound = WHOLE_CHECK[0] * timeout + WHOLE_CHECK[1]
        try:
            with deadline(bound):
                return check(*args, **kwargs)
        except StepTimeout:
            relation, text = args[0], args[1]
            assert isinstance(relation, Relation) and isinstance(text, str)
            read_as = f"{render_tree(relation.left)} {relation.rel} {render_tree(relation.right)}"
            note = f"the whole check timed out after {bound:g} s"
            seconds = time.perf_counter() - started
            return ClaimResult(text, read_as, Verdict.INCONCLUSIVE, None, None, seconds, None, (note,))

    return bounded


@_bounded
def check_relation(
    relation: Relation,
    text: str,
    declarations: Declarations,
    *,
    seed: int,
    samples_count: int,
    timeout: float,
    results: list[Result] | None,
    pretty: bool = True,
) -> ClaimResult:
    """Prove ``relation`` symbolically and cross-check it numerically; ``results`` (default:
    the whole catalogue) supply mutant feedback when it is refuted. ``timeout`` bounds the
    symbolic work, and the whole check (see :func:`_bounded`)."""
    started = time.perf_counter()
    read_as = f"{render_tree(relation.left)} {relation.rel} {render_tree(relation.right)}"
    try:
        scope, built = _build(relation, declarations)
    except UsageError:
        raise  # (a ValueError too, but the user's to fix, not SymPy's)
    except SYMPY_ERRORS as exc:
        # SymPy itself fails on what was read (a comparison with NaN, say): nothing to prove.
        note = f"SymPy could not build the claim: {type(exc).__name__}: {exc}"
        return ClaimResult(
            text, read_as, Verdict.INCONCLUSIVE, None, None, time.perf_counter() - started, None, (note,)
        )
    run = _Run(relation, scope, _constraints(scope), time.monotonic() + timeout, PROOF_SHARE * timeout)
    run.notes.extend(relation.notes)
    cases = [
        Case(dict(ix), *evaluated(left, right), kinks=kink_conditions((left, right)))
        for ix, left, right in built
    ]
    run.sampled = samples(scope.variables, samples_count, seed)
    run.exceptional = len(run.sampled)
    run.sampled += exceptional_points(cases, scope, run.constraints, run.sampled, run.end)
    run.sampled += witness_points(cases, scope, run.end)
    # Numbers first: a confirmed counterexample settles the claim, and the symbolic ladder
    # would spend most of its time failing on a false claim. The numeric side re-reads the
    # tree in NumPy; SymPy's values are used only to confirm.
    _screen_cases(run, cases)
    if run.counterexample is None and not run.disputed:
        _prove_cases(run, cases)
    verdict, feedback = _verdict(run, cases, results)
    return ClaimResult(
        claim=text,
        read_as=read_as,
        verdict=verdict,
        counterexample=run.counterexample,
        feedback=feedback,
        seconds=time.perf_counter() - started,
        method=_method(run) if verdict is Verdict.VERIFIED else None,
        notes=tuple(run.notes),
        pretty=_drawn(relation, built) if pretty else "",
        sides=_sides(run, cases),
        expressions=(to_matrix(built[0][1]), to_matrix(built[0][2])) if len(built) == 1 else None,
    )


def _sides(run: _Run, cases: list[Case]) -> Sides | None:
    """The refuted case's sides at its counterexample, for a plot (none through a limit,
    whose value at a point is only estimated)."""
    if run.counterexample is None:
        return None
    indices = run.counterexample.get("indices")
    case = next((c for c in reversed(cases) if c.refuted_at is not None and c.indices == indices), None)
    if case is None or case.refuted_at is None or has_limit(case.left) or has_limit(case.right):
        return None
    sample = run.sampled[case.refuted_at]
    return Sides(case.left, case.right, run.relation.rel, tuple(run.scope.variables), sample.values)


@dataclass
class _Run:
    """What one check has found so far, shared by its steps."""

    relation: Relation
    scope: Scope
    constraints: dict[sp.Symbol, sp.Expr]
    end: float
    proof_seconds: float  # for each case's symbolic proof (see PROOF_SHARE)
    sampled: list[Sample] = field(default_factory=list)
    exceptional: int = 0  # the sampled points from here on are a limit's exceptional ones
    checked: int = 0
    counterexample: dict[str, Any] | None = None
    disputed: bool = False  # the numbers settle away from a limit that SymPy does not call wrong
    used_limit: bool = False
    outcomes: list[SymbolicOutcome] = field(default_factory=list)
    unsettled: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _build(relation: Relation, declarations: Declarations) -> tuple[Scope, list[tuple[Any, Any, Any]]]:
    """The declared names, and both sides in SymPy for each assignment of the free indices."""
    try:
        scope = declarations.scope()
        built = [(ix, *sympy_sides(relation, scope, ix)) for ix in assignments(relation, scope)]
        for _, left, right in built:
            if isinstance(left, tuple) and isinstance(right, tuple) and len(left) != len(right):
                raise ClaimSyntaxError(
                    f"the left side has {len(left)} entries and the right side {len(right)}", 1
                )
    except ClaimSyntaxError as exc:
        raise UsageError(f"cannot read the claim: {exc}") from None
    return scope, built


def _constraints(scope: Scope) -> dict[sp.Symbol, sp.Expr]:
    """Declared labels and probabilities lie on the simplex: the claim may use Σ = 1."""
    constraints: dict[sp.Symbol, sp.Expr] = {}
    for var in scope.vectors.values():
        if var.constraint:
            constraints.update(var.constraint_substitution())
    return constraints


def _drawn(relation: Relation, built: list[tuple[Any, Any, Any]]) -> str:
    """The 2-D pretty form of a claim with one assignment of its indices (else nothing)."""
    if len(built) != 1:
        return ""
    _, left, right = built[0]
    if isinstance(left, tuple) or isinstance(right, tuple):
        return f"{sp.pretty(to_matrix(left))}\n{relation.rel}\n{sp.pretty(to_matrix(right))}"
    rel = "==" if relation.rel == "=" else relation.rel
    return str(sp.pretty(sp.Rel(left, right, rel, evaluate=False), use_unicode=True))


def _screen_cases(run: _Run, cases: list[Case]) -> None:
    """Every case screened in NumPy; the first counterexample high precision confirms stands
    (a limit's only where sympy.limit agrees)."""
    rel = run.relation.rel
    for case in cases:
        counted, run.counterexample = screen(run.relation, run.scope, case, run.sampled)
        run.checked += counted
        if case.unsettled is not None and run.counterexample is None:
            index, why = case.unsettled
            shown = point_text(run.sampled[index], run.scope, only_bound(case))
            where = ", ".join(f"{k} = {v}" for k, v in shown.items())
            run.unsettled.append(why.format(where=f"at {where}" if where else "at every point"))
            run.disputed = True
            continue
        if run.counterexample is not None and not limit_agrees(case, rel, run.sampled, run.scope, run.end):
            run.counterexample, run.disputed = None, True
            continue
        if run.counterexample is not None:
            return


def _prove_cases(run: _Run, cases: list[Case]) -> None:
    """Every case proved symbolically; one without a proof is looked at exactly too (tiny
    values never make unequal things equal: exp(-40) = 0 agrees in floats)."""
    rel, scope, sampled = run.relation.rel, run.scope, run.sampled
    ranges = ranges_of(scope.variables)
    for case in cases:
        # (Sides equal as written are the ladder's at once: "identical".)
        if is_constant(case) and case.left != case.right and _decided_constant(run, case):
            if run.counterexample is not None:
                return
            continue
        # Refute first: an inequality broken under the float tolerance where its slack was least
        # (KL(p, q) >= 1e-20 at p = q) is certified before the ladder spends its time.
        near = [(i, sampled[i]) for i in case.nearest if i not in case.outside]
        found = exactly_refuted(case, rel, near, scope, min(run.end, time.monotonic() + _NEAR_SECONDS))
        if found is not None:
            run.counterexample = found
            return
        # The proof has its share of the time; the exact looks below may use the rest.
        proof_end = min(run.end, time.monotonic() + run.proof_seconds)
        outcome, limit_used = prove(case, rel, run.constraints, proof_end, ranges=ranges)
        run.used_limit = run.used_limit or limit_used
        run.outcomes.append(outcome)
        if outcome.proved is True:
            continue
        wanted = [
            (i, p) for i, p in enumerate(sampled) if (i < 6 or i >= run.exceptional) and i not in case.outside
        ]
        looked = [(i, p) for i, p in wanted if i not in case.confirmed]
        found = first_confirmed(case, rel, looked, scope)
        if found is None:
            first = [(i, p) for i, p in enumerate(sampled[:6]) if i not in case.outside][:EXACT_POINTS]
            taken = {i for i, _ in first}
            nearest = [(i, sampled[i]) for i in case.nearest if i not in taken and i not in case.outside]
            found = exactly_refuted(case, rel, first + nearest, scope, run.end)  # (again, with more time)
        if found is None:
            found = strict_limit_tie(case, rel, wanted, scope, run.end)
        if found is not None and not limit_agrees(case, rel, sampled, scope, run.end):
            found, run.disputed = None, True
        if found is None:  # a gap under the float tolerance: sympy.limit and the far sequence agree
            found = tiny_limit_gap(case, rel, wanted[:EXACT_POINTS], scope, run.end)
        if found is not None:
            run.counterexample = found
            return


def _decided_constant(run: _Run, case: Case) -> bool:
    """A claim between constants decided by a certificate, before the symbolic ladder (which
    may spend its whole budget on (1 + 10**-100)**(10**100)): True if it was, either way."""
    certified = certified_constant(case, run.relation.rel, run.end)
    if certified is not None:
        run.outcomes.append(certified)
        run.checked += 1  # the certificate is the evaluation at the claim's only point, too
        return True
    points = [(i, p) for i, p in enumerate(run.sampled[:1]) if i not in case.outside]
    found = exactly_refuted(case, run.relation.rel, points, run.scope, min(run.end, time.monotonic() + 2.0))
    if found is not None:
        run.counterexample = found
    return found is not None


def _method(run: _Run) -> str | None:
    """The strategies that proved a verified claim."""
    return ", ".join(sorted({o.method for o in run.outcomes if o.method})) or None


def _verdict(run: _Run, cases: list[Case], results: list[Result] | None) -> tuple[Verdict, str | None]:
    """The verdict, the feedback for a refuted claim, and the notes (added to ``run``)."""
    kinked = [said for case in cases if (said := kink_note(case, run.sampled, run.scope))]
    if kinked and run.counterexample is None:
        run.notes.append(kinked[0])
    if run.unsettled:
        run.notes.append(run.unsettled[0])
    elif run.disputed:
        run.notes.append(
            "the numbers settle away from the claimed limit but sympy.limit does not call it wrong: "
            "a limit is refuted only when both do"
        )
    feedback = None
    if run.counterexample is not None:
        verdict = Verdict.REFUTED
        # A result with no variables (a number, E14's bits) matches any claim of the same
        # value: it gives feedback only to an answer checked against it by name.
        known = [r for r in catalogue_results() if r.vectors or r.assume] if results is None else results
        feedback = mutant_feedback(run.relation, run.scope, run.counterexample["indices"], run.sampled, known)
    elif len(run.outcomes) == len(cases) and all(o.proved is True for o in run.outcomes) and run.checked:
        verdict = Verdict.VERIFIED
    else:
        verdict = Verdict.INCONCLUSIVE
        tried = sorted({t for o in run.outcomes for t in o.tried if not t.startswith(UNDECIDED)})
        # Why a limit proved for generic parameters is not proved for all: a note of its own.
        run.notes.extend(dict.fromkeys(t for o in run.outcomes for t in o.tried if t.startswith(UNDECIDED)))
        run.notes.append(
            "not proved symbolically (tried " + ", ".join(tried) + ")" if tried else "not proved"
        )
        if any("timed out" in t for t in tried):
            run.notes.append(
                f"the proof search stops after {run.proof_seconds:g} s, {PROOF_SHARE:.0%} of the "
                "claim's --timeout: a larger --timeout gives it longer"
            )
        if not run.checked:
            run.notes.append("no sample point could be evaluated numerically")
    if run.used_limit:
        run.notes.append(
            "limits were computed by sympy.limit and confirmed numerically along a growing sequence"
        )
    return verdict, feedback


#: Seconds the exact look at the points of least slack may take before the ladder.
_NEAR_SECONDS = 0.5

#: The symbolic proof of a case may take this share of the claim's time. Every true claim of
#: ``benchmarks/true_claims.jsonl`` proved with the whole 10 s is proved within this share too
#: (378 of 405, one more than before), while a claim the prover cannot prove would spend the
#: whole of it failing (and leave nothing for the exact looks after the ladder, which refute a
#: claim wrong by less than the float tolerance): a batch of answers waited 10 s on each.
PROOF_SHARE = 0.4
