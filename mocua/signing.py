"""Digital signatures of PDFs (PAdES, pyHanko) with each office's certificate (issue 20).

An office signs with a PKCS#12 file `<slug>.p12` in `settings.MOCUA_SIGNING_DIR` and the passphrase
of `settings.MOCUA_SIGNING_PASSPHRASE` (environment, never the database or the repository); the
demo authority and certificates come from `manage.py make_signing_certs`. Signatures are verified
against the authorities in `settings.MOCUA_SIGNING_TRUST_ROOTS` (PEM files).

`sign_pdf` puts a visible signature (signer, office, time) in the box the paper's template reserved;
`verify_pdf` tells whether a file's signature is intact and trusted, who signed, when, and whether
the file was changed after signing. Errors are `SigningError`s with a Vietnamese message.
"""

import asyncio
import concurrent.futures
import datetime as dt
import logging
import os
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.utils import timezone

logger = logging.getLogger(__name__)
FONT = Path(settings.BASE_DIR) / "static" / "fonts" / "LiberationSerif-Regular.ttf"
FIELD = "ChuKySo"


def _outside_event_loop(function, *args, **kwargs):
    """pyHanko's sync API runs its own event loop (asyncio.run): call it in a worker thread when this
    thread already runs one (an async server, a test driving a browser)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()


class SigningError(Exception):
    """Signing cannot be done with the configuration as it is; `str(error)` is Vietnamese."""


def p12_path(slug: str) -> Path:
    return Path(settings.MOCUA_SIGNING_DIR) / f"{slug}.p12"


def passphrase_for(slug: str) -> str:
    """The office's own passphrase (MOCUA_SIGNING_PASSPHRASES[slug]) or the common one."""
    return settings.MOCUA_SIGNING_PASSPHRASES.get(slug) or settings.MOCUA_SIGNING_PASSPHRASE


def load_signer(slug: str):
    """The office's signer (key and certificate), or SigningError saying what is wrong."""
    from pyhanko.sign import signers

    path = p12_path(slug)
    if not path.is_file():
        raise SigningError(
            f"Không tìm thấy tệp chứng thư số của đơn vị ({path.name} trong thư mục MOCUA_SIGNING_DIR). "
            "Giấy tờ chưa được ký số."
        )
    passphrase = passphrase_for(slug)
    if not passphrase:
        raise SigningError(
            "Chưa cấu hình mật khẩu chứng thư số (biến môi trường MOCUA_SIGNING_PASSPHRASE). "
            "Giấy tờ chưa được ký số."
        )
    try:
        signer = signers.SimpleSigner.load_pkcs12_data(path.read_bytes(), [], passphrase=passphrase.encode())
    except ValueError:
        signer = None
    if signer is None:
        raise SigningError(
            "Mật khẩu chứng thư số của đơn vị không đúng (MOCUA_SIGNING_PASSPHRASE) hoặc tệp chứng thư "
            "bị hỏng. Giấy tờ chưa được ký số."
        )
    return signer


def stamp_font() -> Path:
    """The paper font scaled to 1000 units per em, made once under var/: pyHanko writes glyph widths
    in font units, which PDF reads as thousandths of an em (2048-unit fonts come out spaced)."""
    path = Path(settings.VAR_DIR) / "fonts" / f"{FONT.stem}-1000.ttf"
    if not path.is_file():
        from fontTools.ttLib import TTFont
        from fontTools.ttLib.scaleUpem import scale_upem

        path.parent.mkdir(parents=True, exist_ok=True)
        font = TTFont(str(FONT))
        scale_upem(font, 1000)
        part = path.with_name(f".{path.name}.{os.getpid()}.part")
        font.save(str(part))
        os.replace(part, path)
    return path


def stamp_lines(signer_name: str, office_name: str, at: dt.datetime) -> str:
    local = timezone.localtime(at)
    text = f"Ký số bởi: {signer_name}\nĐơn vị: {office_name}\nThời gian: {local:%H:%M ngày %d/%m/%Y}"
    return text.replace("%", "%%")  # pyHanko interpolates %(name)s


