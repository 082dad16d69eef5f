import pytest

from kehoach.lib.exceptions import PermissionRefused
from kehoach.orgs.viewer import viewer_for
from kehoach.plans import subplans
from kehoach.plans.enums import PlanStatus, TaskRole
from kehoach.plans.models import Activity, Plan, Task
from kehoach.reports import queries
from tests.plans.helpers import PARSED, make_plan, parsed_copy
from tests.reports.helpers import worked_plan

pytestmark = pytest.mark.django_db


def _duty(plan, label="1"):
    return Activity.objects.get(plan=plan, kind="duty", label=label)


def _user(demo, who):
    return demo.people[who].user


def test_enterprise_creates_a_draft_sub_plan_for_its_duty(demo):
    plan = worked_plan(demo)
    duty = _duty(plan)
    sub = subplans.create_sub_plan(
        duty, actor=_user(demo, "vnpt"), title="Kế hoạch chi tiết của VNPT Đắk Nông"
    )
    assert (sub.agency, sub.parent, sub.parent_activity, sub.status) == (
        demo.enterprises["vnpt"],
        plan,
        duty,
        PlanStatus.DRAFT,
    )
    assert sub.document.status == "draft"
    assert sub.document.direction == "outgoing"


def test_only_lead_units_may_write_the_sub_plan(demo):
    plan = worked_plan(demo)
    duty = _duty(plan)
    with pytest.raises(PermissionRefused):
        subplans.create_sub_plan(duty, actor=_user(demo, "congdoan"), title="X")
    with pytest.raises(PermissionRefused):
        subplans.create_sub_plan(duty, actor=_user(demo, "vanphong"), title="X")
    assert Plan.objects.count() == 1
    # The union leads activity 3.1: it may write that one's detailed plan.
    gratitude = Activity.objects.get(plan=plan, label="3.1")
    own = subplans.create_sub_plan(
        gratitude, actor=_user(demo, "congdoan"), title="Kế hoạch tri ân chi tiết"
    )
    assert own.agency == demo.department
    assert own.document.direction == "internal"


def test_sub_plan_progress_rolls_up_into_the_duty(demo):
    plan = worked_plan(demo)
    duty = _duty(plan)
    sub = subplans.create_sub_plan_from_parsed(
        parsed_copy(symbol="KH-VNPT", title="Kế hoạch kỷ niệm của VNPT"),
        parent_activity=duty,
        actor=_user(demo, "vnpt"),
    )
    vnpt = demo.units["vnpt"]
    activities = list(Activity.objects.filter(plan=sub, kind="activity"))
    Task.objects.bulk_create(
        [
            Task(activity=activities[0], unit=vnpt, role=TaskRole.LEAD, percent=100),
            Task(activity=activities[1], unit=vnpt, role=TaskRole.LEAD, percent=20),
        ]
    )
    assert subplans.plan_progress([sub.pk]) == {sub.pk: 60}

    office = viewer_for(_user(demo, "vanphong"))
    d = queries.plan_dashboard(plan, viewer=office)
    stat = next(s for s in d.activities if s.activity.pk == duty.pk)
    # VNPT's task counts 60 % (its sub-plan); Viettel's has none: 0 %.
    assert stat.percent == 30
    assert [r.plan_id for r in stat.sub_plans] == [sub.pk]
    rows = queries.plans_with_figures(Plan.objects.filter(pk=plan.pk), today=d.today)
    lead_count = Task.objects.filter(activity__plan=plan, role="lead").count()
    assert rows[0].percent == round(60 / lead_count)
    assert subplans.plan_progress([plan.pk]) == {plan.pk: round(60 / lead_count)}
    assert subplans.plan_progress([plan.pk], rollup=False) == {plan.pk: 0}


def test_same_agency_sub_plan_covers_its_authors_unit_only(demo):
    plan = worked_plan(demo)
    festival = Activity.objects.get(plan=plan, label="3.2")
    sub = subplans.create_sub_plan(
        festival, actor=_user(demo, "congdoan"), title="Kế hoạch hội thao"
    )
    extra = Activity.objects.create(plan=sub, title="Giải bóng đá", kind="activity")
    Task.objects.create(
        activity=extra, unit=demo.units["cdcs"], role=TaskRole.LEAD, percent=80
    )
    rollups = subplans.rollups_for_activities([festival.pk])[festival.pk]
    cdcs, other = demo.units["cdcs"], demo.units["ttcntt"]
    assert (
        subplans.effective_percent(
            role="lead",
            unit_id=cdcs.pk,
            unit_agency_id=cdcs.agency_id,
            percent=0,
            rollups=rollups,
        )[0]
        == 80
    )
    assert (
        subplans.effective_percent(
            role="lead",
            unit_id=other.pk,
            unit_agency_id=other.agency_id,
            percent=10,
            rollups=rollups,
        )[0]
        == 10
    )


