"""How long rendering and signatures take for the worked example.

``python -m bench render`` prints the median of a few runs of: the render
tree, the DOCX, the PDF, signing the PDF (a throwaway self-signed key) and
verifying it. ``python -m bench.render --png docs/render-000.png`` also
writes page 1 of the PDF as a 100 dpi PNG (the README's picture).

The worked example is parsed from ``demo_data/000.txt`` when the parser is
there, else taken from the hand annotation of the tests (its body then
written from its activities and duties). It carries no header lines, so
the demo agency's letterhead is put in.
"""

from __future__ import annotations

import io
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LETTERHEAD = {"parent": "UBND TỈNH ĐẮK NÔNG", "name": "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"}
RUNS = 5


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kehoach.settings")
    import django

    django.setup()


def worked_example() -> tuple[dict[str, Any], str]:
    from kehoach.documents.parsing import ParseError, parse_bytes

    data = (ROOT / "src" / "kehoach" / "demo_data" / "000.txt").read_bytes()
    try:
        parsed, source = parse_bytes(data, filename="000.txt").to_dict(), "parser"
    except ParseError:
        fixture = ROOT / "tests" / "fixtures" / "plans" / "000.parsed.json"
        parsed, source = json.loads(fixture.read_text("utf-8")), "annotation"
    if not (parsed.get("issuer") or {}).get("name"):
        parsed["issuer"] = dict(LETTERHEAD)
    return parsed, source


def _median(step: Callable[[], Any], runs: int = RUNS) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = step()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def run(png: str | None = None) -> None:
    _django()
    from pyhanko.sign import signers

    from kehoach.documents.rendering import render_parsed, to_docx, to_pdf
    from kehoach.documents.signatures import keys
    from kehoach.documents.signatures.signing import SignerIdentity, sign_with
    from kehoach.documents.signatures.verification import verify_pdf_signatures

    parsed, source = worked_example()
    started = time.perf_counter()
    to_pdf(render_parsed(parsed))  # first call: fonts, WeasyPrint start-up
    first = time.perf_counter() - started
    t_tree, tree = _median(lambda: render_parsed(parsed))
    t_docx, docx = _median(lambda: to_docx(tree))
    t_pdf, pdf = _median(lambda: to_pdf(tree))
    bundle = keys.create_self_signed(common_name="Bench", organisation="kehoach")
    p12 = keys.pkcs12_bytes(bundle, b"bench", name="bench")
    identity = SignerIdentity(
        signers.SimpleSigner.load_pkcs12_data(p12, (), passphrase=b"bench"),
        "Sở Thông tin và Truyền thông tỉnh Đắk Nông",
    )
    sign_with(pdf, identity=identity, signer_name="Bench", reason="")  # font cache
    t_sign, signed = _median(
        lambda: sign_with(pdf, identity=identity, signer_name="Bench", reason="")
    )
    t_verify, infos = _median(lambda: verify_pdf_signatures(signed))
    assert len(infos) == 1
    assert infos[0].intact
    print(f"worked example from the {source}; median of {RUNS} runs")
    print(f"  first PDF (cold)    {first * 1000:8.0f} ms")
    print(f"  render tree         {t_tree * 1000:8.1f} ms")
    print(f"  DOCX                {t_docx * 1000:8.0f} ms  {len(docx):7d} bytes")
    print(f"  PDF                 {t_pdf * 1000:8.0f} ms  {len(pdf):7d} bytes")
    print(f"  sign PDF (PAdES)    {t_sign * 1000:8.0f} ms")
    print(f"  verify signature    {t_verify * 1000:8.0f} ms")
    if png:
        image = subprocess.run(
            ["pdftoppm", "-r", "100", "-gray", "-f", "1", "-l", "1", "-png", "-"],
            input=pdf,
            capture_output=True,
            check=True,
        ).stdout
        from PIL import Image

        # 16 grey levels keep the text crisp at a third of the size.
        page = Image.open(io.BytesIO(image)).convert("L").quantize(16)
        page.save(png, optimize=True)
        print(f"  page 1 written to {png}")


if __name__ == "__main__":
    args = sys.argv[1:]
    run(png=args[args.index("--png") + 1] if "--png" in args else None)
