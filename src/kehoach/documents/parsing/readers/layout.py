"""From positioned words (a PDF text layer, Tesseract's boxes) to blocks.

Shared by the PDF and OCR readers so a scan and a born-digital PDF of the
same page come out alike:

* words on one line are split into *segments* where a wide gap separates
  them (the two columns of a Decree 30 header or signature block);
* runs of rows laid out in two columns (agency | Quốc hiệu, Số | date,
  Nơi nhận | signer) are read left column first, then right column, each
  followed by an empty paragraph — the shape of the plain-text copies;
* wrapped lines of one paragraph are joined (the next line's first word
  would have fitted on the previous line otherwise, it is not indented and
  does not start a list item); a visibly larger vertical gap gives an empty
  paragraph, like a blank line in a text file.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from kehoach.documents.parsing.types import Block, Paragraph


@dataclass(frozen=True)
class Word:
    x0: float
    x1: float
    top: float
    bottom: float
    text: str


@dataclass(frozen=True)
class Segment:
    x0: float
    x1: float
    top: float
    bottom: float
    text: str
    first_word: float  # width of the first word, for reflow decisions


@dataclass(frozen=True)
class Placed:
    """Blocks that already have their place on the page (a table)."""

    top: float
    bottom: float
    blocks: tuple[Block, ...]


_MARKER = re.compile(
    r"^(?:[-–—•+*▪●○►❖✓]\s*\S|\d+(?:\.\d+)*\.\s|\d+(?:\.\d+)+\s|[a-zđ]\)\s|"
    r"[IVXLC]+\.\s|\(\d+\)|(?:Điều|Chương|Mục|Phần|Phụ lục)\s)"
)


def group_lines(words: Sequence[Word]) -> list[list[Word]]:
    """Words → lines (by vertical overlap), each sorted left to right."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        if lines:
            ref = lines[-1][0]
            overlap = min(ref.bottom, word.bottom) - max(ref.top, word.top)
            height = min(ref.bottom - ref.top, word.bottom - word.top)
            if height > 0 and overlap >= 0.5 * height:
                lines[-1].append(word)
                continue
        lines.append([word])
    for line in lines:
        line.sort(key=lambda w: w.x0)
    return lines


def split_segments(
    line: Sequence[Word], gap_factor: float = 2.5, middle: float | None = None
) -> list[Segment]:
    """Cut a line at column gaps.

    A gap is a column gap when it is wider than ``gap_factor`` line
    heights, or wider than one line height and either holds the page's
    ``middle`` or is far wider (3x) than the line's typical word space —
    two centred columns whose texts nearly meet, as in the header.
    """
    if len(line) < 2:
        return [_segment(line)] if line else []
    gaps = [b.x0 - a.x1 for a, b in itertools.pairwise(line)]
    typical = statistics.median(gaps)
    segments: list[Segment] = []
    current: list[Word] = [line[0]]
    for gap, word in zip(gaps, line[1:], strict=True):
        height = max(word.bottom - word.top, 1.0)
        at_middle = middle is not None and current[-1].x1 <= middle <= word.x0
        wide = gap > height and (at_middle or gap > 3 * max(typical, 0.1 * height))
        if gap > gap_factor * height or wide:
            segments.append(_segment(current))
            current = []
        current.append(word)
    segments.append(_segment(current))
    return segments


def line_segments(words: Sequence[Word]) -> list[Segment]:
    """Words of a page → segments, with the page's middle from its text."""
    if not words:
        return []
    middle = (min(w.x0 for w in words) + max(w.x1 for w in words)) / 2
    lines = group_lines(words)
    return [s for line in lines for s in split_segments(line, middle=middle)]


def _segment(words: Sequence[Word]) -> Segment:
    return Segment(
        x0=min(w.x0 for w in words),
        x1=max(w.x1 for w in words),
        top=min(w.top for w in words),
        bottom=max(w.bottom for w in words),
        text=" ".join(w.text for w in words if w.text),
        first_word=words[0].x1 - words[0].x0,
    )


