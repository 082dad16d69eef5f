"""Whatever bytes come in, ``parse_bytes`` returns a document or raises
``ParseError`` — never anything else, and never hangs."""

import random
import signal
from collections.abc import Iterator
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kehoach.documents.parsing import ParsedDocument, ParseError, parse_bytes
from tests.documents.parsing import helpers

HARD_TIMEOUT_S = 20
SETTINGS = settings(
    max_examples=25,
    # No per-example deadline: on a loaded machine it fails at random. A
    # hang is caught by hard_timeout below; speed is measured in bench/.
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(autouse=True)
def hard_timeout() -> Iterator[None]:
    """A test that hangs is stopped by SIGALRM, not by CI's clock."""

    def expire(signum, frame):
        raise TimeoutError(f"no answer within {HARD_TIMEOUT_S} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(HARD_TIMEOUT_S)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@cache
def samples() -> dict[str, bytes]:
    text = helpers.corpus_text("103.txt")
    return {
        "txt": text.encode(),
        "docx": helpers.build_docx(),
        "pdf": helpers.build_pdf(helpers.corpus_text("000.txt").splitlines()[:30]),
        "html": f"<html><body><p>{text[:3000]}</p></body></html>".encode(),
    }


CODES = {"not_document", "unreadable", "encrypted", "needs_ocr", "too_large",
         "unsupported", "empty"}  # fmt: skip


def check(data: bytes, filename: str | None = None) -> None:
    outcome: ParsedDocument | ParseError
    try:
        outcome = parse_bytes(data, filename=filename)
    except ParseError as exc:
        outcome = exc
    if isinstance(outcome, ParseError):
        assert outcome.code in CODES
        assert outcome.message
        assert outcome.message_en
    else:
        assert isinstance(outcome, ParsedDocument)


@SETTINGS
@given(kind=st.sampled_from(["txt", "docx", "pdf", "html"]), cut=st.floats(0, 1))
def test_truncated_documents(kind, cut):
    data = samples()[kind]

    check(data[: int(len(data) * cut)], filename=f"x.{kind}")


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1))
def test_shuffled_lines(seed):
    lines = helpers.corpus_text("105.txt").splitlines()
    random.Random(seed).shuffle(lines)  # noqa: S311 -- not for secrets

    check("\n".join(lines).encode())


MAGIC = [b"", b"%PDF-1.7\n", b"PK\x03\x04", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff",
         b"II*\x00", b"<html>", b"\xef\xbb\xbf", b"\xff\xfe", b"{\\rtf1"]  # fmt: skip


@SETTINGS
@given(prefix=st.sampled_from(MAGIC), body=st.binary(max_size=4096))
def test_binary_garbage(prefix, body):
    check(prefix + body)


@SETTINGS
@given(kind=st.sampled_from(["docx", "pdf"]), data=st.data())
def test_flipped_bytes_inside_real_files(kind, data):
    raw = bytearray(samples()[kind])
    for _ in range(data.draw(st.integers(1, 20))):
        raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))

    check(bytes(raw))


@SETTINGS
@given(text=st.text(max_size=2000))
def test_any_unicode_text(text):
    for codec in ("utf-8", "utf-16"):
        check(text.encode(codec, errors="surrogatepass"))


def test_huge_text_is_parsed():
    unit = helpers.corpus_text("105.txt").encode()
    data = unit * (4_000_000 // len(unit))  # ~4 MB, within hard_timeout

    check(data)


def test_huge_single_line_and_huge_table_row():
    check(b"a" * 3_000_000)
    check((("ô | " * 200_000) + "\n" + ("ô | " * 200_000)).encode())
