"""Duty rosters in the app: the month view for staff; generation, edits and swaps for secretaries."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from mocua import access
from mocua.models import Role
from schedules import calendar as cal
from schedules import roster
from schedules import roster_selectors as sel
from schedules.forms import ShiftForm, SwapForm
from schedules.models import Shift
from schedules.views_calendar import month_links, month_param

EDITORS = (Role.SECRETARY, Role.ADMIN)


def _month_url(day: dt.date) -> str:
    return f"{reverse('schedules:roster')}?thang={day:%Y-%m}"


def _rows(office, shifts):
    models = sel.office_models(office)
    for s in shifts:
        running = sel.models_on_day(models, cal.day_status(office, s.date))
        yield {
            "shift": s,
            "date": s.date,
            "weekday": cal.WEEKDAY_NAMES[s.date.weekday()],
            "models": ", ".join(m.name for m in running),
        }


@access.staff_required()
def roster_month(request, swap_form=None, status=200):
    office = request.staff.office
    year, month = month_param(request)
    first, last = roster.month_bounds(year, month)
    shifts = list(sel.shifts_between(office, first, last))
    mondays = sorted({s.date - dt.timedelta(days=s.date.weekday()) for s in shifts})
    context = {
        "office": office,
        "rows": list(_rows(office, shifts)),
        "conflicts": sel.roster_conflicts(office, first, last),
        "counts": {name: c.most_common() for name, c in vars(sel.roster_counts(shifts)).items()},
        "mondays": mondays,
        "can_edit": request.staff.has_role(*EDITORS),
        "swap_form": swap_form or SwapForm(sel.shifts_between(office, first, last)),
        "month_value": f"{year}-{month:02d}",
        **month_links(year, month),
    }
    return render(request, "schedules/roster_month.html", context, status=status)


@require_POST
@access.staff_required(*EDITORS)
def roster_generate(request):
    year, month = month_param(request)
    roster.generate_month(request.staff.office, year, month, replace=True)
    messages.success(request, f"Đã lập lịch trực tháng {month}/{year}; các ca sửa tay được giữ nguyên.")
    return redirect(_month_url(dt.date(year, month, 1)))


def _shift_or_404(request, pk) -> Shift:
    return access.get_scoped(Shift.objects.all(), request.user, pk=pk, office=request.staff.office)


@access.staff_required(*EDITORS)
def shift_edit(request, pk=None):
    office = request.staff.office
    shift = _shift_or_404(request, pk) if pk else None
    initial = {}
    if shift is not None:
        initial = {
            "date": shift.date,
            "start": shift.start.astimezone(cal.TZ).time(),
            "end": shift.end.astimezone(cal.TZ).time(),
            "counter_staff": shift.counter_staff,
            "volunteer": shift.volunteer,
            "leader": shift.leader,
            "note": shift.note,
            "specialists": [m.staff for m in shift.members.all() if m.role == "specialist" and m.staff_id],
            "postal_staff": next((m.name for m in shift.members.all() if m.role == "postal"), ""),
        }
    form = ShiftForm(office, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = roster.save_shift(office, shift=shift, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Đã lưu ca trực ngày {saved.date:%d/%m/%Y}.")
            return redirect(_month_url(saved.date))
    status = 400 if request.method == "POST" else 200
    return render(request, "schedules/shift_form.html", {"form": form, "shift": shift}, status=status)


@require_POST
@access.staff_required(*EDITORS)
def shift_delete(request, pk):
    shift = _shift_or_404(request, pk)
    roster.delete_shift(request.staff.office, shift)
    messages.success(request, f"Đã xóa ca trực ngày {shift.date:%d/%m/%Y}.")
    return redirect(_month_url(shift.date))


@require_POST
@access.staff_required(*EDITORS)
def shift_swap(request):
    office = request.staff.office
    form = SwapForm(Shift.objects.filter(office=office), request.POST)
    if form.is_valid():
        try:
            roster.swap_shifts(office, form.cleaned_data["first"], form.cleaned_data["second"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Đã đổi người trực giữa hai ca.")
            return redirect(_month_url(form.cleaned_data["first"].date))
    return roster_month(request, swap_form=form, status=400)


def week_context(office, monday: dt.date) -> dict:
    sunday = monday + dt.timedelta(days=6)
    shifts = list(sel.shifts_between(office, monday, sunday))
    closed = [
        {"closed": status, "date": status.date, "weekday": cal.WEEKDAY_NAMES[status.date.weekday()]}
        for status in cal.days_between(office, monday, sunday)
        if not status.open_for_intake and status.kind != "weekend"
    ]
    rows = sorted([*_rows(office, shifts), *closed], key=lambda r: r["date"])
    provisional = sorted({y for y in (monday.year, sunday.year) if cal.is_provisional_year(y)})
    return {
        "office": office,
        "monday": monday,
        "sunday": sunday,
        "rows": rows,
        "provisional_year": provisional[0] if provisional else None,
        "signer": min(sel.leader_pool(office), key=lambda p: p.leader_title != "chairman", default=None),
    }


def week_pdf(office, monday: dt.date, issued_on: dt.date) -> bytes:
    """The printable A4 roster of the week starting `monday` (NĐ 30/2020 header)."""
    from mocua.pdf import render_pdf  # WeasyPrint is heavy and logs on import: load it on first use

    return render_pdf("papers/roster_week.html", {**week_context(office, monday), "issued_on": issued_on})


@access.staff_required()
def roster_week_pdf(request, day):
    try:
        start = dt.date.fromisoformat(day)
    except ValueError:
        raise Http404(access.NOT_FOUND) from None
    monday = start - dt.timedelta(days=start.weekday())
    pdf = week_pdf(request.staff.office, monday, timezone.localdate())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="lich-truc-{monday:%Y-%m-%d}.pdf"'
    return response
