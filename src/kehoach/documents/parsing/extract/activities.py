"""Work items with a lead unit.

Plans assign work in two ways:

* numbered items carrying labelled lines, in any order and wording —
  ``Đơn vị chủ trì:`` / ``Cơ quan chủ trì:`` / ``Chủ trì:``, ``Đơn vị phối
  hợp:``, ``Thời gian (thực hiện|hoàn thành):`` / ``Thời hạn:``, ``Kinh phí:``,
  ``Sản phẩm:`` — as bullets, plain lines or inline in one paragraph
  (``… Chủ trì: Sở X; phối hợp: Sở Y; thời gian: Quý III/2025.``);
* rows of an assignment table ``STT | Nội dung | Cơ quan chủ trì | Cơ quan
  phối hợp | Thời gian | Sản phẩm`` (often in the Phụ lục).

When an item holds one labelled block, the activity is the item itself
(title = its heading); when it holds several, each block is an activity
titled by the bullet or paragraph just before it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from kehoach.documents.parsing.extract.dates import parse_due
from kehoach.documents.parsing.extract.lines import Line
from kehoach.documents.parsing.extract.normalize import clean, fold, strip_end
from kehoach.documents.parsing.extract.sections import RANK_BULLET, Node, item_ref
from kehoach.documents.parsing.extract.units import split_units
from kehoach.documents.parsing.types import Activity, Table

_FIELD_NAMES = (
    r"(?:Đơn vị|Cơ quan|Bộ phận)\s+(?:chủ trì|thực hiện|phối hợp)[^:;.]{0,30}|"
    r"Chủ trì[^:;.]{0,20}|Phối hợp[^:;.]{0,20}|"
    r"Thời gian[^:;.]{0,25}|Thời hạn[^:;.]{0,20}|"
    r"Tiến độ[^:;.]{0,20}|Kinh phí[^:;.]{0,20}|Nguồn kinh phí[^:;.]{0,10}|"
    r"Sản phẩm[^:;.]{0,20}|Nội dung[^:;.]{0,20}|Kết quả[^:;.]{0,20}"
)
_FIELD = re.compile(rf"^(?P<name>{_FIELD_NAMES})\s*:\s*(?P<value>.*)$", re.IGNORECASE)
_INLINE = re.compile(
    r"(?:^|(?<=[.;,])\s+|\s+[-–—]\s+)(?P<name>(?:Đơn vị |Cơ quan )?(?:chủ trì|phối hợp)|"
    r"Thời gian(?: thực hiện| hoàn thành)?|Thời hạn(?: hoàn thành)?|Kinh phí|Sản phẩm)"
    r"\s*:\s*",
    re.IGNORECASE,
)


# "Nhiệm vụ: Xây dựng …" before the inline fields: the label is not the title.
_TITLE_LABEL = re.compile(
    r"^(?:Tên nhiệm vụ|Nhiệm vụ|Nội dung(?: công việc| nhiệm vụ)?|Hoạt động|Công việc)"
    r"\s*:\s*",
    re.IGNORECASE,
)
_EXEC_LEAD = re.compile(r"\s(?:chủ trì|làm đầu mối)\b")
_COLUMN_NUMBER = re.compile(r"\(?\d+\)?")


def field_kind(name: str) -> str:
    key = fold(name)
    if "chu tri" in key:
        return "lead"
    if "phoi hop" in key:
        return "support"
    if "thuc hien" in key and key.startswith(("don vi", "co quan", "bo phan")):
        return "exec"
    if key.startswith(("thoi gian", "thoi han", "tien do")):
        return "due"
    if "kinh phi" in key:
        return "funding"
    return "other"


@dataclass
class _Group:
    fields: dict[str, str] = field(default_factory=dict)
    title: str | None = None

    def add(self, kind: str, value: str) -> None:
        if kind in self.fields:
            self.fields[kind] = f"{self.fields[kind]}; {value}"
        else:
            self.fields[kind] = value


def _field_of(text: str) -> tuple[str, str] | None:
    if ":" not in text[:60]:
        return None
    m = _FIELD.match(text)
    if not m:
        return None
    return field_kind(m.group("name")), clean(m.group("value"))


def _inline_group(text: str) -> _Group | None:
    """``Title. Chủ trì: X; phối hợp: Y; thời gian: Z.`` → a group."""
    if ("ủ" not in text and "Ủ" not in text) or ("ì" not in text and "Ì" not in text):
        return None  # no "chủ trì" in any case: skip lower-casing the text
    if "chủ trì" not in text.lower():
        return None
    marks = list(_INLINE.finditer(text))
    if not any(field_kind(m.group("name")) == "lead" for m in marks):
        return None
    title = _TITLE_LABEL.sub("", strip_end(text[: marks[0].start()]))
    group = _Group(title=title or None)
    for m, nxt in zip(marks, [*marks[1:], None], strict=False):
        value = text[m.end() : nxt.start() if nxt else len(text)]
        group.add(field_kind(m.group("name")), strip_end(value))
    return group


def _lead_units(group: _Group) -> list[str]:
    if "lead" in group.fields:
        return split_units(group.fields["lead"])
    exec_value = group.fields.get("exec", "")
    m = _EXEC_LEAD.search(exec_value)
    if m:
        return split_units(exec_value[: m.start()])
    return []


def _activity(ref: str | None, title: str, group: _Group) -> Activity | None:
    lead = _lead_units(group)
    if not lead or not title:
        return None
    funding = group.fields.get("funding")
    return Activity(
        ref=ref,
        title=strip_end(title),
        lead=tuple(lead),
        support=tuple(split_units(group.fields.get("support", ""))),
        due=parse_due(group.fields["due"]) if group.fields.get("due") else None,
        funding=strip_end(funding) if funding else None,
    )


def _numbered_ancestor(node: Node) -> Node:
    up: Node | None = node
    while up is not None and up.is_bullet and up.parent is not None:
        up = up.parent
    return up or node


def activities_from_tree(root: Node) -> list[Activity]:
    out: list[Activity] = []
    _walk(root, out)
    return out


def _walk(node: Node, out: list[Activity]) -> None:
    groups: list[_Group] = []
    current: _Group | None = None
    candidate: str | None = None
    subnodes: list[Node] = []
    inline: list[_Group] = []
    for c in node.content:
        if isinstance(c, str):
            text = c
        elif isinstance(c, Node):
            if c.rank < RANK_BULLET:  # a numbered sub-item: walked below
                subnodes.append(c)
                current, candidate = None, None
                continue
            text = c.heading or ""
        else:  # a table
            continue
        fld = _field_of(text)
        if fld is not None:
            if current is None:
                current = _Group(title=candidate)
                groups.append(current)
                candidate = None
            current.add(*fld)
            continue
        current = None
        ig = _inline_group(text)
        if ig is not None:
            inline.append(ig)
            candidate = None
            continue
        if candidate is None:
            candidate = text
        if isinstance(c, Node):
            subnodes.append(c)  # a bullet may hold labelled sub-bullets
    if not groups and not inline and node.heading:
        own = _inline_group(node.heading)  # "1. Title. Chủ trì: X; phối hợp: Y."
        if own is not None:
            inline.append(own)
    ref = item_ref(_numbered_ancestor(node)) if groups or inline else None
    single = len(groups) == 1 and not inline
    for g in groups:
        title = (
            node.heading
            if (single and not node.is_bullet)
            else (g.title or node.heading)
        )
        if node.is_bullet and single:
            title = node.heading
        act = _activity(ref, title or "", g)
        if act:
            out.append(act)
    for g in inline:
        act = _activity(ref, g.title or node.heading or "", g)
        if act:
            out.append(act)
    for sub in subnodes:
        if sub.rank >= RANK_BULLET and _field_of(sub.heading or ""):
            continue
        _walk(sub, out)


# --- assignment tables -----------------------------------------------------


def _column_roles(header: tuple[str, ...]) -> dict[str, int]:
    roles: dict[str, int] = {}
    for i, cell in enumerate(header):
        key = fold(cell)
        if not key:
            continue
        if key in ("stt", "tt", "so tt", "so thu tu") and "ref" not in roles:
            roles["ref"] = i
        elif "chu tri" in key and "lead" not in roles:
            roles["lead"] = i
        elif _is_exec_column(key) and "exec" not in roles:
            roles["exec"] = i
        elif "phoi hop" in key and "support" not in roles:
            roles["support"] = i
        elif (
            key.startswith(("thoi gian", "thoi han", "tien do")) and "due" not in roles
        ):
            roles["due"] = i
        elif "kinh phi" in key and "funding" not in roles:
            roles["funding"] = i
        elif key.startswith(
            ("noi dung", "nhiem vu", "ten nhiem vu", "hoat dong", "ten")
        ) and ("title" not in roles):
            roles["title"] = i
    if "exec" in roles and "lead" not in roles:
        roles["lead"] = roles["exec"]  # "Đơn vị thực hiện" beside "phối hợp"
    roles.pop("exec", None)
    if "lead" in roles and "title" not in roles:
        roles["title"] = 1 if roles.get("ref") == 0 else 0
    return roles


_EXEC_COLUMN = re.compile(r"^(?:don vi|co quan|bo phan)(?: duoc giao)? thuc hien$")


def _is_exec_column(key: str) -> bool:
    """``Đơn vị thực hiện``, ``Cơ quan thực hiện`` (folded): the unit that
    does the work, when the table names no separate lead unit."""
    return bool(_EXEC_COLUMN.match(key))


def _is_head_cell(key: str) -> bool:
    return "chu tri" in key or _is_exec_column(key)


def _header(table: Table) -> tuple[int, dict[str, int]] | None:
    """``(row index, column roles)`` of an assignment table's header row."""
    rows = table.rows
    head_at = next(
        (i for i, row in enumerate(rows) if any(_is_head_cell(fold(c)) for c in row)),
        None,
    )
    if head_at is None:
        return None
    roles = _column_roles(rows[head_at])
    return (head_at, roles) if "lead" in roles else None


