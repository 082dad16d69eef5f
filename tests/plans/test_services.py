import json
from pathlib import Path

import pytest

from kehoach.documents.enums import Direction, DocumentStatus
from kehoach.documents.services import register_document
from kehoach.lib.exceptions import PermissionRefused
from kehoach.orgs.resolution import resolve_unit_phrases
from kehoach.plans.enums import ActivityKind, DueKind, TaskRole
from kehoach.plans.importing import phrases_of
from kehoach.plans.models import Task
from kehoach.plans.services import create_plan_from_document

pytestmark = pytest.mark.django_db

PARSED = json.loads(
    (Path(__file__).parent.parent / "fixtures" / "plans" / "000.parsed.json").read_text(
        "utf-8"
    )
)


def _units(agency):
    resolved = resolve_unit_phrases(agency, phrases_of(PARSED))
    return {p: list(r.units) for p, r in resolved.items()}


def test_register_document_keeps_draft_blank_number(demo):
    clerk = demo.people["vanthu"].user
    document = register_document(
        PARSED, agency=demo.department, direction=Direction.OUTGOING, actor=clerk
    )
    assert document.number is None
    assert document.status == DocumentStatus.DRAFT
    assert document.issued_iso == "2023-08"
    assert [r.cite_key for r in document.references.all()] == [
        "2863/KH-BTTTT",
        "696/TTCS-VP",
    ]


def test_create_plan_from_worked_example(demo):
    clerk = demo.people["vanthu"].user
    document = register_document(
        PARSED, agency=demo.department, direction=Direction.OUTGOING, actor=clerk
    )
    plan = create_plan_from_document(
        document, actor=clerk, units=_units(demo.department)
    )
    activities = list(
        plan.activities.filter(kind=ActivityKind.ACTIVITY).order_by("order")
    )
    duties = list(plan.activities.filter(kind=ActivityKind.DUTY).order_by("order"))
    assert [a.label for a in activities] == ["3.1", "3.2"]
    assert [d.label for d in duties] == ["1", "2", "3", "4", "5", "6"]
    visit = activities[0]
    assert (visit.due_date.isoformat(), visit.due_kind) == (
        "2023-08-25",
        DueKind.BEFORE,
    )
    assert activities[1].due_kind == DueKind.PLANNED
    assert plan.year == 2023


def test_create_plan_refuses_unit_member(demo):
    member = demo.people["canbo"].user
    document = register_document(
        PARSED,
        agency=demo.department,
        direction=Direction.OUTGOING,
        actor=demo.people["vanthu"].user,
    )
    with pytest.raises(PermissionRefused):
        create_plan_from_document(document, actor=member, units={})
    assert not Task.objects.exists()


def test_lead_wins_over_support_for_same_unit(demo):
    clerk = demo.people["vanthu"].user
    parsed = dict(PARSED)
    parsed["activities"] = [
        {
            **PARSED["activities"][0],
            "support": ["Văn phòng Sở", "Công đoàn cơ sở sở TTTT"],
        }
    ]
    parsed["duties"] = []
    document = register_document(
        parsed, agency=demo.department, direction="outgoing", actor=clerk
    )
    union, office = demo.units["cdcs"], demo.units["vp"]
    plan = create_plan_from_document(
        document,
        actor=clerk,
        units={"Công đoàn cơ sở sở TTTT": [union], "Văn phòng Sở": [office]},
    )
    roles = dict(
        Task.objects.filter(activity__plan=plan).values_list("unit_id", "role")
    )
    assert roles == {union.pk: TaskRole.LEAD, office.pk: TaskRole.SUPPORT}
