"""Synthetic documents for tests and benchmarks: `python -m orchestration.synthetic generate`."""
