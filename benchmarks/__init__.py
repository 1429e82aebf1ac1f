"""Benchmarks at scale (``python -m benchmarks.run`` writes docs/PERFORMANCE.md); not part of the test suite."""
