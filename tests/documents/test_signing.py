import datetime as dt
import io
import os
import re
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import pkcs12
from django.conf import settings
from django.core.management import CommandError, call_command

from kehoach.documents.permissions import can_apply_signature
from kehoach.documents.rendering import SIGNATURE_FIELD, render_parsed, to_pdf
from kehoach.documents.signatures import (
    SignatureVerdict,
    sign_pdf,
    verify_pdf_signatures,
)
from kehoach.documents.signatures.models import SigningCertificate, TrustedCertificate
from kehoach.documents.signatures.queries import trust_roots_for
from kehoach.documents.signatures.services import (
    add_trusted_certificates,
    install_signing_certificate,
    sign_document,
)
from kehoach.lib.exceptions import ActionRefused, PermissionRefused
from kehoach.orgs.viewer import viewer_for
from tests.documents.certs import PASSPHRASE, make_pki
from tests.documents.render_helpers import dark_fraction, page_image, parsed_with_body
from tests.plans.helpers import make_other_agency, make_plan, parsed_copy

pytestmark = pytest.mark.django_db

SIGNER = "Nguyễn Thị Hạnh"


@pytest.fixture(autouse=True)
def secrets_dir(settings, tmp_path):
    settings.KEHOACH_SECRETS_DIR = tmp_path / "secrets"
    return settings.KEHOACH_SECRETS_DIR


@pytest.fixture(scope="module")
def pki():
    return make_pki()


@pytest.fixture(scope="module")
def unsigned_pdf():
    tree = render_parsed(
        parsed_with_body(
            number="1",
            issued="2023-08-05",
            signer={
                "authority": "KT. GIÁM ĐỐC",
                "title": "PHÓ GIÁM ĐỐC",
                "name": SIGNER,
            },
        )
    )
    return to_pdf(tree)


@pytest.fixture
def installed(demo, pki):
    return install_signing_certificate(
        demo.department, pkcs12=pki.pkcs12(), passphrase=PASSPHRASE
    )


@pytest.fixture
def signed_pdf(demo, installed, unsigned_pdf):
    return sign_pdf(
        unsigned_pdf,
        agency=demo.department,
        signer_name=SIGNER,
        reason="Ban hành văn bản số 01/KH-STTTT",
    )


def _issued_plan(demo, **changes):
    parsed = parsed_copy(number="1", issued="2023-08-05", **changes)
    return make_plan(demo.department, demo.people["vanthu"].user, parsed=parsed)


# --- installing a certificate -------------------------------------------------------------


def test_install_keeps_the_key_outside_media_readable_by_us_only(demo, installed, pki):
    assert installed.is_active
    assert not installed.is_self_signed
    assert installed.common_name == "Sở Thông tin và Truyền thông tỉnh Đắk Nông"
    assert installed.issuer.startswith("CN=CA thử nghiệm kehoach")
    key_file = Path(installed.pkcs12_path)
    stored = pkcs12.load_key_and_certificates(key_file.read_bytes(), PASSPHRASE)
    assert stored[1] == pki.signer
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(Path(installed.passphrase_file).stat().st_mode) == 0o600
    assert Path(settings.MEDIA_ROOT) not in key_file.parents


def test_install_again_is_idempotent_and_a_new_one_replaces_the_old(demo, installed):
    again = install_signing_certificate(
        demo.department, pkcs12=make_pki().pkcs12(), passphrase=PASSPHRASE
    )
    same = install_signing_certificate(
        demo.department,
        pkcs12=Path(again.pkcs12_path).read_bytes(),
        passphrase=PASSPHRASE,
    )
    assert same == again
    active = SigningCertificate.objects.filter(agency=demo.department, is_active=True)
    assert list(active) == [again]
    assert SigningCertificate.objects.filter(agency=demo.department).count() == 2


def test_install_refuses_a_wrong_passphrase_and_an_expired_certificate(demo, pki):
    with pytest.raises(ActionRefused, match="sai mật khẩu"):
        install_signing_certificate(
            demo.department, pkcs12=pki.pkcs12(), passphrase=b"sai"
        )
    now = dt.datetime.now(dt.UTC)
    expired = make_pki(not_after=now - dt.timedelta(minutes=1))
    with pytest.raises(ActionRefused, match="hết hạn"):
        install_signing_certificate(
            demo.department, pkcs12=expired.pkcs12(), passphrase=PASSPHRASE
        )
    assert not SigningCertificate.objects.exists()


