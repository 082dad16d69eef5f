"""Any text gives a ParsedDocument quickly; no text gives ParseError("empty")."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from kehoach.documents.parsing.extract import extract
from kehoach.documents.parsing.types import Paragraph, ParseError, RawDocument, Table
from tests.documents.parsing.extract.txt_helper import raw_from_text

CORPUS = Path(__file__).resolve().parents[3] / "fixtures" / "documents" / "corpus"


def test_extract_empty_document_raises_parse_error() -> None:
    with pytest.raises(ParseError) as err:
        extract(RawDocument(blocks=(Paragraph(""), Paragraph("   ")), format="txt"))

    assert err.value.code == "empty"


@pytest.mark.parametrize("seed", range(20))
def test_extract_survives_shuffled_and_truncated_lines(seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311 -- reproducible shuffles, not secrets
    path = rng.choice(sorted(CORPUS.glob("*.txt")))
    lines = path.read_text(encoding="utf-8").split("\n")
    rng.shuffle(lines)
    lines = lines[: rng.randint(1, len(lines))]
    lines = [
        ln[: rng.randint(0, len(ln))] if rng.random() < 0.3 else ln for ln in lines
    ]

    doc = extract(raw_from_text("\n".join(lines) + "\nx"))

    assert doc.to_dict()["schema"] == "kehoach.document/1"


@pytest.mark.parametrize(
    "text",
    [
        "Số:",
        "Nơi nhận:",
        "- Lưu:",
        "KT.",
        "TM. ỦY BAN NHÂN DÂN",
        "1.",
        "a)",
        "-",
        "|",
        "Số: 1/",
        "ngày tháng năm 2025",
        "V/v",
        "KẾ HOẠCH",
        "Quý IV/",
        "(((((",
        "Điều",
        "số 12/KH- ngày 1/1/",
        "Chủ trì: ; phối hợp: ;",
        "Phần I",
        "I.",
    ],
)
def test_extract_fragments_do_not_crash(text: str) -> None:
    doc = extract(raw_from_text(text))

    assert isinstance(doc.to_dict(), dict)


def test_extract_table_only_document() -> None:
    raw = RawDocument(
        blocks=(Table((("STT", "Nội dung", "Chủ trì"), ("1", "Việc", "Sở A"))),),
        format="docx",
    )

    doc = extract(raw)

    assert [a.lead for a in doc.activities] == [("Sở A",)]


def test_extract_two_megabyte_plan_is_fast() -> None:
    text = (CORPUS / "100.txt").read_text(encoding="utf-8")
    head, _, body = text.partition("I. MỤC ĐÍCH")
    body = body.split("Nơi nhận:")[0]
    big = head + "".join(
        f"{'I' * 0}I. MỤC ĐÍCH{body}" for _ in range(2_000_000 // len(body) + 1)
    )
    big += "\nNơi nhận:\n- Lưu: VT.\n\nGIÁM ĐỐC\nNguyễn Văn An\n"
    assert len(big.encode("utf-8")) > 2_000_000

    raw = raw_from_text(big)
    start = time.process_time()  # CPU time: other jobs on the machine don't count
    doc = extract(raw)
    elapsed = time.process_time() - start

    assert elapsed < 4.0
    assert len(doc.activities) > 100


def test_extract_pathological_lines_are_linear() -> None:
    nasty = [
        "1" * 50_000,
        "Sở " * 20_000,
        "Căn cứ " + "Quyết định số 1/" * 5_000,
        "a, " * 30_000 + "và",
        "-" * 100_000,
        "(" * 20_000 + "Chủ trì: " + ")" * 20_000,
        "ngày " * 20_000,
        "Đơn vị chủ trì" + " x" * 30_000 + ":",
    ]
    for line in nasty:
        raw = raw_from_text("KẾ HOẠCH\nThử\n\n1. Việc\n\n" + line)
        start = time.process_time()
        extract(raw)
        assert time.process_time() - start < 1.0, line[:30]


def _reference_loop_seconds() -> float:
    """CPU time of a fixed pure-Python loop: the speed of this core."""
    start = time.process_time()
    total = 0
    for i in range(1_000_000):
        total += i
    return time.process_time() - start


def test_extract_corpus_throughput() -> None:
    """Regression guard for the ≥ 300 documents/s target, judged against the
    core's own speed (a core that runs the reference loop in 40 ms). The guard
    is only 120/s: on the shared, often loaded machines the best-of-5 figure
    swings between about 170 and 340 documents/s, and a flaky gate is worse
    than a loose one. It catches quadratic blow-ups, not small slowdowns."""
    raws = [
        raw_from_text(p.read_text(encoding="utf-8"))
        for p in sorted(CORPUS.glob("*.txt"))
    ]
    extract(raws[0])

    def one_round() -> float:
        start = time.process_time()
        for raw in raws:
            extract(raw)
        return (time.process_time() - start) / len(raws)

    # Best of several rounds: the least disturbed measurement of each.
    loop = min(_reference_loop_seconds() for _ in range(5))
    seconds_per_doc = min(one_round() for _ in range(5))

    assert seconds_per_doc <= (loop / 0.040) / 120
