"""Writes of duty rosters: generate a month with fair rotation, edit a shift by hand, swap two shifts.

A shift covers one day the counter is open (a working day, or an open Saturday morning), from
the first opening to the end of its working time (the 9th hour included). Every shift has a
civil servant at the counter and a leader on duty; a volunteer of the Front or a mass
organisation sits there on the days of models that promise one.

Fair rotation: each slot goes to the free person (not on leave, not already booked at that
time) with the fewest shifts so far in the month, never the one of the previous shift while
someone else is free; volunteers rotate by organisation first (fewest shifts per organisation),
then by person inside it.
"""

import calendar as pycal
import datetime as dt
from collections import Counter

from django.core.exceptions import ValidationError
from django.db import transaction

from mocua.models import Role
from schedules import calendar as cal
from schedules import outreach_selectors
from schedules import roster_selectors as sel
from schedules.models import Absence, MemberRole, Shift, ShiftMember, Volunteer


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, pycal.monthrange(year, month)[1])


class _Rotation:
    """Counts and the previous choice of one slot, for fair picks."""

    def __init__(self):
        self.counts: Counter = Counter()
        self.previous = None

    def pick(self, candidates, key=lambda c: c.pk):
        if not candidates:
            return None
        rested = [c for c in candidates if key(c) != self.previous] or candidates
        choice = min(rested, key=lambda c: (self.counts[key(c)], str(c)))
        self.take(key(choice))
        return choice

    def take(self, chosen_key):
        if chosen_key is not None:
            self.counts[chosen_key] += 1
        self.previous = chosen_key


def generate_month(office, year: int, month: int, *, replace: bool = False) -> list[Shift]:
    """The shifts of `office` for a month. Idempotent: an existing month is returned as is
    unless `replace`, which regenerates every shift not edited by hand."""
    first, last = month_bounds(year, month)
    with transaction.atomic():
        existing = Shift.objects.select_for_update().filter(office=office, date__gte=first, date__lte=last)
        if existing.exists() and not replace:
            return list(sel.shifts_between(office, first, last))
        existing.filter(edited_by_hand=False).delete()
        kept = {s.date: s for s in existing}
        planned = _plan(office, first, last, kept)
        Shift.objects.bulk_create([shift for shift, _ in planned])
        _add_members(office, planned)
    return list(sel.shifts_between(office, first, last))


def _add_members(office, planned: list[tuple[Shift, list[ShiftMember]]]) -> None:
    """The specialists picked for each planned shift, once the shifts have their ids."""
    starts = {
        s.start: s for s in Shift.objects.filter(office=office, start__in=[s.start for s, _ in planned])
    }
    rows = []
    for shift, members in planned:
        for m in members:
            m.shift = shift if shift.pk else starts[shift.start]
            rows.append(m)
    ShiftMember.objects.bulk_create(rows)