@dataclass
class _Row:
    segments: list[Segment]

    @property
    def top(self) -> float:
        return min(s.top for s in self.segments)

    @property
    def bottom(self) -> float:
        return max(s.bottom for s in self.segments)


def page_blocks(
    segments: Sequence[Segment], placed: Sequence[Placed] = ()
) -> list[Block]:
    """Blocks of one page in reading order."""
    if not segments:
        return [b for p in sorted(placed, key=lambda p: p.top) for b in p.blocks]
    rows = _rows(segments)
    left = min(s.x0 for s in segments)
    right = max(s.x1 for s in segments)
    height = statistics.median(r.bottom - r.top for r in rows) or 1.0
    geometry = _Geometry(left, right, height)
    items: list[_Row | Placed] = [*rows, *placed]
    items.sort(key=lambda item: item.top)
    blocks: list[Block] = []
    run: list[_Row] = []
    for item in items:
        if isinstance(item, Placed):
            blocks.extend(_flow(run, geometry))
            run = []
            blocks.extend(item.blocks)
        else:
            run.append(item)
    blocks.extend(_flow(run, geometry))
    return _tidy(blocks)


def _tidy(blocks: Sequence[Block]) -> list[Block]:
    """No empty paragraph first, and never two in a row."""
    out: list[Block] = []
    for block in blocks:
        blank = isinstance(block, Paragraph) and not block.text
        if blank and (not out or out[-1] == Paragraph("")):
            continue
        out.append(block)
    return out


def _rows(segments: Sequence[Segment]) -> list[_Row]:
    rows: list[_Row] = []
    for seg in sorted(segments, key=lambda s: (s.top, s.x0)):
        if rows:
            ref = rows[-1].segments[0]
            overlap = min(ref.bottom, seg.bottom) - max(ref.top, seg.top)
            h = min(ref.bottom - ref.top, seg.bottom - seg.top)
            if h > 0 and overlap >= 0.5 * h:
                rows[-1].segments.append(seg)
                continue
        rows.append(_Row([seg]))
    for row in rows:
        row.segments.sort(key=lambda s: s.x0)
    return rows


@dataclass(frozen=True)
class _Geometry:
    left: float
    right: float
    height: float

    @property
    def mid(self) -> float:
        return (self.left + self.right) / 2

    @property
    def slack(self) -> float:
        return 0.02 * (self.right - self.left)

    def side(self, seg: Segment) -> str:
        if seg.x1 <= self.mid + self.slack:
            return "left"
        if seg.x0 >= self.mid - self.slack:
            return "right"
        return "cross"


def _flow(rows: Sequence[_Row], geo: _Geometry) -> list[Block]:
    """Rows between two tables: find two-column bands, reflow the rest."""
    pieces: list[tuple[bool, list[_Row]]] = []

    def add(is_band: bool, part: list[_Row]) -> None:
        if pieces and not is_band and not pieces[-1][0]:
            pieces[-1][1].extend(part)
        else:
            pieces.append((is_band, part))

    i, n = 0, len(rows)
    while i < n:
        if _crosses(rows[i], geo):
            add(False, [rows[i]])
            i += 1
            continue
        j = i
        while j < n and not _crosses(rows[j], geo):
            j += 1
        run = list(rows[i:j])
        add(any(_two_columns(r, geo) for r in run), run)
        i = j
    blocks: list[Block] = []
    previous: _Row | None = None
    for is_band, part in pieces:
        if is_band:
            blocks.extend(_band(part, geo, previous))
        else:
            blocks.extend(_reflow(part, geo, previous))
        previous = part[-1]
    return blocks


def _crosses(row: _Row, geo: _Geometry) -> bool:
    """A row that is not part of a two-column layout: one segment across
    the middle, or three or more (an unruled table row)."""
    if len(row.segments) == 2:
        return False
    return len(row.segments) > 2 or geo.side(row.segments[0]) == "cross"


