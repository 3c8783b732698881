"""The period-close sweep: once a month or quarter has ended, each office's report and each
supervisor's aggregate for it are generated and archived (reports.services), once per office
per period, guarded by a SweepClaim."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from mocua.jobs.claims import claim
from mocua.models import Office
from reports import periods
from reports.services import generate_report


def ended_periods(today: dt.date) -> list[periods.Period]:
    """The last ended period of each kind in MOCUA_REPORT_SWEEP_KINDS (month, quarter by default)."""
    return [
        periods.previous(periods.current(kind, today=today)) for kind in settings.MOCUA_REPORT_SWEEP_KINDS
    ]


def periodic_reports(now: dt.datetime) -> dict:
    counts = {"reports": 0}
    today = timezone.localdate(now)
    offices = list(Office.objects.order_by("kind", "name"))
    for period in ended_periods(today):
        tag = "official" if period.official else "calendar"
        for office in offices:
            with transaction.atomic():
                if not claim("report", f"{office.pk}:{period.key}:{tag}", office):
                    continue
                generate_report(office, period)
                counts["reports"] += 1
    return counts
