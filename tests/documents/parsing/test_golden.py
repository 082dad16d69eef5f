"""The parser's JSON for every corpus and extra document, byte for byte.

The golden files under ``tests/fixtures/documents/golden/`` were written by
the parser before its speed work; any change to what it prints for these
documents shows up here as a diff. A deliberate change (a new rule) is
recorded by regenerating them::

    KEHOACH_UPDATE_GOLDEN=1 .venv/bin/pytest tests/documents/parsing/test_golden.py

and the diff of the golden files is reviewed in the commit.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kehoach.documents.parsing import parse

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "documents"
GOLDEN = FIXTURES / "golden"
DOCUMENTS = sorted((FIXTURES / "corpus").glob("*.txt")) + sorted(
    (FIXTURES / "extra").glob("*.txt")
)
UPDATE = os.environ.get("KEHOACH_UPDATE_GOLDEN") == "1"


def _printed(path: Path) -> str:
    """What ``kehoach parse --json`` prints for the document."""
    return json.dumps(parse(path).to_dict(), ensure_ascii=False, indent=2) + "\n"


def _golden_path(path: Path) -> Path:
    return GOLDEN / path.parent.name / f"{path.stem}.json"


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_parse_output_is_byte_identical_to_golden(path: Path) -> None:
    printed = _printed(path)
    golden = _golden_path(path)
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(printed, encoding="utf-8")

    assert printed == golden.read_text(encoding="utf-8")


def test_every_document_has_a_golden_file() -> None:
    expected = {_golden_path(p) for p in DOCUMENTS}
    present = set(GOLDEN.glob("*/*.json"))

    assert len(DOCUMENTS) >= 21
    assert expected == present
