"""Today's figures on the counter board (models_catalog.board), counted from the dossiers."""

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone

from dossiers import queue
from dossiers.models import Channel, Dossier, MarriageCeremony, Ticket, Track
from models_catalog.board import Panel
from schedules import calendar, outreach_selectors


def today_counts(office, now: dt.datetime) -> Panel:
    local = timezone.localtime(now)
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    end = start + dt.timedelta(days=1)
    received = Q(received_at__gte=start, received_at__lt=end)
    figures = Dossier.objects.filter(office=office).aggregate(
        received=Count("pk", filter=received),
        online=Count("pk", filter=received & Q(channel=Channel.ONLINE)),
        same_day=Count("pk", filter=received & Q(track=Track.SAME_DAY)),
        returned=Count("pk", filter=Q(returned_at__gte=start, returned_at__lt=end)),
    )
    return Panel("dossiers/_board_counts.html", {"figures": figures, "day": local.date()}, slot="counts")


def beyond_counter(office, now: dt.datetime) -> Panel | None:
    """The numbers being served (when the office took tickets today), the next outreach sessions and
    the coming marriage ceremonies (issue 18); no panel when there is none of them."""
    day = timezone.localdate(now)
    serving = (
        queue.board(office, now, rows=4) if Ticket.objects.filter(office=office, day=day).exists() else None
    )
    sessions = list(outreach_selectors.next_sessions(office, now, limit=3))
    ceremonies = list(
        MarriageCeremony.objects.filter(
            office=office, held_at__isnull=True, at__gte=now, at__lt=now + dt.timedelta(days=7)
        )
        .select_related("dossier")
        .order_by("at")[:3]
    )
    if serving is None and not sessions and not ceremonies:
        return None
    context = {
        "queue": serving,
        "open_now": queue.is_open(office, now),
        "sessions": [{"s": s, "weekday": calendar.WEEKDAY_NAMES[s.date.weekday()]} for s in sessions],
        "ceremonies": ceremonies,
    }
    return Panel("dossiers/_board_beyond.html", context, slot="extra")
