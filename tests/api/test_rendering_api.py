import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kehoach.documents.rendering import render_parsed, to_pdf
from kehoach.documents.signatures.services import (
    add_trusted_certificates,
    install_signing_certificate,
)
from kehoach.documents.signatures.verification import verify_pdf_signatures
from tests.documents.certs import PASSPHRASE, make_pki
from tests.documents.render_helpers import parsed_with_body
from tests.plans.helpers import make_other_agency, make_plan, parsed_copy

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(autouse=True)
def secrets_dir(settings, tmp_path):
    settings.KEHOACH_SECRETS_DIR = tmp_path / "secrets"


@pytest.fixture(scope="module")
def pki():
    return make_pki()


@pytest.fixture(scope="module")
def unsigned_pdf():
    return to_pdf(render_parsed(parsed_with_body(number="3", issued="2023-08-07")))


@pytest.fixture
def issued(demo, pki):
    install_signing_certificate(
        demo.department, pkcs12=pki.pkcs12(), passphrase=PASSPHRASE
    )
    return make_plan(
        demo.department,
        demo.people["vanthu"].user,
        parsed=parsed_copy(number="3", issued="2023-08-07"),
    ).document


def test_render_endpoint_gives_docx_and_pdf(demo, login):
    document = make_plan(demo.department, demo.people["vanthu"].user).document
    client = login("union_head")
    docx = client.get(f"/api/documents/{document.pk}/render?format=docx")
    assert docx.status_code == 200
    assert docx["Content-Type"] == DOCX
    assert docx.content[:2] == b"PK"
    pdf = client.get(f"/api/documents/{document.pk}/render?format=pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == (
        'attachment; filename="KH-STTTT-du-thao-2023.pdf"'
    )
    assert pdf.content.startswith(b"%PDF-")


def test_render_endpoint_refuses_bad_format_strangers_and_anonymous(demo, login):
    other = make_other_agency()
    theirs = make_plan(
        other["agency"], other["clerk"].user, parsed=parsed_copy(symbol="KH-STTTTLD")
    ).document
    client = login("director")
    bad = client.get(f"/api/documents/{theirs.pk}/render?format=xls")
    assert bad.status_code == 422
    assert bad.json()["code"] == "invalid"
    hidden = client.get(f"/api/documents/{theirs.pk}/render?format=pdf")
    assert hidden.status_code == 404
    assert hidden.json()["code"] == "not_found"
    anonymous = Client().get(f"/api/documents/{theirs.pk}/render")
    assert anonymous.status_code == 401


def test_render_endpoint_query_count_does_not_grow(demo, login):
    clerk = demo.people["vanthu"].user
    base = parsed_copy()
    small = make_plan(
        demo.department, clerk, parsed=parsed_copy(recipients=base["recipients"][:1])
    ).document
    large = make_plan(
        demo.department,
        clerk,
        parsed=parsed_copy(
            title="Kế hoạch nhiều nơi nhận",
            recipients=[{"name": f"Đơn vị {i}", "purpose": "t/h"} for i in range(25)],
            duties=base["duties"] * 8,
        ),
    ).document
    client = login("office")

    def count(document):
        with CaptureQueriesContext(connection) as ctx:
            url = f"/api/documents/{document.pk}/render?format=docx"
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    assert count(small) == count(large)


def test_verify_endpoint_reports_signers(demo, login, issued, pki):
    signed = login("director").post(f"/api/documents/{issued.pk}/sign")
    assert signed.status_code == 200
    assert signed["Content-Type"] == "application/pdf"
    assert signed["Content-Disposition"] == (
        'attachment; filename="KH-STTTT-03-2023-ky-so.pdf"'
    )
    client = login("enterprise")
    body = client.post(
        "/api/signatures/verify", {"file": _upload(signed.content)}
    ).json()
    assert body["signed"] is True
    (sig,) = body["signatures"]
    assert sig["verdict"] == "valid_untrusted"
    assert (sig["intact"], sig["valid"], sig["trusted"]) == (True, True, False)
    assert sig["signer_name"] == "Trần Văn Thương"
    assert sig["common_name"] == "Sở Thông tin và Truyền thông tỉnh Đắk Nông"
    assert sig["signing_time"].endswith("+07:00")
    # Trust is per agency: the Department trusts the CA, the enterprise not.
    add_trusted_certificates(pki.ca_pem(), agency=demo.department)
    mine = login("clerk").post(
        "/api/signatures/verify", {"file": _upload(signed.content)}
    )
    assert mine.json()["signatures"][0]["verdict"] == "valid_trusted"
    again = client.post("/api/signatures/verify", {"file": _upload(signed.content)})
    assert again.json()["signatures"][0]["verdict"] == "valid_untrusted"


def test_verify_endpoint_unsigned_and_not_pdf(login, unsigned_pdf):
    client = login("clerk")
    unsigned = client.post("/api/signatures/verify", {"file": _upload(unsigned_pdf)})
    assert unsigned.json() == {"signed": False, "signatures": []}
    not_pdf = client.post(
        "/api/signatures/verify", {"file": _upload(b"not a pdf", "x.txt")}
    )
    assert not_pdf.status_code == 415
    assert not_pdf.json()["code"] == "not_pdf"


def test_sign_endpoint_checks_who_and_what(demo, login, issued):
    refused = login("union_head").post(f"/api/documents/{issued.pk}/sign")
    assert refused.status_code == 403
    assert refused.json()["code"] == "forbidden"
    draft = make_plan(
        demo.department,
        demo.people["vanthu"].user,
        parsed=parsed_copy(title="Dự thảo chưa số"),
    ).document
    not_yet = login("clerk").post(f"/api/documents/{draft.pk}/sign")
    assert not_yet.status_code == 409
    assert not_yet.json()["code"] == "no_number"
    signed = login("clerk").post(
        f"/api/documents/{issued.pk}/sign",
        {"reason": "Văn thư ký số khi phát hành"},
    )
    (info,) = verify_pdf_signatures(signed.content)
    assert info.reason == "Văn thư ký số khi phát hành"


def _upload(data, name="signed.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/pdf")
