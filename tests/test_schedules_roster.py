"""Duty rosters: fair generation, conflicts, hand edits, swaps, who is on duty now."""

import datetime as dt
from collections import Counter

import pytest
from django.core.exceptions import ValidationError

from mocua.models import Office, Organisation, Role, Staff
from schedules.models import Absence, CalendarDay, Shift, Volunteer
from schedules.roster import generate_month, save_shift, swap_shifts
from schedules.roster_selectors import on_duty_now, roster_conflicts, roster_counts
from tests.conftest import VN
from tests.dossier_helpers import duty_office, ninth_hour

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(demo):
    office = duty_office()
    ninth_hour(office, dt.date(2026, 12, 14), dt.date(2026, 12, 18), leader_on_duty=True)
    return office


def test_december_2026_is_fair_and_without_conflicts(office):
    shifts = generate_month(office, 2026, 12)
    days = [s.date for s in shifts]
    assert len(days) == 23 and dt.date(2026, 12, 5) not in days  # 23 weekdays, Saturdays off
    assert all(s.counter_staff and s.leader for s in shifts)
    wednesdays = [s for s in shifts if s.date.weekday() == 2]
    assert all(s.volunteer for s in wednesdays) and not any(
        s.volunteer for s in shifts if s.date.weekday() != 2
    )
    orgs = Counter(s.volunteer.organisation_id for s in wednesdays)
    assert len(orgs) == len(wednesdays)  # five Wednesdays, five organisations, one each
    for slot in ("counter_staff_id", "leader_id"):
        counts = Counter(getattr(s, slot) for s in shifts)
        assert max(counts.values()) - min(counts.values()) <= 1
        assert all(getattr(a, slot) != getattr(b, slot) for a, b in zip(shifts, shifts[1:], strict=False))
    ninth = next(s for s in shifts if s.date == dt.date(2026, 12, 16))
    assert ninth.end == dt.datetime(2026, 12, 16, 17, 30, tzinfo=VN)
    assert next(s for s in shifts if s.date == dt.date(2026, 12, 21)).end.astimezone(VN).hour == 17
    assert roster_conflicts(office, dt.date(2026, 12, 1), dt.date(2026, 12, 31)) == []
    counts = roster_counts(shifts)
    assert sum(counts.organisations.values()) == 5
    # Idempotent: running again changes nothing.
    assert [s.pk for s in generate_month(office, 2026, 12)] == [s.pk for s in shifts]


def test_generation_respects_holidays_make_up_days_and_leave(office):
    leader = Staff.objects.get(user__username="duc-thanh.leader")
    Absence.objects.create(
        office=office, staff=leader, first_day=dt.date(2026, 8, 1), last_day=dt.date(2026, 8, 31)
    )
    shifts = generate_month(office, 2026, 8)
    days = {s.date for s in shifts}
    assert dt.date(2026, 8, 22) in days and dt.date(2026, 8, 31) not in days
    assert all(s.leader_id != leader.pk for s in shifts)
    CalendarDay.objects.create(office=office, date=dt.date(2026, 1, 14), kind="local_day_off", name="Lễ hội")
    january = {s.date for s in generate_month(office, 2026, 1)}
    assert dt.date(2026, 1, 2) not in january and dt.date(2026, 1, 10) in january
    assert dt.date(2026, 1, 14) not in january


def test_conflicts_are_detected(office):
    shifts = generate_month(office, 2026, 12)
    wednesday = next(s for s in shifts if s.date == dt.date(2026, 12, 16))
    Shift.objects.filter(pk=wednesday.pk).update(volunteer=None, leader=None)
    Shift.objects.create(
        office=office,
        date=dt.date(2026, 12, 6),
        start=dt.datetime(2026, 12, 6, 7, 30, tzinfo=VN),
        end=dt.datetime(2026, 12, 6, 11, 30, tzinfo=VN),
    )
    first = shifts[0]
    other = Office.objects.get(slug="luan-thanh")
    Shift.objects.create(office=other, date=first.date, start=first.start, end=first.end, leader=first.leader)
    messages = [c.message for c in roster_conflicts(office, dt.date(2026, 12, 1), dt.date(2026, 12, 31))]
    assert "Ngày 06/12/2026: có ca trực vào ngày nghỉ (Chủ nhật)." in messages
    assert "Ngày 16/12/2026: Ngày không hẹn cần thành viên MTTQ / đoàn thể trực." in messages
    assert "Ngày 16/12/2026: Giờ thứ 9 chưa có lãnh đạo trực." in messages
    assert any("có hai ca trực trùng giờ" in m and "Luận Thành" in m for m in messages)


