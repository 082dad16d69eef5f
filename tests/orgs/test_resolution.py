import pytest

from kehoach.lib.exceptions import ActionRefused, PermissionRefused
from kehoach.orgs import services
from kehoach.orgs.enums import AgencyKind, UnitKind
from kehoach.orgs.models import UnitAlias
from kehoach.orgs.resolution import (
    canonical_tokens,
    phrase_key,
    resolve_unit_phrase,
    resolve_unit_phrases,
)

pytestmark = pytest.mark.django_db

UNION = [
    "Công đoàn cơ sở sở TTTT",
    "Công đoàn cơ sở Sở TTTT",
    "Ban chấp hành Công đoàn cơ sở Sở TTTT",
    "Ban chấp hành Công đoàn cơ sở Sở",
    "BCH Công đoàn Sở",
    "CĐCS",
    "Đề nghị Ban chấp hành Công đoàn cơ sở Sở TTTT",
    "Công đoàn cơ sở Sở TT&TT",
    "BCH CĐCS Sở Thông tin và Truyền thông",
]
OFFICE = ["Văn phòng Sở", "VP", "Văn phòng", "VĂN PHÒNG SỞ", "- Văn phòng Sở;"]
CENTER = [
    "Trung tâm Công nghệ thông tin và truyền thông",
    "Trung tâm CNTT&TT",
    "Trung tâm CNTT",
    "TT CNTT và TT",
]
WORKING_GROUPS = [
    "Các phòng, đơn vị thuộc Sở",
    "Các phòng, đơn vị",
    "Các phòng, Trung tâm",
    "các phòng chuyên môn",
    "Các đơn vị trực thuộc Sở TTTT",
]
ENTERPRISE_GROUPS = [
    "Các doanh nghiệp ngành TTTT trên địa bàn tỉnh",
    "Các doanh nghiệp TTTT",
    "các doanh nghiệp ngành",
    "mời các doanh nghiệp ngành TTTT",
    "Các DN ngành TT&TT trên địa bàn tỉnh Đắk Nông",
]


@pytest.mark.parametrize("phrase", UNION)
def test_union_phrases_resolve_to_the_union(demo, phrase):
    result = resolve_unit_phrase(demo.department, phrase)

    assert (result.status, result.units) == ("unit", (demo.units["cdcs"],))


@pytest.mark.parametrize("phrase", OFFICE)
def test_office_phrases_resolve_to_the_office(demo, phrase):
    result = resolve_unit_phrase(demo.department, phrase)

    assert (result.status, result.units) == ("unit", (demo.units["vp"],))


@pytest.mark.parametrize("phrase", CENTER)
def test_centre_phrases_resolve_to_the_it_centre(demo, phrase):
    result = resolve_unit_phrase(demo.department, phrase)

    assert result.units == (demo.units["ttcntt"],)


@pytest.mark.parametrize(
    ("phrase", "key", "via"),
    [
        ("Ban Giám đốc", "bgd", "name"),
        ("BGĐ", "bgd", "name"),
        ("Lãnh đạo Sở", "bgd", "kind"),
        ("Cấp ủy chi bộ", "chibo", "name"),
        ("Chi bộ Sở", "chibo", "name"),
        ("Phòng KHTC", "khtc", "name"),
        ("Phòng Kế hoạch Tài chính", "khtc", "name"),
        ("Phòng Kế hoạch", "khtc", "fuzzy"),
        ("KHTC", "khtc", "abbreviation"),
    ],
)
def test_other_own_units_resolve(demo, phrase, key, via):
    result = resolve_unit_phrase(demo.department, phrase)

    assert (result.units, result.via) == ((demo.units[key],), via)


@pytest.mark.parametrize(
    "phrase", ["Bộ TTTT", "Bộ Thông tin và Truyền thông", "Bộ TT&TT (b/c)", "BTTTT"]
)
def test_ministry_phrases_resolve_to_the_parent_root_unit(demo, phrase):
    result = resolve_unit_phrase(demo.department, phrase)

    assert result.units == (services.root_unit(demo.ministry),)


