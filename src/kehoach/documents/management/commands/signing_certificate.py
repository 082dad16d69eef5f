"""``kehoach signing_certificate AGENCY …``: the agency's signing
certificate and trusted roots.

    kehoach signing_certificate STTTT --pkcs12 so.p12 --passphrase-file pass.txt
    kehoach signing_certificate STTTT --pkcs12 so.p12 --passphrase-env SO_P12_PASS
    kehoach signing_certificate STTTT --create-demo     # self-signed, for the demo
    kehoach signing_certificate STTTT --trust rootca.pem
    kehoach signing_certificate - --trust rootca.pem    # trusted by every agency
    kehoach signing_certificate STTTT                   # show what is configured

Run by whoever administers the server (like ``createsuperuser``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kehoach.documents.signatures import services
from kehoach.documents.signatures.models import SigningCertificate, TrustedCertificate
from kehoach.lib.exceptions import ActionRefused
from kehoach.orgs.models import Agency


class Command(BaseCommand):
    help = (
        "Cài chứng thư ký số (PKCS#12) và chứng thư gốc tin cậy cho cơ quan. / "
        "Install an agency's signing certificate and trusted roots."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "agency",
            help="ký hiệu cơ quan, ví dụ STTTT ('-': mọi cơ quan, chỉ với --trust)",
        )
        parser.add_argument("--pkcs12", help="tệp .p12/.pfx")
        parser.add_argument("--passphrase-file", help="tệp chứa mật khẩu của tệp .p12")
        parser.add_argument(
            "--passphrase-env", default="", help="biến môi trường chứa mật khẩu"
        )
        parser.add_argument(
            "--create-demo",
            action="store_true",
            help="tạo chứng thư tự ký để thử / create a self-signed demo certificate",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="thay chứng thư đang dùng (với --create-demo)",
        )
        parser.add_argument(
            "--trust", help="tệp PEM/DER chứng thư gốc tin cậy / trusted root(s)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        agency = self._agency(options["agency"])
        try:
            if options["trust"]:
                self._trust(agency, Path(options["trust"]))
            elif agency is None:
                raise CommandError("Cần ký hiệu cơ quan. / An agency is required.")
            elif options["create_demo"]:
                config = services.create_demo_certificate(
                    agency, force=options["force"]
                )
                self._done(config)
            elif options["pkcs12"]:
                self._install(agency, options)
            else:
                self._show(agency)
        except ActionRefused as exc:
            raise CommandError(str(exc.message)) from exc

    def _agency(self, abbreviation: str) -> Agency | None:
        if abbreviation == "-":
            return None
        agencies = list(Agency.objects.filter(abbreviation=abbreviation)[:2])
        if len(agencies) != 1:
            raise CommandError(
                f"Không tìm thấy đúng một cơ quan ký hiệu {abbreviation}. / "
                "Unknown or ambiguous agency."
            )
        return agencies[0]

    def _read(self, path: str) -> bytes:
        try:
            return Path(path).read_bytes()
        except OSError as exc:
            raise CommandError(f"Không đọc được {path}: {exc.strerror}") from exc

    def _install(self, agency: Agency, options: dict[str, Any]) -> None:
        if not (options["passphrase_file"] or options["passphrase_env"]):
            raise CommandError(
                "Cần --passphrase-file hoặc --passphrase-env. / A passphrase is required."
            )
        passphrase = None
        if options["passphrase_file"]:
            passphrase = self._read(options["passphrase_file"]).rstrip(b"\r\n")
        config = services.install_signing_certificate(
            agency,
            pkcs12=self._read(options["pkcs12"]),
            passphrase=passphrase,
            passphrase_env=options["passphrase_env"],
        )
        self._done(config)

    def _trust(self, agency: Agency | None, path: Path) -> None:
        rows = services.add_trusted_certificates(
            self._read(str(path)), agency=agency, name=path.stem
        )
        for row in rows:
            self.stdout.write(self.style.SUCCESS(f"Tin cậy / trusted: {row.subject}"))

    def _done(self, config: SigningCertificate) -> None:
        kind = " (tự ký / self-signed)" if config.is_self_signed else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{config.agency.abbreviation}: {config.subject}{kind}, "
                f"hiệu lực đến {config.valid_to:%d/%m/%Y}."
            )
        )

    def _show(self, agency: Agency) -> None:
        for config in SigningCertificate.objects.filter(agency=agency):
            state = "đang dùng" if config.is_active else "cũ"
            self.stdout.write(
                f"[{state}] {config.subject} — {config.valid_from:%d/%m/%Y}–"
                f"{config.valid_to:%d/%m/%Y} — {config.fingerprint[:16]}"
            )
        for row in TrustedCertificate.objects.filter(agency=agency):
            self.stdout.write(f"[tin cậy] {row.subject}")
