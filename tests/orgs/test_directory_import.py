import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from kehoach.lib.exceptions import PermissionRefused
from kehoach.orgs.directory_import import import_directory
from kehoach.orgs.directory_io import build_template
from kehoach.orgs.enums import AgencyKind, MembershipRole, Role, UnitKind
from kehoach.orgs.models import Agency, Membership, Person, RoleAssignment, Unit, User

pytestmark = pytest.mark.django_db

CSV = """Đối tượng,Cơ quan,Tên,Tên viết tắt,Ký hiệu,Loại,Cơ quan cấp trên,Đơn vị cấp trên,Họ và tên,Chức vụ,Thư điện tử,Tên đăng nhập,Đơn vị,Vai trò trong đơn vị,Vai trò hệ thống,Có thẩm quyền ký
Cơ quan,,Báo Đắk Nông,Báo ĐN,BDN,Cơ quan báo chí,STTTT,,,,,,,,,
Đơn vị,STTTT,Phòng Chuyển đổi số,Phòng CĐS,CDS,Phòng,,,,,,,,,,
Đơn vị,STTTT,Tổ Chuyển đổi số cộng đồng,,TCĐS,Ban,,Phòng Chuyển đổi số,,,,,,,,
Cán bộ,STTTT,,,,,,,Nguyễn Văn An,Trưởng phòng Chuyển đổi số,an@stttt.example.vn,an.nv,CDS;TCĐS,Trưởng;Thành viên,Cán bộ đơn vị,không
Cán bộ,BDN,,,,,,,Trần Thị Bình,Tổng biên tập,binh@bdn.example.vn,,,,,
"""


def xlsx_bytes(sheets):
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


XLSX_SHEETS = {
    "Hướng dẫn": [["Bỏ qua trang này"]],
    "Cơ quan": [
        ["Tên", "Tên viết tắt", "Ký hiệu", "Loại", "Cơ quan cấp trên", "Địa danh"],
        [
            "Hội Nhà báo tỉnh Đắk Nông",
            "Hội Nhà báo",
            "HNB",
            "Hội, đoàn thể",
            "STTTT",
            "Đắk Nông",
        ],
    ],
    "Đơn vị": [
        ["Cơ quan", "Tên", "Ký hiệu", "Loại", "Đơn vị cấp trên"],
        # child listed before its parent: resolved in a later pass
        ["STTTT", "Tổ An toàn thông tin", "ATTT", "Ban", "CDS"],
        ["STTTT", "Phòng Chuyển đổi số", "CDS", "Phòng", None],
    ],
    "people": [
        [
            "agency",
            "full name",
            "position",
            "email",
            "username",
            "unit",
            "membership role",
            "system roles",
            "can sign",
        ],
        [
            "STTTT",
            "Lê Thị Cúc",
            "Chuyên viên",
            "cuc@stttt.example.vn",
            "cuc.lt",
            "ATTT",
            "member",
            "unit member",
            "no",
        ],
        ["STTTT", "Trần Văn Thương", "Giám đốc Sở", None, None, None, None, None, "có"],
    ],
}


def office(demo):
    return demo.people["vanphong"].user


def test_csv_import_creates_agencies_units_and_people(demo):
    result = import_directory(CSV.encode(), filename="danh-ba.csv", actor=office(demo))

    assert result.errors == []
    assert (result.count("create"), result.applied) == (5, True)
    press = Agency.objects.get(abbreviation="BDN")
    assert (press.kind, press.parent, Unit.objects.filter(agency=press).count()) == (
        AgencyKind.PRESS,
        demo.department,
        1,
    )
    team = Unit.objects.get(abbreviation="TCĐS")
    assert (team.parent.name, team.kind) == ("Phòng Chuyển đổi số", UnitKind.BOARD)
    an = Person.objects.get(full_name="Nguyễn Văn An")
    assert sorted((m.unit.abbreviation, m.role) for m in an.memberships.all()) == [
        ("CDS", MembershipRole.HEAD),
        ("TCĐS", MembershipRole.MEMBER),
    ]
    assert list(an.role_assignments.values_list("role", flat=True)) == [
        Role.UNIT_MEMBER
    ]
    assert (an.user.username, an.user.has_usable_password()) == ("an.nv", False)
    assert result.new_users == [an.user]
    assert Person.objects.get(full_name="Trần Thị Bình").agency == press


