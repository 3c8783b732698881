"""Printed catalog papers: the A4 poster for the counter and the handbook (cẩm nang), with QR codes."""

from django.template.loader import render_to_string
from django.utils import timezone

from mocua.pdf import html_to_pdf
from mocua.qr import qr_img
from models_catalog import selectors
from models_catalog.text import sort_procedures
from models_catalog.wording import date_range, model_summary, procedure_fee, procedure_time


def covered_names(office, model) -> list[str]:
    """The names of the office's procedures `model` covers, in Vietnamese order; [] for all."""
    if model.all_procedures:
        return []
    offered = set(selectors.office_procedure_qs(office).values_list("pk", flat=True))
    return [p.name for p in sort_procedures(p for p in model.procedures.all() if p.pk in offered)]


def _context(office, procedures) -> dict:
    today = timezone.localdate()
    items = [
        {
            "procedure": p,
            "url": selectors.public_url(office, p),
            "qr": qr_img(selectors.public_url(office, p)),  # a PNG: cheap for WeasyPrint to draw
            "time": procedure_time(p, office),
            "fee": procedure_fee(p),
        }
        for p in procedures
    ]
    return {
        "office": office,
        "issued_on": today,
        "items": items,
        "rows": [items[i : i + 3] for i in range(0, len(items), 3)],
        "models": [
            (m, model_summary(m), date_range(m), covered_names(office, m))
            for m in selectors.office_models(office, today)
        ],
        "hours": selectors.weekly_hours(office),
    }


def poster_html(office, procedures=None) -> str:
    procedures = procedures if procedures is not None else selectors.office_procedures(office)
    return render_to_string("catalog/papers/poster.html", _context(office, procedures))


def handbook_html(office, procedures=None) -> str:
    if procedures is None:
        procedures = sort_procedures(selectors.office_procedure_qs(office).prefetch_related("documents"))
    return render_to_string("catalog/papers/handbook.html", _context(office, procedures))


def poster_pdf(office, procedures=None) -> bytes:
    """A4 poster of the office's procedures, each with the QR code of its public page."""
    return html_to_pdf(poster_html(office, procedures))


def handbook_pdf(office, procedures=None) -> bytes:
    """The handbook: every procedure with its documents, time, fees and QR code."""
    return html_to_pdf(handbook_html(office, procedures))
