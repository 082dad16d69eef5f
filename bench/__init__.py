"""Benchmarks: ``python -m bench`` runs every module here that has ``run()``.

Not part of the test run. Speed is measured here, never asserted in tests.
"""
