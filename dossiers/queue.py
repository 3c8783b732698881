"""The ticket queue's one door (issue 18): take a number, call the next, recall, skip, done.

Every change of a ticket goes through these functions, each taking the moment as `now=` and
running lock → check → change in one transaction. Two counter seats asking for the next number
at once never get the same ticket: the next waiting ticket is locked with SKIP LOCKED (PostgreSQL)
and taken with a compare-and-set update (any engine), and a partial unique constraint keeps one
called ticket per seat.

Opening hours come from the calendar (`schedules.calendar.opening_periods`): a number taken at or
after the close of a session is refused. The promise of a reform model ("không chờ": called within
15 minutes) is decided when the number is taken and stored on the ticket as `call_by`; a ticket
called at `call_by` exactly kept it, one second later did not.
"""

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from dossiers import codes
from dossiers.queue_models import Ticket, TicketStatus
from mocua.models import Office, Role, Staff
from models_catalog.models import Field, ReformModel
from models_catalog.selectors import reform_models_on
from models_catalog.text import vi_key
from schedules import calendar

log = logging.getLogger(__name__)

QUEUE_ROLES = (Role.CLERK, Role.SPECIALIST, Role.VOLUNTEER)
ACTIONS = {
    "next": "Gọi số tiếp theo",
    "recall": "Gọi lại",
    "skip": "Bỏ qua (vắng mặt)",
    "done": "Đã phục vụ xong",
}
NOT_OPEN = "Ngoài giờ tiếp nhận, chưa thể lấy số thứ tự."
NO_FIELD = "Vui lòng chọn một lĩnh vực có trên màn hình để lấy số."
TOO_MANY = "Thiết bị này đã lấy quá nhiều số trong thời gian ngắn. Vui lòng chờ vài phút rồi thử lại."
NO_ROLE = "Chỉ công chức tại quầy được gọi số."
NOBODY = "Không còn ai đang chờ."
BUSY = "Quầy {seat} đang phục vụ số {label}: hãy bấm “Đã phục vụ xong” hoặc “Bỏ qua” trước khi gọi số mới."
NONE_CALLED = "Quầy {seat} chưa gọi số nào."
RACE_TRIES = 5


class QueueError(Exception):
    """A refused queue action; `str(error)` is the Vietnamese message, `status` the HTTP status."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def seats() -> range:
    """The counter seats of an office (1 … MOCUA_QUEUE_SEATS)."""
    return range(1, settings.MOCUA_QUEUE_SEATS + 1)


# ---- reads ---------------------------------------------------------------------------------------


def kiosk_fields(office: Office, day: dt.date) -> list[Field]:
    """The fields of the procedures the office offers on `day`: the kiosk's buttons."""
    offered = office.procedures.exclude(valid_from__gt=day).exclude(valid_to__lt=day).values("field")
    return sorted(Field.objects.filter(pk__in=offered), key=lambda f: vi_key(f.name))


def is_open(office: Office, now: dt.datetime) -> bool:
    """Whether the counter is open at `now` (a session's close itself is closed)."""
    now = timezone.localtime(now)
    return any(start <= now < end for start, end in calendar.opening_periods(office, now.date()))


def next_opening(office: Office, now: dt.datetime) -> dt.datetime | None:
    """The start of the next session of the counter after `now` (within two weeks)."""
    now = timezone.localtime(now)
    for offset in range(15):
        for start, _end in calendar.opening_periods(office, now.date() + dt.timedelta(days=offset)):
            if start > now:
                return start
    return None


def closed_message(office: Office, now: dt.datetime) -> str:
    """Why a number cannot be taken now, and when the counter opens again (Vietnamese)."""
    now = timezone.localtime(now)
    today = calendar.opening_periods(office, now.date())
    parts = [NOT_OPEN]
    if today:
        hours = ", ".join(f"{s:%H:%M}–{e:%H:%M}" for s, e in today)
        parts.append(f"Giờ tiếp nhận hôm nay: {hours}.")
    else:
        parts.append(
            f"Hôm nay ({calendar.day_status(office, now.date()).reason}) bộ phận một cửa không làm việc."
        )
    opening = next_opening(office, now)
    if opening:
        when = (
            "hôm nay"
            if opening.date() == now.date()
            else (f"{calendar.WEEKDAY_NAMES[opening.weekday()]}, ngày {opening:%d/%m/%Y}")
        )
        parts.append(f"Mời ông/bà quay lại lúc {opening:%H:%M} {when}.")
    return " ".join(parts)


