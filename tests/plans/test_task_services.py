import threading

import pytest
from django.core.files.storage import default_storage
from django.db import connection

from kehoach.lib.exceptions import ActionRefused, PermissionRefused
from kehoach.plans.enums import Attention, TaskStatus, UpdateKind
from kehoach.plans.models import Evidence, ProgressUpdate, Task
from kehoach.plans.services import (
    BulkItem,
    BulkRefused,
    TaskConflict,
    acknowledge_task,
    add_contribution,
    bulk_update_tasks,
    reassign_task,
    record_progress,
    reopen_task,
)
from tests.plans.task_helpers import make_world, media, png_bytes, upload

pytestmark = pytest.mark.django_db
__all__ = ["media"]


def _user(demo, username):
    return demo.people[username].user


@pytest.fixture
def world(demo):
    return make_world(demo)


def test_record_progress_saves_and_keeps_history(demo, world):
    union = _user(demo, "congdoan")
    task = world.fresh("union")
    update = record_progress(
        task,
        actor=union,
        expected_version=1,
        status=TaskStatus.IN_PROGRESS,
        percent=40,
        note="Đã lập danh sách thăm hỏi.",
    )
    task = world.fresh("union")
    assert (task.status, task.percent, task.version) == (TaskStatus.IN_PROGRESS, 40, 2)
    assert task.last_update_at == update.created_at
    assert (update.old_status, update.new_status) == (
        TaskStatus.TODO,
        TaskStatus.IN_PROGRESS,
    )
    assert (update.old_percent, update.new_percent, update.version) == (0, 40, 2)
    assert update.actor_unit == demo.units["cdcs"]
    latest = task.history.first()
    assert (latest.percent, latest.history_user) == (40, union)


@pytest.mark.parametrize(
    ("status", "percent", "expected"),
    [
        (TaskStatus.IN_PROGRESS, 100, (TaskStatus.DONE, 100)),
        (TaskStatus.DONE, 30, (TaskStatus.DONE, 100)),
        (TaskStatus.TODO, 30, (TaskStatus.IN_PROGRESS, 30)),
        (TaskStatus.PAUSED, 20, (TaskStatus.PAUSED, 20)),
    ],
)
def test_status_and_percent_stay_consistent(demo, world, status, percent, expected):
    record_progress(
        world.fresh("union"),
        actor=_user(demo, "congdoan"),
        expected_version=1,
        status=status,
        percent=percent,
    )
    task = world.fresh("union")
    assert (task.status, task.percent) == expected
    assert (task.completed_at is not None) is (expected[0] == TaskStatus.DONE)


def test_moving_back_to_todo_resets_percent(demo, world):
    union = _user(demo, "congdoan")
    record_progress(world.fresh("union"), actor=union, expected_version=1, percent=30)
    record_progress(
        world.fresh("union"), actor=union, expected_version=2, status=TaskStatus.TODO
    )
    task = world.fresh("union")
    assert (task.status, task.percent) == (TaskStatus.TODO, 0)


@pytest.mark.parametrize("who", ["vanphong", "giamdoc"])
def test_office_and_leadership_update_but_do_not_complete(demo, world, who):
    actor = _user(demo, who)
    record_progress(world.fresh("union"), actor=actor, expected_version=1, percent=60)
    with pytest.raises(PermissionRefused) as refused:
        record_progress(
            world.fresh("union"), actor=actor, expected_version=2, percent=100
        )
    assert "đơn vị chủ trì" in str(refused.value.message)
    assert world.fresh("union").status == TaskStatus.IN_PROGRESS


def test_other_unit_member_cannot_update(demo, world):
    with pytest.raises(PermissionRefused):
        record_progress(
            world.fresh("union"),
            actor=_user(demo, "canbo"),
            expected_version=1,
            percent=10,
        )
    assert ProgressUpdate.objects.count() == 0


def test_supporting_unit_contributes_to_the_leads_task(demo, world, media):
    clerk = _user(demo, "vanthu")  # a member of the Office, which supports 3.1
    with pytest.raises(PermissionRefused):
        record_progress(
            world.fresh("union"), actor=clerk, expected_version=1, percent=100
        )
    update = add_contribution(
        world.fresh("union"),
        actor=clerk,
        note="Văn phòng đã chuẩn bị quà.",
        files=[upload("qua.png", png_bytes())],
        links=["https://stttt.daknong.gov.vn/tin/1"],
    )
    assert update.kind == UpdateKind.CONTRIBUTION
    assert update.actor_unit == demo.units["vp"]
    assert [(e.kind, e.content_type) for e in update.evidence.order_by("id")] == [
        ("file", "image/png"),
        ("link", ""),
    ]
    lead = world.fresh("union")
    assert (lead.attention, lead.version, lead.status) == (
        Attention.CONTRIBUTION,
        1,
        TaskStatus.TODO,
    )
    stored = update.evidence.get(kind="file")
    assert default_storage.exists(stored.file.name)
    assert stored.file.name.startswith("evidence/")
    assert "qua" not in stored.file.name


