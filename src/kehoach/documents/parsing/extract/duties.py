"""Per-unit responsibilities of the implementation part.

The part is headed ``TỔ CHỨC THỰC HIỆN`` (else ``PHÂN CÔNG NHIỆM VỤ`` /
``TRÁCH NHIỆM …``; a Chỉ thị often has neither and addresses numbered items
to units directly). Each numbered item is addressed to units, written in
one of three ways:

* ``1. Các doanh nghiệp …: Căn cứ …`` — the units before the colon;
* ``1. Sở Nội vụ`` on its own line, the tasks below;
* ``4. Trung tâm … tuyên truyền …`` — the subject of the sentence, which
  ends at the first verb (``chủ trì``, ``phối hợp``, ``có trách nhiệm``…),
  after an opening clause such as ``Căn cứ kế hoạch này,`` and a leading
  ``Đề nghị``/``Giao``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kehoach.documents.parsing.extract.normalize import clean, fold
from kehoach.documents.parsing.extract.sections import (
    RANK_BULLET,
    RANK_NUM,
    Node,
    is_closing,
    render,
)
from kehoach.documents.parsing.extract.units import begins_with_unit, split_units
from kehoach.documents.parsing.types import Duty, Table

_PART = re.compile(r"^(to chuc thuc hien|trach nhiem to chuc thuc hien)\b")
_PART_FALLBACK = re.compile(
    r"^(phan cong (nhiem vu|thuc hien|trach nhiem)|trach nhiem (thuc hien|cua)|"
    r"nhiem vu (cua cac|cu the cua))"
)
_INTRO = re.compile(
    r"^(?:Căn cứ|Trên cơ sở|Ngoài|Theo|Trong quá trình|Trong|Để|Nhằm|Sau khi|"
    r"Đối với|Thông qua|Với|Bên cạnh)\b[^,]{0,120},\s*"
)
_IF_PROBLEM = re.compile(
    r"^nếu (?:có |phát sinh )?(?:khó khăn|vướng mắc|phát sinh)"
    r"(?:[, ]+(?:khó khăn|vướng mắc|phát sinh))*\s*,?\s*"
)
_ADDRESS = re.compile(r"^(?:Đề nghị|Giao|Yêu cầu|Đề xuất)\s+(?:cho\s+)?")
_STOP = re.compile(
    r"\s(?:chủ trì|phối hợp|có trách nhiệm|chịu trách nhiệm|căn cứ|xây dựng|tổ chức|"
    r"triển khai|tuyên truyền|kiện toàn|tăng cường|theo dõi|phát huy|cụ thể hóa|"
    r"cụ thể hoá|hướng dẫn|chỉ đạo|rà soát|nghiên cứu|bố trí|đảm bảo|bảo đảm|"
    r"quan tâm|tiếp tục|khẩn trương|nghiêm túc|chủ động|thường xuyên|kịp thời|phải|"
    r"cần|được|trong phạm vi|theo chức năng|tích cực|đẩy mạnh|ban hành|tham mưu|"
    r"giúp|báo cáo|đôn đốc|kiểm tra|hỗ trợ|vận động|quán triệt|phổ biến|tập trung|"
    r"nâng cao|ưu tiên|sắp xếp|chuẩn bị|cung cấp|cập nhật|phản ánh|gửi|đăng ký|là|"
    r"thực hiện|giám sát|tổng hợp|phân công|theo|sử dụng|áp dụng|tham gia|đề xuất|"
    r"thống nhất|duy trì|củng cố|hoàn thành|hoàn thiện|thẩm định|"
    r"tiếp nhận|lựa chọn|vận hành|đánh giá|khắc phục|tuân thủ|huy động|thông báo|"
    r"tổng kết|sơ kết|đề nghị|xem xét|lãnh đạo|trực tiếp|cử|mở|dành|nắm|làm|"
    r"điều hành|điều phối|quy định|trên cơ sở|căn cứ vào|với|sẽ|cùng)(?=[\s,.;:]|$)"
)
# A verb-looking word right after "các", a comma or "và" is a noun in a list
# ("các tổ chức", "cơ quan, tổ chức").
_NOUN_CONTEXT = re.compile(r"(?:,|\bvà|\b[Cc]ác|\b[Nn]hững|\bmọi)\s*$")
_MODAL = re.compile(r"\s(?:phải|có trách nhiệm|chịu trách nhiệm|cần)(?=[\s,.;:]|$)")
_SECOND = re.compile(
    r"[,;]\s+((?:các|Các|những)\s[^,;.]{2,60}?)\s+(?:có trách nhiệm|chịu trách nhiệm)\b"
)
_UNIT_START = re.compile(r"^(?:[A-ZĐÀ-Ỹ]|các\s|những\s|tất cả\s)")


def strip_lead(text: str) -> str:
    """Drop an opening clause (``Căn cứ kế hoạch này,``) and ``Đề nghị``."""
    t = clean(text)
    for _ in range(3):
        m = _INTRO.match(t) or _IF_PROBLEM.match(t)
        if not m:
            break
        t = t[m.end() :]
    return _ADDRESS.sub("", t)


@lru_cache(maxsize=4096)
def subject(text: str) -> tuple[str, bool]:
    """The unit phrase at the start of ``text`` and whether a verb ended it."""
    t = strip_lead(text)
    first = None
    for m in _STOP.finditer(t, 0, 400):  # a subject is a few words long
        if t[m.start() - 1 : m.start()] != "," and not _NOUN_CONTEXT.search(
            t, 0, m.start()
        ):
            first = m
            break
    if first is None:
        return t, False
    cut = first.start()
    modal = _MODAL.search(t, cut)
    if modal and len(t[cut : modal.start()].split()) <= 8:
        cut = modal.start()
    return t[:cut].strip(), True


def _is_unit_heading(own: str, subj: str, *, verb: bool) -> bool:
    """``1. Sở Nội vụ`` or ``6. Đề nghị các tổ chức cung cấp dịch vụ`` alone
    on its line, the tasks below it."""
    if own.endswith((".", ";", ":")) or not _UNIT_START.match(subj):
        return False
    return not verb or len(own.split()) <= 15


def _units_from_sentence(text: str) -> list[str]:
    subj, _ = subject(text)
    if not subj or not _UNIT_START.match(subj) or len(subj.split()) > 40:
        return []
    units = split_units(subj)
    for m in _SECOND.finditer(text, len(subj)):
        units.extend(split_units(m.group(1)))
    return units


def _extras(item: Node) -> list[str]:
    parts: list[str] = []
    for c in item.content:
        if isinstance(c, str):
            if is_closing(c):
                break
            parts.append(c)
        elif isinstance(c, Node):
            parts.append(f"{c.label} {render(c)}".strip())
        elif isinstance(c, Table):
            continue
    return parts


def _duty(item: Node) -> Duty | None:
    own = clean(item.heading or "")
    extras = _extras(item)
    if not own:
        return None
    head, sep, after = own.partition(":")
    if sep and head:
        subj, verb = subject(head)
        if not verb and _UNIT_START.match(subj) and len(subj.split()) <= 40:
            text = " ".join([after.strip(), *extras]).strip()
            return Duty(ref=item.key, units=tuple(split_units(subj)), text=text)
    subj, verb = subject(own)
    if extras and _is_unit_heading(own, subj, verb=verb):
        units = split_units(strip_lead(own))
        return Duty(ref=item.key, units=tuple(units), text=" ".join(extras))
    text = " ".join([own, *extras])
    return Duty(ref=item.key, units=tuple(_units_from_sentence(own)), text=text)


# The part names are matched at the start of a heading: a heading that
# swallowed a long paragraph is only folded as far as they reach.
_HEADING_PREFIX = 120


def _find_part(root: Node, rx: re.Pattern[str]) -> Node | None:
    stack = list(reversed(root.children()))
    while stack:
        node = stack.pop()
        if node.rank >= RANK_NUM:
            continue
        if node.heading and rx.match(fold(node.heading[:_HEADING_PREFIX])):
            return node
        stack.extend(reversed(node.children()))
    return None


def _unit_headed(items: list[Node]) -> bool:
    """Whether most items are addressed to a unit (a Chỉ thị, a công văn
    or a Thông báo kết luận without a "Tổ chức thực hiện" part)."""
    heads = 0
    for it in items:
        own = clean(it.heading or "")
        head = own.partition(":")[0] if ":" in own else own
        subj, _ = subject(head)
        if subj and begins_with_unit(subj) and split_units(subj):
            heads += 1
    return len(items) >= 2 and heads * 2 > len(items)


# A numbered item that hands out the tasks of a Thông báo kết luận or a
# công văn ("2. Giao nhiệm vụ cụ thể:" then "a) Sở …: …").
_ASSIGNING_ITEM = re.compile(
    r"^(giao nhiem vu|phan cong (nhiem vu|thuc hien|trach nhiem)|"
    r"to chuc thuc hien|trach nhiem (thuc hien|cua cac))\b"
)


def _find_assigning_item(root: Node) -> Node | None:
    stack = list(reversed(root.children()))
    while stack:
        node = stack.pop()
        if node.is_bullet:
            continue
        if (
            node.rank >= RANK_NUM
            and node.heading
            and _ASSIGNING_ITEM.match(fold(node.heading[:_HEADING_PREFIX]))
            and any(not c.is_bullet for c in node.children())
        ):
            return node
        stack.extend(reversed(node.children()))
    return None


def duties_from_tree(root: Node) -> list[Duty]:
    part = (
        _find_part(root, _PART)
        or _find_part(root, _PART_FALLBACK)
        or _find_assigning_item(root)
    )
    if part is not None:
        items = [c for c in part.children() if not c.is_bullet]
        if not items:
            items = [c for c in part.children() if c.rank == RANK_BULLET]
    else:
        items = [c for c in root.children() if c.rank == RANK_NUM]
        if not _unit_headed(items):
            return []
    out = []
    for it in items:
        duty = _duty(it)
        if duty is not None:
            out.append(duty)
    return out