def _sides(row: _Row, geo: _Geometry) -> tuple[list[Segment], list[Segment]]:
    if len(row.segments) == 2:
        return [row.segments[0]], [row.segments[1]]
    seg = row.segments[0]
    return ([seg], []) if geo.side(seg) == "left" else ([], [seg])


def _two_columns(row: _Row, geo: _Geometry) -> bool:
    return len(row.segments) == 2


def _gap_above(row: _Row, previous: _Row | None, geo: _Geometry) -> bool:
    return previous is not None and row.top - previous.bottom > 0.8 * geo.height


def _band(rows: Sequence[_Row], geo: _Geometry, previous: _Row | None) -> list[Block]:
    blocks: list[Block] = []
    if _gap_above(rows[0], previous, geo):
        blocks.append(Paragraph(""))
    groups: list[list[_Row]] = []
    for k, row in enumerate(rows):
        if not groups or _gap_above(row, rows[k - 1], geo):
            groups.append([])
        groups[-1].append(row)
    for group in groups:
        for side in (0, 1):
            lines = [s.text for r in group for s in _sides(r, geo)[side]]
            lines = [t for t in lines if t.strip()]
            if lines:
                blocks.extend(Paragraph(t) for t in lines)
                blocks.append(Paragraph(""))
    return blocks


def _reflow(
    rows: Sequence[_Row], geo: _Geometry, previous: _Row | None = None
) -> list[Block]:
    blocks: list[Block] = []
    text: list[str] = []
    last: Segment | None = None
    prev_row = previous
    for row in rows:
        seg = _merge(row.segments)
        gap = _gap_above(row, prev_row, geo)
        if last is not None and not gap and _continues(last, seg, geo):
            text.append(seg.text)
        else:
            if text:
                blocks.append(Paragraph(" ".join(text)))
            if gap and (not blocks or blocks[-1] != Paragraph("")):
                blocks.append(Paragraph(""))
            text = [seg.text]
        last = seg
        prev_row = row
    if text:
        blocks.append(Paragraph(" ".join(text)))
    return blocks


def _merge(segments: Sequence[Segment]) -> Segment:
    if len(segments) == 1:
        return segments[0]
    return Segment(
        x0=segments[0].x0,
        x1=max(s.x1 for s in segments),
        top=min(s.top for s in segments),
        bottom=max(s.bottom for s in segments),
        text=" ".join(s.text for s in segments),
        first_word=segments[0].first_word,
    )


def _continues(prev: Segment, seg: Segment, geo: _Geometry) -> bool:
    """Whether ``seg`` is a wrapped continuation of the line ``prev``."""
    space = 0.35 * geo.height
    would_fit = prev.x1 + space + seg.first_word < geo.right - space
    indented = seg.x0 > geo.left + 0.6 * geo.height
    return not would_fit and not indented and not _MARKER.match(seg.text)


_SENTENCE_END = (".", ";", ":", "!", "?", "./.", "…")


def join_pages(before: list[Block], after: Sequence[Block]) -> list[Block]:
    """Append a page's blocks, joining a paragraph cut by the page break.

    The previous page's last paragraph continues when it does not end a
    sentence and the new page starts with a lower-case word that is not a
    list item; otherwise an empty paragraph separates the pages.
    """
    if not after:
        return before
    last, first = (before[-1] if before else None), after[0]
    if (
        isinstance(last, Paragraph)
        and isinstance(first, Paragraph)
        and last.text
        and first.text[:1].islower()
        and not last.text.rstrip().endswith(_SENTENCE_END)
        and not _MARKER.match(first.text)
    ):
        return [*before[:-1], Paragraph(f"{last.text} {first.text}"), *after[1:]]
    if before:
        return [*before, Paragraph(""), *after]
    return list(after)
