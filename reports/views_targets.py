"""The secretary's screen of online targets per field (seed 001)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from mocua.access import staff_required
from mocua.models import Role
from reports.targets import BAD_YEAR, TargetsForm, save_targets, year_choices

EDITORS = (Role.SECRETARY, Role.ADMIN)


@staff_required(*EDITORS)
def online_targets(request):
    office = request.staff.office
    this_year = timezone.localdate().year
    years = year_choices(this_year)
    raw = (request.POST.get("nam") or request.GET.get("nam") or str(this_year))[:8]
    good_year = raw.isdigit() and int(raw) in years
    if not good_year:
        messages.error(request, BAD_YEAR)
    year = int(raw) if good_year else this_year
    form = TargetsForm(office, year, request.POST if request.method == "POST" else None)
    if request.method == "POST" and good_year and form.is_valid():
        values = {f.pk: form.cleaned_data[f"f{f.pk}"] for f in form.field_rows}
        count = save_targets(office, year, values)
        messages.success(request, f"Đã lưu chỉ tiêu năm {year}: {count} lĩnh vực có chỉ tiêu.")
        return redirect(f"{reverse('reports:online_targets')}?nam={year}")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "reports/online_targets.html",
        {"office": office, "form": form, "year": year, "years": years},
        status=status,
    )
