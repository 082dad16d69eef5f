"""``kehoach load_demo``: the demo agency and the worked example.

Idempotent: run it again and nothing changes.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kehoach.documents.services import stage_import
from kehoach.orgs.demo import build_demo_directory
from kehoach.orgs.models import Agency, Person
from kehoach.plans.services import confirm_import


class Command(BaseCommand):
    help = "Tạo cơ quan mẫu (Sở TTTT) và nhập kế hoạch mẫu 000.txt. / Load the demo agency."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            if not Agency.objects.filter(abbreviation="STTTT").exists():
                demo = build_demo_directory(with_logins=True)
                admin_user = demo.people["quantri"].user
                if admin_user is None:  # pragma: no cover - demo people have logins
                    raise CommandError("demo admin has no login")
                admin_user.is_staff = True
                admin_user.is_superuser = True
                admin_user.save(update_fields=["is_staff", "is_superuser"])
                self.stdout.write(self.style.SUCCESS("Đã tạo danh bạ mẫu."))
            department = Agency.objects.get(abbreviation="STTTT")
            clerk = (
                Person.objects.select_related("user").get(user__username="vanthu").user
            )
            data = resources.files("kehoach.demo_data").joinpath("000.txt").read_bytes()
            staged = stage_import(
                data, filename="000.txt", agency=department, actor=clerk
            )
            if staged.existing is not None:
                self.stdout.write("Kế hoạch mẫu đã có sẵn.")
                return
            if staged.job is None:  # pragma: no cover
                raise CommandError("import was not staged")
            document = confirm_import(staged.job, actor=clerk)
            self.stdout.write(
                self.style.SUCCESS(f"Đã nhập kế hoạch mẫu: {document.title}")
            )
