"""Reading directory tables from CSV and XLSX, and writing the XLSX template.

No database here: rows come out as ``{field: text}`` with the sheet row
number a person sees in Excel. The format itself is documented in
:mod:`kehoach.orgs.directory_import`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from kehoach.lib.text import fold_words

AGENCY, UNIT, PERSON = "agency", "unit", "person"

# field → accepted headers (compared folded, punctuation ignored). The first
# header is the one the template writes.
HEADERS: dict[str, tuple[str, ...]] = {
    "record": ("Đối tượng", "record", "loại bản ghi", "bảng", "table"),
    "agency": ("Cơ quan", "agency", "agency abbreviation", "ký hiệu cơ quan"),
    "name": ("Tên", "name", "tên cơ quan", "tên đơn vị"),
    "short_name": ("Tên viết tắt", "short name", "tên ngắn"),
    "abbreviation": ("Ký hiệu", "abbreviation", "viết tắt"),
    "kind": ("Loại", "kind", "type"),
    "parent": ("Cơ quan cấp trên", "parent", "parent agency", "parent abbreviation"),
    "parent_unit": ("Đơn vị cấp trên", "parent unit"),
    "place": ("Địa danh", "place"),
    "email": ("Thư điện tử", "email", "e-mail", "thư"),
    "phone": ("Điện thoại", "phone", "số điện thoại", "telephone"),
    "address": ("Địa chỉ", "address"),
    "order": ("Thứ tự", "order"),
    "full_name": ("Họ và tên", "full name", "họ tên"),
    "position": ("Chức vụ", "position", "title"),
    "username": ("Tên đăng nhập", "username", "login"),
    "unit": ("Đơn vị", "unit", "units"),
    "membership_role": (
        "Vai trò trong đơn vị",
        "membership role",
        "unit role",
        "vai trò đơn vị",
    ),
    "roles": ("Vai trò hệ thống", "system roles", "roles", "vai trò"),
    "can_sign": ("Có thẩm quyền ký", "can sign", "ký", "được ký"),
}
_HEADER_INDEX = {fold_words(h): f for f, headers in HEADERS.items() for h in headers}

SHEET_RECORDS = {
    "co quan": AGENCY,
    "agencies": AGENCY,
    "agency": AGENCY,
    "don vi": UNIT,
    "units": UNIT,
    "unit": UNIT,
    "can bo": PERSON,
    "people": PERSON,
    "person": PERSON,
    "nhan su": PERSON,
}
RECORD_WORDS = {
    **SHEET_RECORDS,
    "co quan to chuc": AGENCY,
    "doanh nghiep": AGENCY,
    "nguoi": PERSON,
}
GUIDE_SHEETS = {"huong dan", "guide", "readme"}

# Template columns per record (fields, in order) and one example row each.
TEMPLATE: dict[str, tuple[str, tuple[str, ...], tuple[tuple[str, ...], ...]]] = {
    AGENCY: (
        "Cơ quan",
        ("name", "short_name", "abbreviation", "kind", "parent", "place", "email"),
        (
            (
                "Sở Thông tin và Truyền thông tỉnh Đắk Nông",
                "Sở TTTT",
                "STTTT",
                "Sở, ban, ngành",
                "BTTTT",
                "Đắk Nông",
                "stttt@daknong.gov.vn",
            ),
            (
                "Viễn thông Đắk Nông",
                "VNPT Đắk Nông",
                "VNPT",
                "Doanh nghiệp",
                "STTTT",
                "Đắk Nông",
                "",
            ),
        ),
    ),
    UNIT: (
        "Đơn vị",
        (
            "agency",
            "name",
            "short_name",
            "abbreviation",
            "kind",
            "parent_unit",
            "email",
        ),
        (
            ("STTTT", "Văn phòng Sở", "Văn phòng", "VP", "Văn phòng", "", ""),
            (
                "STTTT",
                "Phòng Kế hoạch - Tài chính",
                "Phòng KHTC",
                "KHTC",
                "Phòng",
                "",
                "",
            ),
        ),
    ),
    PERSON: (
        "Cán bộ",
        (
            "agency",
            "full_name",
            "position",
            "email",
            "phone",
            "username",
            "unit",
            "membership_role",
            "roles",
            "can_sign",
        ),
        (
            (
                "STTTT",
                "Lê Minh Tuấn",
                "Chánh Văn phòng",
                "vanphong@stttt.daknong.gov.vn",
                "0261 3555 555",
                "vanphong",
                "VP",
                "Trưởng",
                "Văn phòng",
                "không",
            ),
        ),
    ),
}


class TableError(Exception):
    """The file cannot be read as a table; ``code`` and ``params`` say why."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Row:
    sheet: str
    number: int
    record: str | None
    values: dict[str, str]

    def get(self, name: str) -> str:
        return self.values.get(name, "").strip()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def _record_of_sheet(sheet: str, fields: Iterable[str]) -> str | None:
    """A sheet's record kind from its name, else from its distinctive
    columns; ``None`` when each row must say (column ``Đối tượng``)."""
    by_name = SHEET_RECORDS.get(fold_words(sheet))
    if by_name:
        return by_name
    present = set(fields)
    if "full_name" in present:
        return PERSON
    if "parent_unit" in present:
        return UNIT
    if {"parent", "place"} & present:
        return AGENCY
    return None


