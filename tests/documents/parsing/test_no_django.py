import subprocess
import sys

from tests.documents.parsing.helpers import corpus

SCRIPT = """
import sys
from kehoach.documents.parsing import parse
from kehoach.documents.parsing import cli, encodings, readers
from kehoach.documents.parsing.readers import docx, html, image, ocr, pdf, text

parsed = parse(sys.argv[1])
assert parsed.source_format == "txt", parsed
assert "django" not in sys.modules, sorted(m for m in sys.modules if "django" in m)
heavy = {"pdfplumber", "docx", "PIL", "bs4", "pytesseract", "pypdfium2", "tqdm"}
loaded = heavy & {name.split(".")[0] for name in sys.modules}
assert not loaded, loaded
print("ok")
"""


def test_parsing_imports_no_django_and_no_heavy_reader_for_text():
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(corpus("000.txt"))],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": ":".join(sys.path)},
        check=False,
    )

    assert result.stdout.strip() == "ok", result.stderr
