"""The body as a tree of labelled parts.

Vietnamese administrative texts number their parts ``Phần I``/``Chương I``,
then ``I.`` (caps heading), ``1.``, ``1.1.``, ``a)``, then bullets ``-``
and ``+``. A Quyết định uses ``Điều 1.`` with khoản ``1.`` and điểm ``a)``.
The depth of a label follows from its kind, so the tree is built with a
stack: a new label closes every open node of the same or a deeper kind.
A paragraph without a label belongs to the innermost open numbered node
(a bullet is one paragraph long, so a plain paragraph closes bullets).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kehoach.documents.parsing.extract.lines import Line
from kehoach.documents.parsing.extract.normalize import fold
from kehoach.documents.parsing.extract.units import begins_with_unit
from kehoach.documents.parsing.types import Section, Table

_ROMAN_RE = re.compile(
    r"^(?=[IVXLC])M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$"
)

_PART = re.compile(
    r"^(Phần|PHẦN|Chương|CHƯƠNG)\s+([IVXLC]+|\d+|[A-Z])\b\s*[.:]?\s*(.*)$"
)
_MUC = re.compile(r"^(Mục|MỤC)\s+(\d+|[IVXLC]+)\b\s*[.:]?\s*(.*)$")
_ARTICLE = re.compile(r"^(Điều)\s+(\d+)\s*[.:]?\s*(.*)$")
_ROMAN = re.compile(r"^([IVXLC]+)\s*[.)]\s*(.*)$")
_UPPER_LETTER = re.compile(r"^([A-ZĐ])\.\s+(.*)$")
_NUM = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)(?:\.|\))\s*(.*)$")
_NUM_DOTTED = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\s+(.*)$")
_LETTER = re.compile(r"^([a-zđ])\s*[).]\s+(.*)$")
_BULLET = re.compile(r"^([-–—•+*])\s*(.+)$")

_CLOSING = re.compile(
    r"^(trong qua trinh|qua trinh (thuc hien|trien khai)|tren day|tran trong|"
    r"noi nhan)\b|"
    r"^[^,.;]{0,80}\byeu cau\b|(neu co|trong qua trinh).{0,60}(kho khan|vuong mac)"
)

# Fixed depth of each kind of label (smaller is higher).
RANK_PART, RANK_MUC, RANK_ROMAN, RANK_UPPER, RANK_ARTICLE = 0, 1, 2, 3, 4
RANK_NUM = 5  # "1." = 5, "1.1." = 6, "1.1.1." = 7
RANK_LETTER, RANK_BULLET, RANK_SUBBULLET = 9, 10, 11


@dataclass(slots=True)
class Node:
    label: str | None  # as written: "III.", "3.1.", "a)", "-"
    key: str | None  # normalised: "III", "3.1", "a", "-"
    rank: int
    heading: str | None
    content: list[str | Node | Table] = field(default_factory=list)
    parent: Node | None = field(default=None, repr=False)

    @property
    def is_bullet(self) -> bool:
        return self.rank >= RANK_BULLET

    def paragraphs(self) -> list[str]:
        return [c for c in self.content if isinstance(c, str)]

    def children(self) -> list[Node]:
        return [c for c in self.content if isinstance(c, Node)]


_ADDRESS = re.compile(r"^(?:Đề nghị|Yêu cầu)\s+")
_CLOSING_HINTS = (
    "trong quá trình",
    "quá trình",
    "trên đây",
    "trân trọng",
    "nơi nhận",
    "yêu cầu",
)


def is_closing(text: str) -> bool:
    """Closing paragraphs of a part (``Trong quá trình thực hiện, nếu …``,
    ``Trên đây là …``, ``UBND tỉnh yêu cầu …``): they belong to the part,
    not to its last item."""
    low = text.lower()
    if any(w in low for w in _CLOSING_HINTS) and _CLOSING.search(fold(text)):
        return True
    # The body's last sentence (end mark "./.") addressed to units anew.
    return text.rstrip().endswith("./.") and begins_with_unit(_ADDRESS.sub("", text))


_LABEL_FIRST = frozenset("0123456789-–—•+*IVXLCPMĐđ")


_PART_FIRST = frozenset("PC")
_ROMAN_FIRST = frozenset("IVXLC")
_UPPER_FIRST = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZĐ")
_LETTER_FIRST = frozenset("abcdefghijklmnopqrstuvwxyzđ")
_BULLET_FIRST = frozenset("-–—•+*")


def parse_label(text: str) -> tuple[str, str, int, str] | None:
    """``(label as written, key, rank, rest)`` or None for a plain line.

    The patterns are tried in a fixed order; a pattern whose first
    character cannot be the line's is skipped (most lines are plain text).
    """
    c0 = text[:1]
    if not c0 or (
        c0 not in _LABEL_FIRST
        and not (len(text) > 1 and text[1] in ").")  # "a)", "A."
        and not text.startswith(("Chương", "CHƯƠNG", "Mục", "MỤC", "PHẦN", "Phần"))
    ):
        return None
    m = _PART.match(text) if c0 in _PART_FIRST else None
    if m:
        return f"{m.group(1)} {m.group(2)}", m.group(2), RANK_PART, m.group(3)
    m = _MUC.match(text) if c0 == "M" else None
    if m:
        return f"{m.group(1)} {m.group(2)}", m.group(2), RANK_MUC, m.group(3)
    m = _ARTICLE.match(text) if c0 == "Đ" else None
    if m:
        return f"Điều {m.group(2)}.", m.group(2), RANK_ARTICLE, m.group(3)
    m = _ROMAN.match(text) if c0 in _ROMAN_FIRST else None
    if m and _ROMAN_RE.match(m.group(1)) and m.group(2):
        return text[: m.start(2)].strip(), m.group(1), RANK_ROMAN, m.group(2)
    m = _UPPER_LETTER.match(text) if c0 in _UPPER_FIRST else None
    if m and m.group(2)[:1].isupper():
        return f"{m.group(1)}.", m.group(1), RANK_UPPER, m.group(2)
    if c0.isdecimal():  # what \d matches
        m = _NUM.match(text) or _NUM_DOTTED.match(text)
        if m and m.group(2):
            key = m.group(1)
            depth = key.count(".")
            return (
                text[: m.start(2)].strip(),
                key,
                RANK_NUM + min(depth, 3),
                m.group(2),
            )
    m = _LETTER.match(text) if c0 in _LETTER_FIRST else None
    if m:
        return text[: m.start(2)].strip(), m.group(1), RANK_LETTER, m.group(2)
    m = _BULLET.match(text) if c0 in _BULLET_FIRST else None
    if m and text.strip("-–—_=*. "):  # not a rule line such as "-----"
        sym = m.group(1)
        rank = RANK_SUBBULLET if sym in "+*" else RANK_BULLET
        return sym, sym, rank, m.group(2)
    return None


def build_tree(lines: list[Line]) -> Node:
    """The body lines as a tree under an unlabelled root."""
    root = Node(None, None, -1, None)
    stack: list[Node] = [root]
    for ln in lines:
        if ln.table is not None:
            while len(stack) > 1 and stack[-1].rank >= RANK_BULLET:
                stack.pop()
            stack[-1].content.append(ln.table)
            continue
        parsed = parse_label(ln.text)
        top = stack[-1]
        if (
            parsed is None
            and 0 <= top.rank < RANK_ROMAN
            and top.heading is None
            and not top.content
        ):
            top.heading = ln.text  # "Phần I" / "MỤC TIÊU" on the next line
            continue
        if parsed is None:
            while len(stack) > 1 and stack[-1].rank >= RANK_BULLET:
                stack.pop()
            if is_closing(ln.text):
                while len(stack) > 1 and stack[-1].rank >= RANK_NUM:
                    stack.pop()
            stack[-1].content.append(ln.text)
            continue
        label, key, rank, rest = parsed
        while len(stack) > 1 and stack[-1].rank >= rank:
            stack.pop()
        node = Node(label, key, rank, rest or None, parent=stack[-1])
        stack[-1].content.append(node)
        stack.append(node)
    return root


def to_sections(root: Node) -> tuple[Section, ...]:
    """Schema sections; lead-in paragraphs form an unlabelled first node."""
    paragraphs, children = _content(root)
    lead = (
        [Section(label=None, heading=None, paragraphs=paragraphs)] if paragraphs else []
    )
    return (*lead, *children)


def _content(node: Node) -> tuple[tuple[str, ...], tuple[Section, ...]]:
    """A node's own paragraphs and its children, in document order: text
    after a sub-item (a part's closing sentence) becomes an unlabelled child
    so a reader of the tree meets it where the document has it."""
    paragraphs: list[str] = []
    children: list[Section] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            children.append(
                Section(label=None, heading=None, paragraphs=tuple(pending))
            )
            pending.clear()

    for c in node.content:
        if isinstance(c, Node):
            flush()
            children.append(_section(c))
            continue
        texts = [c] if isinstance(c, str) else [" | ".join(row) for row in c.rows]
        (pending if children else paragraphs).extend(texts)
    flush()
    return tuple(paragraphs), tuple(children)


def _section(node: Node) -> Section:
    paragraphs, children = _content(node)
    return Section(
        label=node.key, heading=node.heading, paragraphs=paragraphs, children=children
    )


def item_ref(node: Node) -> str | None:
    """An item's reference as the annotations write it: ``3.1``, ``3.1.a``."""
    if node.key is None:
        return None
    if node.rank == RANK_LETTER and node.parent is not None:
        up: Node | None = node.parent
        while up is not None and up.is_bullet:
            up = up.parent
        if up is not None and up.key and up.rank in range(RANK_ARTICLE, RANK_LETTER):
            return f"{item_ref(up)}.{node.key}"
    return node.key


def render(node: Node) -> str:
    """The item's text with its sub-items, labels kept (``a) … - …``)."""
    parts: list[str] = []
    if node.heading:
        parts.append(node.heading)
    for c in node.content:
        if isinstance(c, str):
            parts.append(c)
        elif isinstance(c, Node):
            parts.append(f"{c.label} {render(c)}".strip())
    return " ".join(parts)
