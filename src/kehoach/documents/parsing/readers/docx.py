"""DOCX: body paragraphs and tables in document order.

The body XML is walked directly (python-docx loads the package): soft line
breaks split a paragraph into several, so the DOCX of a text reads like the
text file; tables go through :func:`base.table_blocks` (layout grids such as
the agency | Quốc hiệu header become paragraphs); nested tables are
flattened into their cell's text; text boxes follow their paragraph. Runs in
``.VnTime``/``.VnTimeH``/``VNI-*`` fonts (set on the run, its style, the
paragraph style or the document defaults) are converted from TCVN3/VNI.
"""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any

from kehoach.documents.parsing import encodings
from kehoach.documents.parsing.readers.base import (
    has_extension,
    not_document,
    table_blocks,
    too_large,
    unreadable,
)
from kehoach.documents.parsing.types import Block, Paragraph, RawDocument

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
MAX_UNZIPPED = 512 * 1024 * 1024
_SKIP = frozenset(
    W + tag
    for tag in (
        "pPr", "rPr", "del", "moveFrom", "instrText", "delText", "fldData",
        "tblPr", "tblGrid", "trPr", "tcPr", "sectPr", "commentReference",
    )
) | {_FALLBACK}  # fmt: skip
_LINE_BREAKS = frozenset((W + "br", W + "cr"))

FontKey = tuple[encodings.LegacyEncoding, bool] | None


class DocxReader:
    name = "docx"

    def supported_mime_types(self) -> Mapping[str, str]:
        return {
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (
                ".docx"
            )
        }

    def score(self, head: bytes, filename: str | None) -> int:
        if not head.startswith(b"PK\x03\x04"):
            return 0
        if b"word/" in head or has_extension(filename, ".docx", ".docm", ".dotx"):
            return 100
        return 50 if b"[Content_Types].xml" in head else 0

    def read(self, data: bytes) -> RawDocument:
        body, styles = _load(data)
        fonts = _Fonts(styles)
        walker = _Walker(fonts)
        blocks = tuple(walker.blocks(body))
        encoding = walker.legacy.most_common(1)[0][0] if walker.legacy else None
        return RawDocument(blocks, "docx", encoding)


