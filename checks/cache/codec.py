"""Results as plain JSON and back, every field checked on the way in: a cache entry is never trusted."""

from __future__ import annotations

import math
from typing import Any

from checks.model.result import Counterexample, DerivationResult, StepResult, Verdict


class Invalid(ValueError):
    """What was read is not a well-formed result."""


#: Verdicts a cache holds: finished ones. An inconclusive result (a timeout, a crash, a killed
#: child, an undecided step) is never stored, and one read back is refused.
FINISHED = (Verdict.VERIFIED, Verdict.REFUTED)


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise Invalid(f"expected a string, got {type(value).__name__}")
    return value


def _opt_str(value: Any) -> str | None:
    return None if value is None else _str(value)


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise Invalid(f"expected a whole number, got {type(value).__name__}")
    return value


def _opt_int(value: Any) -> int | None:
    return None if value is None else _int(value)


def _float(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise Invalid(f"expected a number, got {value!r}")
    return float(value)


def _strs(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise Invalid("expected a list of strings")
    return tuple(_str(v) for v in value)


def _verdict(value: Any) -> Verdict:
    try:
        return Verdict(_str(value))
    except ValueError:
        raise Invalid(f"unknown verdict {value!r}") from None


def _fields(value: Any, names: tuple[str, ...]) -> dict[str, Any]:
    """``value`` as a dict with exactly the keys ``names``."""
    if not isinstance(value, dict) or set(value) != set(names):
        raise Invalid(f"expected an object with the fields {', '.join(names)}")
    return value


_STEP = ("index", "justification", "verdict", "method", "notes")
_CEX = ("step", "justification", "claim", "n", "point", "left", "right", "entry", "residual", "note")
_RESULT = (
    "name", "exercise", "title", "verdict", "scope", "seconds", "steps", "counterexample", "notes",
    "seed", "points_checked", "points_skipped", "reproduce",
)  # fmt: skip


def step_to_json(s: StepResult) -> dict[str, Any]:
    return {
        "index": s.index,
        "justification": s.justification,
        "verdict": s.verdict.value,
        "method": s.method,
        "notes": list(s.notes),
    }


def step_from_json(value: Any) -> StepResult:
    d = _fields(value, _STEP)
    return StepResult(
        _int(d["index"]),
        _str(d["justification"]),
        _verdict(d["verdict"]),
        _opt_str(d["method"]),
        _strs(d["notes"]),
    )


def cex_to_json(c: Counterexample) -> dict[str, Any]:
    """Every field but the plotted sides (an HTML report of a cached refutation runs it again)."""
    return {name: getattr(c, name) for name in _CEX}


def cex_from_json(value: Any) -> Counterexample:
    d = _fields(value, _CEX)
    point = d["point"]
    if not isinstance(point, dict):
        raise Invalid("expected the counterexample's point as an object")
    return Counterexample(
        step=_int(d["step"]),
        justification=_str(d["justification"]),
        claim=_str(d["claim"]),
        n=_opt_int(d["n"]),
        point={_str(k): _str(v) for k, v in point.items()},
        left=_str(d["left"]),
        right=_str(d["right"]),
        entry=_opt_str(d["entry"]),
        residual=_opt_str(d["residual"]),
        note=_opt_str(d["note"]),
    )


def result_to_json(r: DerivationResult) -> dict[str, Any]:
    """Every field of ``r`` but the derivation object and a counterexample's plotted sides."""
    return {
        **{name: getattr(r, name) for name in ("name", "exercise", "title", "scope", "seconds", "seed")},
        **{name: getattr(r, name) for name in ("points_checked", "points_skipped", "reproduce")},
        "verdict": r.verdict.value,
        "steps": [step_to_json(s) for s in r.steps],
        "counterexample": None if r.counterexample is None else cex_to_json(r.counterexample),
        "notes": list(r.notes),
    }


def result_from_json(value: Any) -> DerivationResult:
    """The result :func:`result_to_json` wrote; :class:`Invalid` for anything else, and for a
    verdict that is not finished."""
    d = _fields(value, _RESULT)
    if not isinstance(d["steps"], list):
        raise Invalid("expected a list of steps")
    result = DerivationResult(
        name=_str(d["name"]),
        exercise=_str(d["exercise"]),
        title=_str(d["title"]),
        verdict=_verdict(d["verdict"]),
        scope=_str(d["scope"]),
        seconds=_float(d["seconds"]),
        steps=tuple(step_from_json(s) for s in d["steps"]),
        counterexample=None if d["counterexample"] is None else cex_from_json(d["counterexample"]),
        notes=_strs(d["notes"]),
        seed=_int(d["seed"]),
        points_checked=_int(d["points_checked"]),
        points_skipped=_int(d["points_skipped"]),
        reproduce=_str(d["reproduce"]),
    )
    if result.verdict not in FINISHED:
        raise Invalid(f"a cached result must be finished, not {result.verdict.value}")
    return result
