"""Reads of duty rosters: shifts, who is on duty now, counts, and conflicts."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Q

from mocua.models import Role, Staff
from schedules import calendar as cal
from schedules import outreach_selectors, providers
from schedules.models import Absence, Shift, Volunteer


def shifts_between(office, first: dt.date, last: dt.date):
    return (
        Shift.objects.filter(office=office, date__gte=first, date__lte=last)
        .select_related("counter_staff", "volunteer__organisation", "leader")
        .prefetch_related("members__staff", "members__field")
        .order_by("start")
    )


def counter_pool(office) -> list[Staff]:
    return list(
        Staff.objects.filter(office=office, is_active=True, roles__role=Role.CLERK).order_by("full_name")
    )


def leader_pool(office) -> list[Staff]:
    return list(
        Staff.objects.filter(office=office, is_active=True, roles__role=Role.LEADER).order_by("full_name")
    )


def specialist_pool(office) -> list[tuple]:
    """[(field, [specialists of that field])] of the office's active specialists, fields by name."""
    people = (
        Staff.objects.filter(office=office, is_active=True, roles__role=Role.SPECIALIST)
        .prefetch_related("fields")
        .order_by("full_name")
        .distinct()
    )
    fields: dict = {}
    for p in people:
        for f in p.fields.all():
            fields.setdefault(f, []).append(p)
    return sorted(fields.items(), key=lambda item: item[0].name)


def needs_specialists(models) -> bool:
    return any(getattr(m, "specialists_at_counter", False) for m in models)


def volunteer_pool(office) -> list[Volunteer]:
    return list(
        Volunteer.objects.filter(office=office, is_active=True)
        .select_related("organisation")
        .order_by("full_name")
    )


def office_models(office) -> list[providers.CounterModel]:
    """The office's active reform models, as the catalog hands them (filtered per day with `models_on_day`)."""
    return providers.counter_models(office.pk)


def models_on_day(
    models: list[providers.CounterModel], status: cal.DayStatus
) -> list[providers.CounterModel]:
    """Models that run on a day the counter is open."""
    if not status.open_for_intake:
        return []
    return [m for m in models if m.applies_on(status.date)]


def needs_volunteer(models) -> bool:
    return any(m.volunteer_at_counter for m in models)


def needs_leader(models) -> bool:
    return any(m.leader_on_duty or m.extra_hour for m in models)


def absences_between(
    office, first: dt.date, last: dt.date
) -> dict[tuple[str, int], list[tuple[dt.date, dt.date]]]:
    """{("staff"|"volunteer", pk): [(first_day, last_day), …]} of leave overlapping the range."""
    out: dict[tuple[str, int], list] = {}
    for a in Absence.objects.filter(office=office, first_day__lte=last, last_day__gte=first):
        key = ("staff", a.staff_id) if a.staff_id else ("volunteer", a.volunteer_id)
        out.setdefault(key, []).append((a.first_day, a.last_day))
    return out


def on_leave(absences, key, day: dt.date) -> bool:
    return any(first <= day <= last for first, last in absences.get(key, ()))


@dataclass(frozen=True)
class OnDuty:
    """Who is on duty at a moment (for the counter board and alerts)."""

    shift_id: int
    start: dt.datetime
    end: dt.datetime
    counter: str
    volunteer: str
    organisation: str
    leader: str
    leader_staff_id: int | None


def on_duty_now(office, at: dt.datetime) -> OnDuty | None:
    """The shift of `office` that contains `at`, or None."""
    shift = (
        Shift.objects.filter(office=office, start__lte=at, end__gt=at)
        .select_related("counter_staff", "volunteer__organisation", "leader")
        .first()
    )
    if shift is None:
        return None
    return OnDuty(
        shift.pk,
        shift.start,
        shift.end,
        shift.counter_staff.full_name if shift.counter_staff else "",
        shift.volunteer.full_name if shift.volunteer else "",
        shift.volunteer.organisation.name if shift.volunteer else "",
        shift.leader.full_name if shift.leader else "",
        shift.leader_id,
    )


@dataclass(frozen=True)
class Counts:
    counter: Counter
    volunteers: Counter
    organisations: Counter
    leaders: Counter


def leaders_to_alert(office, at: dt.datetime) -> list[Staff]:
    """The leader on duty at `at` (roster), else every active leader of the office."""
    duty = on_duty_now(office, at)
    if duty and duty.leader_staff_id:
        leader = Staff.objects.filter(pk=duty.leader_staff_id, is_active=True).select_related("user").first()
        if leader is not None:
            return [leader]
    return list(
        Staff.objects.filter(pk__in=[s.pk for s in leader_pool(office)]).select_related("user").distinct()
    )


def roster_counts(shifts) -> Counts:
    """Shifts per person and per organisation (names as keys, for display)."""
    counts = Counts(Counter(), Counter(), Counter(), Counter())
    for s in shifts:
        if s.counter_staff:
            counts.counter[s.counter_staff.full_name] += 1
        if s.volunteer:
            counts.volunteers[f"{s.volunteer.full_name} ({s.volunteer.organisation.name})"] += 1
            counts.organisations[s.volunteer.organisation.name] += 1
        if s.leader:
            counts.leaders[s.leader.full_name] += 1
    return counts


