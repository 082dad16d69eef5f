"""Parser speed on one core: corpus throughput, a ~2 MB plan, linearity.

Run with ``make bench`` or ``python -m bench parse``. The corpus is
``shared/corpus`` (found beside the repository, or via ``KEHOACH_SHARED``).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from bench import benchmark, table

MB = 1024 * 1024
TARGET_DOCS_PER_S = 300
MIN_SECONDS = 3.0


def corpus_dir() -> Path:
    here = Path(__file__).resolve().parents[1]
    for candidate in (
        os.environ.get("KEHOACH_SHARED", ""),
        here.parent / "shared",
        here.parent.parent / "shared",
        "/work/shared",
    ):
        if candidate and (Path(candidate) / "corpus").is_dir():
            return Path(candidate) / "corpus"
    raise SystemExit("shared/corpus not found (set KEHOACH_SHARED)")


def long_plan(size: int) -> bytes:
    """A plausible long plan of about ``size`` bytes: one header, the bodies
    of the corpus documents repeated under renumbered parts, and one
    signature block."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus_dir().glob("*.txt"))]
    first = texts[0 if "Nơi nhận:" in texts[0] else 1].splitlines()
    head = texts[4].split("\n\n")[:8]
    tail = first[first.index("Nơi nhận:") :]
    bodies = []
    for text in texts:
        lines = text.splitlines()
        end = lines.index("Nơi nhận:") if "Nơi nhận:" in lines else len(lines)
        bodies.append("\n".join(lines[12:end]))
    parts: list[str] = ["\n\n".join(head)]
    total, n = len(parts[0].encode()), 0
    while total < size:
        section = f"\nPHẦN {n + 1}. NỘI DUNG BỔ SUNG\n\n{bodies[n % len(bodies)]}\n"
        parts.append(section)
        total += len(section.encode())
        n += 1
    parts.append("\n".join(tail))
    return "\n".join(parts).encode()


def best_time(func: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def _extractor_note() -> str:
    from kehoach.documents.parsing import extract

    if getattr(extract, "IS_STUB", False):
        return "(extractor is the temporary stub: these figures measure reading only)"
    return "(reading + extraction)"


@benchmark("parse")
def run() -> None:
    from kehoach.documents.parsing import parse, parse_bytes

    paths = sorted(corpus_dir().glob("*.txt"))
    size = sum(p.stat().st_size for p in paths)
    for path in paths:  # warm up: imports, caches
        parse(path)
    docs, start = 0, time.perf_counter()
    while time.perf_counter() - start < MIN_SECONDS:
        for path in paths:
            parse(path)
        docs += len(paths)
    elapsed = time.perf_counter() - start
    rate = docs / elapsed
    mb_rate = docs / len(paths) * size / MB / elapsed
    verdict = "ok" if rate >= TARGET_DOCS_PER_S else "BELOW TARGET"
    print(_extractor_note())
    print(
        table(
            [
                "corpus",
                "docs",
                "seconds",
                "docs/s",
                "MB/s",
                f"target {TARGET_DOCS_PER_S}",
            ],
            [
                [
                    f"{len(paths)} txt",
                    str(docs),
                    f"{elapsed:.2f}",
                    f"{rate:.0f}",
                    f"{mb_rate:.2f}",
                    verdict,
                ]
            ],
        )
    )

    rows = []
    timings = {}
    for mb in (0.5, 1, 2, 4):
        data = long_plan(int(mb * MB))
        seconds = best_time(lambda data=data: parse_bytes(data))
        timings[mb] = seconds
        rows.append([f"{len(data) / MB:.2f}", f"{seconds * 1000:.0f}",
                     f"{len(data) / MB / seconds:.2f}"])  # fmt: skip
    print()
    print(table(["MB", "ms", "MB/s"], rows))
    ratio = timings[4] / timings[0.5]
    print(
        f"\n~2 MB plan: {timings[2] * 1000:.0f} ms; 4 MB / 0.5 MB time ratio "
        f"{ratio:.1f} (8.0 = linear)"
    )
