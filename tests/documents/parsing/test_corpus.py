"""The extractor against the hand-annotated corpus and the held-out
documents, field by field as ``score_parse.py`` scores them, plus the JSON
schema, and mutated copies (flattened header, no blank lines, hard wrap)."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import jsonschema
import pytest

from kehoach.documents.parsing.extract import extract
from tests.documents.parsing.extract.txt_helper import raw_from_text
from tests.documents.parsing.scoring import SCALARS, differences

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "documents"
CORPUS = sorted((FIXTURES / "corpus").glob("*.txt"))
EXTRA = sorted((FIXTURES / "extra").glob("*.txt"))
# Written and annotated without reading the extractor (see unseen/README.md).
UNSEEN = sorted((FIXTURES / "unseen").glob("*.txt"))
SCHEMA = json.loads((FIXTURES / "document.schema.json").read_text(encoding="utf-8"))


def _run(text: str) -> dict[str, object]:
    return extract(raw_from_text(text)).to_dict()


def _expected(path: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads(
        path.with_suffix(".json").read_text(encoding="utf-8")
    )
    return data


@pytest.mark.parametrize(
    "path", CORPUS + EXTRA + UNSEEN, ids=lambda p: f"{p.parent.name}/{p.stem}"
)
def test_extract_matches_annotation(path: Path) -> None:
    got = _run(path.read_text(encoding="utf-8"))

    assert differences(_expected(path), got) == []


@pytest.mark.parametrize(
    "path", CORPUS + EXTRA + UNSEEN, ids=lambda p: f"{p.parent.name}/{p.stem}"
)
def test_extract_output_validates_against_schema(path: Path) -> None:
    got = _run(path.read_text(encoding="utf-8"))

    jsonschema.validate(got, SCHEMA)


def test_corpus_holds_the_documents_it_should() -> None:
    assert len(CORPUS) >= 14
    assert len(EXTRA) >= 7
    assert len(UNSEEN) >= 12


# --- mutations: what readers of other formats may hand over ---------------


def _split_header(text: str) -> tuple[list[str], list[str]]:
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if re.match(r"^[A-ZĐÀ-Ỹ ]{5,}$", line.strip()) and not line.startswith(
            (
                "CỘNG",
                "ĐẢNG CỘNG",
                "ỦY BAN",
                "UỶ BAN",
                "BỘ ",
                "VĂN",
                "PHÒNG",
                "TỈNH",
                "THÀNH",
                "BAN ",
                "HÒA",
            )
        ):
            return lines[:i], lines[i:]
        if line.startswith(("Kính gửi", "Thực hiện", "Căn cứ")):
            return lines[:i], lines[i:]
    return lines[:10], lines[10:]


def header_in_one_line(text: str) -> str:
    head, rest = _split_header(text)
    kept = [
        ln.strip() for ln in head if ln.strip() and not set(ln.strip()) <= set("-*")
    ]
    return " ".join(kept) + "\n" + "\n".join(rest)


def header_interleaved(text: str) -> str:
    head, rest = _split_header(text)
    kept = [
        ln.strip() for ln in head if ln.strip() and not set(ln.strip()) <= set("-*")
    ]
    motto = [
        i
        for i, ln in enumerate(kept)
        if ln.startswith(("CỘNG", "Độc lập", "ĐẢNG CỘNG", "HÒA"))
    ]
    if not motto:
        return text
    left, right = kept[: motto[0]], kept[motto[0] : motto[-1] + 1]
    mixed: list[str] = []
    for k in range(max(len(left), len(right))):
        mixed.extend(x[k] for x in (left, right) if k < len(x))
    return "\n".join(mixed + kept[motto[-1] + 1 :] + rest)


def without_blank_lines(text: str) -> str:
    return "\n".join(ln for ln in text.split("\n") if ln.strip())


def hard_wrapped(text: str) -> str:
    out: list[str] = []
    for ln in text.split("\n"):
        if " | " in ln or len(ln) <= 80:
            out.append(ln)
        else:
            out.extend(
                textwrap.wrap(ln, 80, break_long_words=False, break_on_hyphens=False)
            )
    return "\n".join(out)


def wrapped_without_blank_lines(text: str) -> str:
    return hard_wrapped(without_blank_lines(text))


MUTATIONS = {
    "one_line_header": header_in_one_line,
    "interleaved_header": header_interleaved,
    "no_blank_lines": without_blank_lines,
    "hard_wrapped": hard_wrapped,
    "wrapped_no_blank": wrapped_without_blank_lines,
}


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
@pytest.mark.parametrize(
    "path", CORPUS + EXTRA, ids=lambda p: f"{p.parent.name}/{p.stem}"
)
def test_extract_key_fields_survive_layout_changes(path: Path, mutation: str) -> None:
    original = path.read_text(encoding="utf-8")
    expected = _expected(path)

    got = _run(MUTATIONS[mutation](original))

    wrong = [d for d in differences(expected, got) if d.split(":")[0] in dict(SCALARS)]
    wrong += [
        d for d in differences(expected, got) if d.startswith(("references", "archive"))
    ]
    assert wrong == []


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
@pytest.mark.parametrize("path", UNSEEN, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_unseen_documents_survive_layout_changes_whole(
    path: Path, mutation: str
) -> None:
    """Every field, not only the key ones, for the documents written to
    test the parser from outside."""
    got = _run(MUTATIONS[mutation](path.read_text(encoding="utf-8")))

    assert differences(_expected(path), got) == []
