"""From a stored Document (with its Plan) or a parsed document to the
render tree.

Both adapters fill one :class:`Source`; :func:`build` turns it into a
:class:`~.model.RenderDocument`. The body comes from the section tree
(``{label, heading, paragraphs, children}``, the parser's and the editor's
shape). A document whose body is empty but which lists activities and
duties (a plan entered by hand) gets a body written from them, so that it
still renders as a whole plan.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils import translation

from kehoach.documents.enums import DocType
from kehoach.documents.rendering.layout import (
    PAGE,
    SIZE_MOTTO,
    SIZE_TITLE,
    header_geometry,
    short_rule_mm,
    text_width_mm,
)
from kehoach.documents.rendering.model import (
    MOTTO,
    NATION,
    Block,
    BlockKind,
    Header,
    RenderDocument,
    archive_line,
    date_line,
    file_stem,
    number_line,
    recipient_line,
    signer_block,
)
from kehoach.lib.dates import parse_partial_date
from kehoach.lib.text import fold

if TYPE_CHECKING:
    from kehoach.documents.models import Document

ROMAN = re.compile(r"^(?=[IVXLC])M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$")
_TITLED = re.compile(r"^(Phần|PHẦN|Chương|CHƯƠNG|Mục|MỤC|Điều|Tiểu mục)\s")
_NUMBER = re.compile(r"^\d{1,3}(\.\d{1,3})*$")
_CLOSING = ("trong qua trinh", "qua trinh thuc hien", "tren day", "tran trong")
_END_MARK = "./."


@dataclass(frozen=True)
class Source:
    """What a document says, whatever it was stored as."""

    doc_type: str = ""
    number: str | None = None
    symbol: str = ""
    issuer_parent: str = ""
    issuer_name: str = ""
    place: str = ""
    issued_on: dt.date | None = None
    precision: str = "day"
    title: str = ""
    sections: Sequence[Mapping[str, Any]] = ()
    references: Sequence[str] = ()  # citation texts
    recipients: Sequence[tuple[str, str | None]] = ()
    archive: Sequence[str] = ()
    signer: tuple[str, str, str] = ("", "", "")  # authority, title, name
    activities: Sequence[Mapping[str, Any]] = ()  # schema shape
    duties: Sequence[Mapping[str, Any]] = ()
    agency_name: str = ""  # sentence case, for a written lead-in
    meta: dict[str, str] = field(default_factory=dict)


# --- adapters ----------------------------------------------------------------


def source_from_parsed(parsed: Mapping[str, Any]) -> Source:
    """A parsed document (schema ``kehoach.document/1``) as a Source."""
    issuer = parsed.get("issuer") or {}
    signer = parsed.get("signer") or {}
    issued_on, precision = parse_partial_date(parsed.get("issued"))
    return Source(
        doc_type=parsed.get("doc_type") or "",
        number=parsed.get("number"),
        symbol=parsed.get("symbol") or "",
        issuer_parent=issuer.get("parent") or "",
        issuer_name=issuer.get("name") or "",
        place=parsed.get("place") or "",
        issued_on=issued_on,
        precision=precision,
        title=parsed.get("title") or "",
        sections=list(parsed.get("sections") or []),
        references=[r.get("text") or "" for r in parsed.get("references") or []],
        recipients=[
            (r.get("name") or "", r.get("purpose"))
            for r in parsed.get("recipients") or []
            if r.get("name")
        ],
        archive=list(parsed.get("archive") or []),
        signer=(
            signer.get("authority") or "",
            signer.get("title") or "",
            signer.get("name") or "",
        ),
        activities=list(parsed.get("activities") or []),
        duties=list(parsed.get("duties") or []),
    )


def source_from_document(document: Document) -> Source:
    """A stored Document, with its Plan's activities and duties when the
    body is empty. Costs a fixed number of queries (references, recipients,
    plan, activities), whatever their number."""
    agency = document.agency
    activities: list[dict[str, Any]] = []
    duties: list[dict[str, Any]] = []
    if not document.body:
        plan = getattr(document, "plan", None)
        if plan is not None:
            activities, duties = _plan_items(plan.activities.all())
    return Source(
        doc_type=document.doc_type,
        number=document.number,
        symbol=document.symbol,
        issuer_parent=document.issuer_parent,
        issuer_name=document.issuer_name or agency.name.upper(),
        place=document.place or agency.place,
        issued_on=document.issued_on,
        precision=document.issued_precision,
        title=document.title,
        sections=list(document.body or []),
        references=[r.text for r in document.references.all()],
        recipients=[(r.name, r.purpose or None) for r in document.recipients.all()],
        archive=list(document.archive or []),
        signer=(document.signer_authority, document.signer_title, document.signer_name),
        activities=activities,
        duties=duties,
        agency_name=agency.name,
        meta={"author": agency.name},
    )


def _plan_items(
    rows: Iterable[Any],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    activities: list[dict[str, Any]] = []
    duties: list[dict[str, Any]] = []
    for row in rows:
        if row.kind == "duty":
            duties.append(
                {"ref": row.label, "units": list(row.lead_text), "text": row.title}
            )
        else:
            activities.append(
                {
                    "ref": row.label,
                    "title": row.title,
                    "lead": list(row.lead_text),
                    "support": list(row.support_text),
                    "due": {"text": row.due_text, "kind": row.due_kind}
                    if row.due_text
                    else None,
                    "funding": row.funding or None,
                }
            )
    return activities, duties


# --- the tree ----------------------------------------------------------------


def type_name(doc_type: str) -> str:
    """``"KH"`` → ``"KẾ HOẠCH"``; a công văn has none (its subject goes
    under the number instead)."""
    if not doc_type or doc_type == DocType.CV or doc_type not in DocType.values:
        return ""
    with translation.override("vi"):
        return str(DocType(doc_type).label).upper()


def build(source: Source) -> RenderDocument:
    """The render tree of a document."""
    is_letter = source.doc_type == DocType.CV
    title = " ".join(source.title.split())
    parent = " ".join(source.issuer_parent.split()).upper()
    issuer = " ".join(source.issuer_name.split()).upper()
    geometry = header_geometry(parent, issuer, NATION)
    header = Header(
        parent=parent,
        issuer=issuer,
        number_line=number_line(source.number, source.symbol),
        date_line=date_line(source.place, source.issued_on, source.precision),
        subject_line=f"V/v {title}" if is_letter and title else "",
        size_pt=geometry.size_pt,
        columns_mm=geometry.columns_mm,
        overhang_mm=geometry.overhang_mm,
        issuer_rule_mm=short_rule_mm(
            issuer, geometry.size_pt, geometry.columns_mm[0] - 1, bold=True
        )
        if issuer
        else 0.0,
        motto_rule_mm=text_width_mm(MOTTO, SIZE_MOTTO, bold=True),
    )
    title = "" if is_letter else title
    return RenderDocument(
        header=header,
        type_name=type_name(source.doc_type),
        title=title,
        title_rule_mm=short_rule_mm(title, SIZE_TITLE, PAGE.text_width_mm, bold=True)
        if title
        else 0.0,
        body=tuple(_end_marked(list(body_blocks(source)))),
        signer=signer_block(*source.signer),
        recipient_lines=tuple(recipient_line(n, p) for n, p in source.recipients),
        archive_line=archive_line(list(source.archive)),
        file_stem=file_stem(
            source.symbol,
            source.number,
            source.issued_on.year if source.issued_on else None,
        ),
        meta={"title": " ".join(source.title.split()), **source.meta},
    )


def body_blocks(source: Source) -> Iterator[Block]:
    sections = list(source.sections)
    has_lead_in = bool(sections) and _is_lead_in(sections[0])
    if not has_lead_in and source.references:
        yield from _written_lead_in(source)
    if sections:
        yield from _sections(sections, depth=0)
    else:
        yield from _written_body(source.activities, source.duties)


def _is_lead_in(section: Mapping[str, Any]) -> bool:
    return not section.get("label") and not section.get("heading")


def _written_lead_in(source: Source) -> Iterator[Block]:
    """ "Thực hiện …; …" from the references, when the body has no lead-in."""
    cited = "; ".join(t.strip().rstrip(".;") for t in source.references if t.strip())
    if not cited:
        return
    name = type_name(source.doc_type)
    if source.agency_name and name and source.title:
        title = source.title.strip().rstrip(".")
        yield Block(
            BlockKind.PARAGRAPH,
            f"Thực hiện {cited}, {source.agency_name} ban hành "
            f"{name.capitalize()} {title[:1].lower()}{title[1:]} như sau:",
        )
    else:
        yield Block(BlockKind.PARAGRAPH, f"Thực hiện {cited}.")


def _sections(sections: Iterable[Mapping[str, Any]], depth: int) -> Iterator[Block]:
    for section in sections:
        label = (section.get("label") or "").strip()
        heading = " ".join((section.get("heading") or "").split())
        paragraphs = [
            " ".join(p.split()) for p in section.get("paragraphs") or [] if p.strip()
        ]
        children = list(section.get("children") or [])
        if label or heading:
            if not heading and paragraphs and not children:
                heading = paragraphs.pop(0)
            kind, text = _labelled(label, heading, titled=bool(children or paragraphs))
            yield Block(kind, text, depth)
        before, after = _split_closing(paragraphs, has_children=bool(children))
        lead_in = not (label or heading) and depth == 0
        for text in before:
            basis = lead_in and fold(text).startswith("can cu")
            yield Block(BlockKind.BASIS if basis else BlockKind.PARAGRAPH, text, depth)
        yield from _sections(children, depth + 1)
        for text in after:
            yield Block(BlockKind.PARAGRAPH, text, depth)


def _labelled(label: str, heading: str, *, titled: bool) -> tuple[BlockKind, str]:
    """Kind and text of a labelled node: ``("III", "Nội dung")`` →
    ``(PART, "III. NỘI DUNG")``."""
    key = label.rstrip(".)").strip()
    if _TITLED.match(label + " "):
        return BlockKind.PART, f"{key}. {heading.upper()}".strip(" .")
    if ROMAN.match(key) or re.fullmatch(r"[A-ZĐ]", key):
        return BlockKind.PART, f"{key}. {heading.upper()}".strip()
    if _NUMBER.match(key):
        return (BlockKind.HEADING if titled else BlockKind.ITEM), f"{key}. {heading}"
    if re.fullmatch(r"[a-zđ]", key):
        return BlockKind.POINT, f"{key}) {heading}"
    if key in {"-", "–", "—", "•", "▪", "●"} or not key:
        return BlockKind.BULLET, f"- {heading}".strip()
    if key in {"+", "*"}:
        return BlockKind.BULLET, f"+ {heading}"
    return BlockKind.PARAGRAPH, f"{label} {heading}".strip()


def _split_closing(
    paragraphs: list[str], *, has_children: bool
) -> tuple[list[str], list[str]]:
    """The section tree keeps a node's paragraphs apart from its children;
    closing sentences ("Trong quá trình thực hiện…", "…./.") are written
    after the children, where the document had them."""
    if not has_children:
        return paragraphs, []
    before: list[str] = []
    after: list[str] = []
    for text in paragraphs:
        closing = fold(text).startswith(_CLOSING) or text.endswith(_END_MARK)
        (after if closing or after else before).append(text)
    return before, after


def _written_body(
    activities: Sequence[Mapping[str, Any]], duties: Sequence[Mapping[str, Any]]
) -> Iterator[Block]:
    """A plan's body written from its activities and duties."""
    parts = [
        ("NỘI DUNG CÁC HOẠT ĐỘNG", _activity_blocks(activities)),
        ("TỔ CHỨC THỰC HIỆN", _duty_blocks(duties)),
    ]
    numerals = iter(["I", "II", "III"])
    for heading, blocks in parts:
        items = list(blocks)
        if items:
            yield Block(BlockKind.PART, f"{next(numerals)}. {heading}")
            yield from items