def sign_pdf(
    pdf: bytes,
    *,
    slug: str,
    signer_name: str,
    office_name: str,
    box: dict | None,
    at: dt.datetime,
    reason: str = "Ký ban hành văn bản",
) -> bytes:
    """`pdf` with a PAdES signature of office `slug`, visible in `box` ({page, x1, y1, x2, y2} in
    PDF points), or invisible when the template reserved no box."""
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.sign import fields, signers
    from pyhanko.sign.fields import SigSeedSubFilter
    from pyhanko.stamp import TextStampStyle

    signer = load_signer(slug)
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD,
        md_algorithm="sha256",
        subfilter=SigSeedSubFilter.PADES,
        name=signer_name,
        location=office_name,
        reason=reason,
    )
    spec = None
    if box:
        spec = fields.SigFieldSpec(
            sig_field_name=FIELD,
            on_page=int(box.get("page", 0)),
            box=(box["x1"], box["y1"], box["x2"], box["y2"]),
        )
    style = TextStampStyle(
        stamp_text=stamp_lines(signer_name, office_name, at),
        text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(str(stamp_font()), font_size=10)),
        border_width=1,
        background=None,
    )
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    out = BytesIO()
    pdf_signer = signers.PdfSigner(meta, signer=signer, stamp_style=style, new_field_spec=spec)
    _outside_event_loop(pdf_signer.sign_pdf, writer, output=out)
    return out.getvalue()


# --- verification ----------------------------------------------------------------------------------


@dataclass
class Verification:
    """What the public page shows about one file."""

    ok: bool  # a signature, intact, trusted, covering the whole file
    message: str
    signed: bool = False
    intact: bool = False
    trusted: bool = False
    unchanged: bool = False  # nothing was added or changed after the signature
    signer: str = ""  # the name in the signature (the leader)
    certificate: str = ""  # the certificate's subject (the office)
    signed_at: dt.datetime | None = None


def _trust_roots() -> list:
    from pyhanko.keys import load_cert_from_pemder

    roots = []
    for name in settings.MOCUA_SIGNING_TRUST_ROOTS:
        path = Path(name)
        if path.is_file():
            roots.append(load_cert_from_pemder(str(path)))
    return roots


def verify_pdf(data: bytes) -> Verification:
    """Check the last signature of `data` against the trusted authorities; never raises."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    if not data.startswith(b"%PDF"):
        return Verification(False, "Tệp không phải là tệp PDF.")
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except Exception:  # a broken file: pyHanko raises many kinds
        logger.info("unreadable PDF on the verification page", exc_info=True)
        return Verification(False, "Không đọc được tệp PDF (tệp bị hỏng hoặc đã bị sửa).")
    if not signatures:
        return Verification(False, "Tệp PDF không có chữ ký số.")
    sig = signatures[-1]
    try:
        context = ValidationContext(trust_roots=_trust_roots(), allow_fetching=False)
        status = _outside_event_loop(validate_pdf_signature, sig, context)
    except Exception:
        logger.info("signature could not be validated", exc_info=True)
        return Verification(False, "Chữ ký số không hợp lệ: tệp đã bị thay đổi sau khi ký.", signed=True)
    name = str(sig.sig_object.get("/Name", "") or "")
    subject = status.signing_cert.subject.native.get("common_name", "") if status.signing_cert else ""
    unchanged = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    result = Verification(
        ok=bool(status.intact and status.valid and status.trusted and unchanged),
        message="",
        signed=True,
        intact=bool(status.intact and status.valid),
        trusted=bool(status.trusted),
        unchanged=unchanged,
        signer=name,
        certificate=subject,
        signed_at=status.signer_reported_dt,
    )
    if not result.intact:
        result.message = "Chữ ký số không hợp lệ: nội dung tệp đã bị thay đổi sau khi ký."
    elif not result.trusted:
        result.message = "Chữ ký số nguyên vẹn nhưng chứng thư số không do tổ chức được tin cậy cấp."
    elif not unchanged:
        result.message = "Chữ ký số hợp lệ, nhưng tệp đã được thêm nội dung sau khi ký."
    else:
        result.message = "Chữ ký số hợp lệ: tệp còn nguyên vẹn từ khi ký."
    return result