def test_support_task_progress_flags_the_lead(demo, world):
    record_progress(
        world.fresh("vp"), actor=_user(demo, "vanthu"), expected_version=1, percent=50
    )
    assert world.fresh("union").attention == Attention.CONTRIBUTION
    record_progress(
        world.fresh("union"),
        actor=_user(demo, "congdoan"),
        expected_version=1,
        percent=10,
    )
    assert world.fresh("union").attention == Attention.NONE


def test_second_editor_gets_a_conflict_and_nothing_is_overwritten(demo, world):
    union, office = _user(demo, "congdoan"), _user(demo, "vanphong")
    seen_by_office = world.fresh("union").version
    record_progress(
        world.fresh("union"),
        actor=union,
        expected_version=seen_by_office,
        status=TaskStatus.IN_PROGRESS,
        percent=50,
        note="Đã thăm 10 người.",
    )
    with pytest.raises(TaskConflict) as conflict:
        record_progress(
            world.fresh("union"),
            actor=office,
            expected_version=seen_by_office,
            status=TaskStatus.PAUSED,
            percent=20,
        )
    task = world.fresh("union")
    assert (task.status, task.percent, task.version) == (TaskStatus.IN_PROGRESS, 50, 2)
    assert conflict.value.status == 409
    assert conflict.value.task.version == 2
    assert [u.new_percent for u in conflict.value.changes] == [50]
    message = str(conflict.value.message)
    assert "Hoàng Văn Nam" in message
    assert "tiến độ 0% → 50%" in message
    assert ProgressUpdate.objects.filter(task=task).count() == 1


def test_conflict_still_keeps_the_evidence(demo, world, media):
    union, office = _user(demo, "congdoan"), _user(demo, "vanphong")
    record_progress(world.fresh("union"), actor=union, expected_version=1, percent=50)
    with pytest.raises(TaskConflict) as conflict:
        record_progress(
            world.fresh("union"),
            actor=office,
            expected_version=1,
            percent=60,
            note="Ghi chú sẽ được giữ trên biểu mẫu",
            files=[upload("anh.png", png_bytes())],
        )
    kept = conflict.value.kept_evidence
    assert [e.name for e in kept] == ["anh.png"]
    # The Office heads the supporting unit: its evidence is a contribution.
    assert kept[0].update.kind == UpdateKind.CONTRIBUTION
    assert kept[0].update.note == ""
    assert default_storage.exists(kept[0].file.name)
    assert world.fresh("union").percent == 50


def test_done_task_stays_done_until_the_office_reopens_it(demo, world):
    union, office = _user(demo, "congdoan"), _user(demo, "vanphong")
    record_progress(world.fresh("union"), actor=union, expected_version=1, percent=100)
    with pytest.raises(ActionRefused) as refused:
        record_progress(
            world.fresh("union"),
            actor=union,
            expected_version=2,
            status=TaskStatus.IN_PROGRESS,
        )
    assert refused.value.code == "task_done"
    with pytest.raises(PermissionRefused):
        reopen_task(world.fresh("union"), actor=union, reason="Nhầm")
    with pytest.raises(ActionRefused) as no_reason:
        reopen_task(world.fresh("union"), actor=office, reason="  ")
    assert no_reason.value.code == "reason_required"
    update = reopen_task(
        world.fresh("union"),
        actor=office,
        reason="Thiếu ảnh minh chứng.",
        expected_version=2,
    )
    task = world.fresh("union")
    assert (task.status, task.attention, task.completed_at) == (
        TaskStatus.IN_PROGRESS,
        Attention.REOPENED,
        None,
    )
    assert (update.kind, update.note, update.version) == (
        UpdateKind.REOPEN,
        "Thiếu ảnh minh chứng.",
        3,
    )
    with pytest.raises(ActionRefused) as again:
        reopen_task(world.fresh("union"), actor=office, reason="Lần nữa")
    assert again.value.code == "not_done"
    acknowledge_task(world.fresh("union"), actor=union)
    assert world.fresh("union").attention == Attention.NONE


def test_reassign_moves_the_task_and_keeps_its_history(demo, world):
    office = _user(demo, "vanphong")
    record_progress(
        world.fresh("vp"), actor=_user(demo, "vanthu"), expected_version=1, percent=10
    )
    update = reassign_task(
        world.fresh("vp"), actor=office, unit=demo.units["khtc"], note="Chuyển KHTC"
    )
    task = world.fresh("vp")
    assert (task.unit, task.attention, task.last_update_at) == (
        demo.units["khtc"],
        Attention.REASSIGNED,
        None,
    )
    assert (update.old_unit, update.new_unit) == (demo.units["vp"], demo.units["khtc"])
    assert task.updates.count() == 2
    with pytest.raises(ActionRefused) as duplicate:
        reassign_task(world.fresh("vp"), actor=office, unit=demo.units["cdcs"])
    assert (duplicate.value.status, duplicate.value.code) == (409, "duplicate")
    with pytest.raises(ActionRefused) as foreign:
        reassign_task(world.fresh("vp"), actor=office, unit=demo.units["vnpt"])
    assert foreign.value.code == "other_agency"


