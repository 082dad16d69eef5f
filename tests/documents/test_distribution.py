import re

import pytest
from django.test import Client

from kehoach.documents import distribution as dist
from kehoach.documents.enums import DeliveryChannel, DocumentStatus, MailStatus
from kehoach.documents.models import DistributionRecipient
from kehoach.lib.exceptions import ActionRefused
from tests.documents.helpers import advance, draft_plan, user
from tests.documents.smtp import body_text

pytestmark = pytest.mark.django_db

ACK_LINK = re.compile(r"http://kehoach\.test(/xac-nhan/[^/\s]+/)")


def _issue_to_vnpt(demo, capture, **extra_lines):
    document = draft_plan(demo)
    line = document.recipients.get(name="Các doanh nghiệp TTTT")
    dist.update_recipient_line(
        line, actor=user(demo, "vanthu"), unit_ids=[demo.units["vnpt"].pk]
    )
    for name, email in extra_lines.items():
        dist.add_recipient_line(
            document, actor=user(demo, "vanthu"), name=name, email=email
        )
    with capture(execute=True):
        document = advance(demo, document, DocumentStatus.ISSUED)
    return document


def test_issue_sends_external_mail_with_files_and_ack_link(
    demo, smtp, django_capture_on_commit_callbacks
):
    document = _issue_to_vnpt(demo, django_capture_on_commit_callbacks)
    [message] = smtp.to("lienhe@vnpt.example.vn")
    assert "01/KH-STTTT" in message["Subject"]
    names = [part.get_filename() for part in message.iter_attachments()]
    assert len(names) == 2
    assert all(n.startswith("KH-STTTT-01-") for n in names)
    assert ACK_LINK.search(body_text(message))
    row = DistributionRecipient.objects.get(unit=demo.units["vnpt"])
    assert (row.channel, row.mail_status) == (
        DeliveryChannel.EXTERNAL,
        MailStatus.ACCEPTED,
    )
    assert row.sent_at is not None
    assert row.acknowledged_at is None
    document.distribution.refresh_from_db()
    assert document.distribution.sent_at is not None


def test_internal_units_get_it_in_the_app_and_by_mail_without_files(
    demo, smtp, django_capture_on_commit_callbacks, login
):
    _issue_to_vnpt(demo, django_capture_on_commit_callbacks)
    # "Ban Giám đốc" resolves to the leadership unit of the agency.
    [message] = smtp.to("bgd@stttt.daknong.gov.vn")
    assert list(message.iter_attachments()) == []
    assert "/van-ban/" in body_text(message)
    html = login("director").get("/van-ban-nhan/").content.decode()
    assert "01/KH-STTTT" in html
    assert "Xác nhận đã nhận" in html


def test_acknowledgement_link_works_without_login_and_once(
    demo, smtp, django_capture_on_commit_callbacks
):
    _issue_to_vnpt(demo, django_capture_on_commit_callbacks)
    [message] = smtp.to("lienhe@vnpt.example.vn")
    path = ACK_LINK.search(body_text(message)).group(1)
    client = Client()
    page = client.get(path).content.decode()
    assert "Tổ chức các hoạt động kỷ niệm Ngày truyền thống" in page
    assert "Xác nhận đã nhận" in page
    client.post(path, {"name": "Nguyễn Văn A"})
    row = DistributionRecipient.objects.get(unit=demo.units["vnpt"])
    first = row.acknowledged_at
    assert (row.acknowledged_via, row.acknowledged_name) == ("link", "Nguyễn Văn A")
    again = client.post(path, {"name": "Người khác"}).content.decode()
    row.refresh_from_db()
    assert (row.acknowledged_at, row.acknowledged_name) == (first, "Nguyễn Văn A")
    assert "Đã xác nhận nhận văn bản lúc" in again


def test_tampered_or_expired_link_is_refused(
    demo, smtp, django_capture_on_commit_callbacks, settings
):
    import datetime as dt

    import time_machine

    settings.KEHOACH_ACK_LINK_DAYS = 30
    _issue_to_vnpt(demo, django_capture_on_commit_callbacks)
    path = ACK_LINK.search(body_text(smtp.to("lienhe@vnpt.example.vn")[0])).group(1)
    assert Client().get(path[:-3] + "xx/").status_code == 404
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(days=29)):
        assert Client().get(path).status_code == 200
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(days=31)):
        assert Client().post(path).status_code == 404
    assert not DistributionRecipient.objects.filter(
        acknowledged_at__isnull=False
    ).exists()


def test_refused_address_is_recorded_per_recipient(
    demo, smtp, django_capture_on_commit_callbacks
):
    _issue_to_vnpt(
        demo,
        django_capture_on_commit_callbacks,
        **{"Báo Đắk Nông": "refuse@baodaknong.example.vn"},
    )
    row = DistributionRecipient.objects.get(email="refuse@baodaknong.example.vn")
    assert row.mail_status == MailStatus.REFUSED
    assert row.mail_detail.startswith("550")
    assert smtp.to("refuse@baodaknong.example.vn") == []


def test_sending_twice_sends_nothing_twice(
    demo, smtp, django_capture_on_commit_callbacks
):
    document = _issue_to_vnpt(demo, django_capture_on_commit_callbacks)
    count = len(smtp.messages)
    assert dist.send_distribution(document.distribution) == {}
    assert len(smtp.messages) == count


