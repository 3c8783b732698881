"""The papers handed to citizens and printed at the counter: records with their own number and date.

`issue_paper(dossier, kind)` gives a paper its number (a gap-free running number
per office, kind and year), renders it from its template in the NĐ 30/2020
layout and stores the PDF once in `Paper.pdf`. Issuing the same paper again
returns the stored one (idempotent), so a job may call it as often as it likes.
`issue_register(office, first, last)` does the same for the dossier register.

Form codes and titles are data (`FORM_SETS`): the TT 01/2018/TT-VPCP set, and the
TT 03/2025/TT-VPCP set from the date it applies; a paper takes the set in force
on its issue date.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Min, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from dossiers import codes
from dossiers.models import (
    ApologyLetter,
    ApologyStatus,
    Dossier,
    Outcome,
    Paper,
    PaperKind,
    Status,
    SupplementRequest,
)
from mocua.models import Office
from mocua.pdf import html_to_pdf

K = PaperKind


class PaperError(Exception):
    """A paper that cannot be issued now; `str(error)` is the Vietnamese message."""


@dataclass(frozen=True)
class Form:
    code: str  # "Mẫu 01"
    title: str
    basis: str
    symbol: str  # the number's suffix, e.g. "HDHS" in "Số: 12/HDHS"


TT01_2018 = "Thông tư số 01/2018/TT-VPCP"
TT03_2025 = "Thông tư số 03/2025/TT-VPCP"
# TT 03/2025 was signed on 15/9/2025; papers issued from that day use its set.
FORM_SET_2025_FROM = dt.date(2025, 9, 15)

_COMMON = {
    K.RECEIPT: ("01", "Giấy tiếp nhận hồ sơ và trả kết quả trong ngày", "TNHS"),
    K.APPOINTMENT_SLIP: ("01", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", "TNHS"),
    K.SUPPLEMENT_REQUEST: ("02", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", "HDHS"),
    K.REFUSAL: ("03", "Phiếu từ chối tiếp nhận giải quyết hồ sơ", "TCHS"),
}
FORM_SETS: dict[str, dict[str, Form]] = {
    "2018": {
        **{k: Form(f"Mẫu {c}", t, TT01_2018, s) for k, (c, t, s) in _COMMON.items()},
        K.APOLOGY: Form("Mẫu 04", "Phiếu xin lỗi và hẹn lại ngày trả kết quả", TT01_2018, "PXL"),
        K.STOP_NOTICE: Form("", "Thông báo dừng giải quyết hồ sơ", "", "TB"),
        K.CONTROL_SLIP: Form("Mẫu 05", "Phiếu kiểm soát quá trình giải quyết hồ sơ", TT01_2018, "KSHS"),
        K.REGISTER: Form("Mẫu 06", "Sổ theo dõi hồ sơ", TT01_2018, "STHS"),
    },
    "2025": {
        **{k: Form(f"Mẫu {c}", t, TT03_2025, s) for k, (c, t, s) in _COMMON.items()},
        K.APOLOGY: Form(
            "Mẫu 04", "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết", TT03_2025, "PXL"
        ),
        K.STOP_NOTICE: Form("Mẫu 05", "Thông báo dừng giải quyết hồ sơ", TT03_2025, "TB"),
        K.CONTROL_SLIP: Form("Mẫu 06", "Phiếu kiểm soát quá trình giải quyết hồ sơ", TT03_2025, "KSHS"),
        K.REGISTER: Form("Mẫu 07", "Sổ theo dõi hồ sơ", TT03_2025, "STHS"),
    },
}
TEMPLATES = {
    K.RECEIPT: "papers/receipt.html",
    K.APPOINTMENT_SLIP: "papers/receipt.html",
    K.SUPPLEMENT_REQUEST: "papers/supplement_request.html",
    K.REFUSAL: "papers/refusal.html",
    K.APOLOGY: "papers/apology.html",
    K.STOP_NOTICE: "papers/stop_notice.html",
    K.CONTROL_SLIP: "papers/control_slip.html",
    K.REGISTER: "papers/register.html",
}
DOSSIER_KINDS = tuple(k for k in TEMPLATES if k != K.REGISTER)


def form_for(kind: str, day: dt.date) -> Form:
    """The form (code, title, legal basis) of `kind` in force on `day`."""
    return FORM_SETS["2025" if day >= FORM_SET_2025_FROM else "2018"][kind]


def tracking_url(dossier: Dossier) -> str:
    """The public tracking address printed as a QR code: dossier code and secret, never an ID number."""
    query = urlencode({"code": dossier.code, "secret": dossier.secret})
    return f"{settings.SITE_URL}{reverse('dossiers:track')}?{query}"


# --- what each paper needs -------------------------------------------------------------------


def receipt_kind(dossier: Dossier) -> str:
    return K.RECEIPT if dossier.is_same_day else K.APPOINTMENT_SLIP


def _check_issuable(dossier: Dossier, kind: str, item) -> None:
    if kind in (K.RECEIPT, K.APPOINTMENT_SLIP):
        if dossier.due_at is None or dossier.status == Status.REFUSED:
            raise PaperError("Hồ sơ chưa đầy đủ hoặc đã bị từ chối nên không có giấy tiếp nhận.")
        if kind != receipt_kind(dossier):
            raise PaperError("Loại giấy tiếp nhận không khớp với hình thức giải quyết của hồ sơ.")
    elif kind == K.SUPPLEMENT_REQUEST and item is None:
        raise PaperError("Hồ sơ chưa có yêu cầu bổ sung.")
    elif kind == K.APOLOGY and (item is None or item.status != ApologyStatus.SIGNED):
        raise PaperError("Phiếu xin lỗi chưa được lãnh đạo ký nên chưa thể in.")
    elif kind == K.REFUSAL and dossier.status != Status.REFUSED:
        raise PaperError("Hồ sơ không bị từ chối.")
    elif kind == K.STOP_NOTICE and dossier.status != Status.STOPPED:
        raise PaperError("Hồ sơ không bị dừng giải quyết.")


def _item(dossier: Dossier, kind: str, item):
    """The supplement request or apology letter the paper is about (default: the latest)."""
    if item is not None or kind not in (K.SUPPLEMENT_REQUEST, K.APOLOGY):
        return item
    if kind == K.SUPPLEMENT_REQUEST:
        return dossier.supplement_requests.order_by("-issued_at", "-id").first()
    return dossier.apology_letters.filter(status=ApologyStatus.SIGNED).order_by("-signed_at", "-id").first()


def _ordinal(dossier: Dossier, kind: str, item) -> int:
    """Which paper of this kind `item` is for the dossier (papers are issued in the items' order)."""
    if isinstance(item, SupplementRequest):
        return dossier.supplement_requests.filter(id__lt=item.id).count()
    if isinstance(item, ApologyLetter):
        return dossier.apology_letters.filter(status=ApologyStatus.SIGNED, id__lt=item.id).count()
    return 0


def _event_label(event) -> str:
    from dossiers.workflow import ACTION_LABELS

    return ACTION_LABELS.get(event.action, event.action)


def control_rows(dossier: Dossier) -> list[dict]:
    """One row per step of the dossier's audit trail, judged early / on time / late against the due date."""
    from dossiers.workflow import current_due_at, outcome_of

    due = current_due_at(dossier)
    rows = []
    for event in dossier.events.select_related("actor").order_by("at", "id"):
        verdict = Outcome(outcome_of(due, event.at)).label if due else ""
        rows.append({"event": event, "label": _event_label(event), "verdict": verdict})
    return rows


def paper_context(dossier: Dossier | None, kind: str, *, number: str, issued_on: dt.date, item=None, **extra):
    office = dossier.office if dossier else extra.pop("office")
    context = {
        "office": office,
        "deciding_body": office.name.replace("UBND", "Ủy ban nhân dân", 1),
        "dossier": dossier,
        "kind": kind,
        "form": form_for(kind, issued_on),
        "number": number,
        "issued_on": issued_on,
        "item": item,
        **extra,
    }
    if dossier is not None:
        context["documents"] = list(dossier.documents.select_related("required_document"))
        context["url"] = tracking_url(dossier)
        context["track_home"] = f"{settings.SITE_URL}{reverse('dossiers:track')}"
        context["leader"] = item.signed_by if isinstance(item, ApologyLetter) else None
        context["receiver"] = dossier.received_by
        if kind == K.CONTROL_SLIP:
            context["rows"] = control_rows(dossier)
        if kind in (K.REFUSAL, K.STOP_NOTICE):
            action = "refuse" if kind == K.REFUSAL else "stop"
            context["event"] = dossier.events.filter(action=action).select_related("actor").last()
    return context


def paper_html(dossier: Dossier | None, kind: str, **context) -> str:
    """The HTML of a paper (also used by the benchmark to time a bare WeasyPrint render)."""
    return render_to_string(TEMPLATES[kind], paper_context(dossier, kind, **context))


# --- issuing ---------------------------------------------------------------------------------


def _padded(number: str) -> str:
    """NĐ 30/2020: numbers below 10 are written with a leading zero ('1/PXL' -> '01/PXL')."""
    head, sep, tail = number.partition("/")
    return f"{int(head):02d}{sep}{tail}" if head.isdigit() else number


def _next_number(office: Office, kind: str, day: dt.date) -> str:
    symbol = form_for(kind, day).symbol
    n = codes.next_number(office, f"paper:{symbol}:{day.year}")
    return f"{n:02d}/{symbol}"


def _store(paper: Paper, pdf: bytes, name: str) -> Paper:
    paper.pdf.save(f"{name}.pdf", ContentFile(pdf), save=False)
    paper.save()
    return paper


@transaction.atomic
def issue_paper(
    dossier: Dossier, kind: str, *, item: SupplementRequest | ApologyLetter | None = None
) -> Paper:
    """Number, date, render and store one paper of `dossier`; the same call again returns it unchanged."""
    if kind not in DOSSIER_KINDS:
        raise PaperError("Loại giấy tờ không hợp lệ.")
    dossier = Dossier.objects.select_for_update().select_related("office", "procedure").get(pk=dossier.pk)
    item = _item(dossier, kind, item)
    _check_issuable(dossier, kind, item)
    existing = list(dossier.papers.filter(kind=kind).order_by("id"))
    index = _ordinal(dossier, kind, item)
    if index < len(existing):
        return existing[index]
    today = timezone.localdate()
    if kind == K.APOLOGY:  # numbered …/PXL when the leader signed it
        number, today = _padded(item.number), timezone.localdate(item.signed_at)
    else:
        number = _next_number(dossier.office, kind, today)
    form = form_for(kind, today)
    html = paper_html(dossier, kind, number=number, issued_on=today, item=item)
    paper = Paper(
        office=dossier.office, dossier=dossier, kind=kind, number=number, issued_on=today, title=form.title
    )
    return _store(paper, html_to_pdf(html), f"{dossier.office.slug}/{dossier.code}-{kind}-{index + 1}")


def intake_papers(dossier: Dossier) -> list[Paper]:
    """The papers the citizen takes home after intake: receipt or appointment slip, supplement request, refusal."""
    dossier.refresh_from_db()
    papers = []
    if dossier.status == Status.REFUSED:
        papers.append(issue_paper(dossier, K.REFUSAL))
    elif dossier.status == Status.AWAITING_SUPPLEMENT:
        papers.append(issue_paper(dossier, K.SUPPLEMENT_REQUEST))
    elif dossier.due_at is not None:
        papers.append(issue_paper(dossier, receipt_kind(dossier)))
    return papers


def register_rows(office: Office, first: dt.date, last: dt.date):
    """The dossiers received at `office` on the days first..last, with the day each went to a specialist."""
    return (
        Dossier.objects.filter(office=office, received_at__date__gte=first, received_at__date__lte=last)
        .select_related("procedure")
        .annotate(assigned_at=Min("events__at", filter=Q(events__action="assign")))
        .order_by("received_at", "id")
    )


@transaction.atomic
def issue_register(office: Office, first: dt.date, last: dt.date) -> Paper:
    """The dossier register for the days first..last, printed once per period (landscape A4)."""
    if last < first:
        raise PaperError("Ngày kết thúc phải sau ngày bắt đầu.")
    Office.objects.select_for_update().filter(pk=office.pk).first()
    title = f"{form_for(K.REGISTER, last).title} từ ngày {first:%d/%m/%Y} đến ngày {last:%d/%m/%Y}"
    existing = Paper.objects.filter(office=office, kind=K.REGISTER, dossier=None, title=title).first()
    if existing:
        return existing
    today = timezone.localdate()
    number = _next_number(office, K.REGISTER, today)
    html = paper_html(
        None,
        K.REGISTER,
        office=office,
        number=number,
        issued_on=today,
        first=first,
        last=last,
        rows=register_rows(office, first, last),
    )
    paper = Paper(office=office, dossier=None, kind=K.REGISTER, number=number, issued_on=today, title=title)
    return _store(paper, html_to_pdf(html), f"{office.slug}/so-theo-doi-{first:%Y%m%d}-{last:%Y%m%d}")
