"""The papers handed to citizens and printed at the counter: records with their own number and date.

`issue_paper(dossier, kind)` gives a paper its number (a gap-free running number
per office, kind and year) and its date inside the caller's transaction; the
paper is then pending, and `render_paper_task` renders it from its template in
the NĐ 30/2020 layout after commit, storing the PDF once under a fixed name.
Issuing the same paper again returns the stored one (idempotent), so a job may
call it as often as it likes. `issue_register(office, first, last)` does the
same for the dossier register.

Rendering (`render`) is idempotent: a ready paper is never rendered again, and a
second render overwrites the same file. A template error marks the paper failed
with a short message; staff press "Tạo lại" (`rerender`) once it is fixed.
`ensure_rendered` renders a pending paper inline for whoever opens it first (no
worker needed at the counter); `heal_pending` is the sweep for lost enqueues.

Form codes, titles and templates are data, in `dossiers.paper_forms`.
"""

import datetime as dt
import logging
import time

from django.conf import settings
from django.db import OperationalError, transaction
from django.db.models import Min, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from dossiers import codes, signing
from dossiers.handover import postal_fee
from dossiers.models import (
    ApologyLetter,
    ApologyStatus,
    Dossier,
    FeePayment,
    Paper,
    PaperKind,
    PaperState,
    Status,
    SupplementRequest,
)
from dossiers.paper_forms import (
    DOSSIER_KINDS,
    LETTER_FOR_EVENT,
    TEMPLATES,
    family_event,
    form_for,
    signing_leader,
)
from dossiers.paper_rows import control_rows, supplement_rows
from mocua.enqueue import enqueue, enqueue_on_commit
from mocua.models import Office
from mocua.pdf import html_to_pdf, html_to_pdf_with_box
from mocua.storage import store_exactly

K = PaperKind
logger = logging.getLogger(__name__)
# Errors worth retrying (disk, network, database gone away); anything else is a broken template.
TRANSIENT_ERRORS = (OSError, OperationalError)
# Sent by name: dossiers.tasks imports this module, never the reverse.
RENDER_TASK = "dossiers.tasks.render_paper_task"


class PaperError(Exception):
    """A paper that cannot be issued now; `str(error)` is the Vietnamese message."""


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
    elif kind == K.FEE_RECEIPT:
        if not FeePayment.objects.filter(dossier=dossier, amount__gt=0).exists():
            raise PaperError("Hồ sơ không thu phí, lệ phí nên không có biên lai.")
    elif kind == K.CEREMONY_INVITATION and not hasattr(dossier, "ceremony"):
        raise PaperError("Hồ sơ chưa có lịch lễ trao Giấy chứng nhận kết hôn.")
    elif kind in (K.CONGRATULATION, K.CONDOLENCE):
        if dossier.status != Status.RETURNED:
            raise PaperError("Thư chúc mừng, thư chia buồn chỉ được gửi sau khi đã trả kết quả hồ sơ.")
        if family_letter_kind(dossier) != kind:
            raise PaperError(f"Thủ tục “{dossier.procedure.name}” không có {K(kind).label.lower()}.")


