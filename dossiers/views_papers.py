"""Papers for staff: download a stored paper (rendered at once if still pending), "Tạo lại" for a
paper that failed to render, print the dossier register. Public tracking and rating."""

import datetime as dt

from csp.decorators import csp_replace
from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_http_methods, require_POST

from dossiers import papers, selectors, signing, tracking
from dossiers.models import ApologyLetter, Paper, PaperKind, PaperState
from mocua import access
from mocua.models import Role

REGISTER_ROLES = (Role.CLERK, Role.SECRETARY, Role.LEADER)


UNAVAILABLE = {
    PaperState.PENDING: (
        503,
        "Giấy tờ đang được tạo",
        "Hệ thống chưa tạo xong tệp PDF của giấy tờ này. Vui lòng thử lại sau ít phút.",
    ),
    PaperState.FAILED: (
        409,
        "Không tạo được giấy tờ",
        "Tệp PDF của giấy tờ này bị lỗi khi tạo. Cán bộ của đơn vị có thể bấm “Tạo lại” trên trang hồ sơ "
        "sau khi mẫu giấy tờ đã được sửa.",
    ),
    PaperState.ANONYMISED: (
        410,
        "Giấy tờ không còn lưu trữ",
        "Hồ sơ đã hết thời hạn lưu trữ thông tin cá nhân nên tệp PDF của giấy tờ này đã được xóa. "
        "Số, ngày và loại giấy tờ vẫn được giữ trên trang hồ sơ.",
    ),
}


PUBLIC_UNAVAILABLE = (
    "Văn bản chưa sẵn sàng. Vui lòng thử lại sau ít phút hoặc liên hệ Bộ phận Một cửa nơi đã nộp hồ sơ."
)
PUBLIC_GONE = (
    "Văn bản không còn lưu trữ",
    "Hồ sơ đã hết thời hạn lưu trữ thông tin cá nhân nên văn bản này đã được xóa.",
)


def pdf_response(paper: Paper, request=None, *, public: bool = False):
    """The paper's PDF, rendered now if still pending; a Vietnamese page when it cannot be had."""
    paper = papers.ensure_rendered(paper)
    if paper.state != PaperState.READY:
        status, title, text = UNAVAILABLE[paper.state]
        if public:
            gone = paper.state == PaperState.ANONYMISED
            title, text = PUBLIC_GONE if gone else ("Văn bản chưa sẵn sàng", PUBLIC_UNAVAILABLE)
        context = {"paper": paper, "title": title, "text": text, "public": public}
        response = render(request, "dossiers/paper_unavailable.html", context, status=status)
        if status == 503:
            response["Retry-After"] = "60"
        return response
    if not paper.pdf:
        raise Http404(access.NOT_FOUND)
    name = f"{paper.get_kind_display()} {paper.dossier.code if paper.dossier else paper.number}.pdf".replace(
        "/", "-"
    )
    source = signing.signed_file(paper) or paper.pdf  # the signed copy once the worker has signed it
    return FileResponse(source.open("rb"), content_type="application/pdf", filename=name)


@xframe_options_sameorigin
@csp_replace({"frame-ancestors": ["'self'"]})  # the dossier page prints it from a hidden frame
@access.staff_required()
def paper_view(request, code, pk):
    """A stored paper of a dossier, for staff of the dossier's office only (404 otherwise)."""
    paper = access.get_scoped(
        Paper.objects.select_related("dossier"), request.user, pk=pk, dossier__code=code
    )
    return pdf_response(paper, request)


@require_POST
@access.staff_required()
def rerender_view(request, code, pk):
    """Render a failed paper again ("Tạo lại"), for staff of the dossier's own office."""
    paper = access.get_scoped(
        Paper.objects.select_related("dossier"), request.user, pk=pk, dossier__code=code
    )
    access.require_office_role(request.user, paper.office)
    if paper.state != PaperState.FAILED:
        messages.info(request, f"{paper.title} số {paper.number} không bị lỗi, không cần tạo lại.")
    else:
        papers.rerender(paper)
        messages.success(request, f"Đã gửi yêu cầu tạo lại {paper.title.lower()} số {paper.number}.")
    return redirect("dossiers:detail", code=code)


@access.staff_required()
def office_paper_view(request, pk):
    """A stored office paper (the register)."""
    return pdf_response(access.get_scoped(Paper.objects, request.user, pk=pk, dossier=None), request)


