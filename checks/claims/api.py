"""The Python API of one claim: ``checks.check`` and ``checks.check_answer``."""

from __future__ import annotations

from collections.abc import Sequence

from checks.claims.check import ClaimResult, check_claim
from checks.claims.check import check_answer as _check_answer
from checks.claims.declarations import Declarations, parse_assumption, parse_vector


def check(
    claim: str,
    *,
    vectors: Sequence[str] = (),
    assume: Sequence[str] = (),
    seed: int = 0,
    samples: int = 24,
    timeout: float = 10.0,
) -> ClaimResult:
    """Check one claim, as ``verify-derivations check`` does, and return its result.

    A claim that cannot be read raises :class:`checks.UsageError` (one line); a claim that is
    read always gets a verdict. The result shows itself in a notebook (HTML, LaTeX) and draws
    its counterexample with ``.plot()``.

    Parameters
    ----------
    claim : str
        One relation in SymPy spelling or LaTeX (see the claim syntax page).
    vectors : Sequence[str]
        Vectors the claim uses, as on the command line: ``"x:3"``, ``"y:3:labels"``.
    assume : Sequence[str]
        Assumptions on scalars: ``"a > 0"``, ``"0 < p < 1"``, ``"H: positive integer"``.
    seed, samples, timeout : int, int, float
        The sample points' seed, how many, and the seconds of symbolic work.

    Examples
    --------
    >>> import checks
    >>> checks.check("log(exp(a) + exp(b)) > Max(a, b)").verdict.value
    'verified'
    >>> r = checks.check("diff(softmax(x)[0], x[1]) = -softmax(x)[0]*softmax(x)[0]", vectors=["x:3"])
    >>> r.verdict.value, r.counterexample["point"]
    ('refuted', {'x': '(0, 1, 2)'})
    """
    declarations = Declarations(
        vectors=tuple(parse_vector(v) for v in vectors),
        scalars=tuple(parse_assumption(a) for a in assume),
    )
    return check_claim(claim, declarations, seed=seed, samples_count=samples, timeout=timeout)


def check_answer(
    result: str, answer: str, *, seed: int = 0, samples: int = 24, timeout: float = 10.0
) -> ClaimResult:
    """Check ``answer`` against a result the catalogue exports (``"E03.off_diagonal"``), with
    the feedback its known wrong answers give.

    Examples
    --------
    >>> import checks
    >>> checks.check_answer("E03.off_diagonal", "-s_{0} s_{1}").verdict.value
    'verified'
    """
    return _check_answer(result, answer, seed=seed, samples_count=samples, timeout=timeout)