def test_install_by_a_user_needs_the_admin_role(demo, pki):
    with pytest.raises(PermissionRefused):
        install_signing_certificate(
            demo.department,
            pkcs12=pki.pkcs12(),
            passphrase=PASSPHRASE,
            actor=demo.people["vanthu"].user,
        )
    config = install_signing_certificate(
        demo.department,
        pkcs12=pki.pkcs12(),
        passphrase=PASSPHRASE,
        actor=demo.people["quantri"].user,
    )
    assert config.created_by == demo.people["quantri"].user


def test_passphrase_from_the_environment(demo, pki, monkeypatch, unsigned_pdf):
    monkeypatch.setenv("KEHOACH_TEST_P12_PASS", PASSPHRASE.decode())
    config = install_signing_certificate(
        demo.department, pkcs12=pki.pkcs12(), passphrase_env="KEHOACH_TEST_P12_PASS"
    )
    assert (config.passphrase_env, config.passphrase_file) == (
        "KEHOACH_TEST_P12_PASS",
        "",
    )
    signed = sign_pdf(
        unsigned_pdf, agency=demo.department, signer_name=SIGNER, reason=""
    )
    assert len(verify_pdf_signatures(signed)) == 1
    monkeypatch.delenv("KEHOACH_TEST_P12_PASS")
    with pytest.raises(ActionRefused, match="KEHOACH_TEST_P12_PASS"):
        sign_pdf(unsigned_pdf, agency=demo.department, signer_name=SIGNER, reason="")


# --- signing and verifying ---------------------------------------------------------------------


def test_signed_pdf_verifies_as_valid_and_trusted_with_the_ca(signed_pdf, pki):
    (info,) = verify_pdf_signatures(signed_pdf, trust_roots=[pki.ca])
    assert info.verdict == SignatureVerdict.VALID_TRUSTED
    assert (info.intact, info.valid, info.trusted) == (True, True, True)
    assert info.covers_whole_file
    assert not info.modified_after
    assert info.field_name == SIGNATURE_FIELD
    assert info.signer_name == SIGNER
    assert info.common_name == "Sở Thông tin và Truyền thông tỉnh Đắk Nông"
    assert info.organisation == "Sở Thông tin và Truyền thông tỉnh Đắk Nông"
    assert info.reason == "Ban hành văn bản số 01/KH-STTTT"
    assert not info.self_signed
    now = dt.datetime.now(dt.UTC)
    assert now - dt.timedelta(minutes=5) < info.signing_time <= now


def test_without_trust_roots_the_signature_is_valid_but_the_signer_untrusted(
    signed_pdf,
):
    (info,) = verify_pdf_signatures(signed_pdf)
    assert info.verdict == SignatureVerdict.VALID_UNTRUSTED
    assert (info.intact, info.valid, info.trusted) == (True, True, False)
    assert info.verdict_label.startswith("Chữ ký hợp lệ nhưng")


def test_one_changed_byte_after_signing_breaks_integrity(signed_pdf, pki):
    # A byte inside the signed range: in the first page's content stream.
    at = signed_pdf.index(b"stream", 1000) + 40
    tampered = signed_pdf[:at] + bytes([signed_pdf[at] ^ 0x20]) + signed_pdf[at + 1 :]
    (info,) = verify_pdf_signatures(tampered, trust_roots=[pki.ca])
    assert info.intact is False
    assert info.verdict == SignatureVerdict.INVALID


def test_pdf_without_signature_and_bytes_that_are_not_a_pdf(unsigned_pdf):
    assert verify_pdf_signatures(unsigned_pdf) == []
    with pytest.raises(ActionRefused) as refused:
        verify_pdf_signatures(b"PK\x03\x04 this is a zip")
    assert refused.value.status == 415
    with pytest.raises(ActionRefused):
        verify_pdf_signatures(b"%PDF-1.7\n garbage without objects")


_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _pdf_string(raw: bytes) -> str:
    """A PDF literal string (octal and backslash escapes, UTF-16 with BOM)."""

    def unescape(match):
        code = match.group(1)
        if code[:1].isdigit():
            return bytes([int(code, 8)])
        return _ESCAPES.get(code, code)

    data = re.sub(rb"\\([0-7]{1,3}|.)", unescape, raw)
    return data.decode("utf-16") if data[:2] == b"\xfe\xff" else data.decode("latin-1")