def test_lead_units_head_reassigns_only_that_activity(demo, world):
    union_head = _user(demo, "congdoan")
    reassign_task(world.fresh("vp"), actor=union_head, unit=demo.units["ttbc"])
    assert world.fresh("vp").unit == demo.units["ttbc"]
    with pytest.raises(PermissionRefused):
        reassign_task(world.fresh("center"), actor=union_head, unit=demo.units["ttbc"])
    with pytest.raises(PermissionRefused):
        reassign_task(
            world.fresh("union"), actor=_user(demo, "canbo"), unit=demo.units["ttbc"]
        )


def test_bulk_is_all_or_nothing_with_a_reason_per_task(demo, world):
    union = _user(demo, "congdoan")
    items = [BulkItem(world.tasks[k].pk) for k in ("union", "union_32", "center")]
    with pytest.raises(BulkRefused) as refused:
        bulk_update_tasks(
            items, actor=union, action="status", status=TaskStatus.IN_PROGRESS
        )
    assert [e.task_id for e in refused.value.errors] == [world.tasks["center"].pk]
    assert "Trung tâm Công nghệ thông tin" in refused.value.errors[0].label
    assert "đơn vị mình" in refused.value.errors[0].message
    assert {world.fresh(k).status for k in ("union", "union_32")} == {TaskStatus.TODO}
    assert ProgressUpdate.objects.count() == 0
    done = bulk_update_tasks(
        items[:2], actor=union, action="status", status=TaskStatus.IN_PROGRESS
    )
    assert len(done) == 2
    assert {world.fresh(k).status for k in ("union", "union_32")} == {
        TaskStatus.IN_PROGRESS
    }


def test_bulk_checks_versions(demo, world):
    union = _user(demo, "congdoan")
    record_progress(world.fresh("union"), actor=union, expected_version=1, percent=20)
    with pytest.raises(BulkRefused) as refused:
        bulk_update_tasks(
            [BulkItem(world.tasks["union"].pk, version=1)],
            actor=union,
            action="status",
            status=TaskStatus.PAUSED,
        )
    assert "người khác cập nhật" in refused.value.errors[0].message
    assert world.fresh("union").status == TaskStatus.IN_PROGRESS


def test_bulk_reassign_by_office(demo, world):
    office = _user(demo, "vanphong")
    bulk_update_tasks(
        [BulkItem(world.tasks["center"].pk)],
        actor=office,
        action="reassign",
        unit=demo.units["ttbc"],
    )
    assert world.fresh("center").unit == demo.units["ttbc"]


def test_bulk_refuses_invisible_tasks(demo, world):
    with pytest.raises(BulkRefused) as refused:
        bulk_update_tasks(
            [BulkItem(world.tasks["union"].pk)],
            actor=_user(demo, "viettel"),
            action="status",
            status=TaskStatus.DONE,
        )
    assert refused.value.errors[0].message == "Không tìm thấy nhiệm vụ."


def test_refused_files_are_not_stored(demo, world, media):
    with pytest.raises(ActionRefused) as refused:
        record_progress(
            world.fresh("union"),
            actor=_user(demo, "congdoan"),
            expected_version=1,
            percent=10,
            files=[upload("bao-cao.pdf", b"<html>not a pdf</html>", "application/pdf")],
        )
    assert refused.value.code == "unsupported_type"
    assert Evidence.objects.count() == 0
    assert world.fresh("union").version == 1
    assert not (media / "evidence").exists()


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_updates_one_wins(demo):
    """Two requests with the same version at the same moment: the
    conditional UPDATE lets exactly one through, on SQLite and PostgreSQL."""
    if connection.vendor == "sqlite" and "memory" in str(
        connection.settings_dict["NAME"]
    ):
        pytest.skip("in-memory SQLite is not shared between threads")
    world = make_world(demo)
    union, office = _user(demo, "congdoan"), _user(demo, "vanphong")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def run(actor, percent):
        try:
            barrier.wait(timeout=10)
            record_progress(
                Task.objects.select_related("activity__plan", "unit").get(
                    pk=world.tasks["union"].pk
                ),
                actor=actor,
                expected_version=1,
                percent=percent,
            )
            outcomes.append("ok")
        except TaskConflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(union, 30)),
        threading.Thread(target=run, args=(office, 70)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["conflict", "ok"]
    task = world.fresh("union")
    assert task.version == 2
    assert task.percent in {30, 70}
    assert ProgressUpdate.objects.filter(task=task).count() == 1
