"""Benchmark scripts, and the mutation-testing library they share with the tests."""
