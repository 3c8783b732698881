"""Public catalog pages: no login, light enough for a weak phone, no JavaScript."""

from pathlib import Path

from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from models_catalog import board, paper_cache, public_cache, selectors
from models_catalog.models import Procedure
from models_catalog.papers import handbook_pdf, poster_pdf
from models_catalog.policy import policy_at
from models_catalog.wording import date_range, model_day_lines, procedure_fee, procedure_time


@require_GET
def office_index(request):
    return render(request, "catalog/public/offices.html", {"offices": selectors.public_offices()})


@require_GET
def procedure_list(request, slug):
    q = request.GET.get("q", "")[:200]
    field_code = request.GET.get("linh-vuc", "")[:40]
    now = timezone.now()

    def build() -> dict:
        office = selectors.public_office(slug)
        procedures = selectors.office_procedures(office, q=q, field_code=field_code)
        context = {
            "office": office,
            "procedures": procedures,
            "fields": selectors.office_fields(office),
            "q": q,
            "field_code": field_code,
            "today_banner": public_cache.TODAY,
        }
        return {"html": render_to_string("catalog/public/list.html", context), "office": office}

    day = timezone.localdate(now)
    # A search is built afresh (any text could be a key); the list and its fields are cached, with
    # the office itself (an office's save bumps the version), so a cached page asks the database nothing.
    entry = public_cache.page(("list", slug, field_code), day, build) if not q else {**build(), "built": 0}
    return public_cache.respond(request, entry, policy_at(entry["office"], None, now))


@require_GET
def counter_board(request, slug):
    """The screen at the counter (a TV): models in force, who is on duty, today's counts, QR codes."""
    office = selectors.public_office(slug)
    return render(request, "catalog/public/board.html", board.board_context(office, timezone.now()))


@require_GET
def procedure_detail(request, slug, code):
    now = timezone.now()
    day = timezone.localdate(now)

    def build() -> dict:
        office = selectors.public_office(slug)
        procedure = selectors.office_procedure(office, code)
        forbidden = procedure.writing_forbidden
        candidates = selectors.office_models(office, day)
        models = [
            (m, model_day_lines(m, writing_forbidden=forbidden), date_range(m))
            for m in candidates
            if m.covers(procedure)
        ]
        context = {
            "office": office,
            "procedure": procedure,
            "time_text": procedure_time(procedure, office),
            "fee_text": procedure_fee(procedure),
            "models": models,
            "hours": selectors.weekly_hours(office),
            "today_banner": public_cache.TODAY,
        }
        return {
            "html": render_to_string("catalog/public/detail.html", context),
            "procedure": (procedure.pk, forbidden),
            "candidates": candidates,
            "office": office,
        }

    entry = public_cache.page(("detail", slug, code), day, build)
    pk, forbidden = entry["procedure"]
    # policy_at needs only the procedure's id (which models cover it) and whether writing is forbidden.
    procedure = Procedure(pk=pk, writing_forbidden=forbidden)
    return public_cache.respond(
        request, entry, policy_at(entry["office"], procedure, now, candidates=entry["candidates"])
    )


@require_GET
def poster(request, slug):
    office = selectors.public_office(slug)
    return _pdf(paper_cache.cached_pdf(office, "poster", poster_pdf), f"danh-muc-thu-tuc-{office.slug}.pdf")


@require_GET
def handbook(request, slug):
    office = selectors.public_office(slug)
    return _pdf(
        paper_cache.cached_pdf(office, "handbook", handbook_pdf), f"cam-nang-thu-tuc-{office.slug}.pdf"
    )


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def blank_form(request, slug, code, pk):
    """Download the blank form (mẫu đơn, tờ khai) of one required document."""
    office = selectors.public_office(slug)
    procedure = selectors.office_procedure(office, code)
    document = get_object_or_404(procedure.documents.exclude(blank_form=""), pk=pk)
    return FileResponse(
        document.blank_form.open("rb"), as_attachment=True, filename=Path(document.blank_form.name).name
    )
