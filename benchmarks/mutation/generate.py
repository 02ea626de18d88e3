"""Mutants of the catalogue: each is a derivation with one site changed, at every size alike."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

import derivations
from benchmarks.mutation.operators import (
    OPERATORS,
    DropCitation,
    PerturbReference,
    SetRelation,
    Site,
    sites,
)
from benchmarks.mutation.tree import (
    Chain,
    Unresolvable,
    entry_of,
    get_slot,
    node_at,
    replace_at,
    replace_step,
    set_slot,
    steps_of,
    with_entry,
)
from checks.model import Derivation, General, Proof

#: Sites drawn per derivation and operator (all of them where there are fewer).
DEFAULT_PER_OPERATOR = 4
#: The start is where the engine is weakest today (issue 11): it gets more mutants.
PER_OPERATOR_OVERRIDES: dict[str, int] = {"start": 8}

_BUILT: dict[tuple[str, int], Proof] = {}
_GENERAL: dict[str, General] = {}


def base_proof(d: Derivation, n: int) -> Proof:
    """The derivation's own proof at size ``n``, built once per process."""
    key = (d.name, n)
    if key not in _BUILT:
        _BUILT[key] = d.build(n)
    return _BUILT[key]


def base_general(d: Derivation) -> General:
    """The derivation's own all-n proof, built once per process."""
    assert d.general is not None
    if d.name not in _GENERAL:
        _GENERAL[d.name] = d.general()
    return _GENERAL[d.name]


@dataclass(frozen=True)
class Mutant:
    """One wrong (or equivalent) derivation: which family, operator and site, and what changed."""

    family: str
    exercise: str
    operator: str
    site: int
    where: str
    part: str
    description: str
    derivation: Derivation = field(compare=False, repr=False)
    slot: tuple[Any, ...] = ()  # the site's slot: ("start",), ("step", k), ("limit",), ("reference",)

    @property
    def name(self) -> str:
        return self.derivation.name

    @property
    def changes_start(self) -> bool:
        """Whether the quantity as defined is what changed (concrete or all-n start)."""
        return self.where in ("start", "all-n start")


@dataclass
class Generation:
    """The mutants built at every size, and those that were not."""

    mutants: list[Mutant] = field(default_factory=list)
    rejected: list[tuple[Mutant, str]] = field(default_factory=list)  # the build raised
    unresolved: list[tuple[Mutant, str]] = field(default_factory=list)  # no such site at some n


def _perturbed(reference: Callable[[Any], Any], how: str) -> Callable[[Any], Any]:
    def mutated(point: Any) -> Any:
        value = np.asarray(reference(point), dtype=float)
        if how == "scale":
            return 1.5 * value
        if how == "shift":
            return value + 0.1
        if how == "transpose":
            return value.T
        return np.roll(value.reshape(-1), 1).reshape(value.shape)

    return mutated


def apply_site(chain: Chain, site: Site) -> Chain:
    """``chain`` with the site's change made; :class:`Unresolvable` where it has no such site."""
    change = site.change
    if isinstance(change, PerturbReference):
        return dataclasses.replace(chain, reference=_perturbed(chain.reference, change.how))
    if isinstance(change, (SetRelation, DropCitation)):
        k = site.slot[1]
        steps = steps_of(chain)
        if k > len(steps):
            raise Unresolvable(f"no step {k}")
        if isinstance(change, SetRelation):
            if steps[k - 1].rel != change.old:
                raise Unresolvable(f"step {k} is {steps[k - 1].rel}, not {change.old}")
            return replace_step(chain, k, rel=change.new)
        if steps[k - 1].using != change.cited:
            raise Unresolvable(f"step {k} cites {steps[k - 1].using}")
        return replace_step(chain, k, using=())
    expr = get_slot(chain, site.slot)
    root = entry_of(expr, site.entry)
    node, parent = node_at(root, site.path)
    if not change.matches(node, parent):
        raise Unresolvable(f"the node at {site.path} is {type(node).__name__} {node}")
    new = replace_at(root, site.path, change.apply(node))
    return set_slot(chain, site.slot, with_entry(expr, site.entry, new))