@dataclass(frozen=True)
class Conflict:
    date: dt.date
    shift_id: int
    message: str


def _people(shift: Shift) -> list[tuple[tuple[str, int], str]]:
    out = []
    if shift.counter_staff_id:
        out.append((("staff", shift.counter_staff_id), shift.counter_staff.full_name))
    if shift.leader_id:
        out.append((("staff", shift.leader_id), shift.leader.full_name))
    if shift.volunteer_id:
        out.append((("volunteer", shift.volunteer_id), shift.volunteer.full_name))
        if shift.volunteer.staff_id:
            out.append((("staff", shift.volunteer.staff_id), shift.volunteer.full_name))
    for m in shift.members.all():
        if m.staff_id:
            out.append((("staff", m.staff_id), m.staff.full_name))
    return out


def roster_conflicts(office, first: dt.date, last: dt.date) -> list[Conflict]:
    """What is wrong with the roster of `office` between `first` and `last`, in Vietnamese."""
    shifts = list(shifts_between(office, first, last))
    models = office_models(office)
    absences = absences_between(office, first, last)
    conflicts = []
    for s in shifts:
        status = cal.day_status(office, s.date)
        day = f"{s.date:%d/%m/%Y}"
        if not status.open_for_intake:
            conflicts.append(
                Conflict(s.date, s.pk, f"Ngày {day}: có ca trực vào ngày nghỉ ({status.reason}).")
            )
        running = models_on_day(models, status)
        if needs_volunteer(running) and not s.volunteer_id:
            names = ", ".join(m.name for m in running if m.volunteer_at_counter)
            conflicts.append(
                Conflict(s.date, s.pk, f"Ngày {day}: {names} cần thành viên MTTQ / đoàn thể trực.")
            )
        if needs_leader(running) and not s.leader_id:
            names = ", ".join(m.name for m in running if m.leader_on_duty or m.extra_hour)
            conflicts.append(Conflict(s.date, s.pk, f"Ngày {day}: {names} chưa có lãnh đạo trực."))
        if needs_specialists(running) and not any(m.role == "specialist" for m in s.members.all()):
            names = ", ".join(m.name for m in running if getattr(m, "specialists_at_counter", False))
            conflicts.append(Conflict(s.date, s.pk, f"Ngày {day}: {names} cần công chức chuyên môn trực."))
        out = [m.staff for m in s.members.all() if m.staff_id]
        out += [p for p in (s.counter_staff, s.leader) if p is not None]
        for message in outreach_selectors.clashes(out, s.start, s.end, with_roster=False):
            conflicts.append(Conflict(s.date, s.pk, f"Ngày {day}: {message}"))
        for key, name in _people(s):
            if on_leave(absences, key, s.date):
                conflicts.append(
                    Conflict(s.date, s.pk, f"Ngày {day}: {name} đang nghỉ phép nhưng có tên trong ca trực.")
                )
    conflicts += _double_bookings(office, shifts)
    return sorted(conflicts, key=lambda c: (c.date, c.shift_id, c.message))


def _double_bookings(office, shifts: list[Shift]) -> list[Conflict]:
    """One person in two places: the same person in overlapping shifts, in any office."""
    if not shifts:
        return []
    staff_ids = {key[1] for s in shifts for key, _ in _people(s) if key[0] == "staff"}
    volunteer_ids = {s.volunteer_id for s in shifts if s.volunteer_id}
    others = (
        Shift.objects.filter(start__lt=max(s.end for s in shifts), end__gt=min(s.start for s in shifts))
        .filter(
            Q(counter_staff_id__in=staff_ids)
            | Q(leader_id__in=staff_ids)
            | Q(volunteer_id__in=volunteer_ids)
            | Q(volunteer__staff_id__in=staff_ids)
            | Q(members__staff_id__in=staff_ids)
        )
        .distinct()
        .select_related("office", "counter_staff", "leader", "volunteer")
        .prefetch_related("members__staff")
    )
    conflicts = []
    seen = set()
    for s in shifts:
        mine = dict(_people(s))
        for o in others:
            if o.pk == s.pk or not (o.start < s.end and s.start < o.end):
                continue
            for key, name in _people(o):
                if key in mine and (s.pk, o.pk, key) not in seen:
                    seen.add((s.pk, o.pk, key))
                    where = "" if o.office_id == office.pk else f" tại {o.office.short_name}"
                    conflicts.append(
                        Conflict(
                            s.date,
                            s.pk,
                            f"Ngày {s.date:%d/%m/%Y}: {name} có hai ca trực trùng giờ"
                            f" ({o.start.astimezone(cal.TZ):%H:%M}–{o.end.astimezone(cal.TZ):%H:%M}{where}).",
                        )
                    )
    return conflicts


def counter_clerk_on_duty(office, at: dt.datetime) -> Staff | None:
    """The active counter clerk of the shift of `office` that contains `at`, or None."""
    shift = (
        Shift.objects.filter(
            office=office,
            start__lte=at,
            end__gt=at,
            counter_staff__is_active=True,
            counter_staff__roles__role=Role.CLERK,
        )
        .select_related("counter_staff")
        .order_by("start")
        .first()
    )
    return shift.counter_staff if shift else None
