"""The one working calendar of mocua: which moments are working time for an office.

Everything that counts working days or hours goes through this module (design.md, principle 3).

A day is decided in this order, first match wins:
1. the office's own row in `CalendarDay` (local day off, extra working day);
2. the national row for that date (holiday, swapped day off, make-up Saturday);
3. for a year with no national row at all, the shipped announcement (data/vn-<year>.csv),
   else the `holidays` package (country VN) as a provisional estimate: no swaps or make-up
   Saturdays, reasons marked "(dự kiến)", the unconfirmed 24/11 left out (is_provisional_year);
4. the ordinary week: Monday–Friday are working days, Saturday and Sunday are not.

Working time of a working day = the office's sessions for that weekday (`OfficeHours`,
the mocua defaults when the office has none) plus the extra windows of reform models in
force that day ("Giờ thứ 9", 16:30–17:30), which the catalog hands in (schedules.providers):
this module imports no reform model. Saturday mornings of offices that open them
are open for intake but do not count for deadlines (domain-vn.md §5.4: deadlines count
Monday–Friday working days); a make-up Saturday is a full working day with the hours of
the office's ordinary weekday.

Per-office data is memoised for `MEMO_SECONDS`; every save or delete of the rows it is
built from clears the memo of this process (signals.py) and bumps a version in the shared
cache, so other processes see the change within `VERSION_CHECK_SECONDS`. Bulk updates
(`QuerySet.update`, `bulk_create`) send no signals: call `clear_memo()` after them.
"""

import datetime as dt
import time
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.core.cache import cache

from mocua.models import DEFAULT_HOURS, Office, OfficeHours
from schedules import providers
from schedules.calendar_import import parse_calendar_csv, shipped_text, shipped_years
from schedules.models import CalendarDay, DayKind
from schedules.units import TimeUnit

TZ = ZoneInfo(settings.TIME_ZONE)
MEMO_SECONDS = 60
MAX_SEARCH_DAYS = 3 * 366
SHORT_DAY_MARGIN = dt.timedelta(minutes=30)  # see same_day_cutoff_on
WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")

Period = tuple[dt.datetime, dt.datetime]


@dataclass(frozen=True)
class DayStatus:
    """What a date is for an office, and why (the reason is shown to people, in Vietnamese)."""

    date: dt.date
    working: bool
    kind: str  # "working", "weekend", or a DayKind value
    reason: str
    open_for_intake: bool  # the counter is open (a working day, or an open Saturday morning)


# ---------------------------------------------------------------- memo


_national_memo: dict[int, tuple[float, dict[dt.date, tuple[str, str]]]] = {}
_office_memo: dict[int, tuple[float, "_OfficeCalendar"]] = {}


VERSION_KEY = "schedules:calendar-version"
VERSION_CHECK_SECONDS = 2
_seen = {"version": None, "checked": 0.0, "generation": 0}


def clear_memo(*, tell_others: bool = True) -> None:
    """Forget memoised calendars (called when calendar, hours or reform models change).

    With `tell_others`, bump a version in the shared cache (Redis when configured) so other
    processes drop their memo within VERSION_CHECK_SECONDS.
    """
    _national_memo.clear()
    _office_memo.clear()
    _seen["generation"] += 1
    if tell_others:
        try:
            cache.add(VERSION_KEY, 0, timeout=None)
            _seen["version"] = cache.incr(VERSION_KEY)
        except Exception:  # noqa: BLE001 - a cache outage must not break a save; the TTL still applies
            _seen["version"] = None


def _check_version() -> None:
    now = time.monotonic()
    if now - _seen["checked"] < VERSION_CHECK_SECONDS:
        return
    _seen["checked"] = now
    try:
        version = cache.get(VERSION_KEY)
    except Exception:  # noqa: BLE001 - fall back to the TTL when the cache is down
        return
    if version != _seen["version"]:
        _seen["version"] = version
        clear_memo(tell_others=False)


def memo_generation() -> int:
    """A number that changes whenever this process drops its calendar memo (a change of the rows,
    here or — through the shared version — in another process). Memos built on the same rows, such
    as the catalog's reform models of a day, keep it and are stale once it moves."""
    _check_version()
    return _seen["generation"]


def _fresh(entry) -> bool:
    return entry is not None and time.monotonic() - entry[0] < MEMO_SECONDS