def family_letter_kind(dossier: Dossier) -> str | None:
    """The letter a returned dossier's family gets (congratulation / condolence), or None: the
    procedures are chosen by national code in settings.MOCUA_FAMILY_LETTER_CODES (seed 004)."""
    kind = settings.MOCUA_FAMILY_LETTER_CODES.get(dossier.procedure.national_code)
    return kind if kind and LETTER_FOR_EVENT.get(family_event(dossier.procedure)) == kind else None


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
        if kind in (K.RECEIPT, K.APPOINTMENT_SLIP):
            context["postal_fee"] = postal_fee()
            context["session"] = getattr(getattr(dossier, "session_intake", None), "session", None)
        if kind == K.CEREMONY_INVITATION:
            context["ceremony"] = dossier.ceremony
            context["ceremony_at"] = timezone.localtime(dossier.ceremony.at)
            context["leader"] = signing_leader(office)
        if kind in (K.CONGRATULATION, K.CONDOLENCE):
            context["leader"] = signing_leader(office)
            context["event"] = family_event(dossier.procedure)
        context["receiver"] = dossier.received_by
        if kind == K.CONTROL_SLIP:
            context["rows"] = control_rows(dossier)
        if kind == K.SUPPLEMENT_REQUEST:
            context["rows"] = supplement_rows(dossier, item)
            where = reverse("models_catalog:public_procedure", args=[office.slug, dossier.procedure.code])
            context["procedure_url"] = f"{settings.SITE_URL}{where}"
        if kind == K.FEE_RECEIPT:
            context["fee"] = FeePayment.objects.select_related("collected_by", "exemption").get(
                dossier=dossier
            )
        if kind in (K.REFUSAL, K.STOP_NOTICE):
            action = "refuse" if kind == K.REFUSAL else "stop"
            context["event"] = dossier.events.filter(action=action).select_related("actor").last()
    return context


def paper_html(dossier: Dossier | None, kind: str, **context) -> str:
    """The HTML of a paper (also used by the benchmark to time a bare WeasyPrint render)."""
    return render_to_string(TEMPLATES[kind], paper_context(dossier, kind, **context))


def apology_draft_pdf(letter: ApologyLetter, *, now: dt.datetime | None = None) -> bytes:
    """The apology letter as it will be printed once signed, marked as a draft, without number or
    signature: what the leader reads before signing (rendered on request, never stored)."""
    dossier = Dossier.objects.select_related("office", "procedure__field").get(pk=letter.dossier_id)
    html = paper_html(
        dossier, K.APOLOGY, number="…/PXL", issued_on=timezone.localdate(now), item=letter, draft=True
    )
    return html_to_pdf(html)


# --- issuing ---------------------------------------------------------------------------------


def _padded(number: str) -> str:
    """NĐ 30/2020: numbers below 10 are written with a leading zero ('1/PXL' -> '01/PXL')."""
    head, sep, tail = number.partition("/")
    return f"{int(head):02d}{sep}{tail}" if head.isdigit() else number


def _next_number(office: Office, kind: str, day: dt.date) -> str:
    symbol = form_for(kind, day).symbol
    n = codes.next_number(office, f"paper:{symbol}:{day.year}")
    return f"{n:02d}/{symbol}"


def _create_pending(**fields) -> Paper:
    """A numbered, dated paper whose PDF is rendered after the caller's transaction commits."""
    paper = Paper.objects.create(state=PaperState.PENDING, enqueued_at=timezone.now(), **fields)
    enqueue_on_commit(RENDER_TASK, paper.pk)
    return paper


def issue_paper(
    dossier: Dossier,
    kind: str,
    *,
    item: SupplementRequest | ApologyLetter | None = None,
    now: dt.datetime | None = None,
    fresh: bool = False,
) -> Paper:
    """Number and date (as of `now`) one paper of `dossier`, pending, rendered after commit; again
    returns it unchanged. The workflow door calls this for the paper each step hands the citizen.

    `fresh` (intake): the dossier was inserted in the caller's transaction, so it is used as it is
    (not read back and locked) and has no paper yet; no savepoint of its own either."""
    if kind not in DOSSIER_KINDS:
        raise PaperError("Loại giấy tờ không hợp lệ.")
    with transaction.atomic(savepoint=not fresh):
        return _issue_paper(dossier, kind, item, now, fresh)


