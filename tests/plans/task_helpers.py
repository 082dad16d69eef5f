"""A plan with tasks in known units, evidence files of each accepted type,
and a scratch media root — shared by the task tests and the permission
matrix."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kehoach.plans.importing import phrases_of
from kehoach.plans.models import Plan, Task
from tests.plans.helpers import PARSED, make_other_agency, make_plan, parsed_copy


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Any:
    """Evidence lands in a per-test directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def unit_map(units: dict[str, Any]) -> dict[str, list[Any]]:
    """Every phrase of the worked example mapped explicitly, so the tasks
    do not depend on the name resolver."""
    mapping: dict[str, list[Any]] = {p: [] for p in phrases_of(PARSED)}
    mapping.update(
        {
            "Công đoàn cơ sở sở TTTT": [units["cdcs"]],
            "Công đoàn cơ sở Sở TTTT": [units["cdcs"]],
            "Ban chấp hành Công đoàn cơ sở Sở TTTT": [units["cdcs"]],
            "Văn phòng Sở": [units["vp"]],
            "Trung tâm Công nghệ thông tin và truyền thông": [units["ttcntt"]],
            "Các doanh nghiệp ngành TTTT trên địa bàn tỉnh": [
                units["vnpt"],
                units["viettel"],
            ],
        }
    )
    return mapping


@dataclass
class World:
    plan: Plan
    tasks: dict[str, Task] = field(default_factory=dict)
    other: dict[str, Any] = field(default_factory=dict)

    def fresh(self, key: str) -> Task:
        return Task.objects.select_related("activity__plan", "unit").get(
            pk=self.tasks[key].pk
        )


def _task(plan: Plan, label: str, unit: Any, kind: str = "activity") -> Task:
    return Task.objects.select_related("activity__plan", "unit").get(
        activity__plan=plan, activity__kind=kind, activity__label=label, unit=unit
    )


def make_world(demo: Any, *, other_agency: bool = False, title: str = "") -> World:
    """The demo agency's plan: ``union`` (lead of 3.1), ``vp`` (support of
    3.1), ``union_32`` (lead of 3.2), ``center`` (duty 4), ``vnpt``/``viettel``
    (duty 1); with ``other_agency`` also ``other`` — the union task of a
    second agency's plan."""
    units = demo.units
    parsed = parsed_copy(title=title) if title else None
    plan = make_plan(
        demo.department, demo.people["vanthu"].user, parsed, units=unit_map(units)
    )
    world = World(plan=plan)
    world.tasks = {
        "union": _task(plan, "3.1", units["cdcs"]),
        "vp": _task(plan, "3.1", units["vp"]),
        "union_32": _task(plan, "3.2", units["cdcs"]),
        "center": _task(plan, "4", units["ttcntt"], "duty"),
        "vnpt": _task(plan, "1", units["vnpt"], "duty"),
        "viettel": _task(plan, "1", units["viettel"], "duty"),
    }
    if other_agency:
        other = make_other_agency()
        other_units = {
            "cdcs": other["union"],
            "vp": other["office"],
            "ttcntt": other["union"],
            "vnpt": other["union"],
            "viettel": other["office"],
        }
        other_plan = make_plan(
            other["agency"],
            other["clerk"].user,
            parsed_copy(symbol="KH-STTTTLD"),
            units=unit_map(other_units),
        )
        world.other = other
        world.tasks["other"] = _task(other_plan, "3.1", other["union"])
    return world


def png_bytes(size: tuple[int, int] = (40, 30)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 30)).save(buffer, "JPEG")
    return buffer.getvalue()


def docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Báo cáo kết quả thăm hỏi")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Danh sách"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def upload(
    name: str, data: bytes, content_type: str = "application/octet-stream"
) -> Any:
    return SimpleUploadedFile(name, data, content_type=content_type)
