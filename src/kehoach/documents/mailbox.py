"""Incoming documents by e-mail: kehoach polls a mailbox over IMAP, stages
each attached document for the Office's review (``stage_import``) and
remembers the sender's address, so registering it acknowledges receipt to
the sender the same day.

A message is marked seen only when all of its attachments were staged (or
are not documents); one whose attachment cannot be read is flagged and left
for a person to look at, so nothing is lost.
"""

from __future__ import annotations

import email
import email.policy
import imaplib
import logging
from dataclasses import dataclass, field
from email.utils import parseaddr
from pathlib import PurePath
from typing import Any, cast

from django.conf import settings
from django.utils.translation import gettext as _

from kehoach.documents.models import ImportJob
from kehoach.documents.services import stage_import
from kehoach.lib.exceptions import ActionRefused
from kehoach.orgs.models import Agency

logger = logging.getLogger(__name__)

DOCUMENT_SUFFIXES = {
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


@dataclass(frozen=True)
class MailboxConfig:
    host: str
    port: int
    user: str
    password: str
    folder: str = "INBOX"
    ssl: bool = True

    @classmethod
    def from_settings(cls) -> MailboxConfig:
        return cls(
            host=settings.KEHOACH_IMAP_HOST,
            port=settings.KEHOACH_IMAP_PORT,
            user=settings.KEHOACH_IMAP_USER,
            password=settings.KEHOACH_IMAP_PASSWORD,
            folder=settings.KEHOACH_IMAP_FOLDER,
            ssl=settings.KEHOACH_IMAP_SSL,
        )


@dataclass(frozen=True)
class Attachment:
    filename: str
    data: bytes


@dataclass(frozen=True)
class MailItem:
    uid: str
    sender: str
    subject: str
    attachments: tuple[Attachment, ...]


@dataclass
class PollResult:
    messages: int = 0
    staged: list[ImportJob] = field(default_factory=list)
    duplicates: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)


def _connect(config: MailboxConfig) -> imaplib.IMAP4:
    client: imaplib.IMAP4
    if config.ssl:
        client = imaplib.IMAP4_SSL(config.host, config.port, timeout=30)
    else:
        client = imaplib.IMAP4(config.host, config.port, timeout=30)
    client.login(config.user, config.password)
    client.select(config.folder)
    return client


def parse_message(uid: str, raw: bytes) -> MailItem:
    """The sender, subject and document attachments of a raw message."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    attachments = []
    for part in message.iter_attachments():
        name = part.get_filename() or ""
        if PurePath(name).suffix.lower() not in DOCUMENT_SUFFIXES:
            continue
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes):
            attachments.append(Attachment(name, payload))
    return MailItem(
        uid=uid,
        sender=parseaddr(str(message.get("From", "")))[1],
        subject=str(message.get("Subject", "")),
        attachments=tuple(attachments),
    )


def fetch_unseen(client: imaplib.IMAP4) -> list[MailItem]:
    """Unseen messages of the selected folder (peeked: not marked seen)."""
    status, data = client.uid("search", None, "UNSEEN")  # type: ignore[arg-type]
    if status != "OK":
        return []
    items = []
    for uid in (data[0] or b"").split():
        status, parts = client.uid("fetch", uid.decode(), "(BODY.PEEK[])")
        raw = next(
            (p[1] for p in parts if isinstance(p, tuple) and isinstance(p[1], bytes)),
            None,
        )
        if status == "OK" and raw is not None:
            items.append(parse_message(uid.decode(), raw))
    return items


def poll_mailbox(
    config: MailboxConfig, *, agency: Agency, actor: Any, auto_confirm: bool = False
) -> PollResult:
    """Stage every document attached to unseen messages; with
    ``auto_confirm`` register them at once (number, date, receipt to the
    sender). Returns what was done."""
    result = PollResult()
    client = _connect(config)
    try:
        for item in fetch_unseen(client):
            result.messages += 1
            ok = _stage_item(
                item,
                agency=agency,
                actor=actor,
                auto_confirm=auto_confirm,
                result=result,
            )
            flag = "\\Seen" if ok else "\\Flagged"
            client.uid("store", item.uid, "+FLAGS", f"({flag})")
    finally:
        try:
            client.logout()
        except (imaplib.IMAP4.error, OSError):
            logger.warning("IMAP logout failed", exc_info=True)
    return result


def _stage_item(
    item: MailItem,
    *,
    agency: Agency,
    actor: Any,
    auto_confirm: bool,
    result: PollResult,
) -> bool:
    ok = True
    for attachment in item.attachments:
        try:
            staged = stage_import(
                attachment.data,
                filename=attachment.filename,
                agency=agency,
                actor=actor,
            )
        except ActionRefused as exc:
            ok = False
            result.failures.append((attachment.filename, str(exc.message)))
            logger.warning(
                "mail attachment %s refused: %s", attachment.filename, exc.message
            )
            continue
        if staged.existing is not None:
            result.duplicates += 1
            continue
        job = cast(ImportJob, staged.job)
        if item.sender and not job.sender_email:
            job.sender_email = item.sender[:254]
            job.save(update_fields=["sender_email"])
        if auto_confirm:
            from kehoach.plans.services import confirm_import  # noqa: PLC0415 -- plans depend on documents

            confirm_import(job, actor=actor, direction="incoming", create_plan=False)
        result.staged.append(job)
    if not item.attachments:
        result.failures.append((item.subject, _("Thư không có tệp văn bản đính kèm.")))
    return ok