def promise_for(office: Office, field: Field, now: dt.datetime) -> tuple[ReformModel | None, int | None]:
    """The reform model in force at `now` that promises the shortest wait for `field`, and that wait."""
    now = timezone.localtime(now)
    best: tuple[ReformModel | None, int | None] = (None, None)
    for model in reform_models_on(office, now.date()):
        minutes = model.max_wait_minutes
        if not minutes:
            continue
        if (
            model.window_start
            and model.window_end
            and not (model.window_start <= now.time() < model.window_end)
        ):
            continue
        if not model.all_procedures and not any(p.field_id == field.pk for p in model.procedures.all()):
            continue
        if best[1] is None or minutes < best[1]:
            best = (model, minutes)
    return best


def called_at_seat(office: Office, seat: int, day: dt.date) -> Ticket | None:
    return (
        Ticket.objects.filter(office=office, day=day, seat=seat, status=TicketStatus.CALLED)
        .select_related("field")
        .first()
    )


@dataclass
class Board:
    """What the public display shows: numbers being served, and who waits per field."""

    serving: list[Ticket]
    waiting: list[dict]
    waiting_total: int
    latest: Ticket | None


def board(office: Office, now: dt.datetime | None = None, *, rows: int = 8) -> Board:
    now = now or timezone.now()
    day = timezone.localdate(now)
    serving = list(
        Ticket.objects.filter(office=office, day=day, status=TicketStatus.CALLED)
        .select_related("field")
        .order_by("-last_called_at", "-number")[:rows]
    )
    waiting = list(
        Ticket.objects.filter(office=office, day=day, status=TicketStatus.WAITING)
        .values("field__name")
        .annotate(n=Count("pk"))
        .order_by("field__name")
    )
    return Board(
        serving=serving,
        waiting=[{"field": r["field__name"], "count": r["n"]} for r in waiting],
        waiting_total=sum(r["n"] for r in waiting),
        latest=serving[0] if serving else None,
    )


def waiting_ahead(ticket: Ticket) -> int:
    """How many tickets of the same day and field were taken before this one and still wait."""
    return Ticket.objects.filter(
        office_id=ticket.office_id,
        day=ticket.day,
        field_id=ticket.field_id,
        status=TicketStatus.WAITING,
        number__lt=ticket.number,
    ).count()


# ---- the kiosk's limit per address ---------------------------------------------------------------


def kiosk_allows(client: str | None) -> bool:
    """Count a ticket taken from `client` and say whether it is within the limit.

    A kiosk is one device for many citizens, so the limit is per address and generous
    (MOCUA_QUEUE_KIOSK_LIMIT numbers per MOCUA_QUEUE_KIOSK_WINDOW seconds); the office's own kiosk
    devices can be exempted (MOCUA_QUEUE_KIOSK_TRUSTED). A cache that fails blocks nobody.
    """
    if not client or client in settings.MOCUA_QUEUE_KIOSK_TRUSTED:
        return True
    key = "queue-kiosk:" + hashlib.sha256(client.encode()).hexdigest()[:32]
    try:
        if cache.add(key, 1, settings.MOCUA_QUEUE_KIOSK_WINDOW):
            return True
        return cache.incr(key) <= settings.MOCUA_QUEUE_KIOSK_LIMIT
    except Exception:  # noqa: BLE001 - the cache is down: nobody is blocked
        log.warning("queue: the cache cannot be used; the kiosk is not limited now", exc_info=True)
        return True


# ---- the doors -----------------------------------------------------------------------------------


