"""Report screens: dashboards (office, supervisor area), drill-down, exports, archive.

Thin: the office comes from reports.access, the period from reports.periods, the
data from reports.selectors; writes go through reports.services.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from dossiers.models import Dossier
from mocua import access
from reports import (
    exports,
    figures,
    narrative_services,
    periods,
    selectors,
    services,
    signing,
    tables,
    trends,
)
from reports.access import READERS, archived_report, report_office
from reports.models import Report

KINDS = [("quarter", "Quý", 8), ("month", "Tháng", 12), ("half", "6 tháng", 4), ("year", "Năm", 3)]
BAD_COLUMN = "Cột số liệu không hợp lệ."


def _period(request):
    """The period asked for (?ky=), or the running quarter with the reason why not."""
    text = request.GET.get("ky", "")
    if text:
        try:
            return periods.parse_period(text)
        except periods.PeriodError as e:
            messages.error(request, str(e))
    return periods.current("quarter")


def _choices():
    return [(label, [(p.key, p.label) for p in periods.recent(kind, n)]) for kind, label, n in KINDS]


@access.staff_required(*READERS)
def dashboard(request):
    return redirect("reports:office", slug=request.staff.office.slug)


@access.staff_required(*READERS)
def office_view(request, slug):
    office = report_office(request.user, slug)
    period = _period(request)
    data = selectors.report_for(office, period)
    context = {
        "office": office,
        "period": period,
        "data": data,
        "tables": tables.all_tables(data),
        "choices": _choices(),
        "columns": figures.COLUMNS,
        "archive": Report.objects.filter(office=office, period=period.key).order_by("-version"),
        "can_generate": request.staff.office_id == office.pk,
    }
    if data["scope"] == "area":
        context["charts"] = trends.area_charts(data)
        context["narratives"] = narrative_services.area_narratives(data, period)  # issue 17
        return render(request, "reports/area.html", context)
    context["charts"] = trends.office_charts(data)
    context["narrative"] = narrative_services.narrative_of(office, period)  # issue 17
    return render(request, "reports/office.html", context)


@access.staff_required(*READERS)
def dossiers_view(request, slug):
    """The dossiers behind one figure of Biểu II.06a."""
    office = report_office(request.user, slug)
    period = _period(request)
    key = request.GET.get("cot", "")
    if key not in figures.KEYS:
        raise Http404(BAD_COLUMN)
    offices = access.area_offices(request.user, office) if office.is_supervisor else [office]
    qs = figures.dossiers_behind(Dossier.objects.filter(office__in=offices), period, key).select_related(
        "procedure", "office"
    )
    page = Paginator(qs.order_by("received_at", "pk"), 50).get_page(request.GET.get("trang"))
    return render(
        request,
        "reports/dossiers.html",
        {
            "office": office,
            "period": period,
            "column": dict(figures.COLUMNS)[key],
            "key": key,
            "page": page,
            "back": reverse("reports:office", args=[slug]) + "?" + urlencode({"ky": period.key}),
        },
    )


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _export(data: dict, kind: str, stem: str) -> HttpResponse:
    if kind not in ("pdf", "xlsx"):
        raise Http404(access.NOT_FOUND)
    if kind == "pdf":
        return _download(exports.pdf(data), f"{stem}.pdf", "application/pdf")
    return _download(exports.xlsx(data), f"{stem}.xlsx", exports.XLSX_TYPE)


@access.staff_required(*READERS)
def export_view(request, slug, kind):
    office = report_office(request.user, slug)
    period = _period(request)
    data = selectors.report_for(office, period)
    return _export(data, kind, f"bao-cao-{office.slug}-{period.key}")


@require_POST
@access.staff_required(*READERS)
def generate_view(request, slug):
    office = report_office(request.user, slug)
    if request.staff.office_id != office.pk:
        raise Http404(access.NOT_FOUND)
    period = _period(request)
    report = services.generate_report(office, period, by=request.staff)
    messages.success(request, f"Đã lập báo cáo {period.label}, phiên bản {report.version}.")
    return redirect(reverse("reports:office", args=[slug]) + "?" + urlencode({"ky": period.key}))


@access.staff_required(*READERS)
def archived_view(request, pk, kind):
    report = archived_report(request.user, pk)
    stem = f"bao-cao-{report.office.slug}-{report.period}-ban-{report.version}"
    signed = signing.signed_file(report) if kind == "pdf" else None
    if signed is not None:  # the copy signed digitally when it was archived (issue 20)
        with signed.open("rb") as f:
            return _download(f.read(), f"{stem}.pdf", "application/pdf")
    stored = {"pdf": report.pdf, "xlsx": report.xlsx}.get(kind)
    if stored:  # approved with its narrative (issue 17): the files as archived, never re-rendered
        with stored.open("rb") as f:
            content = f.read()
        return _download(content, f"{stem}.{kind}", "application/pdf" if kind == "pdf" else exports.XLSX_TYPE)
    return _export(report.figures, kind, stem)
