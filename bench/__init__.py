"""Benchmarks: ``python -m bench [NAME...]`` runs every one, or the named.

A benchmark is either a module ``bench/<name>.py`` exposing ``run()``, or a
function decorated with :func:`benchmark` in any module of this package.
Each prints its own small table. Not part of the test run.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable

Benchmark = Callable[[], None]
REGISTRY: dict[str, Benchmark] = {}


def benchmark(name: str) -> Callable[[Benchmark], Benchmark]:
    """Register ``func`` under ``name``."""

    def register(func: Benchmark) -> Benchmark:
        REGISTRY[name] = func
        return func

    return register


def discover() -> dict[str, Benchmark]:
    """Import every module of the package: decorated functions register
    themselves; a module's ``run()`` registers under the module's name."""
    for module in pkgutil.iter_modules(__path__):
        if module.name.startswith("_"):
            continue
        loaded = importlib.import_module(f"{__name__}.{module.name}")
        run = getattr(loaded, "run", None)
        if callable(run) and module.name not in REGISTRY:
            REGISTRY[module.name] = run
    return REGISTRY


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A plain-text table with right-aligned columns."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    lines = ["  ".join(h.rjust(w) for h, w in zip(headers, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append("  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)))
    return "\n".join(lines)