def national_days(year: int) -> dict[dt.date, tuple[str, str]]:
    """{date: (kind, name)} of the national calendar of `year` (table, else the holidays package)."""
    _check_version()
    entry = _national_memo.get(year)
    if _fresh(entry):
        return entry[1]
    rows = CalendarDay.objects.filter(office__isnull=True, date__year=year).values_list(
        "date", "kind", "name"
    )
    days = {d: (kind, name) for d, kind, name in rows}
    if not days and year in shipped_years():
        days = {
            r["date"]: (r["kind"], r["name"]) for r in parse_calendar_csv(shipped_text(year), national=True)
        }
    if not days:
        days = _provisional_days(year)
    _national_memo[year] = (time.monotonic(), days)
    return days


# 24/11 "Ngày Văn hóa Việt Nam": chosen by Resolution 80-NQ/TW and included by `holidays` from
# 2026, but a paid day off only once art. 112 of the Labour Code is amended, which domain-vn.md
# §5.1 could not verify; §5.5 says to leave such unconfirmed rows out until announced.
UNCONFIRMED = {(11, 24)}


def _provisional_days(year: int) -> dict[dt.date, tuple[str, str]]:
    """The `holidays` package's estimate for a year with no announcement (no swaps, no làm bù)."""
    estimate = holidays.country_holidays("VN", years=year, language="vi")
    return {
        d: (DayKind.HOLIDAY, f"{name} (dự kiến)")
        for d, name in sorted(estimate.items())
        if (d.month, d.day) not in UNCONFIRMED
    }


def is_provisional_year(year: int) -> bool:
    """True when `year` has no national rows and no shipped announcement: its holidays are the
    `holidays` package's estimate and no swapped day or make-up Saturday is known yet."""
    _check_version()
    if year in shipped_years():
        return False
    return not CalendarDay.objects.filter(office__isnull=True, date__year=year).exists()


@dataclass
class _OfficeCalendar:
    office_id: int
    opens_saturday_morning: bool
    same_day_cutoff: dt.time
    hours: dict[int, list[tuple[dt.time, dt.time]]]
    extra_windows: list[providers.ExtraWindow]
    own_days: dict[dt.date, tuple[str, str]]
    statuses: dict[dt.date, DayStatus] = field(default_factory=dict)
    periods: dict[dt.date, list[Period]] = field(default_factory=dict)

    @classmethod
    def build(cls, office: Office) -> "_OfficeCalendar":
        fresh = Office.objects.only("opens_saturday_morning", "same_day_cutoff").get(pk=office.pk)
        hours = {h.weekday: h.sessions() for h in OfficeHours.objects.filter(office_id=office.pk)}
        extra = providers.extra_windows(office.pk)
        own = {
            d: (kind, name)
            for d, kind, name in CalendarDay.objects.filter(office_id=office.pk).values_list(
                "date", "kind", "name"
            )
        }
        return cls(office.pk, fresh.opens_saturday_morning, fresh.same_day_cutoff, hours, extra, own)

    def sessions_of_weekday(self, weekday: int) -> list[tuple[dt.time, dt.time]]:
        if weekday in self.hours:
            return self.hours[weekday]
        m_start, m_end, a_start, a_end = DEFAULT_HOURS
        if weekday >= 5:
            return [(m_start, m_end)]
        return [(m_start, m_end), (a_start, a_end)]

    def ordinary_weekday(self) -> int:
        """The weekday whose hours a make-up Saturday uses: the first Monday–Friday row."""
        return min((w for w in self.hours if w < 5), default=0)

    def status(self, day: dt.date) -> DayStatus:
        found = self.statuses.get(day)
        if found is None:
            found = self.statuses[day] = self._status(day)
        return found

    def _status(self, day: dt.date) -> DayStatus:
        weekday = day.weekday()
        entry = self.own_days.get(day) or national_days(day.year).get(day)
        if entry:
            kind, name = entry
            working = kind in (DayKind.MAKE_UP, DayKind.LOCAL_WORKING_DAY)
            reason = name
            if kind == DayKind.MAKE_UP:
                reason = f"Ngày làm bù: {name}" if name else "Ngày làm bù"
            elif kind == DayKind.LOCAL_DAY_OFF:
                reason = f"Ngày nghỉ của đơn vị: {name}" if name else "Ngày nghỉ của đơn vị"
            return DayStatus(day, working, kind, reason, working)
        if weekday < 5:
            return DayStatus(day, True, "working", "Ngày làm việc", True)
        open_saturday = weekday == 5 and self.opens_saturday_morning
        reason = WEEKDAY_NAMES[weekday] + (
            " (làm việc buổi sáng, không tính vào thời hạn)" if open_saturday else ""
        )
        return DayStatus(day, False, "weekend", reason, open_saturday)

    def regular_sessions(self, day: dt.date) -> list[Period]:
        status = self.status(day)
        if status.working:
            weekday = day.weekday() if day.weekday() < 5 else self.ordinary_weekday()
        elif status.open_for_intake:
            weekday = day.weekday()
        else:
            return []
        return [(_at(day, s), _at(day, e)) for s, e in self.sessions_of_weekday(weekday)]

    def working_periods(self, day: dt.date) -> list[Period]:
        found = self.periods.get(day)
        if found is not None:
            return found
        status = self.status(day)
        periods = self.regular_sessions(day) if status.working else []
        if periods:
            periods += [(_at(day, w.start), _at(day, w.end)) for w in self.extra_windows if w.applies_on(day)]
        found = self.periods[day] = _merge(periods)
        return found

    def day_length(self) -> dt.timedelta:
        """Length of the office's ordinary working day (N working days = N × this)."""
        sessions = self.sessions_of_weekday(self.ordinary_weekday())
        return sum(
            (_at(dt.date(2000, 1, 3), e) - _at(dt.date(2000, 1, 3), s) for s, e in sessions), dt.timedelta()
        )