def _issue_paper(dossier: Dossier, kind: str, item, now, fresh: bool) -> Paper:
    if not fresh:
        dossier = Dossier.objects.select_for_update().select_related("office", "procedure").get(pk=dossier.pk)
    item = _item(dossier, kind, item)
    _check_issuable(dossier, kind, item)
    if not fresh:
        existing = list(dossier.papers.filter(kind=kind).order_by("id"))
        index = _ordinal(dossier, kind, item)
        if index < len(existing):
            return existing[index]
    today = timezone.localdate(now)
    if kind == K.APOLOGY:  # numbered …/PXL when the leader signed it
        number, today = _padded(item.number), timezone.localdate(item.signed_at)
    else:
        number = _next_number(dossier.office, kind, today)
    return _create_pending(
        office=dossier.office,
        dossier=dossier,
        kind=kind,
        number=number,
        issued_on=today,
        title=form_for(kind, today).title,
        supplement_request=item if isinstance(item, SupplementRequest) else None,
        apology_letter=item if isinstance(item, ApologyLetter) else None,
    )


def register_rows(office: Office, first: dt.date, last: dt.date):
    """The dossiers received at `office` on the days first..last, with the day each went to a specialist."""
    return (
        Dossier.objects.filter(office=office, received_at__date__gte=first, received_at__date__lte=last)
        .select_related("procedure")
        .annotate(assigned_at=Min("events__at", filter=Q(events__action="assign")))
        .order_by("received_at", "id")
    )


@transaction.atomic
def issue_register(office: Office, first: dt.date, last: dt.date, *, now: dt.datetime | None = None) -> Paper:
    """The dossier register for the days first..last, printed once per period (landscape A4)."""
    if last < first:
        raise PaperError("Ngày kết thúc phải sau ngày bắt đầu.")
    Office.objects.select_for_update().filter(pk=office.pk).first()
    title = f"{form_for(K.REGISTER, last).title} từ ngày {first:%d/%m/%Y} đến ngày {last:%d/%m/%Y}"
    existing = Paper.objects.filter(office=office, kind=K.REGISTER, dossier=None, title=title).first()
    if existing:
        return existing
    today = timezone.localdate(now)
    return _create_pending(
        office=office,
        dossier=None,
        kind=K.REGISTER,
        number=_next_number(office, K.REGISTER, today),
        issued_on=today,
        title=title,
        period_first=first,
        period_last=last,
    )


# --- rendering ---------------------------------------------------------------------------------


def _html_of(paper: Paper) -> str:
    """The paper's HTML from its stored number and date (and its item, or its period)."""
    if paper.kind == K.REGISTER:
        first, last = paper.period_first, paper.period_last
        return paper_html(
            None,
            K.REGISTER,
            office=paper.office,
            number=paper.number,
            issued_on=paper.issued_on,
            first=first,
            last=last,
            rows=register_rows(paper.office, first, last),
        )
    dossier = Dossier.objects.select_related("office", "procedure").get(pk=paper.dossier_id)
    item = paper.supplement_request or paper.apology_letter or _item(dossier, paper.kind, None)
    extra = {"verify_url": signing.verify_url(paper)} if paper.kind in signing.SIGNED_KINDS else {}
    return paper_html(dossier, paper.kind, number=paper.number, issued_on=paper.issued_on, item=item, **extra)


def _render_pdf(paper: Paper) -> tuple[bytes, dict | None]:
    """The PDF, and for a paper signed digitally the box its signature block takes."""
    if paper.kind in signing.SIGNED_KINDS:
        return html_to_pdf_with_box(_html_of(paper), signing.ANCHOR)
    return html_to_pdf(_html_of(paper)), None


def pdf_name(paper: Paper) -> str:
    """The one file name of a paper's PDF: the same on every attempt, so a re-render overwrites it."""
    owner = paper.dossier.code if paper.dossier_id else f"so-theo-doi-{paper.period_first:%Y%m%d}"
    return f"papers/{paper.issued_on:%Y/%m}/{paper.office.slug}/{owner}-{paper.kind}-{paper.pk}.pdf"


def _write_pdf(name: str, pdf: bytes) -> str:
    """Store `pdf` under exactly `name`, replacing an earlier attempt (atomically on a local disk)."""
    return store_exactly(Paper._meta.get_field("pdf").storage, name, pdf)


