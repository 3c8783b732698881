"""Staff screens: intake, worklist and search, the dossier page, the leader's queue, return.

Views are thin: they parse input with forms, read with selectors, and write
through intake.receive and the workflow door.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from dossiers import actions, handover, intake, outbox, selectors, views_preview, workflow
from dossiers.forms import IntakeForm
from dossiers.models import ApologyLetter, Outcome, PaperKind, Rating, Status
from dossiers.models_citizen import MessageChannel, NotifyConsent
from dossiers.transitions import TRANSITIONS
from dossiers.workflow import WorkflowError
from mocua import access
from mocua.models import Role, Staff
from models_catalog.policy import policy_at

INTAKE_ROLES = intake.INTAKE_ROLES
DESK_ROLES = (Role.CLERK, Role.SPECIALIST, Role.LEADER, Role.SECRETARY, Role.VOLUNTEER)


def policy_lines(office, procedure, now) -> tuple[object, list[str]]:
    """The catalog's policy in force now and the banner lines to show at the counter."""
    policy = policy_at(office, procedure, now)
    return policy, list(policy.lines)


@access.staff_required(*INTAKE_ROLES)
def procedures_json(request):
    """The intake type-ahead: the office's procedures matching `q`, best match first."""
    q = request.GET.get("q", "")
    return JsonResponse({"procedures": selectors.procedures_offered(request.staff.office, q, limit=12)})


@access.staff_required(*INTAKE_ROLES)
def intake_view(request):
    office = request.staff.office
    now = timezone.now()
    code = request.POST.get("procedure") or request.GET.get("thu_tuc") or ""
    procedure = intake.offered_procedure(office, code, timezone.localdate(now)) if code else None
    if code and procedure is None:
        messages.error(request, "Đơn vị không giải quyết thủ tục này (hoặc thủ tục đã hết hiệu lực).")
    if procedure is None:
        q = request.GET.get("q", "")
        found = selectors.procedures_offered(office, q, limit=12) if q.strip() else []
        context = {"procedures_url": reverse("dossiers:procedures_json"), "q": q, "found": found}
        return render(request, "dossiers/intake_pick.html", context)
    form = IntakeForm(request.POST or None, office=office, procedure=procedure)
    if request.method == "POST" and form.is_valid():
        try:
            dossier = intake.receive(request.staff, form.intake_data(request.POST.get("decision", "receive")))
        except ValidationError as e:
            for name, errs in e.message_dict.items():
                form.add_error(name if name in form.fields else None, errs)
        except WorkflowError as e:
            messages.error(request, str(e))
        else:
            messages.success(request, _received_message(dossier))
            # ?in=1: the paper the citizen takes home waits, focused, for one key (print-paper.js).
            return redirect(f"{reverse('dossiers:detail', args=[dossier.code])}?in=1")
    policy, lines = policy_lines(office, procedure, now)
    preview = views_preview.preview_for(office, procedure, now, request.POST or None)
    return render(
        request,
        "dossiers/intake.html",
        {"form": form, "procedure": procedure, "policy": policy, "policy_lines": lines, "preview": preview},
    )


def _received_message(d) -> str:
    if d.status == Status.REFUSED:
        return f"Đã lập phiếu từ chối tiếp nhận hồ sơ {d.code}."
    if d.status == Status.AWAITING_SUPPLEMENT:
        return f"Hồ sơ {d.code} chưa đầy đủ: đã lập phiếu yêu cầu bổ sung."
    when = timezone.localtime(d.due_at)
    if d.is_same_day:
        return f"Đã tiếp nhận hồ sơ {d.code}: trả kết quả trong ngày, trước {when:%H:%M}."
    return f"Đã tiếp nhận hồ sơ {d.code}: hẹn trả lúc {when:%H:%M} ngày {when:%d/%m/%Y}."


@access.staff_required(*DESK_ROLES)
def worklist_view(request):
    # The search is posted, and phone or ID numbers never go into links (design principle 7).
    params = request.POST if request.method == "POST" else request.GET
    q = params.get("q", "")
    flt = params.get("loc", "")
    status = params.get("trang_thai", "")
    qs = selectors.worklist(request.user, q=q, filter=flt, status=status)
    page = selectors.BoundedPaginator(qs, 50).get_page(request.GET.get("trang"))
    return render(
        request,
        "dossiers/worklist.html",
        {
            "page": page,
            # Each row's link is this prefix and its code (codes are URL-safe): no reverse() per row.
            "detail_prefix": reverse("dossiers:detail", args=["-"])[:-2],
            "q": q,
            "link_q": "" if selectors.is_personal_number(q) else q,
            "flt": flt,
            "status": status,
            "filters": selectors.FILTERS,
            "statuses": Status.choices,
            "now": timezone.now(),
        },
    )


