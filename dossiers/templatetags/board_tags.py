"""Blocks for the counter board (the public screen at the counter): the next outreach sessions and
the day's marriage ceremonies. `{% load board_tags %}{% board_outreach office %}{% board_ceremonies office %}`
— the board's layout decides where they go; they show masked names only."""

import datetime as dt

from django import template
from django.utils import timezone

from dossiers.models import MarriageCeremony
from schedules import calendar as cal
from schedules import outreach_selectors

register = template.Library()


@register.inclusion_tag("dossiers/_board_outreach.html")
def board_outreach(office, limit: int = 4):
    rows = [
        {"s": s, "weekday": cal.WEEKDAY_NAMES[s.date.weekday()]}
        for s in outreach_selectors.next_sessions(office, timezone.now(), limit=limit)
    ]
    return {"rows": rows}


@register.inclusion_tag("dossiers/_board_ceremonies.html")
def board_ceremonies(office, days: int = 7):
    now = timezone.now()
    ceremonies = (
        MarriageCeremony.objects.filter(
            office=office, held_at__isnull=True, at__gte=now, at__lt=now + dt.timedelta(days=days)
        )
        .select_related("dossier")
        .order_by("at")
    )
    return {"ceremonies": ceremonies}
