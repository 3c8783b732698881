"""Waiting at the counter in the periodic report (issue 18): tickets taken, waiting time (taken →
called), service time (called → done), and how often a reform model's promised wait was kept, per
day and per field.

A ticket carries its promise from the moment it was taken (`call_by`, dossiers/queue.py). Kept: called
at or before `call_by`. Broken: called after it, or never called and `call_by` passed before the end
of the period (or now, while it runs). Pending: not called yet, still within the promise.
"""

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q
from django.utils import timezone

from dossiers.models import Ticket, TicketStatus
from mocua.models import Office
from reports.periods import Period

WAIT = ExpressionWrapper(F("called_at") - F("taken_at"), output_field=DurationField())
SERVICE = ExpressionWrapper(F("done_at") - F("called_at"), output_field=DurationField())


def _minutes(value) -> float | None:
    return round(value.total_seconds() / 60, 1) if value is not None else None


def _aggregates(cut) -> dict:
    promised = Q(call_by__isnull=False)
    return {
        "taken": Count("pk"),
        "called": Count("pk", filter=Q(called_at__isnull=False)),
        "served": Count("pk", filter=Q(status=TicketStatus.DONE)),
        "skipped": Count("pk", filter=Q(status=TicketStatus.SKIPPED)),
        "promised": Count("pk", filter=promised),
        "kept": Count("pk", filter=promised & Q(called_at__isnull=False, called_at__lte=F("call_by"))),
        "broken": Count(
            "pk",
            filter=promised & (Q(called_at__gt=F("call_by")) | Q(called_at__isnull=True, call_by__lt=cut)),
        ),
        "avg_wait": Avg(WAIT, filter=Q(called_at__isnull=False)),
        "avg_service": Avg(SERVICE, filter=Q(status=TicketStatus.DONE, done_at__isnull=False)),
    }


def _row(r: dict) -> dict:
    decided = r["kept"] + r["broken"]
    return {
        "taken": r["taken"],
        "called": r["called"],
        "served": r["served"],
        "skipped": r["skipped"],
        "promised": r["promised"],
        "kept": r["kept"],
        "broken": r["broken"],
        "kept_pct": round(100.0 * r["kept"] / decided, 1) if decided else None,
        "avg_wait_minutes": _minutes(r["avg_wait"]),
        "avg_service_minutes": _minutes(r["avg_service"]),
    }


def wait_section(office: Office, period: Period) -> dict:
    """The queue's figures of the period: the total, one row per day, one row per field."""
    cut = min(period.end_at, timezone.now())
    tickets = Ticket.objects.filter(office=office, day__gte=period.first, day__lte=period.last)
    aggregates = _aggregates(cut)
    by_day = tickets.values("day").annotate(**aggregates).order_by("day")
    by_field = tickets.values("field__name").annotate(**aggregates).order_by("field__name")
    promises = sorted(
        set(
            tickets.filter(promised_wait_minutes__isnull=False).values_list(
                "promised_wait_minutes", flat=True
            )
        )
    )
    return {
        "total": _row(tickets.aggregate(**aggregates)),
        "by_day": [{"day": r["day"].isoformat(), **_row(r)} for r in by_day],
        "by_field": [{"field": r["field__name"], **_row(r)} for r in by_field],
        "promised_minutes": promises,
    }
