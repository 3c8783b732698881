import datetime as dt

import pytest

from reports.periods import PeriodError, parse_period, recent

TODAY = dt.date(2026, 11, 22)


@pytest.mark.parametrize(
    "text, official, first, last, label",
    [
        ("2026-Q3", True, dt.date(2026, 6, 15), dt.date(2026, 9, 14), "quý III năm 2026"),
        ("2026-Q3", False, dt.date(2026, 7, 1), dt.date(2026, 9, 30), "quý III năm 2026"),
        ("2026-11", True, dt.date(2026, 10, 15), dt.date(2026, 11, 14), "tháng 11 năm 2026"),
        ("2026-01", True, dt.date(2025, 12, 15), dt.date(2026, 1, 14), "tháng 1 năm 2026"),
        ("2026-02", False, dt.date(2026, 2, 1), dt.date(2026, 2, 28), "tháng 2 năm 2026"),
        ("2026-H2", True, dt.date(2026, 6, 15), dt.date(2026, 12, 14), "6 tháng cuối năm 2026"),
        ("2026-h1", False, dt.date(2026, 1, 1), dt.date(2026, 6, 30), "6 tháng đầu năm 2026"),
        ("2026", True, dt.date(2025, 12, 15), dt.date(2026, 12, 14), "năm 2026"),
        ("2025", False, dt.date(2025, 1, 1), dt.date(2025, 12, 31), "năm 2025"),
    ],
)
def test_periods(text, official, first, last, label):
    p = parse_period(text, today=TODAY, official=official)
    assert (p.first, p.last, p.label) == (first, last, label)


@pytest.mark.parametrize("text", ["", "2026-Q5", "2026-13", "2026-00", "26-Q1", "2026Q1", "abc", "2026-H3"])
def test_malformed_periods_say_how_to_write_one(text):
    with pytest.raises(PeriodError, match="không hợp lệ. Hãy nhập theo dạng 2026-Q3"):
        parse_period(text, today=TODAY)


def test_a_period_that_has_not_started_is_refused_at_its_first_day():
    # Official 2026-12 starts on 15/11/2026: the 14th refuses it, the 15th accepts it.
    with pytest.raises(PeriodError, match="chưa bắt đầu"):
        parse_period("2026-12", today=dt.date(2026, 11, 14), official=True)
    assert parse_period("2026-12", today=dt.date(2026, 11, 15), official=True).first == dt.date(2026, 11, 15)
    with pytest.raises(PeriodError, match="Kỳ báo cáo quý I năm 2027 chưa bắt đầu"):
        parse_period("2027-Q1", today=TODAY, official=False)


def test_recent_quarters_for_the_picker(settings):
    settings.MOCUA_REPORT_PERIOD = "official"  # 15/12/2026 already belongs to quý I/2027
    assert [p.key for p in recent("quarter", 3, today=dt.date(2026, 12, 15))] == [
        "2027-Q1",
        "2026-Q4",
        "2026-Q3",
    ]
    settings.MOCUA_REPORT_PERIOD = "calendar"
    assert [p.key for p in recent("quarter", 2, today=dt.date(2026, 12, 15))] == ["2026-Q4", "2026-Q3"]
