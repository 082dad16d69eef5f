"""``kehoach register export --year 2026 --kind outgoing -o file.xlsx``:
export a register (sổ văn bản đi/đến) as XLSX; ``register list`` prints it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from kehoach.documents import registers
from kehoach.documents.enums import RegisterKind
from kehoach.documents.management.commands._common import user_named
from kehoach.documents.permissions import can_view_registers
from kehoach.orgs.viewer import viewer_for


class Command(BaseCommand):
    help = "Sổ văn bản đi/đến: liệt kê hoặc xuất XLSX. / Registers: list or export."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("verb", choices=["export", "list"])
        parser.add_argument("--kind", choices=RegisterKind.values, default="outgoing")
        parser.add_argument("--year", type=int, default=None)
        parser.add_argument("--q", default="", help="tìm kiếm / search")
        parser.add_argument("-o", "--output", help="tệp XLSX / output file")
        parser.add_argument("--user", required=True, help="tên đăng nhập / acting user")

    def handle(self, *args: Any, **options: Any) -> None:
        viewer = viewer_for(user_named(options["user"]))
        if viewer.agency_id is None or not can_view_registers(viewer, viewer.agency_id):
            raise CommandError(
                "Người dùng không xem được sổ văn bản. / Not allowed to read registers."
            )
        kind = options["kind"]
        year = options["year"] or timezone.localdate().year
        rows = registers.register_rows(
            registers.register_documents(
                viewer.agency_id,
                kind,
                registers.RegisterFilters(year=year, q=options["q"]),
            ),
            kind,
        )
        if options["verb"] == "list":
            for row in rows:
                self.stdout.write(
                    "\t".join(
                        c.strftime("%d/%m/%Y")
                        if hasattr(c, "strftime")
                        else str(c or "")
                        for c in row.cells
                    )
                )
            return
        if not options["output"]:
            raise CommandError("Cần -o TỆP. / --output is required for export.")
        agency_name = viewer.person.agency.name if viewer.person else ""
        data = registers.export_register_xlsx(
            rows, kind=kind, agency_name=agency_name, year=year
        )
        Path(options["output"]).write_bytes(data)
        self.stdout.write(f"{len(rows)}\t{options['output']}")
