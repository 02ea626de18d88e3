"""A small library of named lemmas (exp, log, tanh, log Σ exp, entropy, Gibbs) the sign prover
applies and cites: see :mod:`checks.prove.lemmas.library` for the statements."""

from checks.prove.lemmas.apply import cited_within, prove_by_lemmas
from checks.prove.lemmas.library import LEMMAS, Lemma

__all__ = ["LEMMAS", "Lemma", "cited_within", "prove_by_lemmas"]
