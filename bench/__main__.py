"""``python -m bench [name …]``: run each benchmark module's ``run()``.

A benchmark is a module ``bench/<name>.py`` exposing ``run() -> None``;
modules without ``run`` (helpers, the scale generator) are skipped.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
from pathlib import Path


def benchmarks() -> list[str]:
    here = Path(__file__).parent
    return sorted(
        m.name for m in pkgutil.iter_modules([str(here)]) if not m.name.startswith("_")
    )


def main(argv: list[str]) -> int:
    names = argv or benchmarks()
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        run = getattr(module, "run", None)
        if run is None:
            continue
        print(f"== bench.{name}", flush=True)
        started = time.perf_counter()
        run()
        print(f"== bench.{name}: {time.perf_counter() - started:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