def _plan(office, first: dt.date, last: dt.date, kept: dict) -> list[tuple[Shift, list[ShiftMember]]]:
    counter_pool, leader_pool = sel.counter_pool(office), sel.leader_pool(office)
    volunteers = sel.volunteer_pool(office)
    specialists = sel.specialist_pool(office)
    models = sel.office_models(office)
    absences = sel.absences_between(office, first, last)
    counter, leader, organisation, volunteer = _Rotation(), _Rotation(), _Rotation(), _Rotation()
    by_field: dict[int, _Rotation] = {}
    planned = []
    for offset in range((last - first).days + 1):
        day = first + dt.timedelta(days=offset)
        if day in kept:
            shift = kept[day]
            counter.take(shift.counter_staff_id)
            leader.take(shift.leader_id)
            volunteer.take(shift.volunteer_id)
            organisation.take(shift.volunteer.organisation_id if shift.volunteer_id else None)
            for m in shift.members.filter(role=MemberRole.SPECIALIST, staff__isnull=False):
                by_field.setdefault(m.field_id, _Rotation()).take(m.staff_id)
            continue
        status = cal.day_status(office, day)
        periods = cal.working_periods(office, day) or cal.opening_periods(office, day)
        if not status.open_for_intake or not periods:
            continue
        out = outreach_selectors.busy_staff_ids(periods[0][0], periods[-1][1])
        free_staff = [p for p in counter_pool if not sel.on_leave(absences, ("staff", p.pk), day)]
        free_leaders = [p for p in leader_pool if not sel.on_leave(absences, ("staff", p.pk), day)]
        free_staff = [p for p in free_staff if p.pk not in out] or free_staff
        free_leaders = [p for p in free_leaders if p.pk not in out] or free_leaders
        shift = Shift(office=office, date=day, start=periods[0][0], end=periods[-1][1])
        shift.counter_staff = counter.pick(free_staff)
        shift.leader = leader.pick([p for p in free_leaders if p != shift.counter_staff] or free_leaders)
        if sel.needs_volunteer(sel.models_on_day(models, status)):
            free = [v for v in volunteers if not sel.on_leave(absences, ("volunteer", v.pk), day)]
            org = organisation.pick(sorted({v.organisation for v in free}, key=lambda o: o.name))
            shift.volunteer = volunteer.pick([v for v in free if v.organisation == org])
        members = []
        if sel.needs_specialists(sel.models_on_day(models, status)):
            taken = {shift.counter_staff_id, shift.leader_id} | out
            covered: set[int] = set()  # fields of the specialists already picked for the day
            for field, people in specialists:
                if field.pk in covered:
                    continue
                free = [
                    p
                    for p in people
                    if p.pk not in taken and not sel.on_leave(absences, ("staff", p.pk), day)
                ]
                chosen = by_field.setdefault(field.pk, _Rotation()).pick(free)
                if chosen is not None:
                    taken.add(chosen.pk)
                    covered |= {f.pk for f in chosen.fields.all()}
                    members.append(ShiftMember(role=MemberRole.SPECIALIST, staff=chosen, field=field))
        planned.append((shift, members))
    return planned


def _check_people(office, counter_staff, leader, volunteer) -> None:
    if counter_staff is not None and (counter_staff.office_id != office.pk or not counter_staff.is_active):
        raise ValidationError("Công chức tại quầy phải là người đang làm việc tại đơn vị này.")
    if leader is not None and (leader.office_id != office.pk or not leader.has_role(Role.LEADER)):
        raise ValidationError("Lãnh đạo trực phải là Chủ tịch hoặc Phó Chủ tịch của đơn vị này.")
    if volunteer is not None and (volunteer.office_id != office.pk or not volunteer.is_active):
        raise ValidationError("Thành viên trực phải thuộc MTTQ / đoàn thể của đơn vị này.")


def save_shift(
    office,
    *,
    shift: Shift | None = None,
    date: dt.date,
    start: dt.time,
    end: dt.time,
    counter_staff=None,
    leader=None,
    volunteer: Volunteer | None = None,
    note: str = "",
    specialists=None,
    postal_staff: str | None = None,
) -> Shift:
    """Create or edit a shift by hand (it is then kept when the month is regenerated). `specialists`
    (staff with fields) and `postal_staff` (a name), when given, replace the shift's other members."""
    if shift is not None and shift.office_id != office.pk:
        raise ValidationError("Không tìm thấy ca trực.")
    if end <= start:
        raise ValidationError("Giờ kết thúc ca trực phải sau giờ bắt đầu.")
    _check_people(office, counter_staff, leader, volunteer)
    begins = dt.datetime.combine(date, start, tzinfo=cal.TZ)
    ends = dt.datetime.combine(date, end, tzinfo=cal.TZ)
    specialists = list(specialists or [])
    if any(
        p.office_id != office.pk or not p.is_active or not p.has_role(Role.SPECIALIST) for p in specialists
    ):
        raise ValidationError(
            "Công chức chuyên môn trực tại quầy phải là công chức chuyên môn của đơn vị này."
        )
    people = [counter_staff, leader, volunteer.staff if volunteer else None, *specialists]
    if clash := outreach_selectors.clashes(people, begins, ends, with_roster=False):
        raise ValidationError(clash[0])
    with transaction.atomic():
        overlapping = Shift.objects.select_for_update().filter(office=office, start__lt=ends, end__gt=begins)
        if shift is not None:
            overlapping = overlapping.exclude(pk=shift.pk)
        other = overlapping.first()
        if other is not None:
            span = f"{other.start.astimezone(cal.TZ):%H:%M}–{other.end.astimezone(cal.TZ):%H:%M}"
            raise ValidationError(f"Ca trực chồng lên ca {span} ngày {other.date:%d/%m/%Y}.")
        shift = shift or Shift(office=office)
        shift.date, shift.start, shift.end = date, begins, ends
        shift.counter_staff, shift.leader, shift.volunteer = counter_staff, leader, volunteer
        shift.note, shift.edited_by_hand = note.strip(), True
        shift.save()
        if specialists or postal_staff is not None:
            _set_members(shift, specialists, (postal_staff or "").strip())
    return shift


