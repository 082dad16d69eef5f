import shutil
import tempfile
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest

from kehoach.documents.enums import Direction
from kehoach.documents.mailbox import (
    MailboxConfig,
    _connect,
    fetch_unseen,
    poll_mailbox,
)
from kehoach.documents.models import Document
from tests.documents import dovecot
from tests.documents.helpers import user
from tests.documents.smtp import body_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def imap() -> Iterator[dovecot.Dovecot]:
    if not dovecot.available():
        pytest.skip(
            "dovecot is not installed (apt-get install dovecot-imapd; "
            "see scripts/ensure-system-deps.sh)"
        )
    # Not under pytest's tmp_path: its parents are private to this user, and
    # dovecot's own users must read the configuration and the maildir.
    root = Path(tempfile.mkdtemp(prefix="kehoach-dovecot-"))
    root.chmod(0o755)
    server = dovecot.start_dovecot(root)
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


def _config(server):
    return MailboxConfig(
        host="127.0.0.1",
        port=server.port,
        user=dovecot.USER,
        password=dovecot.PASSWORD,
        ssl=False,
    )


def _message(attachment: bytes) -> bytes:
    message = EmailMessage()
    message["From"] = "Văn thư Bộ <vanthu@mic.gov.vn>"
    message["To"] = "vanthu@stttt.daknong.gov.vn"
    message["Subject"] = "Gửi Kế hoạch 2863/KH-BTTTT"
    message.set_content("Kính gửi Sở TTTT, xin gửi kế hoạch kèm theo.")
    message.add_attachment(
        attachment, maintype="text", subtype="plain", filename="000.txt"
    )
    message.add_attachment(
        b"\x89PNG logo",
        maintype="application",
        subtype="octet-stream",
        filename="chu-ky.sig",
    )
    return message.as_bytes()


def test_fetch_reads_sender_and_document_attachments(imap, worked_example_bytes):
    imap.deliver(_message(worked_example_bytes))
    client = _connect(_config(imap))
    try:
        [item] = fetch_unseen(client)
    finally:
        client.logout()
    assert item.sender == "vanthu@mic.gov.vn"
    assert [(a.filename, a.data) for a in item.attachments] == [
        ("000.txt", worked_example_bytes)
    ]
    assert b"\\Seen" not in b"".join(imap.flags())


def test_poll_flags_a_message_whose_attachment_is_refused(
    demo, imap, worked_example_bytes, settings
):
    settings.KEHOACH_MAX_UPLOAD_BYTES = 100
    imap.deliver(_message(worked_example_bytes))
    result = poll_mailbox(
        _config(imap), agency=demo.department, actor=user(demo, "vanthu")
    )
    assert result.messages == 1
    assert [name for name, _reason in result.failures] == ["000.txt"]
    flags = b"".join(imap.flags())
    assert b"\\Flagged" in flags
    assert b"\\Seen" not in flags


def test_poll_registers_the_attachment_and_acknowledges_the_sender(
    demo, imap, worked_example_bytes, smtp, django_capture_on_commit_callbacks
):
    imap.deliver(_message(worked_example_bytes))
    with django_capture_on_commit_callbacks(execute=True):
        result = poll_mailbox(
            _config(imap),
            agency=demo.department,
            actor=user(demo, "vanthu"),
            auto_confirm=True,
        )
    assert result.messages == 1
    [job] = result.staged
    job.refresh_from_db()
    assert job.sender_email == "vanthu@mic.gov.vn"
    document = Document.objects.get(pk=job.document_id)
    assert document.direction == Direction.INCOMING
    assert document.register_number == 1
    assert document.sender_email == "vanthu@mic.gov.vn"
    [receipt] = smtp.to("vanthu@mic.gov.vn")
    assert "Đã nhận văn bản" in receipt["Subject"]
    assert "vào sổ văn bản đến số 1" in body_text(receipt)
    assert b"\\Seen" in b"".join(imap.flags())
    again = poll_mailbox(
        _config(imap), agency=demo.department, actor=user(demo, "vanthu")
    )
    assert again.messages == 0
