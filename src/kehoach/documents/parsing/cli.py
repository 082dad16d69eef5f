"""``kehoach parse FILE|DIR...``: parse documents from the command line.

No Django settings, no database; the heavy readers load only when a file
needs them. Output: a readable summary in Vietnamese (default), the JSON of
one document (``--json``), or one JSON object per line per input, each
with ``"source"`` as given (``--jsonl``). A file that fails gets one line on
stderr (Vietnamese, then English) and the others are still parsed; the exit
status is 1 if any failed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Iterator, Sequence
from typing import IO, Any

from kehoach.documents.parsing.types import ParsedDocument, ParseError

DOCUMENT_EXTENSIONS = frozenset(
    (
        ".txt", ".text", ".docx", ".docm", ".pdf", ".html", ".htm", ".xhtml",
        ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp",
    )
)  # fmt: skip
DEFAULT_MAX_SIZE = "50M"
_PROGRESS_AFTER = 3
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*$", re.IGNORECASE)

TYPE_NAMES = {
    "NQ": "Nghị quyết", "QĐ": "Quyết định", "CT": "Chỉ thị", "QC": "Quy chế",
    "QyĐ": "Quy định", "TC": "Thông cáo", "TB": "Thông báo", "HD": "Hướng dẫn",
    "CTr": "Chương trình", "KH": "Kế hoạch", "PA": "Phương án", "ĐA": "Đề án",
    "DA": "Dự án", "BC": "Báo cáo", "BB": "Biên bản", "TTr": "Tờ trình",
    "HĐ": "Hợp đồng", "CV": "Công văn", "CĐ": "Công điện", "BGN": "Bản ghi nhớ",
    "BTT": "Bản thỏa thuận", "GUQ": "Giấy ủy quyền", "GM": "Giấy mời",
    "GGT": "Giấy giới thiệu", "GNP": "Giấy nghỉ phép", "PG": "Phiếu gửi",
    "PC": "Phiếu chuyển", "PB": "Phiếu báo",
}  # fmt: skip


def parse_size(text: str) -> int:
    """``"50M"``, ``"10MB"``, ``"512k"``, ``"1048576"`` → bytes."""
    match = _SIZE.match(text)
    if not match:
        raise argparse.ArgumentTypeError(
            f"kích thước không hợp lệ / invalid size: {text!r} (vd./e.g. 50M)"
        )
    number, unit = float(match.group(1)), match.group(2).lower()
    factor = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[unit]
    return int(number * factor)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kehoach parse",
        description=(
            "Đọc văn bản hành chính (TXT, DOCX, PDF, HTML, ảnh quét) và in cấu trúc. "
            "/ Read administrative documents and print their structure."
        ),
    )
    parser.add_argument(
        "paths", nargs="+", metavar="TỆP", help="tệp hoặc thư mục / file or dir"
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--json", action="store_true", help="JSON của một văn bản / one document"
    )
    mode.add_argument(
        "--jsonl",
        action="store_true",
        help="một dòng JSON mỗi tệp / one JSON line per file",
    )
    parser.add_argument(
        "--max-size",
        type=parse_size,
        default=parse_size(DEFAULT_MAX_SIZE),
        metavar="CỠ",
        help=f"bỏ qua tệp lớn hơn / refuse larger files (mặc định {DEFAULT_MAX_SIZE})",
    )
    parser.add_argument(
        "--no-progress",
        action="store_true",
        help="không hiện tiến độ / no progress bar",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    sources = list(expand(args.paths))
    if args.json and len(sources) != 1:
        print(
            "kehoach parse: --json cần đúng một tệp, dùng --jsonl cho nhiều tệp "
            f"/ --json needs exactly one file, use --jsonl ({len(sources)} given)",
            file=sys.stderr,
        )
        return 2
    show_bar = (
        len(sources) > _PROGRESS_AFTER and sys.stderr.isatty() and not args.no_progress
    )
    failed = 0
    try:
        for source, outcome in _run(sources, args.max_size, show_bar):
            if isinstance(outcome, ParseError):
                failed += 1
                _report_failure(source, outcome, show_bar)
                continue
            _emit(sys.stdout, source, outcome, args)
    except BrokenPipeError:  # e.g. `kehoach parse … | head`
        sys.stderr.close()
        return 1
    return 1 if failed else 0


def expand(paths: Sequence[str]) -> Iterator[str]:
    """Files as given; directories walked (sorted, document files only)."""
    for path in paths:
        if not os.path.isdir(path):
            yield path
            continue
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.startswith("."):
                    continue
                if os.path.splitext(name)[1].lower() in DOCUMENT_EXTENSIONS:
                    yield os.path.join(root, name)


def _run(
    sources: list[str], max_size: int, show_bar: bool
) -> Iterator[tuple[str, ParsedDocument | ParseError]]:
    from kehoach.documents.parsing import parse  # noqa: PLC0415 -- after argparse, for --help speed

    iterable: Any = sources
    if show_bar:
        from tqdm import tqdm  # noqa: PLC0415 -- only when a bar is shown

        iterable = tqdm(
            sources, file=sys.stderr, unit="tệp", leave=False, dynamic_ncols=True
        )
    for source in iterable:
        try:
            yield source, parse(source, max_bytes=max_size)
        except ParseError as exc:
            yield source, exc
        except Exception as exc:
            yield (
                source,
                ParseError(
                    "unreadable",
                    f"lỗi nội bộ khi đọc ({type(exc).__name__}: {exc})",
                    f"internal error ({type(exc).__name__})",
                ),
            )


def _report_failure(source: str, error: ParseError, show_bar: bool) -> None:
    line = f"{source}: [{error.code}] {error.message} / {error.message_en}"
    line = " ".join(line.split())
    if show_bar:
        from tqdm import tqdm  # noqa: PLC0415 -- already imported for the bar

        tqdm.write(line, file=sys.stderr)
    else:
        print(line, file=sys.stderr)


def _emit(
    out: IO[str], source: str, doc: ParsedDocument, args: argparse.Namespace
) -> None:
    if args.jsonl:
        data = {"source": source, **doc.to_dict()}
        out.write(json.dumps(data, ensure_ascii=False) + "\n")
    elif args.json:
        out.write(json.dumps(doc.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(summary(source, doc) + "\n")
    out.flush()


def summary(source: str, doc: ParsedDocument) -> str:
    """A few readable lines in Vietnamese about one parsed document."""
    dash = "—"
    kind = doc.doc_type or dash
    if doc.doc_type in TYPE_NAMES:
        kind = f"{TYPE_NAMES[doc.doc_type]} ({doc.doc_type})"
    number = "/".join(p for p in (doc.number or "", doc.symbol or "") if p) or dash
    if doc.symbol and not doc.number:
        number = f"…/{doc.symbol} (chưa có số)"
    issuer = " — ".join(p for p in (doc.issuer.parent, doc.issuer.name) if p) or dash
    date = _display_date(doc.issued)
    if doc.place:
        date = f"{doc.place}, {date}"
    signer = " / ".join(
        p for p in (doc.signer.authority, doc.signer.title, doc.signer.name) if p
    )
    fmt = doc.source_format or dash
    if doc.encoding:
        fmt += f", {doc.encoding}"
    if doc.ocr:
        fmt += ", OCR"
    lines = [
        f"== {source}",
        f"  Loại văn bản:      {kind}",
        f"  Số, ký hiệu:       {number}",
        f"  Cơ quan ban hành:  {issuer}",
        f"  Ngày ban hành:     {date}",
        f"  Trích yếu:         {doc.title or dash}",
        f"  Văn bản viện dẫn:  {len(doc.references)}",
        f"  Hoạt động:         {len(doc.activities)}",
        f"  Nhiệm vụ đơn vị:   {len(doc.duties)}",
        f"  Nơi nhận:          {len(doc.recipients)}",
        f"  Người ký:          {signer or dash}",
        f"  Định dạng:         {fmt}",
    ]
    return "\n".join(lines)


def _display_date(iso: str | None) -> str:
    if not iso:
        return "—"
    parts = iso.split("-")
    return "/".join(reversed(parts))
