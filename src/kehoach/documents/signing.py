"""Signing issued PDFs and checking signed PDFs that come in.

The functions live in :mod:`kehoach.documents.signatures`; this module is
the short import path the issuance workflow uses::

    from kehoach.documents.signing import sign_pdf, verify_pdf_signatures
"""

from kehoach.documents.signatures.signing import sign_pdf
from kehoach.documents.signatures.verification import (
    SignatureInfo,
    SignatureVerdict,
    verify_pdf_signatures,
)

__all__ = ["SignatureInfo", "SignatureVerdict", "sign_pdf", "verify_pdf_signatures"]
