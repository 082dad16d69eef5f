"""confirm_import on staged jobs built from the annotation (no parser)."""

import pytest
from django.core.files.base import ContentFile

from kehoach.documents.models import Document, ImportJob
from kehoach.lib.exceptions import ActionRefused, PermissionRefused
from kehoach.orgs.models import UnitAlias
from kehoach.plans.models import Activity, Plan, Task
from kehoach.plans.services import confirm_import
from tests.plans.helpers import parsed_copy

pytestmark = pytest.mark.django_db


def _job(demo, parsed, digest="a" * 64):
    job = ImportJob(
        agency=demo.department,
        original_name="000.txt",
        content_hash=digest,
        parsed=parsed,
        direction="outgoing",
        created_by=demo.people["vanthu"].user,
    )
    job.file.save("000.txt", ContentFile(b"x"), save=False)
    job.save()
    return job


def test_confirm_twice_returns_the_same_document(demo):
    clerk = demo.people["vanthu"].user
    job = _job(demo, parsed_copy())
    first = confirm_import(job, actor=clerk)
    second = confirm_import(job, actor=clerk)
    assert first.pk == second.pk
    assert Document.objects.count() == 1
    assert Plan.objects.count() == 1


def test_same_content_in_a_new_job_finds_the_existing_document(demo):
    clerk = demo.people["vanthu"].user
    first = confirm_import(_job(demo, parsed_copy()), actor=clerk)
    again = confirm_import(_job(demo, parsed_copy()), actor=clerk)
    assert again.pk == first.pk
    assert Plan.objects.count() == 1


def test_failed_confirm_leaves_nothing_behind(demo):
    clerk = demo.people["vanthu"].user
    job = _job(demo, parsed_copy(number="9" * 40))
    phrase = "Công đoàn cơ sở sở TTTT"
    with pytest.raises(ActionRefused):
        confirm_import(job, actor=clerk, mapping={phrase: [demo.units["cdcs"].pk]})
    assert Document.objects.count() == 0
    assert Activity.objects.count() == 0
    assert Task.objects.count() == 0
    assert UnitAlias.objects.count() == 0
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PENDING


def test_mapping_is_remembered_as_alias(demo):
    clerk = demo.people["vanthu"].user
    phrase = "mời các doanh nghiệp ngành TTTT"
    vnpt = demo.units["vnpt"]
    confirm_import(_job(demo, parsed_copy()), actor=clerk, mapping={phrase: [vnpt.pk]})
    alias = UnitAlias.objects.get(agency=demo.department, phrase=phrase)
    assert list(alias.units.all()) == [vnpt]


def test_mapping_to_a_unit_outside_the_directory_is_refused(demo):
    clerk = demo.people["vanthu"].user
    from tests.plans.helpers import make_other_agency

    other = make_other_agency()
    with pytest.raises(ActionRefused):
        confirm_import(
            _job(demo, parsed_copy()),
            actor=clerk,
            mapping={"Văn phòng Sở": [other["office"].pk]},
        )
    assert Document.objects.count() == 0


def test_unit_member_cannot_confirm(demo):
    job = _job(demo, parsed_copy())
    with pytest.raises(PermissionRefused):
        confirm_import(job, actor=demo.people["canbo"].user)
    assert Document.objects.count() == 0


def test_citations_link_when_cited_plan_is_registered_later(demo):
    clerk = demo.people["vanthu"].user
    own = confirm_import(_job(demo, parsed_copy()), actor=clerk)
    ministry_plan = parsed_copy(
        number="2863",
        symbol="KH-BTTTT",
        issued="2023-07-18",
        references=[],
        duties=[],
        activities=[],
        title="Tổ chức các hoạt động kỷ niệm Ngày truyền thống ngành TTTT",
    )
    ministry = confirm_import(
        _job(demo, ministry_plan, digest="b" * 64), actor=clerk, direction="incoming"
    )
    reference = own.references.get(cite_key="2863/KH-BTTTT")
    assert reference.target_id == ministry.pk
    own.plan.refresh_from_db()
    assert own.plan.parent_id == ministry.plan.pk
