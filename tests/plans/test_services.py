import datetime as dt
import json
from pathlib import Path

import pytest

from kehoach.documents.enums import Direction, DocumentStatus
from kehoach.documents.services import register_document
from kehoach.lib.exceptions import ActionRefused, PermissionRefused
from kehoach.notify import services as notify_services
from kehoach.notify.models import Delivery
from kehoach.orgs.resolution import resolve_unit_phrases
from kehoach.plans.enums import ActivityKind, DueKind, TaskRole
from kehoach.plans.importing import phrases_of
from kehoach.plans.models import Task
from kehoach.plans.services import add_activity, create_plan_from_document
from tests.plans.helpers import make_other_agency

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


# --- add_activity --------------------------------------------------------------


def _draft(demo):
    clerk = demo.people["vanthu"].user
    document = register_document(
        PARSED, agency=demo.department, direction=Direction.OUTGOING, actor=clerk
    )
    return create_plan_from_document(
        document, actor=clerk, units=_units(demo.department), status="draft"
    )


def test_add_activity_appends_with_tasks_and_the_plan_wording(demo, settings):
    settings.KEHOACH_WEBHOOKS_ENABLED = True
    notify_services.create_subscription(
        demo.department,
        actor=demo.people["quantri"].user,
        name="Cổng tỉnh",
        url="http://127.0.0.1:9/hooks",
        events=["task.created"],
    )
    plan = _draft(demo)
    before = plan.activities.filter(kind=ActivityKind.ACTIVITY).count()
    union, office = demo.units["cdcs"], demo.units["vp"]
    activity = add_activity(
        plan,
        actor=demo.people["vanthu"].user,
        title="  Tổ chức giải chạy  ",
        lead_units=[union],
        support_units=[office, union],
        due_date=dt.date(2023, 9, 2),
        due_kind=DueKind.BEFORE,
        funding="5.000.000 đồng",
    )
    assert (activity.order, activity.title, activity.due_text) == (
        before,
        "Tổ chức giải chạy",
        "trước ngày 02/09/2023",
    )
    assert (activity.lead_text, activity.support_text) == (
        [union.name],
        [office.name, union.name],
    )
    assert activity.budget_vnd == 5_000_000
    tasks = sorted((t.unit_id, t.role) for t in Task.objects.filter(activity=activity))
    assert tasks == sorted([(union.pk, TaskRole.LEAD), (office.pk, TaskRole.SUPPORT)])
    events = Delivery.objects.filter(event="task.created")
    assert sorted(
        d.payload["data"]["task"]["unit_id"]
        for d in events
        if (d.payload["data"]["task"]["activity_id"] == activity.pk)
    ) == sorted([union.pk, office.pk])


def test_add_activity_refuses_who_may_not_edit_and_foreign_units(demo):
    plan = _draft(demo)
    count = plan.activities.count()
    with pytest.raises(PermissionRefused):
        add_activity(
            plan,
            actor=demo.people["congdoan"].user,
            title="Việc khác",
            lead_units=[demo.units["cdcs"]],
        )
    other = make_other_agency()
    with pytest.raises(ActionRefused):
        add_activity(
            plan,
            actor=demo.people["vanthu"].user,
            title="Việc khác",
            lead_units=[other["union"]],
        )
    with pytest.raises(ActionRefused):
        add_activity(plan, actor=demo.people["vanthu"].user, title="   ")
    assert plan.activities.count() == count
    # Once issued, a plan changes only through a document amending it.
    plan.document.status = DocumentStatus.ISSUED
    plan.document.save(update_fields=["status"])
    with pytest.raises(PermissionRefused):
        add_activity(
            plan,
            actor=demo.people["giamdoc"].user,
            title="Việc khác",
            lead_units=[demo.units["cdcs"]],
        )