def _rows_of(sheet: str, table: Iterable[Iterable[Any]]) -> list[Row]:
    header: list[str | None] | None = None
    record: str | None = None
    rows: list[Row] = []
    for number, raw in enumerate(table, start=1):
        cells = [_cell_text(c) for c in raw]
        if not any(cells):
            continue
        if header is None:
            header = [_HEADER_INDEX.get(fold_words(c)) for c in cells]
            if "record" not in header and not any(header):
                raise TableError("no_header", sheet=sheet)
            record = _record_of_sheet(sheet, [h for h in header if h])
            continue
        values = {
            name: cell
            for name, cell in zip(header, cells, strict=False)
            if name and cell
        }
        row_record = record
        if values.get("record"):
            row_record = RECORD_WORDS.get(fold_words(values["record"]))
        rows.append(Row(sheet=sheet, number=number, record=row_record, values=values))
    return rows


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            break
        return text
    return data.decode("cp1258", errors="replace")


def read_csv(data: bytes, *, sheet: str = "CSV") -> list[Row]:
    text = _decode(data)
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return _rows_of(sheet, csv.reader(io.StringIO(text), dialect))


def read_xlsx(data: bytes) -> list[Row]:
    # Imported here: openpyxl is slow to import and only this path needs it.
    from openpyxl import load_workbook  # noqa: PLC0415 -- see above

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a bad file
        raise TableError("unreadable", detail=type(exc).__name__) from exc
    rows: list[Row] = []
    try:
        for worksheet in workbook.worksheets:
            if fold_words(worksheet.title) in GUIDE_SHEETS:
                continue
            rows += _rows_of(worksheet.title, worksheet.iter_rows(values_only=True))
    finally:
        workbook.close()
    return rows


def read_table(data: bytes, filename: str) -> list[Row]:
    """Rows of a CSV or XLSX file, in file order."""
    name = filename.lower()
    if name.endswith(".xlsx") or data[:2] == b"PK":
        return read_xlsx(data)
    if name.endswith((".csv", ".txt", ".tsv")):
        return read_csv(data)
    raise TableError("file_type")


GUIDE_LINES = (
    "Nhập danh bạ: điền các trang “Cơ quan”, “Đơn vị”, “Cán bộ” rồi tải lên tại "
    "Danh bạ → Nhập danh bạ (hoặc lệnh: kehoach import_directory tệp.xlsx).",
    "Mỗi trang một loại; hoặc một trang/tệp CSV duy nhất có thêm cột “Đối tượng” "
    "(Cơ quan / Đơn vị / Cán bộ).",
    "Nhập lại cùng tệp không thay đổi gì; dòng đã sửa sẽ cập nhật bản ghi cũ: cơ quan "
    "theo tên, đơn vị theo cơ quan + tên, cán bộ theo tên đăng nhập, thư điện tử "
    "hoặc họ tên.",
    "Cột “Cơ quan”, “Cơ quan cấp trên”: ký hiệu (STTTT) hoặc tên đầy đủ. Cột “Đơn "
    "vị”, “Đơn vị cấp trên”: tên hoặc ký hiệu của đơn vị; nhiều đơn vị cách nhau "
    "bằng dấu chấm phẩy.",
    "Loại cơ quan: Bộ, cơ quan ngang bộ; Cơ quan trung ương; Ủy ban nhân dân; Sở, "
    "ban, ngành; Doanh nghiệp; Cơ quan báo chí; Hội, đoàn thể; Khác.",
    "Loại đơn vị: Ban lãnh đạo; Văn phòng; Phòng; Trung tâm; Công đoàn; Ban; Tổ "
    "chức đảng; Khác.",
    "Vai trò trong đơn vị: Trưởng; Phó; Thành viên; Văn thư. Vai trò hệ thống: "
    "Lãnh đạo; Văn phòng; Văn thư; Cán bộ đơn vị; Tổ chức bên ngoài; Quản trị.",
    "Có lỗi ở bất kỳ dòng nào thì không dòng nào được ghi; danh sách lỗi ghi rõ số "
    "dòng.",
    "English headers are accepted too: record, agency, name, short name, "
    "abbreviation, kind, parent, parent unit, place, email, phone, order, full "
    "name, position, username, unit, membership role, system roles, can sign.",
)


def build_template() -> bytes:
    """The XLSX template: a guide sheet and one sheet per record kind."""
    from openpyxl import Workbook  # noqa: PLC0415 -- slow import, only here
    from openpyxl.styles import Font  # noqa: PLC0415 -- as above

    workbook = Workbook()
    guide = workbook.active
    if guide is None:  # a new workbook always has one sheet
        raise RuntimeError("openpyxl returned a workbook without a sheet")
    guide.title = "Hướng dẫn"
    guide.column_dimensions["A"].width = 120
    for line in GUIDE_LINES:
        guide.append([line])
    for title, fields, examples in TEMPLATE.values():
        sheet = workbook.create_sheet(title)
        sheet.append([HEADERS[f][0] for f in fields])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for example in examples:
            sheet.append(list(example))
        for index in range(len(fields)):
            sheet.column_dimensions[chr(ord("A") + index)].width = 24
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
