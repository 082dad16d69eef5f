"""``kehoach rebuild_search_index``: rebuild the search index from scratch,
with a progress bar."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from kehoach.search import index
from kehoach.search.sources import SOURCES


class Command(BaseCommand):
    help = "Dựng lại chỉ mục tìm kiếm / Rebuild the search index."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--kind",
            action="append",
            dest="kinds",
            choices=sorted(SOURCES),
            help="Chỉ dựng lại loại này (có thể lặp lại) / only this kind.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        kinds = options["kinds"] or list(SOURCES)
        unknown = [k for k in kinds if k not in SOURCES]
        if unknown:
            raise CommandError(f"Unknown kind: {', '.join(unknown)}")
        totals = {k: SOURCES[k].queryset().count() for k in kinds}
        bar = tqdm(
            total=sum(totals.values()),
            unit="mục",
            disable=options["verbosity"] == 0,
            file=self.stderr._out,
        )

        def progress(kind: str, count: int) -> None:
            bar.set_description(kind)
            bar.update(count)

        written = index.rebuild(kinds, progress=progress)
        bar.n = bar.total
        bar.close()
        self.stdout.write(
            f"Đã ghi {written} mục vào chỉ mục tìm kiếm / {written} entries indexed."
        )
