"""``python -m bench [name …]``: run every benchmark, or the named ones.

A benchmark is a module ``bench/<name>.py`` exposing ``run() -> None`` or
functions decorated with :func:`bench.benchmark`; modules with neither
(helpers, the scale generator) are skipped. Each runs in its own process, so
one benchmark's settings (Django is configured once per process) do not leak
into the next.
"""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
import time
from pathlib import Path

import bench

RUN_ONE = (
    "import bench, importlib; m = importlib.import_module('bench.{name}'); "
    "run = getattr(m, 'run', None); "
    "[f() for f in ([run] if run else list(bench.REGISTRY.values()))]"
)


def benchmarks() -> list[str]:
    here = Path(__file__).parent
    names = []
    for info in pkgutil.iter_modules([str(here)]):
        if info.name.startswith("_"):
            continue
        before = len(bench.REGISTRY)
        module = importlib.import_module(f"bench.{info.name}")
        if getattr(module, "run", None) is not None or len(bench.REGISTRY) > before:
            names.append(info.name)
    return sorted(names)


def main(argv: list[str]) -> int:
    available = benchmarks()
    names = argv or available
    unknown = [n for n in names if n not in available]
    if unknown:
        print(f"không có benchmark / unknown benchmark: {', '.join(unknown)}")
        print(f"có / available: {', '.join(available)}")
        return 2
    for name in names:
        print(f"\n== bench.{name}", flush=True)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", RUN_ONE.format(name=name)], check=True)
        print(f"== bench.{name}: {time.perf_counter() - started:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