def _set_members(shift: Shift, specialists, postal_name: str) -> None:
    shift.members.all().delete()
    rows = [
        ShiftMember(shift=shift, role=MemberRole.SPECIALIST, staff=p, field=p.fields.order_by("name").first())
        for p in specialists
    ]
    if postal_name:
        rows.append(ShiftMember(shift=shift, role=MemberRole.POSTAL, full_name=" ".join(postal_name.split())))
    ShiftMember.objects.bulk_create(rows)


def swap_shifts(office, first: Shift, second: Shift) -> None:
    """Exchange the people of two shifts of the same office (both count as edited by hand)."""
    if first.office_id != office.pk or second.office_id != office.pk:
        raise ValidationError("Không tìm thấy ca trực.")
    if first.pk == second.pk:
        raise ValidationError("Hãy chọn hai ca trực khác nhau.")
    with transaction.atomic():
        a, b = (Shift.objects.select_for_update().get(pk=s.pk) for s in (first, second))
        for slot in ("counter_staff_id", "leader_id", "volunteer_id"):
            va, vb = getattr(a, slot), getattr(b, slot)
            setattr(a, slot, vb)
            setattr(b, slot, va)
        a.edited_by_hand = b.edited_by_hand = True
        a.save()
        b.save()


def delete_shift(office, shift: Shift) -> None:
    if shift.office_id != office.pk:
        raise ValidationError("Không tìm thấy ca trực.")
    shift.delete()


def add_absence(office, person, first_day: dt.date, last_day: dt.date, reason: str = "") -> Absence:
    """Record leave of a staff member or volunteer of `office`; the next generation avoids them."""
    if last_day < first_day:
        raise ValidationError("Ngày kết thúc nghỉ phải sau hoặc trùng ngày bắt đầu.")
    if person is None or person.office_id != office.pk:
        raise ValidationError("Người nghỉ phải thuộc đơn vị này.")
    field = "volunteer" if isinstance(person, Volunteer) else "staff"
    return Absence.objects.create(
        office=office, first_day=first_day, last_day=last_day, reason=reason.strip(), **{field: person}
    )


def delete_absence(office, pk: int) -> bool:
    deleted, _ = Absence.objects.filter(office=office, pk=pk).delete()
    return bool(deleted)


def add_volunteer(office, organisation, full_name: str, phone: str = "") -> Volunteer:
    """A member of the Front or a mass organisation of `office`, without a login."""
    if organisation.office_id != office.pk:
        raise ValidationError("Tổ chức phải thuộc đơn vị này.")
    name = " ".join(full_name.split())
    if not name:
        raise ValidationError("Hãy ghi họ và tên.")
    if Volunteer.objects.filter(organisation=organisation, full_name=name).exists():
        raise ValidationError(f"{name} đã có trong danh sách của {organisation.name}.")
    return Volunteer.objects.create(
        office=office, organisation=organisation, full_name=name, phone=phone.strip()
    )


def set_volunteer_active(office, pk: int, active: bool) -> bool:
    return bool(Volunteer.objects.filter(office=office, pk=pk).update(is_active=active))
