"""Reads that assemble a report: one office's, or a supervisor's over its area.

The dicts returned are plain JSON data: the API returns them, the archive stores them,
the pages, the PDF and the XLSX are drawn from them.
"""

import functools

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from dossiers.models import Dossier, Rating
from mocua import access
from mocua.models import Office
from reports import figures, hooks, sections, trends, waits
from reports.periods import Period

SECTIONS_UP_TO = 30  # an area report carries each office's model sections up to this many offices


def without_jit(fn):
    """Run a report in one transaction with PostgreSQL's JIT off.

    The report's aggregates are short; JIT compiling them took longer than running them
    (2.6 s of compilation for a 0.4 s scan over the seeded province).
    """

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        if connection.vendor != "postgresql":
            return fn(*args, **kwargs)
        with transaction.atomic():
            with connection.cursor() as cur:
                cur.execute("SET LOCAL jit = off")
            return fn(*args, **kwargs)

    return wrapper


def _period_data(period: Period) -> dict:
    return {
        "key": period.key,
        "label": period.label,
        "first": period.first.isoformat(),
        "last": period.last.isoformat(),
        "official": period.official,
    }


def _office_data(office: Office) -> dict:
    return {"slug": office.slug, "name": office.name, "short_name": office.short_name}


def _dislikes(dossiers: QuerySet, period: Period) -> int:
    return Rating.objects.filter(
        dossier__in=dossiers,
        created_at__gte=period.start_at,
        created_at__lt=period.end_at,
        score__lte=sections.DISLIKE_SCORE,
    ).count()


def _table(rows: list[dict], label_keys: tuple[str, ...], names: tuple[str, ...]) -> list[dict]:
    return [{**{n: r[k] for k, n in zip(label_keys, names, strict=True)}, **figures.nest(r)} for r in rows]


@without_jit
def office_report(office: Office, period: Period) -> dict:
    """Everything the periodic CCHC report of one office says, as JSON data."""
    dossiers = Dossier.objects.filter(office=office)
    flat = figures.rows(dossiers, period)[0]
    practices = sections.office_practices(office, period)
    return {
        "scope": "office",
        "office": _office_data(office),
        "period": _period_data(period),
        "computed_at": timezone.now().isoformat(),
        "bieu_ii06a": figures.nest(flat),
        "by_field": _table(figures.by_field(dossiers, period), ("procedure__field__name",), ("field",)),
        "by_procedure": _table(
            figures.by_procedure(dossiers, period), ("procedure__code", "procedure__name"), ("code", "name")
        ),
        "reform_models": [
            sections.model_section(office, m, period) for m in sections.models_in_force(office, period)
        ],
        "practices": practices,
        "indicators": sections.indicators(
            flat, practices["satisfaction"]["dislike"], sections.average_days(dossiers, period)
        ),
        "people": sections.people(office, period),
        "weekly": trends.weekly(dossiers, period),
        "waiting": waits.wait_section(office, period),  # the ticket queue (issue 18)
        "has_data": flat["received.total"] > 0,
        **hooks.extra_figures(office, period),  # issue 17: late letters, feedback (reports.hooks)
    }


@without_jit
def area_report(supervisor: Office, period: Period, *, offices=None) -> dict:
    """The supervisor's report: the area's totals and every office ranked by its on-time rate.

    Biểu II.06a by office and by field and the average processing time come from one scan
    (figures.area); the dislikes from the ratings' date index.
    """
    offices = list(offices if offices is not None else access.area_members(supervisor))
    scan = figures.area(offices, period)
    table = scan["by_office"]
    dossiers = Dossier.objects.filter(office__in=offices)
    total = {k: sum(table[o.pk][k] for o in offices) for k in figures.KEYS}
    ranked = []
    for o in offices:
        flat = table[o.pk]
        row = {**_office_data(o), **figures.nest(flat)}
        row["indicators"] = {i["code"]: i for i in sections.indicators(flat, 0, None)}
        row["on_time"] = row["indicators"]["2.1"]
        ranked.append(row)
    ranked.sort(key=lambda r: (-(r["indicators"]["2.1"]["value"] or -1), -r["received"]["total"], r["name"]))
    for rank, row in enumerate(ranked, 1):
        row["rank"] = rank
    data = {
        "scope": "area",
        "office": _office_data(supervisor),
        "period": _period_data(period),
        "computed_at": timezone.now().isoformat(),
        "bieu_ii06a": figures.nest(total),
        "offices": ranked,
        "by_field": _table(scan["by_field"], ("procedure__field__name",), ("field",)),
        "indicators": sections.indicators(
            total,
            _dislikes(dossiers, period),
            sections.in_days(scan["resolved_time"], total["resolved.total"]),
        ),
        "has_data": total["received.total"] > 0,
    }
    if len(offices) <= SECTIONS_UP_TO:
        data["office_sections"] = [
            {
                **_office_data(o),
                "reform_models": [
                    sections.model_section(o, m, period) for m in sections.models_in_force(o, period)
                ],
                "practices": sections.office_practices(o, period),
            }
            for o in offices
        ]
    return data


def report_for(office: Office, period: Period) -> dict:
    """The area report for a supervisor office, the office report otherwise."""
    return area_report(office, period) if office.is_supervisor else office_report(office, period)