@access.staff_required()
def detail_view(request, code):
    d = selectors.dossier_for(request.user, code)
    me = request.staff
    can = {a for a in actions.ACTIONS if workflow.allowed(me, d, a)}
    if not handover.ceremony_offered(d):
        can.discard("schedule_ceremony")
    papers = list(d.papers.all())
    return render(
        request,
        "dossiers/detail.html",
        {
            "d": d,
            "events": selectors.timeline(d),
            "documents": d.documents.select_related("required_document"),
            "supplements": d.supplement_requests.all(),
            "letters": d.apology_letters.select_related("signed_by"),
            "papers": papers,
            # printed with one key: the newest paper the citizen is handed for the dossier itself (after
            # intake the receipt, slip, supplement request or refusal; the fee receipt has its own button)
            "main_paper": next((p for p in papers if p.kind != PaperKind.FEE_RECEIPT), None),
            "just_received": request.GET.get("in") == "1",
            "rating": Rating.objects.filter(dossier=d).select_related("recorded_by").first(),
            "actions": can,
            "labels": workflow.ACTION_LABELS,
            "specialists": Staff.objects.filter(office=d.office, is_active=True, roles__role=Role.SPECIALIST),
            "now": timezone.now(),
            **_outbox_context(d),
            "leaders": Staff.objects.filter(office=d.office, is_active=True, roles__role=Role.LEADER),
        },
    )


def _outbox_context(d) -> dict:
    """The messages sent to the citizen, for the dossier page (issue 17)."""
    consent = NotifyConsent.objects.filter(dossier=d).first()
    labels = [MessageChannel(c).label for c in consent.channels] if consent else []
    return {"outbox": outbox.for_dossier(d), "consent": consent, "consent_labels": labels}


def _safe_next(request, default: str) -> str:
    nxt = request.POST.get("next", "")
    return nxt if nxt.startswith("/") and not nxt.startswith("//") else default


@require_POST
@access.staff_required()
def act_view(request, code, action):
    d = selectors.dossier_for(request.user, code)
    if action not in actions.ACTIONS:
        raise Http404
    try:
        actions.perform(request.staff, d, action, request.POST)
    except WorkflowError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, _done_message(d, action))
    return redirect(_safe_next(request, reverse("dossiers:detail", args=[d.code])))


def _done_message(d, action: str) -> str:
    """'Từ chối: <mã>. Đã lập phiếu từ chối — in ở mục Giấy tờ.' (the paper the step issued)."""
    text = f"{workflow.ACTION_LABELS[action]}: {d.code}."
    paper = TRANSITIONS[action].paper
    if paper:
        text += (
            f" Đã lập {PaperKind(paper).label[:1].lower()}{PaperKind(paper).label[1:]} — in ở mục Giấy tờ."
        )
    return text


@access.staff_required(Role.LEADER)
def leader_queue_view(request):
    return render(
        request,
        "dossiers/leader_queue.html",
        {"items": selectors.leader_queue(request.staff), "now": timezone.now()},
    )


@require_POST
@access.staff_required(Role.LEADER)
def sign_apology_view(request, pk):
    letter = access.get_scoped(
        ApologyLetter.objects.select_related("dossier"), request.user, office_field="dossier__office", pk=pk
    )
    try:
        letter = actions.perform(request.staff, letter.dossier, "sign_apology", {"letter": letter.pk})
    except WorkflowError as e:
        messages.error(request, str(e))
    else:
        messages.success(
            request,
            f"Đã ký phiếu xin lỗi số {letter.number} (hồ sơ {letter.dossier.code}); "
            "người dân xem được phiếu trên trang tra cứu hồ sơ.",
        )
    return redirect(_safe_next(request, reverse("dossiers:leader_queue")))


@access.staff_required(Role.CLERK)
def return_view(request, code):
    d = selectors.dossier_for(request.user, code)
    now = timezone.now()
    if request.method == "POST":
        try:
            d = actions.perform(request.staff, d, "return", request.POST)
        except WorkflowError as e:
            messages.error(request, str(e))
        else:
            messages.success(
                request,
                f"Đã trả kết quả hồ sơ {d.code} ({d.get_outcome_display().lower()}). "
                "Cảm ơn người dân đã sử dụng dịch vụ; mời đánh giá mức độ hài lòng qua mã QR trên giấy tiếp nhận.",
            )
            return redirect("dossiers:detail", code=d.code)
    return render(
        request,
        "dossiers/return.html",
        {
            "d": d,
            "outcome": Outcome(workflow.outcome_of(d.due_at, now)).label,
            "can_return": workflow.allowed(request.staff, d, "return"),
            **handover.return_screen(d, now),
        },
    )
