"""Structured data from the text of a Vietnamese administrative document.

``extract(raw)`` runs ordered steps over the reader's blocks:

1. lines: clean, unwrap soft/hard wraps (:mod:`.lines`);
2. header: issuer, number, symbol, type, place, date, title (:mod:`.header`);
3. zones: body, closing part (Nơi nhận + signer), appendices;
4. body tree, references, activities, duties; closing part.

Pure Python; no Django import.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

from kehoach.documents.parsing.extract.activities import (
    activities_from_tables,
    activities_from_tree,
)
from kehoach.documents.parsing.extract.dates import document_year, parse_due
from kehoach.documents.parsing.extract.duties import duties_from_tree
from kehoach.documents.parsing.extract.header import is_type_name, parse_header
from kehoach.documents.parsing.extract.lines import Line, blocks_to_lines, unwrap
from kehoach.documents.parsing.extract.references import find_references
from kehoach.documents.parsing.extract.sections import build_tree, to_sections
from kehoach.documents.parsing.extract.signer import find_tail_start, parse_tail
from kehoach.documents.parsing.types import (
    Activity,
    Issuer,
    ParsedDocument,
    ParseError,
    RawDocument,
)

__all__ = ["extract"]

_APPENDIX = re.compile(r"^(PHỤ LỤC|Phụ lục|PHỤ BIỂU|Phụ biểu)\b")
_FOOTNOTE = re.compile(r"^\[\d+\]")


def _appendix_start(lines: list[Line], start: int) -> int:
    for i in range(start, len(lines)):
        if _APPENDIX.match(lines[i].text) or _FOOTNOTE.match(lines[i].text):
            return i
    return len(lines)


# "(Ban hành kèm theo Quyết định số …)", "(Kèm theo Kế hoạch số …)".
_ATTACHED_CAPTION = re.compile(r"^\((?:Ban hành\s+)?[Kk]èm theo\b")


def _attachments(lines: list[Line], start: int) -> list[tuple[int, int, bool]]:
    """What follows the closing part: ``(first line, end, is a document)``
    for each appendix (``PHỤ LỤC``) and each attached document — a type
    name (``KẾ HOẠCH`` …) whose ``(Ban hành kèm theo …)`` caption follows
    within a few lines, as a Quyết định issuing a plan prints the plan
    after its own signature. Footnotes end the last one."""
    starts: list[tuple[int, bool]] = []
    i = start
    while i < len(lines):
        text = lines[i].text
        if _FOOTNOTE.match(text):
            break
        if _APPENDIX.match(text):
            starts.append((i, False))
        elif is_type_name(text):
            for j in range(i + 1, min(i + 5, len(lines))):
                if _ATTACHED_CAPTION.match(lines[j].text):
                    starts.append((j + 1, True))
                    i = j
                    break
        i += 1
    if not starts:
        return []
    ends = [s for s, _ in starts[1:]] + [i]
    return [
        (first, end, document)
        for (first, document), end in zip(starts, ends, strict=True)
        if first < end
    ]


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Extraction builds many objects that all live until it returns (lines,
    the body tree); the cyclic garbage collector would walk the growing heap
    again and again meanwhile — a cost that grows faster than the document.
    It is paused for the extraction (if it was running) and resumes after."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def extract(raw: RawDocument) -> ParsedDocument:
    """A :class:`ParsedDocument` from a reader's :class:`RawDocument`."""
    with _collector_paused():
        return _extract(raw)


def _complete_years(activities: list[Activity], year: int | None) -> list[Activity]:
    """Deadlines written without a year ("trước ngày 25/8", "Quý III") are
    in the document's own year."""
    if year is None:
        return activities
    out = []
    for activity in activities:
        due = activity.due
        dated = (
            parse_due(due.text, year)
            if due is not None and due.date is None and due.kind == "other"
            else None
        )
        out.append(replace(activity, due=dated) if dated and dated.date else activity)
    return out


def _extract(raw: RawDocument) -> ParsedDocument:
    lines = unwrap(blocks_to_lines(raw))
    if not any(ln.text or ln.table for ln in lines):
        raise ParseError(
            "empty", "Văn bản không có nội dung.", "The document has no text."
        )
    head = parse_header(lines)
    body_start = min(head.body_start, len(lines))
    tail_start = find_tail_start(lines, body_start)
    if tail_start is None:
        body_end = _appendix_start(lines, body_start)
        tail = None
    else:
        body_end = tail_start
        tail = parse_tail(lines, tail_start, _appendix_start(lines, tail_start + 1))
    body = lines[body_start:body_end]
    tree = build_tree(body)
    after = tail.end if tail is not None else body_end
    attached = [
        (build_tree(lines[first:end]), document)
        for first, end, document in _attachments(lines, after)
    ]

    # Citations: the header and body, then what follows the signature
    # (attached documents, appendices, footnotes), not the Nơi nhận.
    cite_text = " ".join(
        ln.text for ln in (*lines[:body_end], *lines[after:]) if ln.text
    )
    references = find_references(cite_text, own=(head.number, head.symbol))
    activities = activities_from_tree(tree)
    for sub_tree, _ in attached:
        activities.extend(activities_from_tree(sub_tree))
    activities.extend(activities_from_tables(lines[body_start:]))
    activities = _complete_years(activities, document_year(head.issued, head.title))
    duties = duties_from_tree(tree)
    for sub_tree, document in attached:
        if document:
            duties.extend(duties_from_tree(sub_tree))
    return ParsedDocument(
        doc_type=head.doc_type,
        number=head.number,
        symbol=head.symbol,
        issuer=Issuer(parent=head.parent, name=head.name),
        place=head.place,
        issued=head.issued,
        title=head.title,
        references=references,
        recipients=tail.recipients if tail else (),
        archive=tail.archive if tail else (),
        signer=tail.signer if tail else ParsedDocument().signer,
        sections=to_sections(tree),
        activities=tuple(activities),
        duties=tuple(duties),
        source_format=raw.format,
        encoding=raw.encoding,
        ocr=raw.ocr,
    )
