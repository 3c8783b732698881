"""Demo history of the ticket queue (issue 18): numbers taken, called and served, through the door.

At every demo office running a reform model that promises a maximum wait (Sa Đéc Phường 1's
"Ngày thứ Ba và thứ Sáu không chờ", seed 004 model 15), each day the counter was open in the
history window gets a queue: citizens take numbers at the kiosk (a rush in the first hour), and
the counter seats call, serve or skip them in order. On the model's days the office opens more
seats, so most numbers are called within the promise and a few are not; on other days fewer seats
serve and waits are longer. Every step goes through `dossiers.queue` with its moment as `now=`,
in time order. A day that already has tickets is left as it is, so a second load adds nothing.
"""

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from dossiers import queue
from dossiers.queue_models import Ticket
from mocua.models import Role, Staff
from models_catalog.models import ReformModel
from schedules import calendar

FIELD_WEIGHTS = {"ho-tich": 6, "chung-thuc": 5, "dat-dai": 2}  # the rest: 1


def _offices():
    promised = ReformModel.objects.filter(is_active=True, max_wait_minutes__isnull=False)
    return [m.office for m in promised.select_related("office").order_by("office__name")]


def _servers(office) -> list[Staff]:
    roles = [Role.CLERK, Role.SPECIALIST, Role.VOLUNTEER]
    return list(
        Staff.objects.filter(office=office, is_active=True, roles__role__in=roles).distinct().order_by("pk")
    )


def _moment(rng: random.Random, periods) -> dt.datetime:
    """When a citizen comes: a rush in the first hour of the day, then spread out."""
    (first_start, _), *_ = periods
    if rng.random() < 0.45:
        return first_start + dt.timedelta(minutes=rng.randint(0, 60), seconds=rng.randint(0, 59))
    start, end = rng.choice(periods)
    span = int((end - start).total_seconds() // 60) - 25
    return start + dt.timedelta(minutes=rng.randint(0, max(span, 1)), seconds=rng.randint(0, 59))


def _plan_day(office, day: dt.date, rng: random.Random, promise_day: bool, fields) -> list[tuple]:
    """The day's steps, (moment, order, action, detail), simulated seat by seat in arrival order."""
    periods = calendar.opening_periods(office, day)
    count = rng.randint(30, 40) if promise_day else rng.randint(10, 16)
    if len(periods) == 1:  # a Saturday morning
        count //= 2
    seats = 3 if promise_day else 1
    arrivals = sorted(_moment(rng, periods) for _ in range(count))
    weights = [FIELD_WEIGHTS.get(f.code, 1) for f in fields]
    free = [periods[0][0]] * seats
    steps = []
    for i, taken in enumerate(arrivals):
        field = rng.choices(fields, weights=weights)[0]
        steps.append((taken, 0, "take", field))
        seat = min(range(seats), key=lambda s: free[s])
        call = max(taken, free[seat]) + dt.timedelta(seconds=rng.randint(20, 150))
        for (_s, end), (nxt, _e) in zip(periods, periods[1:], strict=False):
            if end <= call < nxt:  # called after the lunch break
                call = nxt + dt.timedelta(seconds=rng.randint(0, 120))
        if rng.random() < 0.05:  # nobody came to the seat
            finish, action = call + dt.timedelta(minutes=rng.randint(1, 2)), "skip"
        else:
            finish, action = (
                call + dt.timedelta(minutes=rng.randint(4, 13), seconds=rng.randint(0, 59)),
                "done",
            )
        steps += [(call, 1, "next", (seat + 1, field, i)), (finish, 2, action, seat + 1)]
        free[seat] = finish
    return sorted(steps, key=lambda s: (s[0], s[1]))


def load(stdout=None, *, days: int, today: dt.date | None = None) -> int:
    """Add the queue of every open day of the last `days` days (today excluded); returns the tickets added."""
    real_now = timezone.now()
    today = today or timezone.localdate(real_now)
    added = 0
    for office in _offices():
        servers = _servers(office)
        models = list(
            ReformModel.objects.filter(office=office, is_active=True, max_wait_minutes__isnull=False)
        )
        if not servers:
            continue
        have = set(Ticket.objects.filter(office=office).values_list("day", flat=True).distinct())
        for offset in range(days, 0, -1):
            day = today - dt.timedelta(days=offset)
            if day in have or not calendar.day_status(office, day).open_for_intake:
                continue
            fields = queue.kiosk_fields(office, day)
            if not fields or not calendar.opening_periods(office, day):
                continue
            rng = random.Random(f"queue:{office.slug}:{day.isoformat()}")
            promise_day = any(m.applies_on(day) for m in models)
            with transaction.atomic():  # one commit per office and day
                added += _live_day(office, day, rng, promise_day, fields, servers, real_now)
    if stdout is not None and added:
        stdout.write(f"Hàng đợi lấy số trình diễn: thêm {added} số thứ tự.")
    return added


def _live_day(office, day, rng, promise_day, fields, servers, real_now) -> int:
    taken = 0
    for moment, _order, action, detail in _plan_day(office, day, rng, promise_day, fields):
        if moment > real_now:
            break
        if action == "take":
            queue.take(office, detail, now=moment)
            taken += 1
            continue
        seat = detail[0] if action == "next" else detail
        person = servers[(seat - 1) % len(servers)]
        if action == "next":
            queue.call_next(person, seat, field=detail[1], now=moment)
        else:
            getattr(queue, action)(person, seat, now=moment)
    return taken