def test_xlsx_import_with_sheets_english_headers_and_updates(demo):
    data = xlsx_bytes(XLSX_SHEETS)

    result = import_directory(data, filename="danh-ba.xlsx", actor=office(demo))

    assert result.errors == []
    assert Agency.objects.get(abbreviation="HNB").kind == AgencyKind.ASSOCIATION
    assert Unit.objects.get(abbreviation="ATTT").parent.abbreviation == "CDS"
    director = demo.people["giamdoc"]
    director.refresh_from_db()
    assert (director.position, director.can_sign) == ("Giám đốc Sở", True)
    update = next(c for c in result.changes if c.label == "Trần Văn Thương")
    assert (update.action, update.fields) == ("update", ("position",))
    assert (
        Person.objects.get(user__username="cuc.lt").memberships.get().unit.abbreviation
        == "ATTT"
    )


def test_second_import_changes_nothing(demo):
    import_directory(CSV.encode(), filename="a.csv", actor=office(demo))
    counts = (
        Agency.objects.count(),
        Unit.objects.count(),
        Person.objects.count(),
        Membership.objects.count(),
        RoleAssignment.objects.count(),
        User.objects.count(),
    )

    result = import_directory(CSV.encode(), filename="a.csv", actor=office(demo))

    assert result.errors == []
    assert result.changed == []
    assert result.count("unchanged") == 5
    assert counts == (
        Agency.objects.count(),
        Unit.objects.count(),
        Person.objects.count(),
        Membership.objects.count(),
        RoleAssignment.objects.count(),
        User.objects.count(),
    )


def test_changed_row_updates_the_existing_record(demo):
    import_directory(CSV.encode(), filename="a.csv", actor=office(demo))
    changed = CSV.replace("Trưởng phòng Chuyển đổi số,an@", "Phó Giám đốc,an@").replace(
        "CDS;TCĐS,Trưởng;Thành viên", "CDS,Phó"
    )

    result = import_directory(changed.encode(), filename="a.csv", actor=office(demo))

    an = Person.objects.get(user__username="an.nv")
    assert an.position == "Phó Giám đốc"
    assert [(m.unit.abbreviation, m.role) for m in an.memberships.all()] == [
        ("CDS", MembershipRole.DEPUTY)
    ]
    assert [c.fields for c in result.changed] == [("position", "unit")]


def test_bad_row_rolls_everything_back(demo):
    bad = CSV + "Đơn vị,STTTT,Phòng Ma,,,Không có loại này,,,,,,,,,,\n"
    bad += "Cán bộ,STTTT,,,,,,,Người Lạ,,,,Phòng Không Có,,,\n"
    before = (
        Agency.objects.count(),
        Unit.objects.count(),
        Person.objects.count(),
        User.objects.count(),
    )

    result = import_directory(bad.encode(), filename="a.csv", actor=office(demo))

    assert (result.ok, result.applied, result.new_users) == (False, False, [])
    assert [(e.row, e.code) for e in result.errors] == [
        (7, "bad_value"),
        (8, "unit_not_found"),
    ]
    assert result.errors[0].message == "“Không có loại này” không hợp lệ ở cột “Loại”."
    assert (
        result.errors[0].message_en
        == "“Không có loại này” is not valid in column “kind”."
    )
    assert before == (
        Agency.objects.count(),
        Unit.objects.count(),
        Person.objects.count(),
        User.objects.count(),
    )


def test_dry_run_reports_but_writes_nothing(demo):
    result = import_directory(
        CSV.encode(), filename="a.csv", actor=office(demo), dry_run=True
    )

    assert (result.ok, result.applied, result.count("create")) == (True, False, 5)
    assert not Agency.objects.filter(abbreviation="BDN").exists()


