"""``python -m bench [NAME...]`` — run all benchmarks, or the named ones."""

from __future__ import annotations

import sys
import time

from bench import discover


def main(argv: list[str]) -> int:
    registry = discover()
    names = argv or sorted(registry)
    unknown = [n for n in names if n not in registry]
    if unknown:
        print(f"không có benchmark / unknown benchmark: {', '.join(unknown)}")
        print(f"có / available: {', '.join(sorted(registry))}")
        return 2
    for name in names:
        print(f"\n## {name}", flush=True)
        started = time.perf_counter()
        registry[name]()
        print(f"## {name}: {time.perf_counter() - started:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
