"""Import the directory (agencies, units, people) from CSV or XLSX.

Format
======

An XLSX workbook with one sheet per kind of record — ``Cơ quan``, ``Đơn vị``,
``Cán bộ`` (English names ``agencies``, ``units``, ``people`` work too; a
sheet named ``Hướng dẫn`` is skipped) — or one sheet / one CSV file holding
every kind, with a column ``Đối tượng`` (``record``) saying ``Cơ quan``,
``Đơn vị`` or ``Cán bộ`` on each row. The first non-empty row is the header;
headers are matched without diacritics or case, Vietnamese or English
(:data:`kehoach.orgs.directory_io.HEADERS`). CSV: UTF-8 (with or without
BOM) or UTF-16, separated by ``,`` ``;`` or tab. Download the template from
the import page (``orgs:directory-import-template``).

========================  ==================  ==================================
Record                    Column (English)    Meaning
========================  ==================  ==================================
Cơ quan (agency)          Tên (name)          full name — the natural key
                          Tên viết tắt        "Sở TTTT"
                          Ký hiệu             "STTTT"
                          Loại (kind)         Sở, ban, ngành / Doanh nghiệp / …
                          Cơ quan cấp trên    parent: abbreviation or name
                          Địa danh, Thư điện tử, Điện thoại, Địa chỉ
Đơn vị (unit)             Cơ quan (agency)    abbreviation or name; default: the
                                              importer's agency (``--agency``)
                          Tên (name)          natural key within the agency
                          Tên viết tắt, Ký hiệu, Thư điện tử, Thứ tự
                          Loại (kind)         Phòng / Văn phòng / Trung tâm / …
                          Đơn vị cấp trên     name or abbreviation; default root
Cán bộ (person)           Cơ quan (agency)    as for units
                          Họ và tên           full name
                          Chức vụ, Thư điện tử, Điện thoại
                          Tên đăng nhập       creates a login (no password)
                          Đơn vị (unit)       units, separated by ``;``
                          Vai trò trong đơn vị  Trưởng/Phó/Thành viên/Văn thư,
                                              one for all units or one per unit
                          Vai trò hệ thống    Lãnh đạo; Văn phòng; Văn thư; Cán
                                              bộ đơn vị; Tổ chức bên ngoài;
                                              Quản trị
                          Có thẩm quyền ký    có / không
========================  ==================  ==================================

A person is matched by username, then e-mail, then full name within the
agency. An empty cell leaves the stored value as it is; a filled ``Đơn vị``
or ``Vai trò hệ thống`` cell replaces the person's units or roles.

Rules: **all or nothing** — the whole file runs in one transaction and any
invalid row rolls everything back, with a list of errors by sheet and row
(Vietnamese and English). **Idempotent** — the same file twice changes
nothing; a changed row updates the record with the same natural key.
Permission: admins and the Office of an agency, for their agency and the
agencies it directs (``permissions.can_manage_directory``); only admins
grant the admin role; new top-level agencies only from the command line or
a superuser. New logins get an unusable password (the command line can print
one-time links to set one).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from kehoach.lib.exceptions import ActionRefused, PermissionRefused
from kehoach.lib.text import fold_words
from kehoach.orgs import permissions, services
from kehoach.orgs.directory_io import AGENCY, PERSON, UNIT, Row, TableError, read_table
from kehoach.orgs.directory_report import (
    Change,
    ImportIssue,
    ImportResult,
    RowError,
)
from kehoach.orgs.enums import AgencyKind, MembershipRole, Role, UnitKind
from kehoach.orgs.models import Agency, Membership, Person, RoleAssignment, Unit
from kehoach.orgs.resolution import compact_key
from kehoach.orgs.viewer import Viewer, viewer_for

SYSTEM = Viewer(user_id=None, is_superuser=True)

TRUE_WORDS = frozenset({"co", "x", "1", "true", "yes", "y", "dung", "c"})
FALSE_WORDS = frozenset({"khong", "0", "false", "no", "n", "k", "sai"})
EXTRA_WORDS: dict[str, dict[str, str]] = {
    "agency_kind": {
        "bo": AgencyKind.MINISTRY,
        "cuc": AgencyKind.CENTRAL_AGENCY,
        "ubnd": AgencyKind.PEOPLES_COMMITTEE,
        "so": AgencyKind.DEPARTMENT,
        "bao chi": AgencyKind.PRESS,
        "bao": AgencyKind.PRESS,
        "hoi": AgencyKind.ASSOCIATION,
    },
    "unit_kind": {
        "lanh dao": UnitKind.LEADERSHIP,
        "ban giam doc": UnitKind.LEADERSHIP,
        "chi bo": UnitKind.PARTY,
        "dang": UnitKind.PARTY,
    },
    "membership_role": {
        "truong phong": MembershipRole.HEAD,
        "truong don vi": MembershipRole.HEAD,
        "pho phong": MembershipRole.DEPUTY,
        "can bo": MembershipRole.MEMBER,
    },
    "role": {"unit member": Role.UNIT_MEMBER, "can bo": Role.UNIT_MEMBER},
}


def _choice(kind: str, value: str, choices: Any, column: str) -> str:
    """A choice from its code, its Vietnamese or English label, or a synonym."""
    word = fold_words(value)
    table = dict(EXTRA_WORDS.get(kind, {}))
    for language in ("vi", "en"):
        with translation.override(language):
            table.update({fold_words(str(label)): code for code, label in choices})
    table.update({fold_words(code): code for code, _label in choices})
    if word not in table:
        raise RowError("bad_value", value=value, column=column)
    return table[word]


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.replace(",", ";").split(";") if part.strip()]


def _bool(value: str) -> bool:
    word = fold_words(value)
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise RowError("bad_value", value=value, column="can_sign")


def _set_fields(obj: Any, values: Mapping[str, Any]) -> list[str]:
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    return changed


class _Importer:
    """One run of an import; collects changes and errors."""

    def __init__(self, viewer: Viewer, *, default_agency: Agency | None) -> None:
        self.viewer = viewer
        self.default_agency = default_agency
        self.result = ImportResult(dry_run=False)
        agencies = (
            Agency.objects.all()
            if viewer.is_superuser
            else permissions.visible_agencies(viewer)
        )
        self.agencies: list[Agency] = list(agencies)
        self._units: dict[int, list[Unit]] = {}
        self._people: dict[int, list[Person]] = {}
        self.users: dict[str, Any] = {}
        self.seen: dict[tuple[Any, ...], Row] = {}

    # --- lookups ---

    def find_agency(self, ref: str) -> Agency | None:
        word, compact = fold_words(ref), compact_key(ref)
        for matches in (
            [a for a in self.agencies if fold_words(a.name) == word],
            [
                a
                for a in self.agencies
                if a.abbreviation and compact_key(a.abbreviation) == compact
            ],
            [
                a
                for a in self.agencies
                if a.short_name and fold_words(a.short_name) == word
            ],
        ):
            if len(matches) == 1:
                return matches[0]
            if matches:
                raise RowError("agency_ambiguous", value=ref)
        return None

    def row_agency(self, row: Row) -> Agency:
        ref = row.get("agency")
        if not ref:
            if self.default_agency is None:
                raise RowError("no_agency")
            return self.default_agency
        agency = self.find_agency(ref)
        if agency is None:
            raise RowError("agency_not_found", value=ref)
        return agency

    def units_of(self, agency: Agency) -> list[Unit]:
        if agency.pk not in self._units:
            self._units[agency.pk] = list(Unit.objects.filter(agency=agency))
        return self._units[agency.pk]

    def find_unit(self, agency: Agency, ref: str) -> Unit | None:
        word, compact = fold_words(ref), compact_key(ref)
        units = self.units_of(agency)
        for matches in (
            [u for u in units if fold_words(u.name) == word],
            [u for u in units if u.short_name and fold_words(u.short_name) == word],
            [
                u
                for u in units
                if u.abbreviation and compact_key(u.abbreviation) == compact
            ],
        ):
            if len(matches) == 1:
                return matches[0]
            if matches:
                raise RowError("unit_ambiguous", value=ref)
        return None

    def people_of(self, agency: Agency) -> list[Person]:
        if agency.pk not in self._people:
            self._people[agency.pk] = list(
                Person.objects.filter(agency=agency)
                .select_related("user")
                .prefetch_related(
                    Prefetch("memberships", queryset=Membership.objects.order_by("pk")),
                    "role_assignments",
                )
            )
        return self._people[agency.pk]

    def check_manage(self, agency: Agency) -> None:
        if not permissions.can_manage_directory(self.viewer, agency):
            raise RowError("forbidden", agency=agency.name)

    def once(self, key: tuple[Any, ...], row: Row) -> None:
        other = self.seen.get(key)
        if other is not None:
            raise RowError("duplicate", other=other.number, sheet=other.sheet)
        self.seen[key] = row

    def record(
        self, row: Row, record: str, label: str, created: bool, fields: list[str]
    ) -> None:
        action = "create" if created else ("update" if fields else "unchanged")
        self.result.changes.append(
            Change(record, action, label, row.sheet, row.number, tuple(fields))
        )

    # --- the run ---

    def run(self, rows: list[Row], on_row: Callable[[], None] | None) -> None:
        if not rows:
            self.result.errors.append(ImportIssue("", None, "no_rows"))
            return
        by_record: dict[str, list[Row]] = {AGENCY: [], UNIT: [], PERSON: []}
        for row in rows:
            if row.record is None:
                self.result.errors.append(
                    ImportIssue(row.sheet, row.number, "unknown_record")
                )
                if on_row:
                    on_row()
            else:
                by_record[row.record].append(row)
        usernames = [r.get("username") for r in by_record[PERSON] if r.get("username")]
        self.users = {
            u.username: u
            for u in get_user_model()
            .objects.filter(username__in=usernames)
            .select_related("person")
        }
        self._in_order(by_record[AGENCY], self.agency_row, on_row)
        self._in_order(by_record[UNIT], self.unit_row, on_row)
        self._in_order(by_record[PERSON], self.person_row, on_row)

    def _in_order(
        self,
        rows: list[Row],
        handler: Callable[[Row, bool], bool],
        on_row: Callable[[], None] | None,
    ) -> None:
        """Run rows whose parent exists, again and again while that helps, so
        a file may list children before parents; then report the rest."""
        pending = rows
        final = False
        while pending:
            waiting = [
                row for row in pending if not self._guarded(row, handler, final, on_row)
            ]
            if final:
                break
            final = len(waiting) == len(pending)
            pending = waiting

    def _guarded(
        self,
        row: Row,
        handler: Callable[[Row, bool], bool],
        final: bool,
        on_row: Callable[[], None] | None,
    ) -> bool:
        issue: ImportIssue | None = None
        try:
            with transaction.atomic():
                if not handler(row, final):
                    return False
        except RowError as exc:
            issue = ImportIssue(row.sheet, row.number, exc.code, exc.params)
        except ValidationError as exc:
            issue = ImportIssue(
                row.sheet, row.number, "invalid", {"detail": " ".join(exc.messages)}
            )
        except ActionRefused as exc:
            issue = ImportIssue(
                row.sheet, row.number, "invalid", {"detail": str(exc.message)}
            )
        if issue is not None:
            self.result.errors.append(issue)
        if on_row:
            on_row()
        return True

    # --- agencies ---

    def agency_row(self, row: Row, final: bool) -> bool:
        name = row.get("name")
        if not name:
            raise RowError("required", column="name")
        parent: Agency | None = None
        if row.get("parent"):
            parent = self.find_agency(row.get("parent"))
            if parent is None:
                if final:
                    raise RowError("agency_not_found", value=row.get("parent"))
                return False
        self.once((AGENCY, fold_words(name)), row)
        kind = (
            _choice("agency_kind", row.get("kind"), AgencyKind.choices, "kind")
            if row.get("kind")
            else None
        )
        values: dict[str, Any] = {
            f: row.get(f)
            for f in (
                "short_name",
                "abbreviation",
                "place",
                "email",
                "phone",
                "address",
            )
            if row.get(f)
        }
        existing = self.find_agency_by_name(name)
        if existing is None:
            if kind is None:
                raise RowError("required", column="kind")
            if not self.viewer.is_superuser and (
                parent is None
                or not permissions.can_manage_directory(
                    self.viewer, Agency(parent=parent)
                )
            ):
                raise RowError("forbidden_new_agency")
            agency = services.create_agency(
                name,
                kind=kind,
                parent=parent,
                **{k: v for k, v in values.items() if k not in {"phone", "address"}},
            )
            extra = _set_fields(
                agency, {k: v for k, v in values.items() if k in {"phone", "address"}}
            )
            if extra:
                agency.full_clean()
                agency.save(update_fields=[*extra, "search_text"])
            self.agencies.append(agency)
            self.record(row, AGENCY, agency.name, True, [])
            return True
        self.check_manage(existing)
        if kind is not None:
            values["kind"] = kind
        if parent is not None and parent.pk != existing.parent_id:
            if not self.viewer.is_superuser:
                raise RowError("parent_change")
            values["parent"] = parent
        values["name"] = name
        changed = _set_fields(existing, values)
        if changed:
            existing.full_clean()
            existing.save(update_fields=[*changed, "search_text"])
            self._sync_root(existing)
        self.record(row, AGENCY, existing.name, False, changed)
        return True

    def find_agency_by_name(self, name: str) -> Agency | None:
        word = fold_words(name)
        return next((a for a in self.agencies if fold_words(a.name) == word), None)

    def _sync_root(self, agency: Agency) -> None:
        """The root unit stands for the agency: keep its names in step."""
        root = next(
            (u for u in self.units_of(agency) if u.kind == UnitKind.AGENCY), None
        )
        if root is None:
            return
        changed = _set_fields(
            root,
            {
                "name": agency.name,
                "short_name": agency.short_name,
                "abbreviation": agency.abbreviation,
                "email": agency.email,
            },
        )
        if changed:
            root.save(update_fields=[*changed, "search_text"])

    # --- units ---

    def unit_row(self, row: Row, final: bool) -> bool:
        agency = self.row_agency(row)
        self.check_manage(agency)
        name = row.get("name")
        if not name:
            raise RowError("required", column="name")
        parent: Unit | None = None
        if row.get("parent_unit"):
            parent = self.find_unit(agency, row.get("parent_unit"))
            if parent is None:
                if final:
                    raise RowError(
                        "unit_not_found",
                        value=row.get("parent_unit"),
                        agency=agency.name,
                    )
                return False
        self.once((UNIT, agency.pk, fold_words(name)), row)
        kind = (
            _choice("unit_kind", row.get("kind"), UnitKind.choices, "kind")
            if row.get("kind")
            else None
        )
        if kind == UnitKind.AGENCY:
            raise RowError("bad_value", value=row.get("kind"), column="kind")
        values: dict[str, Any] = {
            f: row.get(f) for f in ("short_name", "abbreviation", "email") if row.get(f)
        }
        if row.get("order"):
            if not row.get("order").isdigit():
                raise RowError("bad_value", value=row.get("order"), column="order")
            values["order"] = int(row.get("order"))
        word = fold_words(name)
        existing = next(
            (u for u in self.units_of(agency) if fold_words(u.name) == word), None
        )
        if existing is None:
            if kind is None:
                raise RowError("required", column="kind")
            unit = services.create_unit(
                agency, name=name, kind=kind, parent=parent, **values
            )
            self.units_of(agency).append(unit)
            self.record(
                row, UNIT, f"{unit.name} ({agency.short_name or agency.name})", True, []
            )
            return True
        if existing.kind == UnitKind.AGENCY:
            raise RowError("unit_is_root", value=name)
        if kind is not None:
            values["kind"] = kind
        if parent is not None and parent.pk != existing.parent_id:
            self._check_cycle(existing, parent)
            values["parent"] = parent
        values["name"] = name
        changed = _set_fields(existing, values)
        if changed:
            existing.full_clean()
            existing.save(update_fields=[*changed, "search_text"])
        self.record(
            row,
            UNIT,
            f"{existing.name} ({agency.short_name or agency.name})",
            False,
            changed,
        )
        return True

    def _check_cycle(self, unit: Unit, parent: Unit) -> None:
        by_pk = {u.pk: u for u in self.units_of(unit.agency)}
        node: Unit | None = parent
        while node is not None:
            if node.pk == unit.pk:
                raise RowError("unit_cycle")
            node = by_pk.get(node.parent_id) if node.parent_id else None

    # --- people ---

    def person_row(self, row: Row, final: bool) -> bool:
        agency = self.row_agency(row)
        self.check_manage(agency)
        full_name = row.get("full_name") or row.get("name")
        if not full_name:
            raise RowError("required", column="full_name")
        username, email = row.get("username"), row.get("email")
        self.once(
            (PERSON, agency.pk, username or email.lower() or fold_words(full_name)), row
        )
        memberships = self._memberships(agency, row)
        roles = self._roles(row)
        person = self._find_person(agency, full_name, username, email)
        values: dict[str, Any] = {
            f: row.get(f) for f in ("position", "email", "phone") if row.get(f)
        }
        if row.get("can_sign"):
            values["can_sign"] = _bool(row.get("can_sign"))
        if person is None:
            if username and username in self.users:
                raise RowError("username_taken", value=username)
            self._check_roles(set(), roles or set())
            person = services.create_person(
                agency,
                full_name=full_name,
                username=username or None,
                memberships=memberships or [],
                roles=sorted(roles or ()),
                **values,
            )
            self.people_of(agency).append(person)
            if person.user is not None:
                self.users[person.user.username] = person.user
                self.result.new_users.append(person.user)
            self.record(row, PERSON, full_name, True, [])
            return True
        values["full_name"] = full_name
        changed = _set_fields(person, values)
        if changed:
            person.full_clean()
            person.save(update_fields=[*changed, "search_text"])
        changed += self._sync_login(person, username)
        if memberships is not None and self._sync_memberships(person, memberships):
            changed.append("unit")
        if roles is not None and self._sync_roles(person, roles):
            changed.append("roles")
        self.record(row, PERSON, full_name, False, changed)
        return True

    def _find_person(
        self, agency: Agency, full_name: str, username: str, email: str
    ) -> Person | None:
        people = self.people_of(agency)
        if username and username in self.users:
            user = self.users[username]
            person = getattr(user, "person", None)
            if person is None or person.agency_id != agency.pk:
                raise RowError("username_taken", value=username)
            return next((p for p in people if p.pk == person.pk), person)
        if email:
            by_email = [p for p in people if p.email.lower() == email.lower()]
            if len(by_email) == 1:
                return by_email[0]
        word = fold_words(full_name)
        by_name = [p for p in people if fold_words(p.full_name) == word]
        if len(by_name) > 1:
            raise RowError("person_ambiguous", value=full_name)
        return by_name[0] if by_name else None

    def _memberships(self, agency: Agency, row: Row) -> list[tuple[Unit, str]] | None:
        refs = _split(row.get("unit"))
        if not refs:
            return None
        units: list[Unit] = []
        for ref in refs:
            unit = self.find_unit(agency, ref)
            if unit is None:
                raise RowError("unit_not_found", value=ref, agency=agency.name)
            units.append(unit)
        roles = [
            _choice("membership_role", r, MembershipRole.choices, "membership_role")
            for r in _split(row.get("membership_role"))
        ] or [MembershipRole.MEMBER]
        if len(roles) == 1:
            roles = roles * len(units)
        if len(roles) != len(units):
            raise RowError("roles_mismatch")
        return list(zip(units, roles, strict=True))

    def _roles(self, row: Row) -> set[str] | None:
        values = _split(row.get("roles"))
        if not values:
            return None
        return {_choice("role", v, Role.choices, "roles") for v in values}

    def _check_roles(self, current: set[str], wanted: set[str]) -> None:
        for role in current ^ wanted:
            if not permissions.can_grant_role(self.viewer, role):
                raise RowError("forbidden_role", role=Role(role).label)

    def _sync_login(self, person: Person, username: str) -> list[str]:
        if not username:
            return []
        if person.user is not None:
            if person.user.username != username:
                raise RowError("username_change", current=person.user.username)
            return []
        if username in self.users:
            raise RowError("username_taken", value=username)
        user = get_user_model().objects.create_user(
            username=username, email=person.email, password=None
        )
        person.user = user
        person.save(update_fields=["user"])
        self.users[username] = user
        self.result.new_users.append(user)
        return ["username"]

    def _sync_memberships(self, person: Person, wanted: list[tuple[Unit, str]]) -> bool:
        current = {m.unit_id: m for m in person.memberships.all()}
        desired = {unit.pk: (unit, role) for unit, role in wanted}
        changed = False
        for unit_id, membership in current.items():
            if unit_id not in desired:
                membership.delete()
                changed = True
        for unit_id, (unit, role) in desired.items():
            present = current.get(unit_id)
            if present is None or present.role != role:
                services.add_membership(person, unit=unit, role=role)
                changed = True
        return changed

    def _sync_roles(self, person: Person, wanted: set[str]) -> bool:
        current = {r.role for r in person.role_assignments.all()}
        if current == wanted:
            return False
        self._check_roles(current, wanted)
        RoleAssignment.objects.filter(person=person, role__in=current - wanted).delete()
        for role in sorted(wanted - current):
            services.grant_role(person, role=role)
        return True


def import_directory(
    data: bytes,
    *,
    filename: str,
    actor: Any,
    agency: Agency | None = None,
    dry_run: bool = False,
    on_row: Callable[[], None] | None = None,
) -> ImportResult:
    """Import a directory file, all or nothing (see the module docstring).

    ``actor`` is the user importing, or ``None`` for the command line (a
    trusted operator). ``agency`` is the default agency of unit and person
    rows (the actor's own by default). With ``dry_run`` (or any error)
    nothing is written and the result tells what would change. ``on_row`` is
    called once per row (progress bars). Raises ``PermissionRefused`` when
    the actor may not import at all; row-level refusals are errors in the
    result.
    """
    viewer = SYSTEM if actor is None else viewer_for(actor)
    if not permissions.can_import_directory(viewer):
        raise PermissionRefused(
            str(_("Bạn không có quyền nhập danh bạ."))
            + " / You may not import the directory."
        )
    if agency is None and viewer.person is not None:
        agency = viewer.person.agency
    result = ImportResult(dry_run=dry_run)
    limit = settings.KEHOACH_MAX_UPLOAD_BYTES
    if len(data) > limit:
        result.errors.append(
            ImportIssue("", None, "too_large", {"limit": limit // 2**20})
        )
        return result
    try:
        rows = read_table(data, filename)
    except TableError as exc:
        result.errors.append(
            ImportIssue(exc.params.get("sheet", ""), None, exc.code, exc.params)
        )
        return result
    importer = _Importer(viewer, default_agency=agency)
    importer.result = result
    with transaction.atomic():
        importer.run(rows, on_row)
        if result.errors or dry_run:
            transaction.set_rollback(True)
            result.new_users = []
    return result
