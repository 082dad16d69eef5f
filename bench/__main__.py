"""``python -m bench [NAME...]`` — run every benchmark, or the named ones."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def discover() -> dict[str, object]:
    found = {}
    for module in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if module.name.startswith("_"):
            continue
        loaded = importlib.import_module(f"bench.{module.name}")
        if callable(getattr(loaded, "run", None)):
            found[module.name] = loaded.run
    return found


def main(argv: list[str]) -> int:
    registry = discover()
    names = argv or sorted(registry)
    unknown = [n for n in names if n not in registry]
    if unknown:
        print(f"không có benchmark / unknown benchmark: {', '.join(unknown)}")
        return 2
    for name in names:
        print(f"\n## {name}")
        registry[name]()  # type: ignore[operator]
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