def mutant_of(d: Derivation, site: Site, k: int) -> Mutant:
    """The mutant of ``d`` at ``site`` (number ``k`` in the operator's canonical list)."""
    name = f"{d.name}__{site.operator}_{k}"
    if site.part == "concrete":

        def build(n: int) -> Proof:
            mutated = apply_site(base_proof(d, n), site)
            assert isinstance(mutated, Proof)
            return mutated

        derivation = dataclasses.replace(d, name=name, build=build)
    else:

        def general() -> General:
            mutated = apply_site(base_general(d), site)
            assert isinstance(mutated, General)
            return mutated

        derivation = dataclasses.replace(d, name=name, general=general)
    return Mutant(
        d.name, d.exercise, site.operator, k, site.where, site.part, site.detail, derivation, site.slot
    )


def all_sites(d: Derivation, op: str) -> list[Site]:
    """Every site of ``op`` in ``d``: the concrete proof's (at the smallest size), then the
    all-n proof's."""
    found = sites(op, "concrete", base_proof(d, d.sizes[0]))
    if d.general is not None:
        found += sites(op, "general", base_general(d))
    return found


def check_build(m: Mutant) -> tuple[str, str]:
    """``ok``, ``rejected`` (the build raised) or ``unresolved``, with the message."""
    d = m.derivation
    try:
        if m.part == "concrete":
            for n in d.sizes:
                d.build(n)
        else:
            assert d.general is not None
            d.general()
    except Unresolvable as exc:
        return "unresolved", str(exc)
    except Exception as exc:  # a DerivationError, a shape error: the model refused it
        return "rejected", f"{type(exc).__name__}: {exc}"
    return "ok", ""


def _matches(d: Derivation, families: Iterable[str] | None) -> bool:
    if families is None:
        return True
    return any(f in (d.name, d.exercise) for f in families)


def generate(
    seed: int = 0,
    per_operator: int = DEFAULT_PER_OPERATOR,
    operators: Iterable[str] | None = None,
    families: Iterable[str] | None = None,
) -> Generation:
    """Mutants of every catalogue derivation: for each operator, up to ``per_operator`` sites
    drawn with ``seed`` from its canonical list (more for the start); each is built at every
    size and sorted into built, rejected and unresolved."""
    chosen_ops = tuple(operators) if operators is not None else OPERATORS
    unknown = sorted(set(chosen_ops) - set(OPERATORS))
    if unknown:
        raise ValueError(f"unknown operator(s) {', '.join(unknown)} (known: {', '.join(OPERATORS)})")
    families = list(families) if families is not None else None
    out = Generation()
    for d in derivations.all():
        if not _matches(d, families):
            continue
        for op in chosen_ops:
            found = all_sites(d, op)
            budget = PER_OPERATOR_OVERRIDES.get(op, per_operator) if per_operator else 0
            rng = random.Random(f"{seed}/{d.name}/{op}")
            for k in sorted(rng.sample(range(len(found)), min(budget, len(found)))):
                m = mutant_of(d, found[k], k)
                status, message = check_build(m)
                if status == "ok":
                    out.mutants.append(m)
                elif status == "rejected":
                    out.rejected.append((m, message))
                else:
                    out.unresolved.append((m, message))
    return out


def mutant(name: str) -> Mutant:
    """The mutant called ``family__operator_k`` (whatever seed drew it)."""
    family, _, rest = name.partition("__")
    op, _, k = rest.rpartition("_")
    if op not in OPERATORS or not k.isdigit():
        raise ValueError(f"{name!r} is not a mutant name like softmax_jacobian__sign_flip_3")
    d = derivations.get(family)
    found = all_sites(d, op)
    if int(k) >= len(found):
        raise ValueError(f"{family} has {len(found)} sites for {op}, not {int(k) + 1}")
    return mutant_of(d, found[int(k)], int(k))


def spread(mutants: Iterable[Mutant], seed: int = 0) -> list[Mutant]:
    """The mutants reordered so that any prefix is spread over operators and families: operators
    in turn, each giving its mutant from the family used least so far (ties in seeded order)."""
    rng = random.Random(f"spread/{seed}")
    by_operator: dict[str, list[Mutant]] = {}
    for m in mutants:
        by_operator.setdefault(m.operator, []).append(m)
    for pool in by_operator.values():
        rng.shuffle(pool)
    used: dict[str, int] = {}
    out: list[Mutant] = []
    while any(by_operator.values()):
        for op in OPERATORS:
            pool = by_operator.get(op, [])
            if not pool:
                continue
            best = min(range(len(pool)), key=lambda i: used.get(pool[i].family, 0))
            m = pool.pop(best)
            used[m.family] = used.get(m.family, 0) + 1
            out.append(m)
    return out
