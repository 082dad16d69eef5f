"""PAdES signatures on issued PDFs (pyHanko), with a visible block.

A PDF rendered by :mod:`kehoach.documents.rendering` carries an empty
signature field in the signer's space (cell 7c); the signature goes there.
A PDF without one (or whose field is already signed) gets a new field at
the top right of page 1, where Decree 30 puts the organisation's signature
on attachments and copies (cell 14).
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _

from kehoach.documents.rendering import layout
from kehoach.documents.rendering.model import SIGNATURE_FIELD
from kehoach.documents.signatures import keys
from kehoach.documents.signatures._sync import call_sync
from kehoach.documents.signatures.models import SigningCertificate
from kehoach.lib.exceptions import ActionRefused
from kehoach.orgs.models import Agency

logger = logging.getLogger(__name__)

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
_STAMP_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
_RESERVED_BYTES = 16 * 1024
STAMP_TEXT = "Ký bởi: %(signer)s\nCơ quan: %(org)s\nThời gian: %(ts)s"
# Cell 14 (top right of page 1, in the top margin): 75 × 13 mm, 4 mm
# inside the page corner.
_CORNER_BOX_MM = (75.0, 13.0, 4.0)


def _stamp_style(font_file: str | None) -> Any:
    from pyhanko.pdf_utils.font.opentype import (  # noqa: PLC0415 -- heavy
        GlyphAccumulator,
        GlyphAccumulatorFactory,
    )
    from pyhanko.pdf_utils.text import TextBoxStyle  # noqa: PLC0415
    from pyhanko.stamp import TextStampStyle  # noqa: PLC0415

    class InMemoryFontFactory(GlyphAccumulatorFactory):
        """pyHanko's factory opens the font file and never closes it; this
        one hands it the bytes."""

        def create_font_engine(self, writer: Any, obj_stream: Any = None) -> Any:
            if (
                obj_stream is None
                and writer.stream_xrefs
                and self.create_objstream_if_needed
            ):
                obj_stream = writer.prepare_object_stream()
            return GlyphAccumulator(
                writer=writer,
                font_handle=io.BytesIO(_font_bytes(self.font_file)),
                font_size=self.font_size,
                bcp47_lang_code="vi",
                obj_stream=obj_stream,
            )

    class VietnamTimeStampStyle(TextStampStyle):
        """The stamp's ``ts`` is the signing time (the same instant pyHanko
        puts in the signature) in ISO 8601 with the +07:00 offset."""

        def create_stamp(
            self, writer: Any, box: Any, text_params: dict[str, Any]
        ) -> Any:
            raw = text_params.get("ts")
            if raw:
                moment = dt.datetime.strptime(raw, _STAMP_TIME_FORMAT)  # noqa: DTZ007 -- the format has %z
                text_params = {
                    **text_params,
                    "ts": moment.astimezone(VIETNAM).isoformat(timespec="seconds"),
                }
            return super().create_stamp(writer, box, text_params)

    text_style = (
        TextBoxStyle(
            font=InMemoryFontFactory(font_file, font_size=9),
            font_size=9,
            leading=11,
        )
        if font_file
        else TextBoxStyle(font_size=9, leading=11)
    )
    return VietnamTimeStampStyle(
        stamp_text=STAMP_TEXT,
        timestamp_format=_STAMP_TIME_FORMAT,
        text_box_style=text_style,
        border_width=1,
        background=None,
    )


@functools.cache
def _font_bytes(path: str) -> bytes:
    return Path(path).read_bytes()


def _font_file() -> str | None:
    """Liberation Serif cut down to Latin and Vietnamese and rescaled to
    1000 units per em, cached under the data directory.

    pyHanko writes the glyph widths of an embedded TrueType font in font
    units, which PDF readers take as thousandths of an em: a 2048-unit
    font such as Liberation Serif came out letter-spaced. Rescaling makes
    the units agree; the subset also makes signing faster.
    """
    source = layout.FONT_DIR / layout.FONT_FILES[(False, False)]
    if not source.exists():
        return None
    cache = Path(settings.DATA_DIR) / "cache" / "fonts"
    target = cache / f"stamp-serif-1000-{int(source.stat().st_mtime)}.ttf"
    if not target.exists():
        _write_stamp_font(source, target)
    return str(target)


def _write_stamp_font(source: Path, target: Path) -> None:
    from fontTools import subset  # noqa: PLC0415 -- once per installation
    from fontTools.ttLib import TTFont  # noqa: PLC0415
    from fontTools.ttLib.scaleUpem import scale_upem  # noqa: PLC0415

    font = TTFont(str(source))
    options = subset.Options()
    options.layout_features = ["kern", "liga", "ccmp", "mark", "mkmk"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.drop_tables += ["FFTM"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[*_STAMP_CODEPOINTS])
    subsetter.subset(font)
    scale_upem(font, 1000)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".{os.getpid()}.tmp")
    font.save(str(partial))
    partial.replace(target)  # atomic: concurrent workers never see half a file


# Basic Latin to Latin Extended-B, combining marks, Vietnamese, punctuation.
_STAMP_CODEPOINTS = (
    *range(0x20, 0x250),
    *range(0x300, 0x370),
    *range(0x1EA0, 0x1F00),
    *range(0x2000, 0x2070),
    0x20AB,
)


@dataclass(frozen=True)
class SignerIdentity:
    """A loaded signing key: the pyHanko signer and whose it is."""

    signer: Any  # pyhanko.sign.signers.SimpleSigner
    organisation: str


def load_signer(config: SigningCertificate) -> SignerIdentity:
    """The key of a configured certificate, ready to sign."""
    from pyhanko.sign import signers  # noqa: PLC0415 -- heavy

    try:
        with open(config.pkcs12_path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise ActionRefused(
            _(
                "Không đọc được tệp chứng thư ký số của cơ quan. / "
                "Cannot read the agency's signing certificate file."
            ),
            status=500,
            code="signing_certificate",
        ) from exc
    passphrase = keys.read_passphrase(
        file=config.passphrase_file, env=config.passphrase_env
    )
    keys.open_pkcs12(data, passphrase)  # a clear error for a wrong passphrase
    signer = signers.SimpleSigner.load_pkcs12_data(data, (), passphrase=passphrase)
    if signer is None:  # pragma: no cover - open_pkcs12 refused already
        raise ActionRefused(_("Không mở được tệp PKCS#12."), code="bad_pkcs12")
    return SignerIdentity(signer, config.organisation or config.agency.name)


def active_certificate(agency: Agency) -> SigningCertificate:
    """The agency's certificate in use, or ``ActionRefused`` (409)."""
    config = (
        SigningCertificate.objects.select_related("agency")
        .filter(agency=agency, is_active=True)
        .first()
    )
    if config is None:
        raise ActionRefused(
            _(
                "Cơ quan chưa cài chứng thư ký số (lệnh kehoach "
                "signing_certificate). / The agency has no signing certificate."
            ),
            status=409,
            code="no_signing_certificate",
        )
    now = dt.datetime.now(dt.UTC)
    if not config.valid_from <= now <= config.valid_to:
        raise ActionRefused(
            _(
                "Chứng thư ký số của cơ quan đã hết hạn hoặc chưa có hiệu lực. / "
                "The agency's signing certificate is expired or not yet valid."
            ),
            status=409,
            code="signing_certificate_expired",
        )
    return config


