"""Two quarters of Đức Thạnh's dossiers made through the real doors (intake, workflow), for the
written evaluation tests (issue 17): on-time and late results, apology letters with causes."""

import datetime as dt

from reports import periods
from tests.conftest import at
from tests.dossier_helpers import moved, other_procedure, received_dossier, staff

Q2, Q3 = "2026-Q2", "2026-Q3"
AFTER_Q3 = dt.date(2026, 9, 21)  # a Monday after quý III (15/6–14/9) ended
REASON = "Chờ kết quả xác minh của Công an xã"
UNIT = "Bộ phận Tư pháp - Hộ tịch"


def on_time(office, proc, day: dt.date):
    d = received_dossier(office, proc, received_at=at(day, 9))
    return moved(d, "assign", "start", "submit", "approve", "ready", "return", at=at(day, 10))


def late(office, proc, day: dt.date, *, letter: bool = True, reason: str = REASON, unit: str = UNIT):
    """Received at 9:00 on `day`, due that day, returned the next working day; with `letter`, an
    apology letter from the specialist before the deadline."""
    from dossiers import workflow

    d = received_dossier(office, proc, received_at=at(day, 9))
    d = moved(d, "assign", "start", at=at(day, 9, 30))
    if letter:
        workflow.apologise(
            staff(f"{office.slug}.specialist"),
            d,
            reason=reason,
            responsible_unit=unit,
            new_due_at=at(day + dt.timedelta(days=1), 17),
            now=at(day, 15),
        )
    nxt = day + dt.timedelta(days=1)
    return moved(d, "submit", "approve", "ready", "return", at=at(nxt, 10))


def two_quarters(office) -> dict:
    """Quý II: 4 on time, 1 late without a letter (80,0 %). Quý III: 8 on time, 1 late with a
    letter (88,9 %): "tăng 8,9 điểm so với quý trước"."""
    proc = other_procedure(office)
    for i in range(4):
        on_time(office, proc, dt.date(2026, 5, 12) + dt.timedelta(days=i))
    late(office, proc, dt.date(2026, 5, 19), letter=False)
    for i in range(8):
        on_time(office, proc, dt.date(2026, 7, 7) + dt.timedelta(days=i % 4 + 7 * (i // 4)))
    late(office, proc, dt.date(2026, 7, 21))
    return {"proc": proc, "q2": periods.parse_period(Q2), "q3": periods.parse_period(Q3)}