def _short(error: Exception) -> str:
    text = f"{type(error).__name__}: {error}".strip()
    return text if len(text) <= 500 else text[:497] + "…"


def render(paper_id: int) -> Paper:
    """Render a pending paper to its PDF and mark it ready; a broken template marks it failed.

    Idempotent: a ready or failed paper is returned unchanged. Transient errors (TRANSIENT_ERRORS)
    propagate, leaving the paper pending, so the task retries them.
    """
    with transaction.atomic():
        paper = Paper.objects.select_for_update().get(pk=paper_id)
        if paper.state != PaperState.PENDING:
            return paper
        try:
            with transaction.atomic():  # a savepoint: a failed query inside leaves the lock usable
                pdf, box = _render_pdf(paper)
        except TRANSIENT_ERRORS:
            raise
        except Exception as error:
            logger.exception("paper %s (%s) failed to render", paper.pk, paper.kind)
            paper.state, paper.error = PaperState.FAILED, _short(error)
            paper.save(update_fields=["state", "error"])
            return paper
        paper.pdf.name = _write_pdf(pdf_name(paper), pdf)
        paper.state, paper.error, paper.rendered_at = PaperState.READY, "", timezone.now()
        paper.save(update_fields=["pdf", "state", "error", "rendered_at"])
        signing.prepare(paper, box)  # papers signed digitally: signed by the worker after commit
    return paper


def ensure_rendered(paper: Paper) -> Paper:
    """The paper, rendered now if it is still pending (the counter prints at once, worker or not).

    A transient failure is logged and the paper returned still pending; callers look at `state`.
    """
    if paper.state != PaperState.PENDING:
        return paper
    try:
        return render(paper.pk)
    except TRANSIENT_ERRORS:
        logger.warning("paper %s could not be rendered now", paper.pk, exc_info=True)
        paper.refresh_from_db()
        return paper


def rerender(paper: Paper) -> Paper:
    """ "Tạo lại": a failed paper goes back to pending and is rendered again after commit."""
    with transaction.atomic():
        again = Paper.objects.filter(pk=paper.pk, state=PaperState.FAILED).update(
            state=PaperState.PENDING, error="", enqueued_at=timezone.now()
        )
        if again:
            enqueue_on_commit(RENDER_TASK, paper.pk)
    paper.refresh_from_db()
    return paper


PENDING_GRACE = dt.timedelta(minutes=5)
HEAL_BATCH = 200


def heal_pending(now: dt.datetime, *, budget: float | None = None) -> int:
    """Sweep: send again the papers left pending for more than PENDING_GRACE; returns how many.

    A paper stays pending when its enqueue was lost (broker down at commit time, or a worker
    killed on the file-system broker, which does not redeliver). Each paper is claimed with a
    conditional update of `enqueued_at`, so two sweeps at once send it once; when the broker
    still refuses, the paper is rendered here. Run twice, the second run finds nothing to do.
    It works in batches of HEAL_BATCH until no late paper is left or `budget` seconds
    (settings.MOCUA_HEAL_BUDGET_SECONDS) are spent, so a broker outage's backlog clears in one run.
    """
    budget = settings.MOCUA_HEAL_BUDGET_SECONDS if budget is None else budget
    deadline = time.monotonic() + budget
    stale = Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=now - PENDING_GRACE)
    pending = Paper.objects.filter(stale, state=PaperState.PENDING)
    healed = 0
    while time.monotonic() < deadline:
        batch = list(pending.order_by("enqueued_at", "id").values_list("pk", flat=True)[:HEAL_BATCH])
        if not batch:
            break
        for pk in batch:
            if not pending.filter(pk=pk).update(enqueued_at=now):
                continue  # another sweep took it
            if not enqueue(RENDER_TASK, pk):
                try:
                    render(pk)
                except TRANSIENT_ERRORS:
                    logger.warning("paper %s is still pending", pk, exc_info=True)
                    continue
            healed += 1
    return healed
