"""Due dates of dossiers: the statutory rules, each with its reason. Counting is in calendar.py.

Rules (issue 4, domain-vn.md §1.4):
1. The time limit runs from the moment a complete, valid dossier is received, in working time
   of the receiving office: N working days = N × the office's ordinary working day, so the due
   moment has an hour and a minute and falls inside office hours.
   Reason: the law counts "ngày làm việc" from receipt; counting hours keeps the time of day.
2. A dossier received outside working time (evening, weekend, holiday, lunch break, an open
   Saturday morning) counts from the next opening.
   Reason: online and after-hours dossiers count as received on the next working time.
3. A same-day procedure received before the office's cutoff (15:00 by default) is due at the
   close of that working day; received at or after the cutoff, at the close of the next one.
   Reason: the national 15:00 cut-off for "ngay trong ngày" procedures.
4. The clock stops while the dossier waits for the citizen's supplement and restarts when the
   papers are complete; a wait that has not ended yet means there is no due moment now.
   For a same-day procedure, the dossier is complete only when the papers come back, so the
   count restarts from the end of the last wait as if received then.
   Reason: the national index subtracts the span between "yêu cầu bổ sung" and "đã bổ sung".
5. A "Giờ thứ 9" model in force makes its window (16:30–17:30) working time on its dates only;
   it moves N-day due moments earlier on those days and never changes the close of the day.
"""

import datetime as dt
from collections.abc import Iterable

from schedules.calendar import add_working_time, working_day_length, working_time_between
from schedules.units import TimeUnit

Pause = tuple[dt.datetime, dt.datetime | None]


def due_at(
    office,
    procedure,
    received_at: dt.datetime,
    pauses: Iterable[Pause] = (),
    *,
    cutoff: dt.time | None = None,
) -> dt.datetime | None:
    """The due moment of a dossier of `procedure` received at `office` at `received_at`.

    `pauses` are supplement waits (start, end); end None = still waiting → returns None.
    `cutoff` replaces the office's same-day cutoff (a reform model's `effective_cutoff`); which
    model applies to a dossier is the catalog's and the intake's decision, not the calendar's.
    """
    pauses = sorted((start, end) for start, end in pauses if end is None or end > received_at)
    if any(end is None for _, end in pauses):
        return None
    unit = procedure.time_unit
    if unit == TimeUnit.SAME_DAY:
        restart = max([received_at, *(end for _, end in pauses)])
        return add_working_time(office, restart, 0, unit, cutoff=cutoff)
    if unit == TimeUnit.WORKING_DAYS:
        remaining = working_day_length(office) * procedure.processing_time
    elif unit == TimeUnit.WORKING_HOURS:
        remaining = dt.timedelta(hours=procedure.processing_time)
    else:
        raise ValueError(f"Đơn vị thời hạn không hợp lệ: {unit}")
    return _run_clock(office, received_at, remaining, pauses)


def _run_clock(office, cursor: dt.datetime, remaining: dt.timedelta, pauses: list[Pause]) -> dt.datetime:
    """Spend `remaining` working time from `cursor`, skipping the pauses."""
    for start, end in pauses:
        if start > cursor:
            worked = working_time_between(office, cursor, start)
            if worked >= remaining:
                break
            remaining -= worked
        cursor = max(cursor, end)
    return add_working_time(office, cursor, remaining, TimeUnit.WORKING_HOURS)
