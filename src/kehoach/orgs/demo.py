"""The demo agency, modelled on the worked example (Sở TTTT tỉnh Đắk Nông).

Used by ``kehoach load_demo`` and by the tests, so the demo directory and the
test directory are the same: importing ``000.txt`` resolves every unit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from kehoach.orgs import services
from kehoach.orgs.enums import AgencyKind, MembershipRole, Role, UnitKind
from kehoach.orgs.models import Agency, Person, Unit

DEMO_PASSWORD = "kehoach-demo"  # noqa: S105 -- demo accounts, printed by `make demo`


@dataclass
class DemoDirectory:
    ministry: Agency
    department: Agency
    units: dict[str, Unit] = field(default_factory=dict)
    enterprises: dict[str, Agency] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)


# (key, name, kind, abbreviation, short name)
DEPARTMENT_UNITS = [
    ("bgd", "Ban Giám đốc", UnitKind.LEADERSHIP, "BGĐ", "Ban Giám đốc"),
    ("vp", "Văn phòng Sở", UnitKind.OFFICE, "VP", "Văn phòng"),
    ("khtc", "Phòng Kế hoạch - Tài chính", UnitKind.DIVISION, "KHTC", "Phòng KHTC"),
    (
        "bcvt",
        "Phòng Bưu chính, Viễn thông và Công nghệ thông tin",
        UnitKind.DIVISION,
        "BCVT",
        "Phòng BCVT&CNTT",
    ),
    (
        "ttbc",
        "Phòng Thông tin - Báo chí - Xuất bản",
        UnitKind.DIVISION,
        "TTBCXB",
        "Phòng TTBCXB",
    ),
    (
        "ttcntt",
        "Trung tâm Công nghệ thông tin và Truyền thông",
        UnitKind.CENTER,
        "TTCNTT",
        "Trung tâm CNTT&TT",
    ),
    (
        "cdcs",
        "Công đoàn cơ sở Sở Thông tin và Truyền thông",
        UnitKind.UNION,
        "CĐCS",
        "Công đoàn cơ sở",
    ),
    (
        "chibo",
        "Chi bộ Sở Thông tin và Truyền thông",
        UnitKind.PARTY,
        "CB",
        "Cấp ủy chi bộ",
    ),
]

# (key, name, short name, abbreviation, kind)
ENTERPRISES = [
    (
        "vnpt",
        "Viễn thông Đắk Nông (VNPT Đắk Nông)",
        "VNPT Đắk Nông",
        "VNPT",
        AgencyKind.ENTERPRISE,
    ),
    (
        "viettel",
        "Viettel Đắk Nông - Chi nhánh Tập đoàn Công nghiệp - Viễn thông Quân đội",
        "Viettel Đắk Nông",
        "VTL",
        AgencyKind.ENTERPRISE,
    ),
    (
        "mobifone",
        "MobiFone Đắk Nông - Công ty Dịch vụ MobiFone Khu vực 7",
        "MobiFone Đắk Nông",
        "MBF",
        AgencyKind.ENTERPRISE,
    ),
    (
        "buudien",
        "Bưu điện tỉnh Đắk Nông",
        "Bưu điện tỉnh",
        "BĐT",
        AgencyKind.ENTERPRISE,
    ),
    (
        "vtpost",
        "Chi nhánh Bưu chính Viettel Đắk Nông",
        "Viettel Post Đắk Nông",
        "VTP",
        AgencyKind.ENTERPRISE,
    ),
]

# (username, full name, position, [(unit key, membership role)], roles, can_sign)
DEPARTMENT_PEOPLE = [
    (
        "giamdoc",
        "Trần Văn Thương",
        "Giám đốc",
        [("bgd", MembershipRole.HEAD)],
        [Role.LEADERSHIP],
        True,
    ),
    (
        "phogiamdoc",
        "Nguyễn Thị Hạnh",
        "Phó Giám đốc",
        [("bgd", MembershipRole.DEPUTY)],
        [Role.LEADERSHIP],
        True,
    ),
    (
        "vanphong",
        "Lê Minh Tuấn",
        "Chánh Văn phòng",
        [("vp", MembershipRole.HEAD)],
        [Role.OFFICE],
        False,
    ),
    (
        "vanthu",
        "Phạm Thu Trang",
        "Văn thư",
        [("vp", MembershipRole.CLERK)],
        [Role.CLERK],
        False,
    ),
    (
        "congdoan",
        "Hoàng Văn Nam",
        "Chủ tịch Công đoàn cơ sở",
        [("cdcs", MembershipRole.HEAD), ("khtc", MembershipRole.MEMBER)],
        [Role.UNIT_MEMBER],
        False,
    ),
    (
        "khtc",
        "Đỗ Thị Lan",
        "Trưởng phòng Kế hoạch - Tài chính",
        [("khtc", MembershipRole.HEAD)],
        [Role.UNIT_MEMBER],
        False,
    ),
    (
        "bcvt",
        "Vũ Đức Long",
        "Trưởng phòng Bưu chính, Viễn thông và CNTT",
        [("bcvt", MembershipRole.HEAD)],
        [Role.UNIT_MEMBER],
        False,
    ),
    (
        "ttbc",
        "Ngô Thị Mai",
        "Trưởng phòng Thông tin - Báo chí - Xuất bản",
        [("ttbc", MembershipRole.HEAD)],
        [Role.UNIT_MEMBER],
        False,
    ),
    (
        "trungtam",
        "Bùi Quang Huy",
        "Giám đốc Trung tâm CNTT và Truyền thông",
        [("ttcntt", MembershipRole.HEAD)],
        [Role.UNIT_MEMBER],
        False,
    ),
    (
        "canbo",
        "Trịnh Văn Sơn",
        "Chuyên viên",
        [("ttcntt", MembershipRole.MEMBER)],
        [Role.UNIT_MEMBER],
        False,
    ),
    (
        "quantri",
        "Đặng Hữu Phước",
        "Quản trị hệ thống",
        [("ttcntt", MembershipRole.MEMBER)],
        [Role.ADMIN],
        False,
    ),
]


@transaction.atomic
def build_demo_directory(*, with_logins: bool = True) -> DemoDirectory:
    """Create the Ministry, the Department with its units and people, and the
    province's telecom and postal enterprises. Not idempotent: call once on
    an empty directory (``load_demo`` checks)."""
    password = DEMO_PASSWORD if with_logins else None
    ministry = services.create_agency(
        "Bộ Thông tin và Truyền thông",
        kind=AgencyKind.MINISTRY,
        short_name="Bộ TTTT",
        abbreviation="BTTTT",
        place="Hà Nội",
        email="vanthu@mic.gov.vn",
    )
    services.create_agency(
        "Cục Thông tin cơ sở",
        kind=AgencyKind.CENTRAL_AGENCY,
        short_name="Cục TTCS",
        abbreviation="TTCS",
        parent=ministry,
        place="Hà Nội",
    )
    department = services.create_agency(
        "Sở Thông tin và Truyền thông tỉnh Đắk Nông",
        kind=AgencyKind.DEPARTMENT,
        short_name="Sở TTTT",
        abbreviation="STTTT",
        parent=ministry,
        place="Đắk Nông",
        email="stttt@daknong.gov.vn",
    )
    demo = DemoDirectory(ministry=ministry, department=department)
    for order, (key, name, kind, abbreviation, short_name) in enumerate(
        DEPARTMENT_UNITS, start=1
    ):
        demo.units[key] = services.create_unit(
            department,
            name=name,
            kind=kind,
            abbreviation=abbreviation,
            short_name=short_name,
            order=order,
            email=f"{key}@stttt.daknong.gov.vn",
        )
    for key, name, short_name, abbreviation, agency_kind in ENTERPRISES:
        enterprise = services.create_agency(
            name,
            kind=agency_kind,
            short_name=short_name,
            abbreviation=abbreviation,
            parent=department,
            place="Đắk Nông",
            email=f"lienhe@{key}.example.vn",
        )
        demo.enterprises[key] = enterprise
        demo.units[key] = services.root_unit(enterprise)
    for (
        username,
        full_name,
        position,
        memberships,
        roles,
        can_sign,
    ) in DEPARTMENT_PEOPLE:
        demo.people[username] = services.create_person(
            department,
            full_name=full_name,
            position=position,
            email=f"{username}@stttt.daknong.gov.vn",
            username=username if with_logins else None,
            password=password,
            memberships=[(demo.units[key], role) for key, role in memberships],
            roles=roles,
            can_sign=can_sign,
        )
    for key in ("vnpt", "viettel"):
        enterprise = demo.enterprises[key]
        demo.people[key] = services.create_person(
            enterprise,
            full_name=f"Đầu mối {enterprise.short_name}",
            position="Phó Giám đốc",
            email=f"daumoi@{key}.example.vn",
            username=key if with_logins else None,
            password=password,
            memberships=[(demo.units[key], MembershipRole.HEAD)],
            roles=[Role.EXTERNAL],
        )
    return demo


DEMO_LOGINS = [
    ("giamdoc", "Giám đốc Sở (lãnh đạo)"),
    ("phogiamdoc", "Phó Giám đốc (lãnh đạo)"),
    ("vanphong", "Chánh Văn phòng (văn phòng)"),
    ("vanthu", "Văn thư"),
    ("congdoan", "Chủ tịch Công đoàn cơ sở (đơn vị)"),
    ("trungtam", "Giám đốc Trung tâm CNTT&TT (đơn vị)"),
    ("canbo", "Chuyên viên Trung tâm (thành viên đơn vị)"),
    ("vnpt", "VNPT Đắk Nông (doanh nghiệp)"),
    ("quantri", "Quản trị hệ thống"),
]