def take(office: Office, field: Field | str, *, now: dt.datetime | None = None) -> Ticket:
    """A citizen takes a number for `field` (a Field or its code) at the kiosk."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    code = field.code if isinstance(field, Field) else (field or "").strip()
    chosen = next((f for f in kiosk_fields(office, day) if f.code == code), None) if code else None
    if chosen is None:
        raise QueueError(NO_FIELD)
    if not is_open(office, now):
        raise QueueError(closed_message(office, now))
    model, minutes = promise_for(office, chosen, now)
    with transaction.atomic():
        return Ticket.objects.create(
            office=office,
            day=day,
            number=codes.next_number(office, f"ticket:{day.isoformat()}"),
            field=chosen,
            taken_at=now,
            reform_model=model,
            promised_wait_minutes=minutes,
            call_by=now + dt.timedelta(minutes=minutes) if minutes else None,
        )


def _seat_staff(staff: Staff, seat: int) -> None:
    if not staff.is_active or not staff.has_role(*QUEUE_ROLES):
        raise QueueError(NO_ROLE, 403)
    if seat not in seats():
        raise QueueError(f"Quầy {seat} không có.", 404)


def call_next(
    staff: Staff, seat: int, *, field: Field | None = None, now: dt.datetime | None = None
) -> Ticket:
    """Call the longest-waiting ticket of today (of `field` when given) to `seat`."""
    _seat_staff(staff, seat)
    now = now or timezone.now()
    day = timezone.localdate(now)
    for _ in range(RACE_TRIES):
        try:
            with transaction.atomic():
                current = called_at_seat(staff.office, seat, day)
                if current:
                    raise QueueError(BUSY.format(seat=seat, label=current.label), 409)
                waiting = Ticket.objects.filter(office=staff.office, day=day, status=TicketStatus.WAITING)
                if field is not None:
                    waiting = waiting.filter(field=field)
                ticket = waiting.select_for_update(skip_locked=True).order_by("taken_at", "number").first()
                if ticket is None:
                    raise QueueError(NOBODY, 404)
                # Compare-and-set: on an engine without row locks another seat may have been faster.
                changed = Ticket.objects.filter(pk=ticket.pk, status=TicketStatus.WAITING).update(
                    status=TicketStatus.CALLED, seat=seat, called_at=now, last_called_at=now, called_by=staff
                )
                if changed:
                    ticket.refresh_from_db()
                    return ticket
        except IntegrityError:  # the same seat called twice at once: one of them wins
            raise QueueError(f"Quầy {seat} vừa gọi một số khác. Hãy tải lại trang.", 409) from None
    raise QueueError("Nhiều quầy đang gọi cùng lúc. Vui lòng bấm lại.", 409)


def _locked_current(staff: Staff, seat: int, now: dt.datetime) -> Ticket:
    _seat_staff(staff, seat)
    ticket = (
        Ticket.objects.select_for_update()
        .filter(office=staff.office, day=timezone.localdate(now), seat=seat, status=TicketStatus.CALLED)
        .first()
    )
    if ticket is None:
        raise QueueError(NONE_CALLED.format(seat=seat), 404)
    return ticket


@transaction.atomic
def recall(staff: Staff, seat: int, *, now: dt.datetime | None = None) -> Ticket:
    """Call the seat's current number again (shown first on the display once more)."""
    now = now or timezone.now()
    ticket = _locked_current(staff, seat, now)
    ticket.recalls += 1
    ticket.last_called_at = now
    ticket.save(update_fields=["recalls", "last_called_at"])
    return ticket


@transaction.atomic
def skip(staff: Staff, seat: int, *, now: dt.datetime | None = None) -> Ticket:
    """The citizen did not come to the seat: the number is closed as skipped."""
    now = now or timezone.now()
    ticket = _locked_current(staff, seat, now)
    ticket.status = TicketStatus.SKIPPED
    ticket.done_at = now
    ticket.save(update_fields=["status", "done_at"])
    return ticket


@transaction.atomic
def done(staff: Staff, seat: int, *, now: dt.datetime | None = None) -> Ticket:
    """The citizen has been served: the service time ends now."""
    now = now or timezone.now()
    ticket = _locked_current(staff, seat, now)
    ticket.status = TicketStatus.DONE
    ticket.done_at = now
    ticket.save(update_fields=["status", "done_at"])
    return ticket


def perform(staff: Staff, seat: int, action: str, *, field: Field | None = None, now=None) -> Ticket:
    """The call page's buttons, by action name (ACTIONS)."""
    if action == "next":
        return call_next(staff, seat, field=field, now=now)
    doors = {"recall": recall, "skip": skip, "done": done}
    if action not in doors:
        raise QueueError("Thao tác không hợp lệ.", 404)
    return doors[action](staff, seat, now=now)


def ticket_for_intake(office: Office, number, now: dt.datetime) -> Ticket | None:
    """Today's ticket `number` of the office, for an intake that links the dossier to it."""
    if number in (None, ""):
        return None
    try:
        number = int(number)
    except (TypeError, ValueError):
        raise QueueError("Số thứ tự phải là một số.") from None
    if not 1 <= number <= 99999:
        raise QueueError("Số thứ tự không hợp lệ.")
    ticket = (
        Ticket.objects.filter(office=office, day=timezone.localdate(now), number=number)
        .exclude(Q(status=TicketStatus.WAITING))
        .first()
    )
    if ticket is None:
        raise QueueError(f"Hôm nay không có số thứ tự {number:03d} đã được gọi tại đơn vị.")
    return ticket
