from django.urls import reverse

from mocua.access import staff_or_none
from mocua.jobs.notify import unread_count
from mocua.navigation import entries_for


def navigation(request):
    user = getattr(request, "user", None)
    staff = staff_or_none(user) if user is not None else None
    items = [{"label": e.label, "url": reverse(e.url_name)} for e in entries_for(staff)]
    return {"nav_items": items, "current_staff": staff, "unread_notifications": unread_count(staff)}