def test_sibling_agency_in_the_directory_resolves_to_its_root_unit(demo):
    result = resolve_unit_phrase(demo.department, "Cục Thông tin cơ sở")

    assert [u.agency.short_name for u in result.units] == ["Cục TTCS"]
    assert result.units[0].kind == UnitKind.AGENCY


@pytest.mark.parametrize("phrase", ["Sở", "Sở TTTT", "Sở Thông tin và Truyền thông"])
def test_the_agency_itself_resolves_to_its_root_unit(demo, phrase):
    result = resolve_unit_phrase(demo.department, phrase)

    assert (result.units, result.via) == (
        (services.root_unit(demo.department),),
        "self",
    )


@pytest.mark.parametrize("phrase", WORKING_GROUPS)
def test_working_unit_groups_are_divisions_office_and_centres(demo, phrase):
    result = resolve_unit_phrase(demo.department, phrase)

    expected = {demo.units[k] for k in ("vp", "khtc", "bcvt", "ttbc", "ttcntt")}
    assert (result.status, set(result.units)) == ("group", expected)


@pytest.mark.parametrize("phrase", ENTERPRISE_GROUPS)
def test_enterprise_groups_are_the_root_units_of_directed_enterprises(demo, phrase):
    result = resolve_unit_phrase(demo.department, phrase)

    expected = {services.root_unit(e) for e in demo.enterprises.values()}
    assert (result.status, set(result.units)) == ("group", expected)


def test_invitation_is_hinted(demo):
    result = resolve_unit_phrase(demo.department, "mời các doanh nghiệp ngành TTTT")

    assert result.role_hint == "invite"


def test_purpose_suffix_is_hinted(demo):
    assert resolve_unit_phrase(demo.department, "Bộ TTTT (b/c);").role_hint == "report"


def test_press_group_is_press_children(demo):
    press = services.create_agency(
        "Báo Đắk Nông", kind=AgencyKind.PRESS, parent=demo.department
    )

    result = resolve_unit_phrase(
        demo.department, "Các cơ quan báo chí trên địa bàn tỉnh"
    )

    assert result.units == (services.root_unit(press),)


@pytest.mark.parametrize(
    "phrase",
    [
        "Phòng",
        "Viettel",
        "Giám đốc Sở",
        "Các phòng, đơn vị, tổ chức",
        "Các doanh nghiệp viễn thông",
        "Văn phòng UBND tỉnh",
        "Sở TT&TT tỉnh Lâm Đồng",
        "Giao thông vận tải",
        "",
    ],
)
def test_unknown_or_ambiguous_phrases_stay_unresolved(demo, phrase):
    result = resolve_unit_phrase(demo.department, phrase)

    assert (result.status, result.units) == ("unresolved", ())


def test_ambiguous_phrase_lists_its_candidates(demo):
    result = resolve_unit_phrase(demo.department, "Phòng")

    assert set(result.candidates) == {demo.units[k] for k in ("khtc", "bcvt", "ttbc")}


@pytest.fixture
def other_department(demo):
    """A second province's Department with the same unit names."""
    other = services.create_agency(
        "Sở Thông tin và Truyền thông tỉnh Lâm Đồng",
        kind=AgencyKind.DEPARTMENT,
        short_name="Sở TTTT",
        abbreviation="STTTT",
        place="Lâm Đồng",
    )
    units = {
        "vp": services.create_unit(other, name="Văn phòng Sở", kind=UnitKind.OFFICE),
        "hcm": services.create_unit(
            other, name="Phòng Hành chính Một cửa", kind=UnitKind.DIVISION
        ),
        "ttcntt": services.create_unit(
            other,
            name="Trung tâm Công nghệ thông tin và Truyền thông",
            kind=UnitKind.CENTER,
        ),
    }
    return other, units