def _office_calendar(office: Office) -> _OfficeCalendar:
    _check_version()
    entry = _office_memo.get(office.pk)
    if _fresh(entry):
        return entry[1]
    built = _OfficeCalendar.build(office)
    _office_memo[office.pk] = (time.monotonic(), built)
    return built


def _at(day: dt.date, t: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, t, tzinfo=TZ)


def _local(at: dt.datetime) -> dt.datetime:
    """`at` in Asia/Ho_Chi_Minh; a naive datetime is taken as local time."""
    if at.tzinfo is None:
        return at.replace(tzinfo=TZ)
    return at.astimezone(TZ)


def _merge(periods: list[Period]) -> list[Period]:
    out: list[Period] = []
    for start, end in sorted(periods):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


# ---------------------------------------------------------------- public API


def day_status(office: Office, day: dt.date) -> DayStatus:
    """Working or not on `day`, and why (holiday name, "Thứ Bảy", "Chủ nhật", "Ngày làm bù", …)."""
    return _office_calendar(office).status(day)


def is_working_day(office: Office, day: dt.date) -> bool:
    """True when `day` counts for deadlines at `office`."""
    return _office_calendar(office).status(day).working


def working_periods(office: Office, day: dt.date) -> list[Period]:
    """The working time of `day`: sorted, merged, aware (Asia/Ho_Chi_Minh), 9th-hour windows included."""
    return list(_office_calendar(office).working_periods(day))


def opening_periods(office: Office, day: dt.date) -> list[Period]:
    """When the counter is open for intake on `day` (adds open Saturday mornings; no 9th hour)."""
    return _office_calendar(office).regular_sessions(day)


def weekly_opening_hours(office: Office) -> list[tuple[int, list[tuple[dt.time, dt.time]]]]:
    """[(weekday, sessions)] of an ordinary week, for the days the counter opens (0 = Monday):
    Monday–Friday, Saturday for offices that open Saturday mornings, and any weekday with hours."""
    cal = _office_calendar(office)
    days = sorted({0, 1, 2, 3, 4, *cal.hours} | ({5} if cal.opens_saturday_morning else set()))
    return [(day, cal.sessions_of_weekday(day)) for day in days if cal.sessions_of_weekday(day)]


def close_of_day(office: Office, day: dt.date) -> dt.datetime:
    """End of the regular sessions of `day` (the 9th hour is not part of it).

    `day` must be open for intake: a working day, or an open Saturday morning (where a
    reform model may promise a same-day result, due when the counter closes).
    """
    cal = _office_calendar(office)
    if not cal.status(day).open_for_intake:
        raise ValueError(f"{day:%d/%m/%Y} không phải ngày làm việc.")
    return cal.regular_sessions(day)[-1][1]


def _short_day_cutoff(cutoff: dt.time, sessions: list[tuple[dt.time, dt.time]]) -> dt.time:
    close = sessions[-1][1]
    if cutoff < close:
        return cutoff
    moment = dt.datetime.combine(dt.date(2000, 1, 1), close) - SHORT_DAY_MARGIN
    return max(moment.time(), sessions[0][0])


def same_day_cutoff_on(office: Office, day: dt.date, cutoff: dt.time | None = None) -> dt.datetime | None:
    """Until when the counter takes dossiers for a same-day result on `day`; None when closed.

    The cutoff is `cutoff` (a reform model's own) or the office's (15:00 by default). On a day
    whose opening hours end at or before it (a Saturday morning, 07:30–11:30), intake for a
    same-day result stops SHORT_DAY_MARGIN before the counter closes (11:00), so the result
    can still be signed and handed over before closing.
    """
    cal = _office_calendar(office)
    sessions = cal.regular_sessions(day)
    if not sessions:
        return None
    times = [(s.timetz().replace(tzinfo=None), e.timetz().replace(tzinfo=None)) for s, e in sessions]
    return _at(day, _short_day_cutoff(cutoff or cal.same_day_cutoff, times))