def _load(data: bytes) -> tuple[Any, Any]:
    """The body element and the styles element (or None)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            unzipped = sum(info.file_size for info in infos)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise unreadable(f"DOCX/ZIP: {exc}") from exc
    if "word/document.xml" not in names:
        raise not_document("tệp ZIP không phải DOCX", "a ZIP file that is not a DOCX")
    if unzipped > MAX_UNZIPPED:
        raise too_large(unzipped, MAX_UNZIPPED)
    import docx  # noqa: PLC0415 -- heavy, only for DOCX
    from docx.opc.exceptions import PackageNotFoundError  # noqa: PLC0415

    try:
        document = docx.Document(io.BytesIO(data))
        return document.element.body, document.styles.element
    except ValueError:
        return _load_raw(data)  # macro-enabled or template: same XML
    except (PackageNotFoundError, KeyError, zipfile.BadZipFile, OSError) as exc:
        raise unreadable(f"DOCX: {exc}") from exc
    except Exception as exc:
        raise unreadable(f"DOCX: {type(exc).__name__}: {exc}") from exc


def _load_raw(data: bytes) -> tuple[Any, Any]:
    from lxml import etree  # noqa: PLC0415 -- heavy

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            root = etree.fromstring(archive.read("word/document.xml"), parser)
            styles = None
            if "word/styles.xml" in archive.namelist():
                styles = etree.fromstring(archive.read("word/styles.xml"), parser)
    except (etree.XMLSyntaxError, KeyError, zipfile.BadZipFile, OSError) as exc:
        raise unreadable(f"DOCX: {exc}") from exc
    body = root.find(W + "body")
    if body is None:
        raise unreadable("DOCX: không có phần thân / no body")
    return body, styles


class _Fonts:
    """Which font a run is set in, through styles and document defaults."""

    def __init__(self, styles: Any) -> None:
        self.fonts: dict[str, str | None] = {}
        self.based_on: dict[str, str] = {}
        self.default_paragraph: str | None = None
        self.default_font: str | None = None
        if styles is None:
            return
        for style in styles.iter(W + "style"):
            style_id = style.get(W + "styleId")
            if not style_id:
                continue
            self.fonts[style_id] = _font_of(style.find(W + "rPr"))
            based = style.find(W + "basedOn")
            if based is not None and based.get(W + "val"):
                self.based_on[style_id] = based.get(W + "val")
            if style.get(W + "type") == "paragraph" and style.get(W + "default") in (
                "1",
                "true",
            ):
                self.default_paragraph = style_id
        defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        self.default_font = _font_of(defaults)

    def style_font(self, style_id: str | None) -> str | None:
        for _ in range(20):  # basedOn chains are short; cycles are not ours
            if style_id is None:
                return None
            font = self.fonts.get(style_id)
            if font:
                return font
            style_id = self.based_on.get(style_id)
        return None

    def run_key(self, run: Any, paragraph_style: str | None) -> FontKey:
        rpr = run.find(W + "rPr")
        font = _font_of(rpr)
        if not font and rpr is not None:
            run_style = rpr.find(W + "rStyle")
            if run_style is not None:
                font = self.style_font(run_style.get(W + "val"))
        if not font:
            font = self.style_font(paragraph_style or self.default_paragraph)
        return encodings.legacy_font(font or self.default_font)


def _font_of(rpr: Any) -> str | None:
    if rpr is None:
        return None
    fonts = rpr.find(W + "rFonts")
    if fonts is None:
        return None
    name = fonts.get(W + "hAnsi") or fonts.get(W + "ascii") or fonts.get(W + "cs")
    return str(name) if name else None


class _Walker:
    def __init__(self, fonts: _Fonts) -> None:
        self.fonts = fonts
        self.legacy: Counter[str] = Counter()

    def blocks(self, container: Any) -> Iterator[Block]:
        for child in container:
            tag = child.tag
            if tag == W + "p":
                yield from self.paragraph(child)
            elif tag == W + "tbl":
                yield from table_blocks(self.rows(child))
            elif tag in (W + "sdt", W + "sdtContent", W + "customXml", W + "ins"):
                yield from self.blocks(child)

    def rows(self, table: Any) -> list[list[str]]:
        rows: list[list[str]] = []
        for row in _children(table, W + "tr"):
            cells = [self.cell_text(cell) for cell in _children(row, W + "tc")]
            rows.append(cells)
        return rows

    def cell_text(self, cell: Any) -> str:
        lines: list[str] = []
        for block in self.blocks(cell):
            if isinstance(block, Paragraph):
                if block.text.strip():
                    lines.append(block.text)
            else:  # a nested table: flattened to its cells' text
                lines.extend(c for row in block.rows for c in row if c.strip())
        return "\n".join(lines)

    def paragraph(self, p: Any) -> Iterator[Block]:
        ppr = p.find(W + "pPr")
        style_el = ppr.find(W + "pStyle") if ppr is not None else None
        style = style_el.get(W + "val") if style_el is not None else None
        lines: list[list[tuple[str, FontKey]]] = [[]]
        extra: list[Block] = []
        self._walk(p, None, style, lines, extra)
        for pieces in lines:
            yield Paragraph(self._convert(pieces).rstrip())
        yield from extra

    def _walk(
        self,
        element: Any,
        key: FontKey,
        style: str | None,
        lines: list[list[tuple[str, FontKey]]],
        extra: list[Block],
    ) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == W + "r":
                self._walk(child, self.fonts.run_key(child, style), style, lines, extra)
            elif tag == W + "t":
                lines[-1].append((child.text or "", key))
            elif tag == W + "tab":
                lines[-1].append(("\t", None))
            elif tag in _LINE_BREAKS:
                lines.append([])
            elif tag == W + "noBreakHyphen":
                lines[-1].append(("-", None))
            elif tag == W + "txbxContent":
                extra.extend(self.blocks(child))
            elif tag in (W + "softHyphen", W + "sym"):
                continue
            else:
                self._walk(child, key, style, lines, extra)

    def _convert(self, pieces: list[tuple[str, FontKey]]) -> str:
        out: list[str] = []
        run: list[str] = []
        run_key: FontKey = None
        for text, key in [*pieces, ("", None)]:
            if key != run_key and run:
                out.append(self._decode("".join(run), run_key))
                run = []
            run_key = key
            run.append(text)
        out.append("".join(run))
        return "".join(out)

    def _decode(self, text: str, key: FontKey) -> str:
        if key is None:
            return text
        encoding, upper = key
        self.legacy[encoding] += 1
        view = "".join(
            chr(ord(c) - 0xF000) if 0xF020 <= ord(c) <= 0xF0FF else c for c in text
        )
        return encodings.decode_legacy(view, encoding, upper=upper)


def _children(element: Any, tag: str) -> Iterator[Any]:
    """Direct children with ``tag``, looking through content controls."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in (W + "sdt", W + "sdtContent", W + "customXml"):
            yield from _children(child, tag)