def test_another_agencys_unit_never_matches(demo, other_department):
    _other, units = other_department

    results = resolve_unit_phrases(
        demo.department,
        ["Phòng Hành chính Một cửa", "Văn phòng Sở", "Trung tâm CNTT&TT"],
    )

    assert results["Phòng Hành chính Một cửa"].status == "unresolved"
    assert results["Văn phòng Sở"].units == (demo.units["vp"],)
    assert results["Trung tâm CNTT&TT"].units == (demo.units["ttcntt"],)
    returned = {u for r in results.values() for u in r.units}
    assert not returned & set(units.values())


def test_same_phrases_resolve_within_the_other_agency(demo, other_department):
    other, units = other_department

    result = resolve_unit_phrase(other, "Văn phòng Sở")

    assert result.units == (units["vp"],)


def test_remembered_alias_resolves_next_time(demo):
    office = demo.people["vanphong"].user
    phrase = "Tổ công tác chuyển đổi số"
    assert resolve_unit_phrase(demo.department, phrase).status == "unresolved"

    services.remember_unit_alias(
        demo.department, phrase, [demo.units["bcvt"]], actor=office
    )

    result = resolve_unit_phrase(demo.department, "tổ công tác chuyển đổi số Sở TTTT")
    assert (result.status, result.units, result.via) == (
        "unit",
        (demo.units["bcvt"],),
        "alias",
    )


def test_alias_wins_over_rules_and_maps_groups(demo):
    clerk = demo.people["vanthu"].user
    units = [demo.units["vp"], demo.units["cdcs"]]

    services.remember_unit_alias(demo.department, "VP", units, actor=clerk)

    result = resolve_unit_phrase(demo.department, "VP")
    assert (result.status, set(result.units)) == ("group", set(units))


def test_mapping_again_updates_the_alias(demo):
    office = demo.people["vanphong"].user
    phrase = "Tổ giúp việc"
    services.remember_unit_alias(
        demo.department, phrase, [demo.units["vp"]], actor=office
    )

    services.remember_unit_alias(
        demo.department, phrase, [demo.units["khtc"]], actor=office
    )

    alias = UnitAlias.objects.get(agency=demo.department)
    assert (alias.key, list(alias.units.all())) == (
        "to giup viec",
        [demo.units["khtc"]],
    )


def test_alias_needs_permission(demo):
    member = demo.people["canbo"].user

    with pytest.raises(PermissionRefused):
        services.remember_unit_alias(
            demo.department, "Tổ giúp việc", [demo.units["vp"]], actor=member
        )

    assert not UnitAlias.objects.exists()


def test_alias_refuses_another_agencys_unit(demo, other_department):
    _other, units = other_department
    office = demo.people["vanphong"].user

    with pytest.raises(ActionRefused):
        services.remember_unit_alias(
            demo.department, "Tổ giúp việc", [units["vp"]], actor=office
        )


def test_phrase_key_normalises_spellings(demo):
    keys = {
        phrase_key(demo.department, p)
        for p in ["BCH CĐ Sở", "Ban Chấp hành Công đoàn Sở TTTT", "bch cd so tt&tt"]
    }

    assert keys == {"cong doan"}


def test_canonical_tokens_expand_only_safe_abbreviations():
    assert canonical_tokens("Phòng Tư pháp") == ("phong", "tu", "phap")
    assert canonical_tokens("TU Đắk Nông") == ("tinh", "uy", "dak", "nong")
    assert canonical_tokens("Sở TT và TT") == ("so", "thong", "tin", "truyen", "thong")


def test_query_count_is_constant(demo, django_assert_num_queries):
    one = ["Văn phòng Sở"]
    many = [
        *UNION,
        *OFFICE,
        *CENTER,
        *WORKING_GROUPS,
        *ENTERPRISE_GROUPS,
        "Bộ TTTT",
        "Ban Giám đốc",
    ]
    assert len(many) == 30

    with django_assert_num_queries(3):
        resolve_unit_phrases(demo.department, one)
    with django_assert_num_queries(3):
        results = resolve_unit_phrases(demo.department, many)

    assert all(r.is_resolved for r in results.values())
