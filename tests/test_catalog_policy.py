"""policy_at at every edge: the cutoff second, a holiday on a model weekday, the first and
last day of a date range, a Saturday opening."""

import datetime as dt

import pytest

from mocua.models import Office
from models_catalog.models import Procedure
from models_catalog.policy import policy_at
from schedules import calendar
from tests.conftest import at


def office(slug):
    return Office.objects.get(slug=slug)


def proc(code):
    return Procedure.objects.get(code=code)


def test_no_appointment_day_cutoff_at_the_second(catalog):
    dt_office, tthn = office("duc-thanh"), proc("1.004873")
    before = policy_at(dt_office, tthn, at(2026, 11, 25, 14, 59, 59))  # a Wednesday
    assert before.same_day_until == at(2026, 11, 25, 15, 0)
    assert before.minutes_left == 1
    assert before.no_appointment_slip and before.volunteer_at_counter
    assert before.lines == ("Ngày không hẹn — nhận hồ sơ trả kết quả trong ngày đến 15:00, còn 1 phút",)
    early = policy_at(dt_office, tthn, at(2026, 11, 25, 14, 18))
    assert early.minutes_left == 42
    office_wide = policy_at(dt_office, None, at(2026, 11, 25, 14, 18))
    assert office_wide.lines == (
        "Ngày không hẹn — nhận hồ sơ trả kết quả trong ngày đến 15:00, còn 42 phút (áp dụng cho một số thủ tục)",
    )
    after = policy_at(dt_office, tthn, at(2026, 11, 25, 15, 0, 0))
    assert after.same_day_until is None and after.minutes_left is None
    assert not after.no_appointment_slip
    assert after.lines[0].startswith("Ngày không hẹn — đã qua 15:00")


def test_other_procedures_and_other_days_are_not_covered(catalog):
    dt_office = office("duc-thanh")
    assert policy_at(dt_office, proc("1.001193"), at(2026, 11, 25, 10)).models == ()
    thursday = policy_at(dt_office, proc("1.004873"), at(2026, 11, 26, 10))
    assert thursday.models == () and thursday.same_day_until is None
    before_start = policy_at(dt_office, proc("1.004873"), at(2024, 8, 14, 10))  # Wednesday before 15/8/2024
    assert before_start.models == ()
    first_wednesday = policy_at(dt_office, proc("1.004873"), at(2024, 8, 21, 10))
    assert first_wednesday.same_day_until is not None


def test_public_holiday_on_the_model_weekday_switches_it_off(catalog):
    dt_office, tthn = office("duc-thanh"), proc("1.004873")
    quoc_khanh = policy_at(dt_office, tthn, at(2026, 9, 2, 10))  # Wednesday, Quốc khánh
    assert not quoc_khanh.office_open
    assert quoc_khanh.models == () and quoc_khanh.same_day_until is None and quoc_khanh.lines == ()
    # 29/4/2026 is a Wednesday and a working day (the holiday is Thursday 30/4).
    assert policy_at(dt_office, tthn, at(2026, 4, 29, 10)).same_day_until == at(2026, 4, 29, 15)


def test_ninth_hour_first_and_last_day_of_the_range(catalog):
    lt = office("luan-thanh")
    assert not policy_at(lt, None, at(2026, 2, 23, 16, 29, 59)).in_extra_hour
    first = policy_at(lt, None, at(2026, 2, 23, 16, 30, 0))
    assert first.in_extra_hour and first.leader_on_duty
    assert first.lines == (
        "Giải quyết TTHC giờ thứ 9 — đang làm việc thêm đến 17:30, lãnh đạo trực ký duyệt",
    )
    assert not policy_at(lt, None, at(2026, 2, 23, 17, 30, 0)).in_extra_hour
    assert policy_at(lt, proc("1.001612"), at(2026, 3, 23, 16, 30)).in_extra_hour  # last day, any procedure
    assert policy_at(lt, None, at(2026, 3, 24, 16, 30)).models == ()  # the day after the range
    assert policy_at(lt, None, at(2026, 2, 20, 16, 30)).models == ()  # before the range (and Tết)
    assert not policy_at(lt, None, at(2026, 2, 28, 16, 30)).in_extra_hour  # a Saturday