def test_hand_edit_and_bad_input(office):
    shifts = generate_month(office, 2026, 12)
    first = shifts[0]
    foreign_leader = Staff.objects.get(user__username="luan-thanh.leader")
    clerk = Staff.objects.get(user__username="duc-thanh.clerk")
    with pytest.raises(
        ValidationError, match="Lãnh đạo trực phải là Chủ tịch hoặc Phó Chủ tịch của đơn vị này."
    ):
        save_shift(
            office, shift=first, date=first.date, start=dt.time(7, 30), end=dt.time(17), leader=foreign_leader
        )
    with pytest.raises(ValidationError, match="Lãnh đạo trực"):
        save_shift(office, shift=first, date=first.date, start=dt.time(7, 30), end=dt.time(17), leader=clerk)
    with pytest.raises(ValidationError, match="Ca trực chồng lên ca 07:30–17:00 ngày 01/12/2026."):
        save_shift(office, date=first.date, start=dt.time(16), end=dt.time(18))
    with pytest.raises(ValidationError, match="Giờ kết thúc ca trực phải sau giờ bắt đầu."):
        save_shift(office, date=dt.date(2026, 12, 5), start=dt.time(11), end=dt.time(8))
    assert Shift.objects.filter(office=office).count() == len(shifts)
    first.refresh_from_db()
    assert first.leader.office_id == office.pk and not first.edited_by_hand
    volunteer = Volunteer.objects.filter(office=office).first()
    save_shift(
        office, shift=first, date=first.date, start=dt.time(7, 30), end=dt.time(11, 30), volunteer=volunteer
    )
    first.refresh_from_db()
    assert first.edited_by_hand and first.volunteer == volunteer and first.counter_staff is None
    # Regenerating keeps the hand-edited shift.
    generate_month(office, 2026, 12, replace=True)
    assert Shift.objects.get(pk=first.pk).volunteer == volunteer


def test_swap_and_on_duty_now(office):
    shifts = generate_month(office, 2026, 12)
    a, b = shifts[0], shifts[1]
    swap_shifts(office, a, b)
    a2, b2 = Shift.objects.get(pk=a.pk), Shift.objects.get(pk=b.pk)
    assert (a2.leader_id, b2.leader_id) == (b.leader_id, a.leader_id)
    other = Shift.objects.create(
        office=Office.objects.get(slug="luan-thanh"),
        date=a.date,
        start=a.start,
        end=a.end,
    )
    with pytest.raises(ValidationError):
        swap_shifts(office, a2, other)
    duty = on_duty_now(office, dt.datetime(2026, 12, 1, 16, 59, 59, tzinfo=VN))
    assert duty is not None and duty.leader == b.leader.full_name
    assert on_duty_now(office, dt.datetime(2026, 12, 1, 17, 0, tzinfo=VN)) is None
    assert on_duty_now(office, dt.datetime(2026, 12, 6, 9, tzinfo=VN)) is None


def test_volunteer_must_belong_to_the_office(office):
    other_org = Organisation.objects.filter(office__slug="luan-thanh").first()
    outsider = Volunteer.objects.create(
        office=other_org.office, organisation=other_org, full_name="Người ngoài"
    )
    with pytest.raises(ValidationError, match="Thành viên trực phải thuộc MTTQ / đoàn thể của đơn vị này."):
        save_shift(
            office, date=dt.date(2026, 12, 5), start=dt.time(7, 30), end=dt.time(11, 30), volunteer=outsider
        )
    assert not Shift.objects.filter(office=office).exists()
    assert Staff.objects.filter(office=office, roles__role=Role.LEADER).count() == 2


def test_week_pdf_with_model_days_and_ninth_hour(office):
    from schedules.views_roster import week_pdf
    from tests.pdftools import pdf_text, pdf_to_pngs

    generate_month(office, 2026, 12)
    pdf = week_pdf(office, dt.date(2026, 12, 14), dt.date(2026, 12, 11))
    text = pdf_text(pdf, "roster-week-models")
    assert "Thứ Tư" in text and "16/12/2026" in text
    assert "07:30–17:30" in text and "Giờ thứ 9" in text and "không hẹn" in text
    wednesday = Shift.objects.get(office=office, date=dt.date(2026, 12, 16))
    assert wednesday.volunteer.full_name in text and "KT. CHỦ TỊCH" not in text
    assert len(pdf_to_pngs(pdf, "roster-week-models")) == 1
