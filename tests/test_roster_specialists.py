"""Specialists on the roster (issue 18, item 5): on the days a reform model puts them at the counter,
one specialist per field, by the clerks' fair rotation, never on leave, never at an outreach session,
and flagged when booked twice."""

import datetime as dt
from collections import Counter

import pytest
from django.core.exceptions import ValidationError

from mocua.demo import _person
from mocua.models import Role
from models_catalog.models import Field
from schedules import outreach, roster
from schedules import roster_selectors as sel
from schedules.models import OutreachKind, ShiftMember
from tests.dossier_helpers import duty_office

pytestmark = pytest.mark.django_db
DEC = (2026, 12)
WEDNESDAYS = [dt.date(2026, 12, d) for d in (2, 9, 16, 23, 30)]


@pytest.fixture
def setup(demo):
    office = duty_office(specialists_at_counter=True)  # Wednesdays
    civil, _ = Field.objects.get_or_create(code="ho-tich", defaults={"name": "Hộ tịch"})
    land, _ = Field.objects.get_or_create(code="dia-chinh", defaults={"name": "Địa chính"})
    civil_people = [
        _person(office, f"dt.civil{i}", name, "Công chức Tư pháp - Hộ tịch", [Role.SPECIALIST])
        for i, name in enumerate(["Âu Văn An", "Bùi Thị Bé"])
    ]
    land_person = _person(office, "dt.land", "Cao Văn Cường", "Công chức Địa chính", [Role.SPECIALIST])
    for p in civil_people:
        p.fields.set([civil])
    land_person.fields.set([land])
    office.staff.filter(user__username="duc-thanh.specialist").first().fields.clear()
    return office, civil_people, land_person, civil, land


def _members(office):
    return ShiftMember.objects.filter(shift__office=office, role="specialist").select_related(
        "shift", "staff"
    )


def test_one_specialist_per_field_on_model_days_in_fair_rotation(setup):
    office, civil_people, land_person, civil, land = setup
    roster.generate_month(office, *DEC)
    members = list(_members(office))
    assert {m.shift.date for m in members} == set(WEDNESDAYS)
    for day in WEDNESDAYS:
        fields = Counter(m.field_id for m in members if m.shift.date == day)
        assert fields == {civil.pk: 1, land.pk: 1}
    civil_counts = Counter(m.staff.full_name for m in members if m.field_id == civil.pk)
    assert sorted(civil_counts.values()) == [2, 3]  # five Wednesdays shared fairly
    assert sel.roster_conflicts(office, dt.date(2026, 12, 1), dt.date(2026, 12, 31)) == []


def test_leave_and_outreach_keep_a_specialist_off_the_counter(setup):
    office, civil_people, land_person, civil, land = setup
    roster.add_absence(office, civil_people[0], dt.date(2026, 12, 1), dt.date(2026, 12, 10))
    outreach.save_session(
        office,
        kind=OutreachKind.LAND_ADVICE,
        place="Ấp 2",
        date=dt.date(2026, 12, 16),
        start=dt.time(8, 0),
        end=dt.time(10, 0),
        staff=[civil_people[1]],
    )
    roster.generate_month(office, *DEC)
    by_day = {}
    for m in _members(office):
        by_day.setdefault(m.shift.date, set()).add(m.staff_id)
    assert civil_people[0].pk not in by_day[dt.date(2026, 12, 2)] | by_day[dt.date(2026, 12, 9)]
    assert civil_people[1].pk not in by_day[dt.date(2026, 12, 16)]


def test_specialists_by_hand_are_checked_like_clerks(setup):
    office, civil_people, *_ = setup
    first = roster.save_shift(
        office,
        date=dt.date(2026, 12, 2),
        start=dt.time(7, 30),
        end=dt.time(11, 30),
        specialists=[civil_people[0]],
    )
    roster.save_shift(
        office,
        date=dt.date(2026, 12, 2),
        start=dt.time(13, 30),
        end=dt.time(17, 0),
        specialists=[civil_people[0]],
    )
    assert first.members.get().staff == civil_people[0]
    conflicts = sel.roster_conflicts(office, dt.date(2026, 12, 2), dt.date(2026, 12, 2))
    assert not any("Âu Văn An" in c.message for c in conflicts)  # morning and afternoon do not overlap
    roster.add_absence(office, civil_people[0], dt.date(2026, 12, 2), dt.date(2026, 12, 2))
    conflicts = sel.roster_conflicts(office, dt.date(2026, 12, 2), dt.date(2026, 12, 2))
    assert sum("Âu Văn An đang nghỉ phép" in c.message for c in conflicts) == 2
    from schedules.models import Shift

    other = duty_office("luan-thanh")
    Shift.objects.filter(office=other, date=dt.date(2026, 12, 2)).delete()
    with pytest.raises(ValidationError, match="công chức chuyên môn của đơn vị này"):
        roster.save_shift(
            other,
            date=dt.date(2026, 12, 2),
            start=dt.time(7, 30),
            end=dt.time(11, 30),
            specialists=[civil_people[0]],
        )
