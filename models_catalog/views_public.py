"""Public catalog pages: no login, light enough for a weak phone, no JavaScript."""

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from models_catalog import selectors
from models_catalog.policy import policy_at
from models_catalog.wording import date_range, model_summary, procedure_fee, procedure_time


def public_url(office, procedure) -> str:
    """The absolute URL of a procedure's public page (what its QR code encodes)."""
    path = reverse("models_catalog:public_procedure", args=[office.slug, procedure.code])
    return f"{settings.SITE_URL}{path}"


@require_GET
def office_index(request):
    return render(request, "catalog/public/offices.html", {"offices": selectors.public_offices()})


@require_GET
def procedure_list(request, slug):
    office = selectors.public_office(slug)
    q = request.GET.get("q", "")[:200]
    field_code = request.GET.get("linh-vuc", "")[:40]
    procedures = selectors.office_procedures(office, q=q, field_code=field_code)
    return render(
        request,
        "catalog/public/list.html",
        {
            "office": office,
            "procedures": procedures,
            "fields": selectors.office_fields(office),
            "q": q,
            "field_code": field_code,
            "policy": policy_at(office, None, timezone.now()),
        },
    )


@require_GET
def procedure_detail(request, slug, code):
    office = selectors.public_office(slug)
    procedure = selectors.office_procedure(office, code)
    now = timezone.now()
    forbidden = procedure.writing_forbidden
    models = [
        (m, model_summary(m, writing_forbidden=forbidden), date_range(m))
        for m in selectors.models_for_procedure(office, procedure, timezone.localdate(now))
    ]
    return render(
        request,
        "catalog/public/detail.html",
        {
            "office": office,
            "procedure": procedure,
            "time_text": procedure_time(procedure, office),
            "fee_text": procedure_fee(procedure),
            "models": models,
            "hours": selectors.weekly_hours(office),
            "policy": policy_at(office, procedure, now),
        },
    )
