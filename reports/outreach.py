"""What the office did beyond the counter in a period (issue 18): outreach sessions and the dossiers
received at each, per kind; marriage ceremonies; results returned by post. SQL aggregates only."""

from django.db.models import Count, Q

from dossiers.models import MarriageCeremony, PostalReturn
from reports.periods import Period
from schedules.models import OutreachKind, OutreachSession


def beyond_counter(office, period: Period) -> dict:
    sessions = (
        OutreachSession.objects.filter(office=office, date__gte=period.first, date__lte=period.last)
        .annotate(dossiers=Count("intakes"))
        .order_by("start")
    )
    rows = [
        {
            "date": s.date.isoformat(),
            "kind": s.kind,
            "kind_label": s.get_kind_display(),
            "place": s.place,
            "dossiers": s.dossiers,
        }
        for s in sessions
    ]
    by_kind = [
        {
            "kind": kind.value,
            "label": kind.label,
            "sessions": sum(1 for r in rows if r["kind"] == kind),
            "dossiers": sum(r["dossiers"] for r in rows if r["kind"] == kind),
        }
        for kind in OutreachKind
    ]
    s, e = period.start_at, period.end_at
    ceremonies = MarriageCeremony.objects.filter(office=office).aggregate(
        scheduled=Count("pk", filter=Q(at__gte=s, at__lt=e)),
        held=Count("pk", filter=Q(held_at__gte=s, held_at__lt=e)),
    )
    postal = PostalReturn.objects.filter(
        dossier__office=office, recorded_at__gte=s, recorded_at__lt=e
    ).count()
    return {"sessions": rows, "by_kind": by_kind, "ceremonies": ceremonies, "postal_returns": postal}
