"""Notifications to staff: a row for the in-app page, and an e-mail when they have an address.

Who is told is the caller's business (e.g. schedules.roster_selectors.leaders_to_alert): the
kernel imports no app.

E-mails leave after the transaction commits, so a rolled-back sweep sends nothing; a mail
failure is logged and never undoes the notification.
"""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from mocua.jobs.models import Notification
from mocua.models import Office, Staff

log = logging.getLogger(__name__)
SUBJECT = "[Một cửa] Thông báo"


def notify(recipients: Iterable[Staff], office: Office, text: str, link: str = "", *, at=None) -> int:
    """One notification per distinct active recipient; returns how many were created."""
    at = at or timezone.now()
    people = {s.pk: s for s in recipients if s is not None and s.is_active}
    rows = [
        Notification(recipient=s, office=office, text=text, link=link, created_at=at) for s in people.values()
    ]
    Notification.objects.bulk_create(rows)
    addresses = [s.user.email for s in people.values() if s.user.email]
    if addresses:
        body = text + (f"\n\n{settings.SITE_URL}{link}" if link else "")
        transaction.on_commit(lambda: _mail(addresses, body))
    return len(rows)


def _mail(addresses: list[str], body: str) -> None:
    try:
        send_mail(SUBJECT, body, settings.DEFAULT_FROM_EMAIL, addresses)
    except Exception:  # noqa: BLE001 - the in-app notification stays; the mail is best effort
        log.exception("notification e-mail to %d recipient(s) failed", len(addresses))


def unread_count(staff: Staff | None) -> int:
    if staff is None:
        return 0
    return Notification.objects.filter(recipient=staff, read_at__isnull=True).count()


def mark_read(staff: Staff, ids: Iterable[int] | None = None, *, at=None) -> int:
    """Mark the staff member's own notifications read (all, or those of `ids`)."""
    qs = Notification.objects.filter(recipient=staff, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=at or timezone.now())
