"""Mutation testing of the engine: wrong derivations made from the catalogue, an independent
oracle that confirms they are wrong, and the runs that count the engine's verdicts."""
