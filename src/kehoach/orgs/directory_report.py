"""What a directory import did or would do: changes and errors, with
their messages in Vietnamese (through gettext) and English (for API clients
and the command line)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

MESSAGES: dict[str, tuple[Promise, str]] = {
    "file_type": (
        _("Chỉ nhận tệp CSV hoặc XLSX."),
        "Only CSV or XLSX files are accepted.",
    ),
    "unreadable": (
        _("Không đọc được tệp ({detail})."),
        "Could not read the file ({detail}).",
    ),
    "too_large": (
        _("Tệp quá lớn (tối đa {limit} MB)."),
        "The file is too large (at most {limit} MB).",
    ),
    "no_header": (
        _("Trang “{sheet}” không có dòng tiêu đề nhận ra được."),
        "Sheet “{sheet}” has no recognisable header row.",
    ),
    "no_rows": (_("Tệp không có dòng dữ liệu nào."), "The file has no data rows."),
    "unknown_record": (
        _("Không rõ dòng này là cơ quan, đơn vị hay cán bộ (cột “Đối tượng”)."),
        "Cannot tell whether this row is an agency, a unit or a person "
        "(column “record”).",
    ),
    "required": (_("Thiếu “{column}”."), "Missing “{column}”."),
    "bad_value": (
        _("“{value}” không hợp lệ ở cột “{column}”."),
        "“{value}” is not valid in column “{column}”.",
    ),
    "agency_not_found": (
        _("Không tìm thấy cơ quan “{value}”."),
        "Agency “{value}” not found.",
    ),
    "agency_ambiguous": (
        _("Nhiều cơ quan khớp với “{value}”; hãy ghi tên đầy đủ."),
        "Several agencies match “{value}”; use the full name.",
    ),
    "no_agency": (
        _("Thiếu cơ quan: ghi cột “Cơ quan” hoặc chọn cơ quan khi nhập."),
        "No agency: fill in column “agency” or choose one when importing.",
    ),
    "unit_not_found": (
        _("Không tìm thấy đơn vị “{value}” trong {agency}."),
        "Unit “{value}” not found in {agency}.",
    ),
    "unit_ambiguous": (
        _("Nhiều đơn vị khớp với “{value}”; hãy ghi tên đầy đủ."),
        "Several units match “{value}”; use the full name.",
    ),
    "unit_is_root": (
        _("“{value}” là chính cơ quan; sửa ở dòng cơ quan."),
        "“{value}” is the agency itself; change it on the agency row.",
    ),
    "unit_cycle": (
        _("Đơn vị không thể nằm dưới chính nó."),
        "A unit cannot be placed under itself.",
    ),
    "person_ambiguous": (
        _("Nhiều cán bộ tên “{value}”; hãy ghi tên đăng nhập hoặc thư điện tử."),
        "Several people are named “{value}”; give a username or an e-mail.",
    ),
    "roles_mismatch": (
        _("Số vai trò trong đơn vị không khớp với số đơn vị."),
        "The number of unit roles does not match the number of units.",
    ),
    "forbidden": (
        _("Bạn không có quyền thay đổi danh bạ của “{agency}”."),
        "You may not change the directory of “{agency}”.",
    ),
    "forbidden_new_agency": (
        _("Chỉ thêm được cơ quan trực thuộc cơ quan của bạn."),
        "You may only add agencies directed by your own.",
    ),
    "forbidden_role": (
        _("Chỉ quản trị mới cấp hoặc thu hồi vai trò “{role}”."),
        "Only an administrator may grant or revoke the role “{role}”.",
    ),
    "parent_change": (
        _("Không đổi được cơ quan cấp trên khi nhập danh bạ."),
        "The parent agency cannot be changed by an import.",
    ),
    "username_taken": (
        _("Tên đăng nhập “{value}” đã có người dùng."),
        "The username “{value}” is already taken.",
    ),
    "username_change": (
        _("Cán bộ này đã có tên đăng nhập “{current}”."),
        "This person already has the username “{current}”.",
    ),
    "duplicate": (
        _("Trùng với dòng {other} của trang “{sheet}”."),
        "Same record as row {other} of sheet “{sheet}”.",
    ),
    "invalid": (_("Dữ liệu không hợp lệ: {detail}"), "Invalid data: {detail}"),
}

# Column names in messages: the template's header and its English name.
COLUMN_NAMES: dict[str, tuple[Promise, str]] = {
    "name": (_("Tên"), "name"),
    "kind": (_("Loại"), "kind"),
    "full_name": (_("Họ và tên"), "full name"),
    "agency": (_("Cơ quan"), "agency"),
    "parent": (_("Cơ quan cấp trên"), "parent"),
    "parent_unit": (_("Đơn vị cấp trên"), "parent unit"),
    "unit": (_("Đơn vị"), "unit"),
    "membership_role": (_("Vai trò trong đơn vị"), "membership role"),
    "roles": (_("Vai trò hệ thống"), "system roles"),
    "can_sign": (_("Có thẩm quyền ký"), "can sign"),
    "order": (_("Thứ tự"), "order"),
    "short_name": (_("Tên viết tắt"), "short name"),
    "abbreviation": (_("Ký hiệu"), "abbreviation"),
    "place": (_("Địa danh"), "place"),
    "email": (_("Thư điện tử"), "email"),
    "phone": (_("Điện thoại"), "phone"),
    "address": (_("Địa chỉ"), "address"),
    "position": (_("Chức vụ"), "position"),
    "username": (_("Tên đăng nhập"), "username"),
}


@dataclass(frozen=True)
class ImportIssue:
    """One error: where (sheet, row) and why, in Vietnamese and English."""

    sheet: str
    row: int | None
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def _params(self, english: bool) -> dict[str, Any]:
        out = dict(self.params)
        column = out.get("column")
        if column in COLUMN_NAMES:
            vi, en = COLUMN_NAMES[column]
            out["column"] = en if english else str(vi)
        return out

    @property
    def message(self) -> str:
        return str(MESSAGES[self.code][0]).format(**self._params(english=False))

    @property
    def message_en(self) -> str:
        return MESSAGES[self.code][1].format(**self._params(english=True))

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "code": self.code,
            "message": self.message,
            "message_en": self.message_en,
        }


@dataclass(frozen=True)
class Change:
    """What a row did (or would do): ``create``, ``update`` or
    ``unchanged``; ``fields`` names what changed."""

    record: str
    action: str
    label: str
    sheet: str
    row: int
    fields: tuple[str, ...] = ()

    @property
    def field_labels(self) -> list[str]:
        return [
            str(COLUMN_NAMES[f][0]) if f in COLUMN_NAMES else f for f in self.fields
        ]

    def as_dict(self) -> dict[str, Any]:
        return {
            "record": self.record,
            "action": self.action,
            "label": self.label,
            "sheet": self.sheet,
            "row": self.row,
            "fields": list(self.fields),
        }


@dataclass
class ImportResult:
    dry_run: bool
    changes: list[Change] = field(default_factory=list)
    errors: list[ImportIssue] = field(default_factory=list)
    new_users: list[Any] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def applied(self) -> bool:
        return self.ok and not self.dry_run

    def count(self, action: str, record: str | None = None) -> int:
        return sum(
            1
            for c in self.changes
            if c.action == action and (record is None or c.record == record)
        )

    @property
    def changed(self) -> list[Change]:
        return [c for c in self.changes if c.action != "unchanged"]


class RowError(Exception):
    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params
