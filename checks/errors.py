"""The project's own exception types, so bad input is never confused with a failed proof."""

from __future__ import annotations


class DerivationError(ValueError):
    """A derivation is malformed (bad name, unknown relation, cites an unknown constraint)."""


class UsageError(ValueError):
    """Bad input from a user: unknown name, malformed file, bad option value."""


class StepTimeout(BaseException):
    """A symbolic strategy ran past its time limit.

    A ``BaseException`` on purpose: SymPy has ``except Exception`` blocks that would otherwise
    swallow it and carry on past the deadline.
    """
