"""`{% load queue_tags %}{% queue_panel office %}`: the numbers being served, as a panel any page can
place (the public display, the counter board). The panel's own data comes from dossiers.queue, so
the page that places it needs to pass the office only."""

from django import template
from django.utils import timezone

from dossiers import queue

register = template.Library()


@register.inclusion_tag("dossiers/queue/_panel.html")
def queue_panel(office, rows: int = 8):
    now = timezone.now()
    return {
        "office": office,
        "board": queue.board(office, now, rows=rows),
        "open_now": queue.is_open(office, now),
    }
