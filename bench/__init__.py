"""Benchmarks and their data generators; run by hand from the repository root, not by the tests."""