def _date(value: str | None, default: dt.date) -> dt.date | None:
    """A date typed as dd/mm/yyyy (or ISO); None when it is not a date."""
    if not value:
        return default
    try:
        return forms.DateField(input_formats=["%d/%m/%Y", "%Y-%m-%d"]).clean(value.strip())
    except forms.ValidationError:
        return None


@access.staff_required(*REGISTER_ROLES)
def register_view(request):
    """Print the dossier register (sổ theo dõi hồ sơ) for a period; stored once per period."""
    today = timezone.localdate()
    first = _date(request.GET.get("tu"), today.replace(day=1))
    last = _date(request.GET.get("den"), today)
    error = ""
    if "in" in request.GET:
        if first is None or last is None:
            error = "Ngày không hợp lệ: hãy nhập theo dạng ngày/tháng/năm."
        elif last < first or (last - first).days > 366:
            error = "Khoảng thời gian phải từ ngày bắt đầu đến ngày kết thúc, không quá một năm."
        else:
            paper = papers.issue_register(request.staff.office, first, last)
            return redirect("dossiers:office_paper", pk=paper.pk)
    registers = Paper.objects.filter(office=request.staff.office, kind=PaperKind.REGISTER).order_by("-id")[
        :20
    ]
    return render(
        request,
        "dossiers/register.html",
        {"first": first or today, "last": last or today, "error": error, "registers": registers},
        status=400 if error else 200,
    )


@require_http_methods(["GET", "POST"])
def track_view(request):
    """Public page: look a dossier up by code and secret; rate it after return. No login, no JS."""
    source = request.POST if request.method == "POST" else request.GET
    context = {"code": source.get("code", ""), "secret": source.get("secret", "")}
    if not (context["code"] or context["secret"]):
        return render(request, "dossiers/track.html", context)
    try:
        dossier = tracking.find(context["code"], context["secret"], tracking.client_address(request))
    except tracking.TrackingError as error:
        return render(request, "dossiers/track.html", {**context, "error": str(error)}, status=error.status)
    if request.method == "POST":
        try:
            tracking.rate(dossier, request.POST.get("score"), request.POST.get("comment", ""))
        except tracking.TrackingError as error:
            context.update(info=tracking.public_view(dossier), rate_error=str(error))
            return render(request, "dossiers/track.html", context, status=error.status)
        messages.success(request, "Cảm ơn ông/bà đã đánh giá. Ý kiến đã được ghi nhận.")
        return redirect(tracking_link(dossier))
    context["info"] = tracking.public_view(dossier)
    context["apology_url"] = tracking_link(dossier, "dossiers:track_apology")
    return render(request, "dossiers/track.html", context)


@access.staff_required(Role.CLERK, Role.SPECIALIST, Role.LEADER, Role.SECRETARY)
def apology_preview_view(request, pk):
    """The draft of an apology letter awaiting a signature, as a PDF (what the leader signs)."""
    letter = access.get_scoped(
        ApologyLetter.objects.select_related("dossier"), request.user, office_field="dossier__office", pk=pk
    )
    pdf = papers.apology_draft_pdf(letter)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"Du thao phieu xin loi {letter.dossier.code}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@access.staff_required(Role.CLERK, Role.VOLUNTEER)
def counter_rating_view(request, code):
    """A rating the citizen gives at the counter (paper form or tablet), recorded by staff of the
    dossier's office through the public page's function (tracking.rate)."""
    dossier = selectors.dossier_for(request.user, code)
    access.require_office_role(request.user, dossier.office, Role.CLERK, Role.VOLUNTEER)
    try:
        rating = tracking.rate(
            dossier, request.POST.get("score"), request.POST.get("comment", ""), recorded_by=request.staff
        )
    except tracking.TrackingError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"Đã ghi nhận đánh giá của người dân: {tracking.SCORES[rating.score].lower()}."
        )
    return redirect("dossiers:detail", code=dossier.code)


def tracking_link(dossier, name: str = "dossiers:track") -> str:
    return f"{reverse(name)}?{urlencode({'code': dossier.code, 'secret': dossier.secret})}"


def track_apology_view(request):
    """The signed apology letter of a tracked dossier (PDF), by code and secret."""
    try:
        dossier = tracking.find(
            request.GET.get("code", ""), request.GET.get("secret", ""), tracking.client_address(request)
        )
    except tracking.TrackingError as error:
        return render(request, "dossiers/track.html", {"error": str(error)}, status=error.status)
    paper = dossier.papers.filter(kind=PaperKind.APOLOGY).order_by("-id").first()
    if paper is None:
        raise Http404(tracking.NOT_FOUND)
    return pdf_response(paper, request, public=True)
