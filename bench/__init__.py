"""Benchmarks: ``python -m bench [NAME...]``. A benchmark is a module
``bench/<name>.py`` with a ``run()`` function. Not part of the test run."""
