"""Reads of outreach sessions, and who is busy where: the one place that knows a person cannot be
at the counter and at a hamlet office at the same time (used by outreach.py and the rosters)."""

import datetime as dt

from django.db.models import Q

from schedules import calendar as cal
from schedules.models import OutreachSession, Shift, ShiftMember


def _span(start: dt.datetime, end: dt.datetime) -> str:
    return f"{start.astimezone(cal.TZ):%H:%M}–{end.astimezone(cal.TZ):%H:%M} ngày {start.astimezone(cal.TZ):%d/%m/%Y}"


def clashes(
    staff,
    begins: dt.datetime,
    ends: dt.datetime,
    *,
    skip_session: int | None = None,
    with_roster: bool = True,
) -> list[str]:
    """Why each of `staff` cannot be at a session from `begins` to `ends` (empty: all free); without
    `with_roster`, only other sessions count (a shift asking whether its people are out)."""
    staff = [p for p in staff if p is not None]
    ids = [p.pk for p in staff]
    names = {p.pk: p.full_name for p in staff}
    out = []
    if not with_roster:
        return _session_clashes(ids, names, begins, ends, skip_session)
    shifts = Shift.objects.filter(start__lt=ends, end__gt=begins).select_related("volunteer")
    for s in shifts.filter(
        Q(counter_staff_id__in=ids) | Q(leader_id__in=ids) | Q(volunteer__staff_id__in=ids)
    ):
        for pk in {s.counter_staff_id, s.leader_id, s.volunteer.staff_id if s.volunteer_id else None}:
            if pk in names:
                out.append(f"{names[pk]} có tên trong lịch trực tại quầy {_span(s.start, s.end)}.")
    members = ShiftMember.objects.filter(staff_id__in=ids, shift__start__lt=ends, shift__end__gt=begins)
    for m in members.select_related("shift"):
        out.append(
            f"{names[m.staff_id]} có tên trong lịch trực tại quầy {_span(m.shift.start, m.shift.end)}."
        )
    return out + _session_clashes(ids, names, begins, ends, skip_session)


def _session_clashes(ids, names, begins, ends, skip_session) -> list[str]:
    out = []
    others = OutreachSession.objects.filter(start__lt=ends, end__gt=begins, staff__in=ids).distinct()
    if skip_session:
        others = others.exclude(pk=skip_session)
    for o in others.prefetch_related("staff"):
        for p in o.staff.all():
            if p.pk in names:
                out.append(f"{names[p.pk]} đã có buổi lưu động tại {o.place} {_span(o.start, o.end)}.")
    return out


def busy_staff_ids(start: dt.datetime, end: dt.datetime) -> set[int]:
    """Staff at an outreach session between `start` and `end` (the rosters leave them out)."""
    return set(
        OutreachSession.objects.filter(start__lt=end, end__gt=start).values_list("staff", flat=True)
    ) - {None}


def sessions_between(office, first: dt.date, last: dt.date):
    return (
        OutreachSession.objects.filter(office=office, date__gte=first, date__lte=last)
        .prefetch_related("staff", "procedures")
        .order_by("start")
    )


def next_sessions(office, now: dt.datetime, limit: int = 8):
    """The sessions not yet over, soonest first (public page, counter board)."""
    return (
        OutreachSession.objects.filter(office=office, end__gt=now)
        .prefetch_related("procedures")
        .order_by("start")[:limit]
    )


def sessions_open_for_intake(office, day: dt.date):
    """The sessions of `day` a dossier may be received at (intake form and API)."""
    return OutreachSession.objects.filter(office=office, date=day).order_by("start")
