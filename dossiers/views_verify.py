"""The public verification page (no login, issue 20): upload a PDF, or open the link in a signed
paper's QR code, and see whether its digital signature is valid, who signed, when, and whether the
file was changed since. Nothing is stored; the page shows no personal data of the paper."""

import hashlib

from django.conf import settings
from django.shortcuts import render

from dossiers import signing
from mocua.signing import verify_pdf

FIELD = "tep"


def _upload(request) -> tuple[bytes | None, str]:
    """The uploaded PDF's bytes, or None and the Vietnamese reason it is refused."""
    upload = request.FILES.get(FIELD)
    if upload is None:
        return None, "Cần chọn tệp PDF cần kiểm tra."
    limit = settings.MOCUA_VERIFY_MAX_BYTES
    if upload.size > limit:
        return (
            None,
            f"Tệp lớn hơn {limit // (1024 * 1024)} MB: chỉ kiểm tra được tệp PDF đến {limit // (1024 * 1024)} MB.",
        )
    data = upload.read(limit + 1)
    if not data.startswith(b"%PDF-"):
        return None, "Tệp đã chọn không phải là tệp PDF."
    return data, ""


def verify_view(request):
    context = {"limit_mb": settings.MOCUA_VERIFY_MAX_BYTES // (1024 * 1024)}
    status = 200
    if request.method == "POST":
        data, error = _upload(request)
        if data is None:
            context["error"], status = error, 400
        else:
            context["result"] = verify_pdf(data)
    return render(request, "dossiers/verify.html", context, status=status)


def verify_paper_view(request, token):
    """From the QR code: the paper the office issued, its stored signed copy checked now; a file
    uploaded here is also compared with that copy."""
    paper = signing.paper_from_token(token)
    context = {"limit_mb": settings.MOCUA_VERIFY_MAX_BYTES // (1024 * 1024), "paper": paper}
    if paper is None:
        context["error"] = "Không tìm thấy văn bản theo đường dẫn này. Hãy kiểm tra lại mã QR."
        return render(request, "dossiers/verify.html", context, status=404)
    stored = signing.signed_file(paper)
    status = 200
    if stored is None:
        context["unsigned"] = True  # an unsigned paper is never shown as signed
    else:
        with stored.open("rb") as f:
            kept = f.read()
        context["result"] = verify_pdf(kept)
        if request.method == "POST":
            data, error = _upload(request)
            if data is None:
                context["error"], status = error, 400
            else:
                context["upload_result"] = verify_pdf(data)
                context["same_as_kept"] = hashlib.sha256(data).digest() == hashlib.sha256(kept).digest()
    return render(request, "dossiers/verify.html", context, status=status)