def test_duplicate_rows_in_one_file_are_errors(demo):
    data = CSV + "Đơn vị,STTTT,Phòng chuyển đổi số,,,Phòng,,,,,,,,,,\n"

    result = import_directory(data.encode(), filename="a.csv", actor=office(demo))

    assert [(e.row, e.code) for e in result.errors] == [(7, "duplicate")]


@pytest.mark.parametrize("who", ["canbo", "congdoan", "giamdoc", "vnpt"])
def test_only_admin_or_office_may_import(demo, who):
    with pytest.raises(PermissionRefused):
        import_directory(CSV.encode(), filename="a.csv", actor=demo.people[who].user)


def test_admin_of_the_agency_may_import(demo):
    result = import_directory(
        CSV.encode(), filename="a.csv", actor=demo.people["quantri"].user
    )

    assert result.ok


def test_office_may_not_touch_another_agency(demo):
    other = Agency.objects.create(
        name="Sở Nội vụ tỉnh Đắk Nông", abbreviation="SNV", kind=AgencyKind.DEPARTMENT
    )
    data = "Đối tượng,Cơ quan,Tên,Loại\nĐơn vị,SNV,Phòng Tổ chức,Phòng\nĐơn vị,STTTT,Văn phòng Sở,Văn phòng\n"

    result = import_directory(data.encode(), filename="a.csv", actor=office(demo))

    assert [(e.row, e.code) for e in result.errors] == [(2, "agency_not_found")]
    assert not Unit.objects.filter(agency=other).exists()


def test_office_may_not_grant_admin_role(demo):
    data = "Đối tượng,Họ và tên,Vai trò hệ thống\nCán bộ,Trịnh Văn Sơn,Quản trị\n"

    result = import_directory(data.encode(), filename="a.csv", actor=office(demo))

    assert [e.code for e in result.errors] == ["forbidden_role"]
    assert not RoleAssignment.objects.filter(
        person=demo.people["canbo"], role=Role.ADMIN
    ).exists()


def test_username_of_an_unlinked_account_is_not_taken_over(demo):
    User.objects.create_superuser("root", password="x")
    data = "Đối tượng,Họ và tên,Tên đăng nhập\nCán bộ,Kẻ Mạo Danh,root\n"

    result = import_directory(data.encode(), filename="a.csv", actor=office(demo))

    assert [e.code for e in result.errors] == ["username_taken"]


def test_template_round_trips_through_the_reader(demo):
    workbook = load_workbook(io.BytesIO(build_template()))

    assert workbook.sheetnames == ["Hướng dẫn", "Cơ quan", "Đơn vị", "Cán bộ"]
    result = import_directory(
        build_template(), filename="mau.xlsx", actor=None, dry_run=True
    )
    assert result.errors == []


def test_command_imports_and_prints_reset_links(demo, tmp_path, capsys):
    path = tmp_path / "danh-ba.csv"
    path.write_text(CSV, encoding="utf-8")

    call_command("import_directory", str(path), "--reset-links")

    out = capsys.readouterr().out
    assert "Cán bộ: 2 mới, 0 cập nhật, 0 không đổi" in out
    assert "an.nv: http://127.0.0.1:8000/danh-ba/dat-mat-khau/" in out


def test_command_fails_on_errors_and_writes_nothing(demo, tmp_path):
    path = tmp_path / "danh-ba.csv"
    path.write_text("Đối tượng,Tên,Loại\nĐơn vị,Phòng X,Phòng\n", encoding="utf-8")

    with pytest.raises(CommandError):
        call_command("import_directory", str(path))

    assert not Unit.objects.filter(name="Phòng X").exists()


def test_command_default_agency(demo, tmp_path):
    path = tmp_path / "danh-ba.csv"
    path.write_text("Đối tượng,Tên,Loại\nĐơn vị,Phòng X,Phòng\n", encoding="utf-8")

    call_command("import_directory", str(path), "--agency", "STTTT")

    assert Unit.objects.get(name="Phòng X").agency == demo.department