def _appearance_text(pdf: bytes) -> str:
    """The text of the signature's visible block (its /ActualText spans)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(pdf))
    (embedded,) = reader.embedded_regular_signatures
    widget = embedded.sig_field
    stream = widget["/AP"]["/N"]
    texts = []

    def walk(xobject):
        data = xobject.data
        for raw in re.findall(rb"/ActualText\s*<([0-9A-Fa-f]+)>", data):
            texts.append(bytes.fromhex(raw.decode()).decode("utf-16"))
        for raw in re.findall(rb"/ActualText\s*\(((?:\\.|[^\\)])*)\)", data):
            texts.append(_pdf_string(raw))
        resources = xobject.get("/Resources") or {}
        for ref in (resources.get("/XObject") or {}).values():
            walk(ref.get_object())

    walk(stream.get_object())
    return "\n".join(texts)


def test_visible_signature_block_names_signer_organisation_and_time(
    signed_pdf, unsigned_pdf
):
    text = _appearance_text(signed_pdf)
    assert f"Ký bởi: {SIGNER}" in text
    assert "Cơ quan: Sở Thông tin và Truyền thông tỉnh Đắk Nông" in text
    stamp_time = re.search(r"Thời gian: (\S+)", text).group(1)
    moment = dt.datetime.fromisoformat(stamp_time)
    assert stamp_time.endswith("+07:00")
    (info,) = verify_pdf_signatures(signed_pdf)
    assert moment == info.signing_time.replace(microsecond=0)
    # It is drawn in the signer's space: the last page darkens there.
    before = page_image(unsigned_pdf, 1, dpi=60)
    after = page_image(signed_pdf, 1, dpi=60)
    region = (0.55, 0.55, 0.95, 0.95)
    assert dark_fraction(after, region) > dark_fraction(before, region)


def test_a_second_signature_goes_to_the_corner_and_keeps_the_first_intact(
    demo, signed_pdf, pki
):
    twice = sign_pdf(
        signed_pdf, agency=demo.department, signer_name="Văn thư", reason=""
    )
    first, second = verify_pdf_signatures(twice, trust_roots=[pki.ca])
    assert (first.field_name, second.field_name) == (
        SIGNATURE_FIELD,
        f"{SIGNATURE_FIELD}2",
    )
    assert first.intact
    assert not first.covers_whole_file
    assert not first.modified_after
    assert first.verdict == second.verdict == SignatureVerdict.VALID_TRUSTED
    # Top right of page 1, in the top margin.
    image = page_image(twice, 1, dpi=60)
    assert dark_fraction(image, (0.55, 0, 1, 0.06)) > 0


def test_signing_without_a_certificate_is_refused(demo, unsigned_pdf):
    with pytest.raises(ActionRefused) as refused:
        sign_pdf(unsigned_pdf, agency=demo.department, signer_name=SIGNER, reason="")
    assert refused.value.status == 409


# --- who may sign ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("giamdoc", True),
        ("phogiamdoc", True),
        ("vanthu", True),
        ("vanphong", False),
        ("congdoan", False),
        ("canbo", False),
        ("quantri", False),
        ("vnpt", False),
    ],
)
def test_can_apply_signature(demo, who, allowed):
    plan = _issued_plan(demo)
    viewer = viewer_for(demo.people[who].user)
    assert can_apply_signature(viewer, plan.document) is allowed


def test_leadership_without_signing_authority_may_not_sign(demo):
    plan = _issued_plan(demo)
    deputy = demo.people["phogiamdoc"]
    deputy.can_sign = False
    deputy.save(update_fields=["can_sign"])
    assert not can_apply_signature(viewer_for(deputy.user), plan.document)


def test_other_agencys_clerk_may_not_sign(demo):
    other = make_other_agency()
    plan = _issued_plan(demo)
    assert not can_apply_signature(viewer_for(other["clerk"].user), plan.document)


def test_sign_document_checks_permission_number_and_direction(demo, installed, pki):
    plan = _issued_plan(demo)
    with pytest.raises(PermissionRefused):
        sign_document(plan.document, actor=demo.people["congdoan"].user)
    draft = make_plan(
        demo.department,
        demo.people["vanthu"].user,
        parsed=parsed_copy(title="Dự thảo khác"),
    )
    with pytest.raises(ActionRefused) as refused:
        sign_document(draft.document, actor=demo.people["giamdoc"].user)
    assert refused.value.code == "no_number"
    signed = sign_document(plan.document, actor=demo.people["giamdoc"].user)
    (info,) = verify_pdf_signatures(
        signed, trust_roots=trust_roots_for(demo.department)
    )
    assert info.signer_name == "Trần Văn Thương"
    assert info.reason == "Ban hành văn bản số 01/KH-STTTT"
    assert info.verdict == SignatureVerdict.VALID_UNTRUSTED  # CA not configured
    add_trusted_certificates(pki.ca_pem(), agency=demo.department)
    (info,) = verify_pdf_signatures(
        signed, trust_roots=trust_roots_for(demo.department)
    )
    assert info.verdict == SignatureVerdict.VALID_TRUSTED


def test_trust_roots_are_per_agency_or_installation_wide(demo, pki):
    other = make_other_agency()
    add_trusted_certificates(pki.ca_pem(), agency=other["agency"])
    assert trust_roots_for(demo.department) == []
    add_trusted_certificates(pki.ca_pem())
    assert trust_roots_for(demo.department) == [pki.ca]
    assert TrustedCertificate.objects.count() == 2


# --- commands ------------------------------------------------------------------------------------


def test_demo_certificate_command_then_render_and_sign(demo, tmp_path):
    call_command("signing_certificate", "STTTT", "--create-demo", stdout=io.StringIO())
    config = SigningCertificate.objects.get(agency=demo.department, is_active=True)
    assert config.is_demo
    assert config.is_self_signed
    call_command("signing_certificate", "STTTT", "--create-demo", stdout=io.StringIO())
    assert SigningCertificate.objects.count() == 1  # idempotent
    plan = _issued_plan(demo)
    out = tmp_path / "ky.pdf"
    call_command(
        "render",
        plan.document.pk,
        "--format",
        "pdf",
        "--sign",
        "--user",
        "phogiamdoc",
        "--output",
        str(out),
        stdout=io.StringIO(),
    )
    (info,) = verify_pdf_signatures(out.read_bytes())
    assert info.self_signed
    assert info.verdict == SignatureVerdict.VALID_UNTRUSTED


def test_render_command_writes_docx_and_refuses_who_may_not(demo, tmp_path):
    plan = _issued_plan(demo)
    out = tmp_path / "kh.docx"
    call_command(
        "render",
        plan.document.pk,
        "--format",
        "docx",
        "--user",
        "congdoan",
        "-o",
        str(out),
        stdout=io.StringIO(),
    )
    assert out.read_bytes()[:2] == b"PK"
    with pytest.raises(CommandError, match="không có quyền ký"):
        call_command(
            "render", plan.document.pk, "--sign", "--user", "congdoan", "-o", str(out)
        )
    other = make_other_agency()
    with pytest.raises(CommandError, match="Không tìm thấy"):
        call_command("render", plan.document.pk, "--user", other["clerk"].user.username)


def test_signing_certificate_command_installs_a_pkcs12(demo, pki, tmp_path):
    p12 = tmp_path / "so.p12"
    p12.write_bytes(pki.pkcs12())
    passfile = tmp_path / "pass.txt"
    passfile.write_bytes(PASSPHRASE + b"\n")
    call_command(
        "signing_certificate",
        "STTTT",
        "--pkcs12",
        str(p12),
        "--passphrase-file",
        str(passfile),
        stdout=io.StringIO(),
    )
    config = SigningCertificate.objects.get(is_active=True)
    assert not config.is_demo
    os.remove(passfile)  # the copy under the secrets folder is what is used
    out = io.StringIO()
    call_command(
        "signing_certificate", "STTTT", "--trust", str(_pem(tmp_path, pki)), stdout=out
    )
    assert "CA thử nghiệm kehoach" in out.getvalue()
    with pytest.raises(CommandError, match="passphrase"):
        call_command("signing_certificate", "STTTT", "--pkcs12", str(p12))


def _pem(tmp_path, pki):
    path = tmp_path / "ca.pem"
    path.write_bytes(pki.ca_pem())
    return path
