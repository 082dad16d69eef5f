"""``kehoach import FILE…``: read documents and save them, as the web import
does, in one transaction for the whole batch (all or nothing).

A phrase for a unit that the directory does not resolve stops the import
unless it is mapped with ``--map "phrase=UNIT_ID[,UNIT_ID]"`` or
``--allow-unresolved`` is given. Importing the same file again finds the
existing document.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from tqdm import tqdm

from kehoach.documents.services import stage_import
from kehoach.lib.exceptions import ActionRefused
from kehoach.orgs.models import Agency
from kehoach.orgs.resolution import resolve_unit_phrases
from kehoach.plans.importing import assignment_phrases_of, phrases_of
from kehoach.plans.services import confirm_import

SUFFIXES = {
    ".txt",
    ".docx",
    ".pdf",
    ".html",
    ".htm",
    ".png",
    ".jpg",
    ".jpeg",
    ".tif",
    ".tiff",
}


class Command(BaseCommand):
    help = "Nhập văn bản / kế hoạch từ tệp. / Import documents and plans from files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "files", nargs="+", help="tệp hoặc thư mục / files or folders"
        )
        parser.add_argument(
            "--user", required=True, help="tên đăng nhập người nhập / acting user"
        )
        parser.add_argument(
            "--agency", help="ký hiệu cơ quan (mặc định: cơ quan của người nhập)"
        )
        parser.add_argument(
            "--map", action="append", default=[], metavar="PHRASE=ID[,ID]"
        )
        parser.add_argument("--allow-unresolved", action="store_true")
        parser.add_argument("--direction", choices=["incoming", "outgoing", "internal"])
        parser.add_argument(
            "--dry-run", action="store_true", help="đọc và kiểm tra, không lưu"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None or not hasattr(user, "person"):
            raise CommandError(
                f"Không có người dùng {options['user']} trong danh bạ. / Unknown user."
            )
        agency: Agency = user.person.agency
        if options["agency"]:
            chosen = Agency.objects.filter(abbreviation=options["agency"]).first()
            if chosen is None:
                raise CommandError(
                    f"Không có cơ quan {options['agency']}. / Unknown agency."
                )
            agency = chosen
        mapping = self._mapping(options["map"])
        paths = self._paths(options["files"])
        saved_files: list[Any] = []
        results: list[str] = []
        try:
            with transaction.atomic():
                for path in tqdm(
                    paths, disable=len(paths) < 4 or not sys.stderr.isatty(), unit="tệp"
                ):
                    results.append(
                        self._import_one(
                            path,
                            agency=agency,
                            user=user,
                            mapping=mapping,
                            options=options,
                            saved_files=saved_files,
                        )
                    )
                if options["dry_run"]:
                    transaction.set_rollback(True)
        except (ActionRefused, CommandError) as exc:
            for file in saved_files:
                file.storage.delete(file.name)
            message = exc.message if isinstance(exc, ActionRefused) else str(exc)
            raise CommandError(
                f"{message}\nKhông có gì được lưu. / Nothing was saved."
            ) from exc
        if options["dry_run"]:
            for file in saved_files:
                file.storage.delete(file.name)
        for line in results:
            self.stdout.write(line)

    def _import_one(
        self,
        path: Path,
        *,
        agency: Agency,
        user: Any,
        mapping: dict[str, list[int]],
        options: dict[str, Any],
        saved_files: list[Any],
    ) -> str:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                f"{path}: không đọc được tệp / cannot read ({exc})"
            ) from exc
        try:
            staged = stage_import(data, filename=path.name, agency=agency, actor=user)
        except ActionRefused as exc:
            raise CommandError(f"{path}: {exc.message}") from exc
        if staged.existing is not None:
            return f"{path}: đã có / exists → văn bản #{staged.existing.pk}"
        job = staged.job
        if job is None:  # pragma: no cover - stage_import returns one of the two
            raise CommandError(f"{path}: not staged")
        saved_files.append(job.file)
        assigned = assignment_phrases_of(job.parsed)
        resolved = resolve_unit_phrases(agency, sorted(assigned))
        missing = [
            p
            for p, r in resolved.items()
            if r.status == "unresolved" and p not in mapping
        ]
        if missing and not options["allow_unresolved"]:
            raise CommandError(
                f"{path}: chưa xác định được đơn vị / unresolved units: "
                + "; ".join(f"“{p}”" for p in missing)
                + '\nDùng --map "cách viết=ID" hoặc --allow-unresolved.'
            )
        document = confirm_import(
            job,
            actor=user,
            mapping={
                p: ids for p, ids in mapping.items() if p in phrases_of(job.parsed)
            },
            direction=options["direction"],
        )
        plan = getattr(document, "plan", None)
        what = f"kế hoạch #{plan.pk}" if plan else f"văn bản #{document.pk}"
        return f"{path}: đã nhập / imported → {what} ({document.title[:60]})"

    @staticmethod
    def _mapping(items: list[str]) -> dict[str, list[int]]:
        out: dict[str, list[int]] = {}
        for item in items:
            phrase, _sep, ids = item.rpartition("=")
            try:
                out[phrase.strip()] = [int(i) for i in ids.split(",") if i.strip()]
            except ValueError as exc:
                raise CommandError(
                    f"--map {item!r}: cần dạng “cách viết=ID,ID”."
                ) from exc
        return out

    @staticmethod
    def _paths(items: list[str]) -> list[Path]:
        paths: list[Path] = []
        for item in items:
            path = Path(item)
            if path.is_dir():
                paths += sorted(
                    p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES
                )
            else:
                paths.append(path)
        return paths