def sign_pdf(
    pdf_bytes: bytes, *, agency: Agency, signer_name: str, reason: str
) -> bytes:
    """Sign a PDF with the agency's certificate (PAdES B-B, SHA-256), with
    a visible block: signer, organisation, time (ISO 8601, +07:00).

    The caller has decided the signature is allowed
    (``documents.permissions.can_apply_signature``). Raises ``ActionRefused``
    when the agency has no usable certificate or the file is not a PDF.
    Logs the signature (agency, signer, certificate serial).
    """
    config = active_certificate(agency)
    identity = load_signer(config)
    signed = sign_with(
        pdf_bytes,
        identity=identity,
        signer_name=signer_name,
        reason=reason,
        location=agency.place,
    )
    logger.info(
        "signed a PDF for agency %s as %s (certificate %s)",
        agency.pk,
        signer_name,
        config.serial,
    )
    return signed


def sign_with(
    pdf_bytes: bytes,
    *,
    identity: SignerIdentity,
    signer_name: str,
    reason: str,
    location: str = "",
) -> bytes:
    """Sign with a loaded key (see :func:`sign_pdf`)."""
    from pyhanko.pdf_utils.incremental_writer import (  # noqa: PLC0415 -- heavy
        IncrementalPdfFileWriter,
    )
    from pyhanko.pdf_utils.misc import PdfError  # noqa: PLC0415
    from pyhanko.sign import fields, signers  # noqa: PLC0415

    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes), strict=False)
        empty = {
            name
            for name, _v, _r in fields.enumerate_sig_fields(writer, filled_status=False)
        }
        taken = {name for name, _v, _r in fields.enumerate_sig_fields(writer)}
    except (PdfError, ValueError, KeyError, TypeError) as exc:
        raise ActionRefused(
            _("Tệp không phải PDF đọc được. / Not a readable PDF."),
            status=422,
            code="bad_pdf",
        ) from exc
    field_spec = None
    if SIGNATURE_FIELD in empty:
        field_name = SIGNATURE_FIELD
    else:
        field_name = _free_name(taken)
        field_spec = fields.SigFieldSpec(field_name, on_page=0, box=_corner_box(writer))
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        reason=reason or None,
        location=location or None,
        name=signer_name or None,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    pdf_signer = signers.PdfSigner(
        meta,
        signer=identity.signer,
        stamp_style=_stamp_style(_font_file()),
        new_field_spec=field_spec,
    )
    out = call_sync(
        pdf_signer.sign_pdf,
        writer,
        # Room for the CMS container: the signature and a chain of a few
        # certificates fit; skips pyHanko's dry run that measures it.
        bytes_reserved=_RESERVED_BYTES,
        appearance_text_params={"signer": signer_name, "org": identity.organisation},
    )
    return bytes(out.getvalue())


def _free_name(taken: set[str]) -> str:
    n = 2
    while f"{SIGNATURE_FIELD}{n}" in taken:
        n += 1
    return f"{SIGNATURE_FIELD}{n}"


def _corner_box(writer: Any) -> tuple[int, int, int, int]:
    page = writer.find_page_for_modification(0)[0].get_object()
    _x0, _y0, x1, y1 = (float(v) for v in page.get("/MediaBox", [0, 0, 595.28, 841.89]))
    width, height, inset = (v / layout.MM_PER_PT for v in _CORNER_BOX_MM)
    return (
        round(x1 - inset - width),
        round(y1 - inset - height),
        round(x1 - inset),
        round(y1 - inset),
    )
