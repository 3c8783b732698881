"""Screens of the written evaluation and the corrective actions (issue 17). Thin: the office comes
from reports.access, writes go through reports.narrative_services and reports.corrective."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from mocua import access
from mocua.models import Role
from reports import corrective, narrative, narrative_services, selectors
from reports.access import READERS, report_office
from reports.views import _choices, _period

AREA_PAGE = "Báo cáo toàn vùng không có phần đánh giá riêng; hãy mở báo cáo của từng xã, phường."


def _editor_url(slug: str, period) -> str:
    return reverse("reports:narrative", args=[slug]) + "?" + urlencode({"ky": period.key})


def _office_only(office):
    if office.is_supervisor:
        raise Http404(AREA_PAGE)


@access.staff_required(*READERS)
def narrative_view(request, slug):
    """The four sections of the office's evaluation beside its figures; the secretary saves them."""
    office = report_office(request.user, slug)
    _office_only(office)
    period = _period(request)
    own = request.staff.office_id == office.pk
    may_edit = own and request.staff.has_role(Role.SECRETARY)
    may_approve = own and request.staff.has_role(Role.LEADER)
    current = narrative_services.narrative_of(office, period)
    error = ""
    texts = None
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied(access.NO_ROLE) if own else Http404(access.NOT_FOUND)
        try:
            narrative_services.save_narrative(request.staff, office, period, request.POST)
        except narrative_services.NarrativeError as e:
            error = str(e)
            current = narrative_services.narrative_of(office, period)
            if not (current and current.approved):
                texts = {k: request.POST.get(k, "") for k in narrative.SECTION_KEYS}  # typed, not saved
        else:
            messages.success(request, f"Đã lưu phần đánh giá {period.label}.")
            return redirect(_editor_url(slug, period))
    data = selectors.report_for(office, period)
    refill = "dien-lai" in request.GET and may_edit and not (current and current.approved)
    draft_hidden = current is not None and not current.approved and not own
    if texts is None:
        if current is not None and not refill and not draft_hidden:
            texts = {k: getattr(current, k) for k in narrative.SECTION_KEYS}
        else:  # the figures' suggestions; a draft stays inside its office until approved
            texts = narrative_services.prefilled(office, period, data)
    today = timezone.localdate()
    actions = corrective.relevant_actions(office, period.first)
    causes = []
    for r in data["practices"]["apologies"]["reasons"]:
        key = (r["reason"], r["responsible_unit"])
        causes.append({**r, "actions": [a for a in actions if (a.reason, a.responsible_unit) == key]})
    context = {
        "office": office,
        "period": period,
        "data": data,
        "choices": _choices(),
        "sections": [(k, title, texts[k]) for k, title in narrative.SECTIONS],
        "narrative": current,
        "prefilled": current is None or refill or draft_hidden,
        "draft_hidden": draft_hidden,
        "may_edit": may_edit and not (current and current.approved),
        "may_approve": may_approve and current is not None and not current.approved,
        "may_act": own and request.staff.has_role(*corrective.EDITORS),
        "error": error,
        "causes": causes,
        "today": today,
        "on_time": next((i for i in data["indicators"] if i["code"] == "2.1"), None),
        "late": narrative.late_count(data),
        "ended": period.end_at <= timezone.now(),
    }
    return render(request, "reports/narrative.html", context, status=400 if error else 200)


@require_POST
@access.staff_required(*READERS)
def approve_view(request, slug):
    office = report_office(request.user, slug)
    if request.staff.office_id != office.pk:
        raise Http404(access.NOT_FOUND)
    period = _period(request)
    try:
        n = narrative_services.approve_narrative(request.staff, office, period)
    except narrative_services.NarrativeError as e:
        messages.error(request, str(e))
    else:
        messages.success(
            request,
            f"Đã phê duyệt và lưu trữ báo cáo {period.label} (phiên bản {n.report.version}, kèm PDF và Excel).",
        )
    return redirect(_editor_url(slug, period))


@access.staff_required(*READERS)
def actions_view(request, slug):
    """The office's corrective actions (unfinished first, the overdue marked); adding one."""
    office = report_office(request.user, slug)
    _office_only(office)
    own = request.staff.office_id == office.pk
    may_act = own and request.staff.has_role(*corrective.EDITORS)
    back = request.POST.get("tro-ve") or request.GET.get("tro-ve") or ""
    if not back.startswith("/bao-cao/"):
        back = ""
    error, form = "", {}
    if request.method == "POST":
        if not may_act:
            raise PermissionDenied(access.NO_ROLE) if own else Http404(access.NOT_FOUND)
        form = {k: request.POST.get(k, "") for k in ("reason", "responsible_unit", "what", "who", "due_on")}
        if "cause" in request.POST:  # the list page names the cause as one option: [reason, unit]
            form["reason"], form["responsible_unit"] = _cause(request.POST["cause"])
        try:
            corrective.add_action(request.staff, office, period=request.POST.get("ky", ""), **form)
        except corrective.CorrectiveError as e:
            error = str(e)
        else:
            messages.success(
                request,
                "Đã thêm biện pháp khắc phục. Phần “Nguyên nhân” đã lưu không tự đổi: bấm “Điền lại từ số liệu” "
                "để có câu mới, rồi lưu.",
            )
            return redirect(back or reverse("reports:actions", args=[slug]))
    today = timezone.localdate()
    actions = list(corrective.actions_of(office))
    if request.GET.get("loc") == "qua-han":
        actions = [a for a in actions if a.overdue_on(today)]
    context = {
        "office": office,
        "actions": actions,
        "today": today,
        "may_act": may_act,
        "causes": [
            {**c, "key": json.dumps([c["reason"], c["responsible_unit"]])}
            for c in corrective.causes_of(office)[:50]
        ],
        "error": error,
        "form": {**form, "cause": request.POST.get("cause", "")},
        "overdue_only": request.GET.get("loc") == "qua-han",
    }
    return render(request, "reports/actions.html", context, status=400 if error else 200)


def _cause(value: str) -> tuple[str, str]:
    """[reason, unit] from the cause picker; ("", "") when it is not one (refused by the door)."""
    try:
        reason, unit = json.loads(value)
    except (ValueError, TypeError):
        return "", ""
    return (reason, unit) if isinstance(reason, str) and isinstance(unit, str) else ("", "")


@require_POST
@access.staff_required(*corrective.EDITORS)
def action_done_view(request, pk):
    try:
        action = corrective.complete_action(request.staff, pk, note=request.POST.get("note", ""))
    except corrective.CorrectiveError as e:
        messages.error(request, str(e))
        return redirect("reports:actions", slug=request.staff.office.slug)
    messages.success(request, f"Đã xác nhận hoàn thành: {action.what}")
    return redirect("reports:actions", slug=action.office.slug)
