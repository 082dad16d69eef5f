import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from tests.documents.helpers import draft_plan

pytestmark = pytest.mark.django_db


def _run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_workflow_command_runs_transitions_with_permissions(demo):
    document = draft_plan(demo)
    assert (
        _run("workflow", str(document.pk), "submit", "--user", "vanthu").split("\t")[1]
        == "review"
    )
    with pytest.raises(CommandError):
        call_command("workflow", str(document.pk), "review", "--user", "vanthu")
    _run("workflow", str(document.pk), "review", "--user", "vanphong")
    _run(
        "workflow",
        str(document.pk),
        "approve",
        "--user",
        "giamdoc",
        "--comment",
        "Đồng ý",
    )
    _run("workflow", str(document.pk), "sign", "--user", "giamdoc")
    out = _run("workflow", str(document.pk), "issue", "--user", "vanthu")
    assert out.strip().endswith("issued\t01/KH-STTTT")


def test_register_export_command(demo, tmp_path):
    from kehoach.documents.enums import DocumentStatus
    from kehoach.documents.numbering import today
    from tests.documents.helpers import advance

    advance(demo, draft_plan(demo), DocumentStatus.ISSUED)
    target = tmp_path / "so-di.xlsx"
    out = _run(
        "register",
        "export",
        "--year",
        str(today().year),
        "--kind",
        "outgoing",
        "-o",
        str(target),
        "--user",
        "vanphong",
    )
    assert out.startswith("1\t")
    sheet = load_workbook(target).active
    assert sheet["A5"].value == "01/KH-STTTT"
    with pytest.raises(CommandError):
        call_command("register", "export", "-o", str(target), "--user", "canbo")
