"""The extractor is pure Python: importing it must not import Django."""

from __future__ import annotations

import subprocess
import sys


def test_extract_imports_no_django() -> None:
    code = (
        "import sys\n"
        "import kehoach.documents.parsing.extract as e\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'django')\n"
        "assert not loaded, loaded\n"
    )

    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )

    assert result.returncode == 0, result.stderr
