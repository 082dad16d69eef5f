"""Benchmarks: ``python -m bench [name …]`` runs each module's ``run()``."""