def test_sub_plan_visibility_and_tree(demo):
    ministry = make_plan(
        demo.department,
        _user(demo, "vanthu"),
        parsed=parsed_copy(
            number="2863",
            symbol="KH-BTTTT",
            title="Kế hoạch tổ chức các hoạt động kỷ niệm của Bộ",
            references=[],
            activities=[],
            duties=[],
        ),
        direction="incoming",
    )
    plan = worked_plan(demo)
    plan.refresh_from_db()
    assert plan.parent == ministry
    duty = _duty(plan)
    mine = subplans.create_sub_plan(duty, actor=_user(demo, "vnpt"), title="KH VNPT")
    theirs = subplans.create_sub_plan(
        duty, actor=_user(demo, "viettel"), title="KH Viettel"
    )

    office = viewer_for(_user(demo, "vanphong"))
    root = subplans.plan_tree(mine, viewer=office)
    assert root.plan == ministry
    assert [n.plan for n in root.children] == [plan]
    assert {n.plan for n in root.children[0].children} == {mine, theirs}

    vnpt = viewer_for(_user(demo, "vnpt"))
    root = subplans.plan_tree(plan, viewer=vnpt)
    assert root.plan == plan
    assert [n.plan for n in root.children] == [mine]


def test_plan_page_offers_the_action_and_lists_sub_plans(demo, login):
    plan = worked_plan(demo)
    duty = _duty(plan)
    client = login("enterprise")
    html = client.get(f"/ke-hoach/{plan.pk}/").content.decode()
    assert f'href="/hoat-dong/{duty.pk}/ke-hoach-chi-tiet/"' in html
    response = client.post(
        f"/hoat-dong/{duty.pk}/ke-hoach-chi-tiet/",
        {"title": "Kế hoạch chi tiết VNPT năm 2023"},
    )
    sub = Plan.objects.get(parent_activity=duty)
    assert response.status_code == 302
    assert response["Location"] == f"/ke-hoach/{sub.pk}/"
    html = login("office").get(f"/ke-hoach/{plan.pk}/").content.decode()
    assert f'id="subplan-{sub.pk}"' in html
    assert "Kế hoạch chi tiết VNPT năm 2023" in html
    assert login("office").get(f"/ke-hoach/{sub.pk}/").status_code == 200
    assert login("enterprise_b").get(f"/ke-hoach/{sub.pk}/").status_code == 404
    tree = login("office").get(f"/ke-hoach/{plan.pk}/cay/").content.decode()
    assert f'id="tree-plan-{sub.pk}"' in tree


def test_sub_plan_form_refuses_others_and_empty_input(demo, login):
    plan = worked_plan(demo)
    duty = _duty(plan)
    assert (
        login("union_head").get(f"/hoat-dong/{duty.pk}/ke-hoach-chi-tiet/").status_code
        == 404
    )
    response = login("enterprise").post(f"/hoat-dong/{duty.pk}/ke-hoach-chi-tiet/", {})
    assert response.status_code == 400
    assert "Hãy nhập trích yếu hoặc chọn tệp kế hoạch." in response.content.decode()
    assert not Plan.objects.filter(parent_activity=duty).exists()


def test_sub_plan_upload_of_an_unreadable_file_stores_nothing(
    demo, login, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    plan = worked_plan(demo)
    duty = _duty(plan)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = login("enterprise").post(
        f"/hoat-dong/{duty.pk}/ke-hoach-chi-tiet/",
        {"file": SimpleUploadedFile("anh.bin", b"\x00\x01\x02" * 100)},
    )
    assert response.status_code in {415, 422}
    assert not Plan.objects.filter(parent_activity=duty).exists()
    assert not any(tmp_path.rglob("*.bin"))


def test_sub_plan_upload_of_the_worked_example(
    demo, login, settings, tmp_path, worked_example_bytes
):
    settings.MEDIA_ROOT = tmp_path
    plan = worked_plan(demo)
    duty = _duty(plan)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = login("enterprise").post(
        f"/hoat-dong/{duty.pk}/ke-hoach-chi-tiet/",
        {"file": SimpleUploadedFile("kh.txt", worked_example_bytes)},
    )
    sub = Plan.objects.get(parent_activity=duty)
    assert response["Location"] == f"/ke-hoach/{sub.pk}/"
    assert sub.agency == demo.enterprises["vnpt"]
    assert sub.activities.count() == len(PARSED["activities"]) + len(PARSED["duties"])


def test_sub_plan_api(demo, login):
    plan = worked_plan(demo)
    duty = _duty(plan)
    client = login("enterprise")
    listed = client.get(f"/api/activities/{duty.pk}/sub-plans").json()
    assert listed == {"activity_id": duty.pk, "can_create": True, "sub_plans": []}
    response = client.post(
        f"/api/activities/{duty.pk}/sub-plans",
        {"title": "Kế hoạch chi tiết VNPT"},
        content_type="application/json",
    )
    assert response.status_code == 201
    created = response.json()
    assert (created["parent_id"], created["parent_activity_id"]) == (plan.pk, duty.pk)
    refused = login("union_head").post(
        f"/api/activities/{duty.pk}/sub-plans",
        {"title": "X"},
        content_type="application/json",
    )
    assert refused.status_code == 403
    tree = login("office").get(f"/api/plans/{plan.pk}/tree").json()
    assert [c["plan_id"] for c in tree["children"]] == [created["plan_id"]]
    assert (
        login("enterprise_b").get(f"/api/plans/{created['plan_id']}/tree").status_code
        == 404
    )
