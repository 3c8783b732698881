"""The office's working calendar in the app: a month view for staff, editing for secretaries."""

import calendar as pycal
import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from mocua import access
from mocua.models import Role
from schedules import calendar as cal
from schedules import services
from schedules.forms import CalendarImportForm, LocalDayForm
from schedules.models import CalendarDay

EDITORS = (Role.SECRETARY, Role.ADMIN)
MONTH_NAMES = [f"Tháng {m}" for m in range(1, 13)]


def month_param(request) -> tuple[int, int]:
    """(year, month) from ?thang=YYYY-MM, else the current month."""
    today = timezone.localdate()
    try:
        year, month = (int(x) for x in request.GET.get("thang", "").split("-"))
        dt.date(year, month, 1)
    except (TypeError, ValueError):
        return today.year, today.month
    if not 2000 <= year <= 2100:
        return today.year, today.month
    return year, month


def month_links(year: int, month: int) -> dict:
    """Navigation of a month page, and the year when its holidays are only an estimate."""
    first = dt.date(year, month, 1)
    prev = (first - dt.timedelta(days=1)).replace(day=1)
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    return {
        "prev_month": f"{prev:%Y-%m}",
        "next_month": f"{nxt:%Y-%m}",
        "month_label": f"Tháng {month}/{year}",
        "provisional_year": year if cal.is_provisional_year(year) else None,
    }


def month_weeks(office, year: int, month: int) -> list[list]:
    """Weeks (Monday first) of DayStatus, None outside the month."""
    weeks = []
    for week in pycal.Calendar().monthdatescalendar(year, month):
        weeks.append([cal.day_status(office, d) if d.month == month else None for d in week])
    return weeks


def _page(request, staff, form=None, import_form=None, status=200):
    year, month = month_param(request)
    office = staff.office
    context = {
        "office": office,
        "weeks": month_weeks(office, year, month),
        "own_days": CalendarDay.objects.filter(office=office, date__year=year).order_by("date"),
        "can_edit": staff.has_role(*EDITORS),
        "form": form or LocalDayForm(),
        "import_form": import_form or CalendarImportForm(),
        "year": year,
        **month_links(year, month),
    }
    return render(request, "schedules/calendar.html", context, status=status)


@access.staff_required()
def calendar_month(request):
    return _page(request, request.staff)


@require_POST
@access.staff_required(*EDITORS)
def local_day_save(request):
    form = LocalDayForm(request.POST)
    if form.is_valid():
        try:
            services.save_local_day(request.staff.office, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Đã lưu ngày {form.cleaned_data['date']:%d/%m/%Y}.")
            return redirect(f"{reverse('schedules:calendar')}?thang={form.cleaned_data['date']:%Y-%m}")
    return _page(request, request.staff, form=form, status=400)


@require_POST
@access.staff_required(*EDITORS)
def local_day_delete(request, pk):
    if not services.delete_local_day(request.staff.office, pk):
        messages.error(request, "Không tìm thấy ngày này trong lịch của đơn vị.")
    else:
        messages.success(request, "Đã xóa ngày khỏi lịch của đơn vị.")
    return redirect("schedules:calendar")


@require_POST
@access.staff_required(*EDITORS)
def calendar_import(request):
    form = CalendarImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            count = services.import_local_days(request.staff.office, form.cleaned_data["file"])
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
        else:
            messages.success(request, f"Đã nhập {count} ngày vào lịch của đơn vị.")
            return redirect("schedules:calendar")
    return _page(request, request.staff, import_form=form, status=400)
