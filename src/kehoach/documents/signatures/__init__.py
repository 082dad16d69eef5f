"""Digital signatures of documents: signing issued PDFs with the agency's
certificate (PAdES, visible block) and checking the signatures of PDFs that
come in.

``sign_pdf(pdf_bytes, *, agency, signer_name, reason) -> bytes`` and
``verify_pdf_signatures(pdf_bytes, *, trust_roots=()) ->
list[SignatureInfo]``; ``trust_roots_for(agency)`` (in :mod:`.queries`)
gives an agency's configured roots. Installing certificates and signing a
document with its permission check: :mod:`.services`.

Exports are loaded on first use: ``documents.models`` imports this
package's models at start-up, which must not pull in pyHanko.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "sign_pdf": "signing",
    "SignatureInfo": "verification",
    "SignatureVerdict": "verification",
    "verify_pdf_signatures": "verification",
}

__all__ = ["SignatureInfo", "SignatureVerdict", "sign_pdf", "verify_pdf_signatures"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(name)
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