def test_recall_tells_every_recipient(
    demo, smtp, django_capture_on_commit_callbacks, login
):
    document = _issue_to_vnpt(demo, django_capture_on_commit_callbacks)
    from kehoach.documents import workflow

    with django_capture_on_commit_callbacks(execute=True):
        workflow.recall_document(
            document, actor=user(demo, "giamdoc"), comment="Sai ngày"
        )
    recall = [m for m in smtp.to("lienhe@vnpt.example.vn") if "Thu hồi" in m["Subject"]]
    assert len(recall) == 1
    assert "Sai ngày" in body_text(recall[0])
    page = login("office").get(f"/van-ban/{document.pk}/phat-hanh/").content.decode()
    assert "Văn bản đã bị thu hồi" in page
    assert "Đã thu hồi" in login("director").get("/van-ban-nhan/").content.decode()


def test_recipient_list_is_locked_after_issue(
    demo, smtp, django_capture_on_commit_callbacks
):
    document = _issue_to_vnpt(demo, django_capture_on_commit_callbacks)
    with pytest.raises(ActionRefused):
        dist.add_recipient_line(
            document, actor=user(demo, "vanthu"), name="X", email="x@example.vn"
        )


def test_unit_member_acknowledges_in_the_app(
    demo, smtp, django_capture_on_commit_callbacks, login
):
    _issue_to_vnpt(demo, django_capture_on_commit_callbacks)
    row = DistributionRecipient.objects.get(unit=demo.units["bgd"])
    other = login("center_member").post(f"/van-ban-nhan/{row.pk}/xac-nhan/")
    assert other.status_code == 404
    login("director").post(f"/van-ban-nhan/{row.pk}/xac-nhan/")
    row.refresh_from_db()
    assert (row.acknowledged_via, row.acknowledged_name) == ("app", "Trần Văn Thương")


def test_unacknowledged_query_for_reminders(
    demo, smtp, django_capture_on_commit_callbacks
):
    import datetime as dt

    import time_machine

    _issue_to_vnpt(demo, django_capture_on_commit_callbacks)
    assert list(dist.unacknowledged_distributions(dt.timedelta(days=2))) == []
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(days=3)):
        pending = list(dist.unacknowledged_distributions(dt.timedelta(days=2)))
    assert DistributionRecipient.objects.get(unit=demo.units["vnpt"]) in pending


def test_distribution_page_query_count_does_not_grow(
    demo, smtp, django_capture_on_commit_callbacks, login, django_assert_max_num_queries
):
    document = _issue_to_vnpt(demo, django_capture_on_commit_callbacks)
    client = login("office")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(f"/van-ban/{document.pk}/phat-hanh/")
    for index in range(3):
        DistributionRecipient.objects.create(
            distribution=document.distribution,
            channel=DeliveryChannel.EXTERNAL,
            name=f"Thêm {index}",
            email=f"them{index}@example.vn",
        )
    with CaptureQueriesContext(connection) as many:
        client.get(f"/van-ban/{document.pk}/phat-hanh/")
    assert len(many) == len(few)


def test_person_recipient_gets_it_in_the_app_and_by_mail(
    demo, smtp, django_capture_on_commit_callbacks, login
):
    document = draft_plan(demo)
    login("clerk").post(
        f"/van-ban/{document.pk}/phat-hanh/noi-nhan/",
        {"person": demo.people["trungtam"].pk, "purpose": "để biết"},
    )
    line = document.recipients.get(person=demo.people["trungtam"])
    assert (line.name, line.purpose) == ("Bùi Quang Huy", "để biết")
    with django_capture_on_commit_callbacks(execute=True):
        advance(demo, document, DocumentStatus.ISSUED)
    row = DistributionRecipient.objects.get(person=demo.people["trungtam"])
    assert (row.channel, row.mail_status) == (
        DeliveryChannel.PERSON,
        MailStatus.ACCEPTED,
    )
    assert len(smtp.to("trungtam@stttt.daknong.gov.vn")) == 1
    html = login("center_head").get("/van-ban-nhan/").content.decode()
    assert "01/KH-STTTT" in html


def test_received_list_query_count_does_not_grow(
    demo, smtp, django_capture_on_commit_callbacks, login
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login("director")

    def issue(title):
        with django_capture_on_commit_callbacks(execute=True):
            advance(demo, draft_plan(demo, title=title), DocumentStatus.ISSUED)

    issue("Kế hoạch A")
    with CaptureQueriesContext(connection) as one:
        client.get("/van-ban-nhan/")
    issue("Kế hoạch B")
    issue("Kế hoạch C")
    with CaptureQueriesContext(connection) as three:
        html = client.get("/van-ban-nhan/").content.decode()
    assert len(three) == len(one)
    assert html.count("/KH-STTTT") == 3


def test_lines_typed_by_name_are_resolved_through_the_directory(
    demo, smtp, django_capture_on_commit_callbacks, login
):
    document = draft_plan(demo)
    line = dist.add_recipient_line(
        document,
        actor=user(demo, "vanthu"),
        name="Văn phòng Sở",
        purpose="để thực hiện",
    )
    page = login("office").get(f"/van-ban/{document.pk}/phat-hanh/").content.decode()
    assert "(theo danh bạ)" in page
    assert list(line.units.all()) == []
    with django_capture_on_commit_callbacks(execute=True):
        advance(demo, document, DocumentStatus.ISSUED)
    assert list(line.units.all()) == [demo.units["vp"]]
    assert len(smtp.to("vp@stttt.daknong.gov.vn")) == 1
