"""A throwaway Dovecot IMAP server from Debian's package, started on a free
port with its own configuration, a passwd-file user and a maildir under a
temporary directory. Messages are delivered with IMAP APPEND."""

from __future__ import annotations

import imaplib
import os
import pwd
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from tests.documents.smtp import free_port

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USER = "vanthu"
PASSWORD = "mat-khau-thu"


@dataclass
class Dovecot:
    process: subprocess.Popen[bytes]
    port: int
    root: Path

    def deliver(self, raw: bytes) -> None:
        client = imaplib.IMAP4("127.0.0.1", self.port)
        client.login(USER, PASSWORD)
        client.append("INBOX", "", imaplib.Time2Internaldate(time.time()), raw)
        client.logout()

    def flags(self) -> list[bytes]:
        client = imaplib.IMAP4("127.0.0.1", self.port)
        client.login(USER, PASSWORD)
        client.select("INBOX")
        _status, data = client.fetch("1:*", "(FLAGS)")
        client.logout()
        return [d for d in data if isinstance(d, bytes)]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def available() -> bool:
    return Path(DOVECOT).exists()


def start_dovecot(root: Path) -> Dovecot:
    """Start ``dovecot -F`` on 127.0.0.1:<free port>; as root, mail and
    login processes run as Debian's ``mail``/``dovenull`` users."""
    port = free_port()
    as_root = os.geteuid() == 0
    owner = pwd.getpwnam("mail") if as_root else pwd.getpwuid(os.getuid())
    login_user = "dovenull" if as_root else owner.pw_name
    internal_user = "dovecot" if as_root else owner.pw_name
    for name in ("run", "state", "mail", "home"):
        (root / name).mkdir(parents=True, exist_ok=True)
    if as_root:
        for name in ("mail", "home"):
            os.chown(root / name, owner.pw_uid, owner.pw_gid)
        root.chmod(0o755)
    (root / "passwd").write_text(
        f"{USER}:{{PLAIN}}{PASSWORD}::::::\n", encoding="utf-8"
    )
    config = root / "dovecot.conf"
    config.write_text(
        f"""
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{root}/mail/%u
first_valid_uid = {owner.pw_uid}
default_login_user = {login_user}
default_internal_user = {internal_user}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={owner.pw_uid} gid={owner.pw_gid} home={root}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service stats {{
  inet_listener http {{
    port = 0
  }}
}}
""",
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [DOVECOT, "-F", "-c", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = (
                (root / "dovecot.log").read_text()
                if (root / "dovecot.log").exists()
                else ""
            )
            raise RuntimeError(f"dovecot exited: {log}")
        try:
            imaplib.IMAP4("127.0.0.1", port).logout()
        except OSError:
            time.sleep(0.1)
            continue
        return Dovecot(process, port, root)
    process.kill()
    raise RuntimeError("dovecot did not start")
