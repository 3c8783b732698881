"""Outreach sessions: the month's schedule for staff (secretaries and leaders edit it), its printable
PDF, and the public page of an office's next sessions (no login)."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from mocua import access
from mocua.models import SUPERVISOR_KINDS, Office, Role
from schedules import calendar as cal
from schedules import outreach, roster
from schedules import outreach_selectors as sel
from schedules.forms_outreach import OutreachForm
from schedules.models import OutreachSession
from schedules.views_calendar import month_links, month_param

EDITORS = (Role.SECRETARY, Role.ADMIN, Role.LEADER)


def _month_url(day: dt.date) -> str:
    return f"{reverse('schedules:outreach')}?thang={day:%Y-%m}"


def _rows(sessions):
    for s in sessions:
        yield {"s": s, "weekday": cal.WEEKDAY_NAMES[s.date.weekday()]}


@access.staff_required()
def outreach_month(request, form=None, status=200):
    office = request.staff.office
    year, month = month_param(request)
    first, last = roster.month_bounds(year, month)
    context = {
        "office": office,
        "rows": list(_rows(sel.sessions_between(office, first, last))),
        "form": form or OutreachForm(office),
        "can_edit": request.staff.has_role(*EDITORS),
        "month_value": f"{year}-{month:02d}",
        **month_links(year, month),
    }
    return render(request, "schedules/outreach_month.html", context, status=status)


@require_POST
@access.staff_required(*EDITORS)
def outreach_create(request):
    office = request.staff.office
    form = OutreachForm(office, request.POST)
    if form.is_valid():
        c = dict(form.cleaned_data)
        until = c.pop("weekly_until")
        day = c.pop("date")
        try:
            if until:
                _, sessions, skipped = outreach.create_rule(office, first_day=day, last_day=until, **c)
                text = f"Đã lập {len(sessions)} buổi lưu động hằng tuần."
                if skipped:
                    text += " Bỏ qua: " + " ".join(skipped)
            else:
                sessions = [outreach.save_session(office, date=day, **c)]
                text = f"Đã lập buổi lưu động ngày {day:%d/%m/%Y}."
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, text)
            return redirect(_month_url(sessions[0].date))
    return outreach_month(request, form=form, status=400)


@require_POST
@access.staff_required(*EDITORS)
def outreach_delete(request, pk):
    session = access.get_scoped(
        OutreachSession.objects.all(), request.user, pk=pk, office=request.staff.office
    )
    try:
        outreach.delete_session(request.staff.office, session)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Đã xóa buổi lưu động ngày {session.date:%d/%m/%Y}.")
    return redirect(_month_url(session.date))


def month_pdf(office, year: int, month: int, issued_on: dt.date) -> bytes:
    """The printable monthly schedule of outreach sessions (NĐ 30/2020 header)."""
    from mocua.pdf import render_pdf  # WeasyPrint is heavy: load it on first use

    first, last = roster.month_bounds(year, month)
    context = {
        "office": office,
        "first": first,
        "last": last,
        "month": month,
        "year": year,
        "rows": list(_rows(sel.sessions_between(office, first, last))),
        "issued_on": issued_on,
    }
    return render_pdf("papers/outreach_month.html", context)


@access.staff_required()
def outreach_month_pdf(request, month):
    try:
        first = dt.date.fromisoformat(f"{month}-01")
    except ValueError:
        raise Http404(access.NOT_FOUND) from None
    pdf = month_pdf(request.staff.office, first.year, first.month, timezone.localdate())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="lich-luu-dong-{first:%Y-%m}.pdf"'
    return response


def outreach_public(request, slug):
    """The next outreach sessions of an office, for citizens (no login, no staff names)."""
    office = get_object_or_404(Office.objects.exclude(kind__in=SUPERVISOR_KINDS), slug=slug)
    sessions = list(_rows(sel.next_sessions(office, timezone.now(), limit=12)))
    return render(request, "schedules/outreach_public.html", {"office": office, "rows": sessions})
