"""Today's figures on the counter board (models_catalog.board), counted from the dossiers."""

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone

from dossiers.models import Channel, Dossier, Track
from models_catalog.board import Panel


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
