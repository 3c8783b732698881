"""Dossiers seen by where they were met: an outreach session's dossiers, the marriage ceremonies."""

import datetime as dt

from django.shortcuts import render
from django.utils import timezone

from dossiers.models import Dossier, MarriageCeremony
from dossiers.views import DESK_ROLES
from mocua import access
from schedules.models import OutreachSession


@access.staff_required(*DESK_ROLES)
def session_view(request, pk):
    """One outreach session and the dossiers received there."""
    session = access.get_scoped(
        OutreachSession.objects.prefetch_related("staff", "procedures"), request.user, pk=pk
    )
    dossiers = (
        Dossier.objects.filter(session_intake__session=session, office=session.office_id)
        .select_related("procedure")
        .order_by("received_at")
    )
    return render(request, "dossiers/outreach_session.html", {"s": session, "dossiers": dossiers})


def ceremonies_of(office, now: dt.datetime, *, days_back: int = 30):
    """The office's marriage ceremonies from `days_back` days ago on, soonest first."""
    return (
        MarriageCeremony.objects.filter(office=office, at__gte=now - dt.timedelta(days=days_back))
        .select_related("dossier", "leader")
        .order_by("at")
    )


@access.staff_required(*DESK_ROLES)
def ceremonies_view(request):
    now = timezone.now()
    items = list(ceremonies_of(request.staff.office, now))
    return render(
        request,
        "dossiers/ceremonies.html",
        {
            "upcoming": [c for c in items if c.held_at is None and c.at >= now - dt.timedelta(hours=2)],
            "past": [c for c in items if c.held_at is not None or c.at < now - dt.timedelta(hours=2)],
        },
    )
