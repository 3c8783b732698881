"""Reporting periods: parse '2026-Q3', '2026-11', '2026-H2', '2026' into dates.

Which days a period covers is a setting, MOCUA_REPORT_PERIOD (mocua/settings.py):
"official" (default) is the statistical period of NĐ 09/2019/NĐ-CP, from the 15th
of the month before the period to the 14th of its last month, so quý III/2026 runs
from 15/6/2026 to 14/9/2026; "calendar" uses plain calendar months.
"""

import datetime as dt
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

MALFORMED = "Kỳ báo cáo “{text}” không hợp lệ. Hãy nhập theo dạng 2026-Q3 (quý), 2026-11 (tháng), 2026-H2 (6 tháng) hoặc 2026 (năm)."
FUTURE = "Kỳ báo cáo {label} chưa bắt đầu (bắt đầu từ ngày {start:%d/%m/%Y}), chưa có số liệu."
TOO_OLD = "Kỳ báo cáo “{text}” quá xa: chỉ nhận các năm từ 2000."

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
PATTERN = re.compile(
    r"^(?P<year>\d{4})(?:-(?:(?P<month>\d{1,2})|[Qq](?P<quarter>[1-4])|[Hh](?P<half>[12])))?$"
)


class PeriodError(ValueError):
    """A period that cannot be reported on; str(error) is the Vietnamese message."""


@dataclass(frozen=True)
class Period:
    key: str  # '2026-Q3'
    kind: str  # month | quarter | half | year
    year: int
    first: dt.date  # first day covered
    last: dt.date  # last day covered (inclusive)
    official: bool

    @property
    def start_at(self) -> dt.datetime:
        """Midnight opening the first day, local time."""
        return timezone.make_aware(dt.datetime.combine(self.first, dt.time.min))

    @property
    def end_at(self) -> dt.datetime:
        """Midnight after the last day, local time (exclusive)."""
        return timezone.make_aware(dt.datetime.combine(self.last + dt.timedelta(days=1), dt.time.min))

    @property
    def label(self) -> str:
        """'quý III năm 2026', 'tháng 11 năm 2026', '6 tháng cuối năm 2026', 'năm 2026'."""
        n = self.key.split("-")[1] if "-" in self.key else ""
        if self.kind == "quarter":
            return f"quý {ROMAN[int(n[1])]} năm {self.year}"
        if self.kind == "month":
            return f"tháng {int(n)} năm {self.year}"
        if self.kind == "half":
            return f"6 tháng {'đầu' if n[1] == '1' else 'cuối'} năm {self.year}"
        return f"năm {self.year}"

    @property
    def span(self) -> str:
        return f"từ ngày {self.first:%d/%m/%Y} đến ngày {self.last:%d/%m/%Y}"

    def contains(self, day: dt.date) -> bool:
        return self.first <= day <= self.last


def _month_start(year: int, month: int, official: bool) -> dt.date:
    """First day of the reporting month `month` of `year`."""
    if not official:
        return dt.date(year, month, 1)
    if month == 1:
        return dt.date(year - 1, 12, 15)
    return dt.date(year, month - 1, 15)


def _month_end(year: int, month: int, official: bool) -> dt.date:
    """Last day of the reporting month `month` of `year`."""
    if official:
        return dt.date(year, month, 14)
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def build(year: int, kind: str, number: int = 0, *, official: bool | None = None) -> Period:
    if official is None:
        official = settings.MOCUA_REPORT_PERIOD == "official"
    first_month, last_month, key = {
        "month": (number, number, f"{year}-{number:02d}"),
        "quarter": (3 * number - 2, 3 * number, f"{year}-Q{number}"),
        "half": (6 * number - 5, 6 * number, f"{year}-H{number}"),
        "year": (1, 12, f"{year}"),
    }[kind]
    return Period(
        key=key,
        kind=kind,
        year=year,
        first=_month_start(year, first_month, official),
        last=_month_end(year, last_month, official),
        official=official,
    )


def parse_period(text: str, *, today: dt.date | None = None, official: bool | None = None) -> Period:
    """The period named by `text`, or PeriodError with a Vietnamese message.

    A period that has not started yet is refused; the running period is allowed
    (its figures are those up to now).
    """
    text = (text or "").strip()
    m = PATTERN.match(text)
    if not m:
        raise PeriodError(MALFORMED.format(text=text))
    year = int(m["year"])
    if year < 2000:
        raise PeriodError(TOO_OLD.format(text=text))
    if m["month"]:
        month = int(m["month"])
        if not 1 <= month <= 12:
            raise PeriodError(MALFORMED.format(text=text))
        period = build(year, "month", month, official=official)
    elif m["quarter"]:
        period = build(year, "quarter", int(m["quarter"]), official=official)
    elif m["half"]:
        period = build(year, "half", int(m["half"]), official=official)
    else:
        period = build(year, "year", official=official)
    today = today or timezone.localdate()
    if period.first > today:
        raise PeriodError(FUTURE.format(label=period.label, start=period.first))
    return period


def current(kind: str = "quarter", *, today: dt.date | None = None, official: bool | None = None) -> Period:
    """The period of `kind` that contains `today`."""
    today = today or timezone.localdate()
    for year in (today.year, today.year + 1):
        count = {"month": 12, "quarter": 4, "half": 2, "year": 1}[kind]
        for number in range(1, count + 1):
            p = build(year, kind, number if kind != "year" else 0, official=official)
            if p.contains(today):
                return p
    raise AssertionError("unreachable: every day lies in some period")


def previous(period: Period) -> Period:
    """The period of the same kind just before `period`."""
    day = period.first - dt.timedelta(days=1)
    return current(period.kind, today=day, official=period.official)


def recent(kind: str = "quarter", count: int = 8, *, today: dt.date | None = None) -> list[Period]:
    """The running period of `kind` and the `count - 1` before it, newest first (for pickers)."""
    out = [current(kind, today=today)]
    while len(out) < count:
        out.append(previous(out[-1]))
    return out
