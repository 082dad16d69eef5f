"""``python -m bench [name …]``: run each benchmark module's ``run()``.

A benchmark is a module ``bench/<name>.py`` exposing ``run() -> None``;
modules without ``run`` (helpers, the scale generator) are skipped. Each
runs in its own process, so one benchmark's settings (Django is configured
once per process) do not leak into the next.
"""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
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
        if getattr(module, "run", None) is None:
            continue
        print(f"== bench.{name}", flush=True)
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", f"import bench.{name} as m; m.run()"],
            check=True,
        )
        print(f"== bench.{name}: {time.perf_counter() - started:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