def _row_activities(
    rows: tuple[tuple[str, ...], ...], roles: dict[str, int]
) -> list[Activity]:
    out: list[Activity] = []

    def cell(row: tuple[str, ...], role: str) -> str:
        i = roles.get(role)
        return clean(row[i]) if i is not None and i < len(row) else ""

    for row in rows:
        lead = cell(row, "lead")
        title = cell(row, "title")
        if not lead or not title or _is_head_cell(fold(lead)):
            continue
        if _COLUMN_NUMBER.fullmatch(lead):
            continue  # a column-number row: (1) | (2) | (3)
        group = _Group()
        group.add("lead", lead)
        for role in ("support", "due", "funding"):
            if cell(row, role):
                group.add(role, cell(row, role))
        act = _activity(cell(row, "ref") or None, title, group)
        if act:
            out.append(act)
    return out


def activities_from_table(table: Table) -> list[Activity]:
    """Rows of an assignment table: one with a lead column (``chủ trì``, or
    ``Đơn vị thực hiện`` when there is none) and a content column."""
    header = _header(table)
    if header is None:
        return []
    head_at, roles = header
    return _row_activities(table.rows[head_at + 1 :], roles)


def _width(table: Table) -> int:
    return max((len(row) for row in table.rows), default=0)


def activities_from_tables(lines: Sequence[Line]) -> list[Activity]:
    """Every assignment table among ``lines``, in order. A table without a
    header row that comes right after an assignment table of as many
    columns — nothing but a page number or a caption between them — goes
    on with it: a table broken across pages (PDF, scans) or by a page
    caption in a crawled copy."""
    out: list[Activity] = []
    previous: tuple[int, dict[str, int]] | None = None  # (columns, roles)
    for ln in lines:
        table = ln.table
        if table is None:
            if previous is not None and len(ln.text.split()) > _CAPTION_WORDS:
                previous = None  # running text: whatever comes next is new
            continue
        header = _header(table)
        if header is not None:
            head_at, roles = header
            out.extend(_row_activities(table.rows[head_at + 1 :], roles))
            previous = (_width(table), roles)
        elif previous is not None and previous[0] == _width(table):
            out.extend(_row_activities(table.rows, previous[1]))
        else:
            previous = None
    return out


_CAPTION_WORDS = 6  # "Trang 2/5", "2", "(tiếp theo)": not text that ends a table