def test_saturday_opening_marriage_two_no(catalog):
    sd, marriage = office("sa-dec-p1"), proc("1.000894")
    saturday = policy_at(sd, marriage, at(2026, 11, 28, 10))
    assert saturday.office_open
    assert [m.kind for m in saturday.models] == ["marriage_two_no"]
    assert saturday.assisted_writing and saturday.no_appointment_slip
    # The counter closes at 11:30 on Saturday: same-day intake stops at 11:00, not 15:00.
    assert saturday.same_day_until == at(2026, 11, 28, 11)
    assert saturday.lines == (
        "Đăng ký kết hôn “hai không” — nhận hồ sơ trả kết quả trong ngày đến 11:00, còn 60 phút",
    )
    last = policy_at(sd, marriage, at(2026, 11, 28, 10, 59, 59))
    assert last.same_day_until == at(2026, 11, 28, 11) and last.minutes_left == 1
    closed = policy_at(sd, marriage, at(2026, 11, 28, 11))
    assert closed.same_day_until is None and not closed.no_appointment_slip
    assert "đã qua 11:00" in closed.lines[0]
    assert policy_at(sd, marriage, at(2026, 11, 28, 7, 30)).same_day_until == at(2026, 11, 28, 11)
    early = policy_at(sd, marriage, at(2026, 11, 28, 7, 29, 59))
    assert early.lines == (
        "Đăng ký kết hôn “hai không” — hôm nay nhận hồ sơ trả kết quả trong ngày từ 07:30 đến 11:00",
    )
    # A model's own cutoff earlier than the Saturday close is kept as it is.
    from models_catalog.models import ReformModel

    ReformModel.objects.filter(office=sd, kind="marriage_two_no").update(cutoff=dt.time(10, 0))
    calendar.clear_memo()  # a bulk update sends no signal (schedules.calendar: call clear_memo after it)
    assert policy_at(sd, marriage, at(2026, 11, 28, 9, 59, 59)).same_day_until == at(2026, 11, 28, 10)
    assert policy_at(sd, marriage, at(2026, 11, 28, 10)).same_day_until is None
    # Thursday keeps the office's 15:00.
    ReformModel.objects.filter(office=sd, kind="marriage_two_no").update(cutoff=None)
    calendar.clear_memo()
    assert policy_at(sd, marriage, at(2026, 11, 26, 14, 59, 59)).same_day_until == at(2026, 11, 26, 15)
    assert policy_at(sd, marriage, at(2026, 11, 29, 10)).models == ()  # Sunday: closed
    # Duc Thanh does not open on Saturdays.
    assert not policy_at(office("duc-thanh"), None, at(2026, 11, 28, 10)).office_open
    thursday = policy_at(sd, marriage, at(2026, 11, 26, 10))
    assert {m.kind for m in thursday.models} == {"marriage_two_no", "no_appointment"}
    assert policy_at(sd, None, at(2026, 11, 27, 10)).no_waiting  # Friday
    assert not policy_at(sd, None, at(2026, 11, 25, 10)).no_waiting  # Wednesday


def test_no_writing_day_respects_writing_forbidden(catalog):
    tbt = office("thanh-binh-thinh")
    tuesday = at(2026, 12, 1, 9)
    assert policy_at(tbt, proc("1.001193"), tuesday).assisted_writing
    signature = policy_at(tbt, proc("2.000884"), tuesday)
    assert proc("2.000884").writing_forbidden and not signature.assisted_writing
    assert any("không cho viết hộ" in line for line in signature.lines)
    monday = policy_at(tbt, proc("1.013225"), at(2026, 11, 30, 9))
    assert monday.online_help and not monday.assisted_writing


def test_three_no_three_know(catalog):
    p = policy_at(office("dong-thanh"), proc("1.001776"), at(2026, 11, 30, 9))
    assert p.apology_for_late and p.single_supplement_request and p.same_day_until is None


def test_naive_and_utc_moments_are_read_in_vietnam_time(catalog):
    dt_office, tthn = office("duc-thanh"), proc("1.004873")
    utc = dt.datetime(2026, 11, 25, 7, 59, 59, tzinfo=dt.UTC)  # 14:59:59 in Hà Nội
    assert policy_at(dt_office, tthn, utc).minutes_left == 1
    assert policy_at(dt_office, tthn, dt.datetime(2026, 11, 25, 15, 0)).same_day_until is None


def test_saturday_same_day_intake_is_due_when_the_counter_closes(catalog):
    """A dossier taken under a Saturday same-day promise is due at 11:30 that Saturday."""
    from dossiers.tracks import decide
    from schedules import calendar

    sd, marriage = office("sa-dec-p1"), proc("1.000894")
    saturday = dt.date(2026, 11, 28)
    assert calendar.close_of_day(sd, saturday) == at(2026, 11, 28, 11, 30)
    assert calendar.same_day_cutoff_on(sd, saturday) == at(2026, 11, 28, 11)
    assert calendar.same_day_cutoff_on(sd, dt.date(2026, 11, 26)) == at(2026, 11, 26, 15)
    assert calendar.same_day_cutoff_on(sd, dt.date(2026, 11, 29)) is None  # Sunday
    decision = decide(sd, marriage, at(2026, 11, 28, 10, 59, 59), complete=True, verification=False)
    assert decision.track == "same_day" and decision.due_at == at(2026, 11, 28, 11, 30)
    late = decide(sd, marriage, at(2026, 11, 28, 11), complete=True, verification=False)
    assert late.track == "normal" and late.due_at > at(2026, 11, 30, 7, 30)
    with pytest.raises(ValueError):
        calendar.close_of_day(office("duc-thanh"), saturday)  # Đức Thạnh does not open on Saturday