def weekday_same_day_cutoff(office: Office, weekday: int, cutoff: dt.time | None = None) -> dt.time:
    """The same-day cutoff of an ordinary `weekday` (0 = Monday) by the office's hours, for wording
    such as "Thứ Bảy: nhận hồ sơ đến 11:00" (see same_day_cutoff_on)."""
    cal = _office_calendar(office)
    return _short_day_cutoff(cutoff or cal.same_day_cutoff, cal.sessions_of_weekday(weekday))


def working_day_length(office: Office) -> dt.timedelta:
    """Length of the office's ordinary working day (N working days = N × this)."""
    return _office_calendar(office).day_length()


def next_working_day(office: Office, day: dt.date) -> dt.date:
    """The first working day strictly after `day`."""
    cal = _office_calendar(office)
    for offset in range(1, MAX_SEARCH_DAYS):
        candidate = day + dt.timedelta(days=offset)
        if cal.status(candidate).working:
            return candidate
    raise ValueError("Không tìm thấy ngày làm việc nào trong ba năm tới.")


def next_opening(office: Office, at: dt.datetime) -> dt.datetime:
    """`at` itself when it is working time, else the start of the next working period."""
    cal = _office_calendar(office)
    at = _local(at)
    for offset in range(MAX_SEARCH_DAYS):
        for start, end in cal.working_periods(at.date() + dt.timedelta(days=offset)):
            if end > at:
                return max(start, at)
    raise ValueError("Không tìm thấy giờ làm việc nào trong ba năm tới.")


def add_working_time(
    office: Office, start: dt.datetime, amount, unit: str, *, cutoff: dt.time | None = None
) -> dt.datetime:
    """The moment `amount` units of working time after `start`.

    - "working_hours": `amount` hours of working time (fractions allowed).
    - "working_days": `amount` × the office's ordinary day length, so Friday 09:00 + 3 days
      lands on a later working day at 09:00 and always inside office hours.
    - "same_day": `amount` is ignored; counted from the next opening, before the office's
      cutoff (15:00 by default; `cutoff` overrides it, e.g. a reform model's own) → close of
      that working day, otherwise close of the next one.
    Time outside working periods never counts; a result that ends exactly at the end of a
    session is that end (e.g. 17:00), never the next morning.
    """
    cal = _office_calendar(office)
    if unit == TimeUnit.SAME_DAY:
        opening = next_opening(office, start)
        day = opening.date()
        if opening.timetz().replace(tzinfo=None) >= (cutoff or cal.same_day_cutoff):
            day = next_working_day(office, day)
        return close_of_day(office, day)
    if unit == TimeUnit.WORKING_HOURS:
        duration = _hours(amount)
    elif unit == TimeUnit.WORKING_DAYS:
        duration = cal.day_length() * float(amount)
    else:
        raise ValueError(f"Đơn vị thời hạn không hợp lệ: {unit}")
    if duration < dt.timedelta(0):
        raise ValueError("Thời hạn không được âm.")
    return _consume(cal, _local(start), duration)


def _hours(amount) -> dt.timedelta:
    if isinstance(amount, dt.timedelta):
        return amount
    return dt.timedelta(hours=float(Decimal(str(amount))))


def _consume(cal: _OfficeCalendar, cursor: dt.datetime, remaining: dt.timedelta) -> dt.datetime:
    for offset in range(MAX_SEARCH_DAYS):
        for start, end in cal.working_periods(cursor.date() + dt.timedelta(days=offset)):
            if end <= cursor:
                continue
            begin = max(start, cursor)
            if end - begin >= remaining:
                return begin + remaining
            remaining -= end - begin
    raise ValueError("Thời hạn vượt quá ba năm làm việc.")


def working_time_between(office: Office, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
    """Working time inside [start, end); negative when `end` is before `start`."""
    start, end = _local(start), _local(end)
    if end < start:
        return -working_time_between(office, end, start)
    cal = _office_calendar(office)
    total = dt.timedelta()
    day = start.date()
    while day <= end.date():
        for p_start, p_end in cal.working_periods(day):
            overlap = min(p_end, end) - max(p_start, start)
            if overlap > dt.timedelta(0):
                total += overlap
        day += dt.timedelta(days=1)
    return total


def days_between(office: Office, first: dt.date, last: dt.date) -> list[DayStatus]:
    """The status of every date from `first` to `last` inclusive (for the calendar API and views)."""
    cal = _office_calendar(office)
    return [cal.status(first + dt.timedelta(days=i)) for i in range((last - first).days + 1)]
