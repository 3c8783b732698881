"""The people of the roster: volunteers without logins and leave, edited by secretaries."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from mocua import access
from schedules import roster
from schedules.forms import AbsenceForm, VolunteerForm
from schedules.models import Absence
from schedules.views_roster import EDITORS


def _page(request, absence_form=None, volunteer_form=None, status=200):
    office = request.staff.office
    context = {
        "office": office,
        "volunteers": office.volunteers.select_related("organisation").order_by(
            "organisation__name", "full_name"
        ),
        "absences": Absence.objects.filter(office=office)
        .select_related("staff", "volunteer")
        .order_by("-first_day"),
        "absence_form": absence_form or AbsenceForm(office),
        "volunteer_form": volunteer_form or VolunteerForm(office),
    }
    return render(request, "schedules/people.html", context, status=status)


@access.staff_required(*EDITORS)
def people(request):
    return _page(request)


def _save(request, form, service, success: str, form_key: str):
    if form.is_valid():
        try:
            service(request.staff.office, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, success)
            return redirect("schedules:people")
    return _page(request, status=400, **{form_key: form})


@require_POST
@access.staff_required(*EDITORS)
def absence_add(request):
    form = AbsenceForm(request.staff.office, request.POST)
    return _save(request, form, roster.add_absence, "Đã ghi ngày nghỉ phép.", "absence_form")


@require_POST
@access.staff_required(*EDITORS)
def absence_delete(request, pk):
    if roster.delete_absence(request.staff.office, pk):
        messages.success(request, "Đã xóa ngày nghỉ phép.")
    else:
        messages.error(request, "Không tìm thấy ngày nghỉ phép này.")
    return redirect("schedules:people")


@require_POST
@access.staff_required(*EDITORS)
def volunteer_add(request):
    form = VolunteerForm(request.staff.office, request.POST)
    return _save(request, form, roster.add_volunteer, "Đã thêm thành viên trực.", "volunteer_form")


@require_POST
@access.staff_required(*EDITORS)
def volunteer_toggle(request, pk):
    active = request.POST.get("active") == "1"
    if not roster.set_volunteer_active(request.staff.office, pk, active):
        messages.error(request, "Không tìm thấy thành viên này.")
    return redirect("schedules:people")
