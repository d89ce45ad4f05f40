"""Benchmarks: `make bench` (python -m orchestration.bench)."""