def _activity_blocks(activities: Sequence[Mapping[str, Any]]) -> Iterator[Block]:
    for n, item in enumerate(activities, start=1):
        ref = (item.get("ref") or str(n)).rstrip(".")
        yield Block(BlockKind.HEADING, f"{ref}. {item.get('title') or ''}".strip(), 1)
        lines = [
            ("Đơn vị chủ trì", "; ".join(item.get("lead") or [])),
            ("Đơn vị phối hợp", "; ".join(item.get("support") or [])),
            _due_line(item.get("due")),
            ("Kinh phí", item.get("funding") or ""),
        ]
        for label, value in lines:
            if value:
                yield Block(BlockKind.BULLET, f"- {label}: {value}.", 2)


def _due_line(due: Mapping[str, Any] | None) -> tuple[str, str]:
    if not due or not due.get("text"):
        return "Thời gian", ""
    label = "Thời gian hoàn thành" if due.get("kind") == "before" else "Thời gian"
    return label, str(due["text"])


def _duty_blocks(duties: Sequence[Mapping[str, Any]]) -> Iterator[Block]:
    for n, item in enumerate(duties, start=1):
        ref = (item.get("ref") or str(n)).rstrip(".")
        text = " ".join((item.get("text") or "").split())
        units = [u for u in item.get("units") or [] if u]
        if units and not any(fold(text).startswith(fold(u)) for u in units):
            text = f"{', '.join(units)}: {text}"
        yield Block(BlockKind.ITEM, f"{ref}. {text}", 1)


def _end_marked(blocks: list[Block]) -> list[Block]:
    """The body ends with ``./.`` (Decree 30 models)."""
    if not blocks or blocks[-1].text.endswith(_END_MARK):
        return blocks
    last = blocks[-1]
    text = last.text.rstrip()
    text = text[:-1] if text.endswith((".", ";", ":")) else text
    return [*blocks[:-1], Block(last.kind, text + _END_MARK, last.level)]


def render_parsed(parsed: Mapping[str, Any]) -> RenderDocument:
    """The render tree of a parsed document (previews, round trips)."""
    return build(source_from_parsed(parsed))


def render_document(document: Document) -> RenderDocument:
    """The render tree of a stored document (and its plan)."""
    return build(source_from_document(document))
