"""The one policy function: which reform models are in force at an office at a moment,
and what they promise right now.

Pure: the moment is a parameter; nothing here reads the clock. Whether the counter
is open on a day comes only from the calendar (schedules.calendar).

Rules:
- A model is *in force today* when it applies on the date (active, dates, weekday) and
  the counter is open that day (a working day, or an open Saturday morning). A public
  holiday on a model's weekday therefore switches the model off.
- A model with a time window (the 9th hour) is in force only inside its window;
  others are in force the whole day.
- The same-day track of a model with `same_day_result` is open until its cutoff
  (the model's, else the office's, 15:00 by default), and only while `at` is before it.
  On a day whose opening hours end before that cutoff (a Saturday morning 07:30–11:30) the
  calendar moves it to half an hour before closing (11:00): schedules.calendar.same_day_cutoff_on.
- With a procedure, only models covering it count, and assisted writing is never
  offered for a procedure the law forbids writing for the citizen.
"""

import datetime as dt
import math
from dataclasses import dataclass

from django.utils import timezone

from models_catalog.models import ReformModel
from models_catalog.selectors import reform_models_on
from models_catalog.wording import hhmm, promise_phrases
from schedules import calendar


@dataclass(frozen=True)
class Policy:
    at: dt.datetime
    office_open: bool  # the counter is open for intake today
    day_reason: str  # why (holiday name, "Chủ nhật", "Ngày làm việc", …)
    models: tuple[ReformModel, ...]  # in force at `at`
    models_today: tuple[ReformModel, ...]  # in force at some time today
    same_day_until: dt.datetime | None
    minutes_left: int | None
    no_appointment_slip: bool
    assisted_writing: bool
    online_help: bool
    in_extra_hour: bool
    leader_on_duty: bool
    apology_for_late: bool
    single_supplement_request: bool
    no_waiting: bool
    volunteer_at_counter: bool
    lines: tuple[str, ...]  # one Vietnamese line per model of today, for banners

    @property
    def same_day_open(self) -> bool:
        return self.same_day_until is not None


def _window_open(model: ReformModel, local: dt.datetime) -> bool:
    if not (model.window_start and model.window_end):
        return True
    return model.window_start <= local.time() < model.window_end


def _cutoff_moment(model: ReformModel, office, day: dt.date) -> dt.datetime | None:
    cutoff = model.effective_cutoff if model.same_day_result else None
    if cutoff is None:
        return None
    return calendar.same_day_cutoff_on(office, day, cutoff)


def _line(
    model: ReformModel,
    local: dt.datetime,
    cutoff: dt.datetime | None,
    writing_forbidden: bool,
    opens: dt.datetime | None = None,
) -> str:
    if cutoff is not None:
        if opens is not None and local < opens:
            return (
                f"{model.name} — hôm nay nhận hồ sơ trả kết quả trong ngày "
                f"từ {hhmm(opens.time())} đến {hhmm(cutoff.time())}"
            )
        if local < cutoff:
            left = math.ceil((cutoff - local).total_seconds() / 60)
            return (
                f"{model.name} — nhận hồ sơ trả kết quả trong ngày đến {hhmm(cutoff.time())}, còn {left} phút"
            )
        return (
            f"{model.name} — đã qua {hhmm(cutoff.time())}: hồ sơ nhận sau giờ này "
            "được giải quyết theo quy trình thông thường, có giấy hẹn"
        )
    if model.window_start and model.window_end:
        span = f"{hhmm(model.window_start)}–{hhmm(model.window_end)}"
        if local.time() < model.window_start:
            return f"{model.name} — hôm nay làm việc thêm {span}"
        if local.time() < model.window_end:
            extra = ", lãnh đạo trực ký duyệt" if model.leader_on_duty else ""
            return f"{model.name} — đang làm việc thêm đến {hhmm(model.window_end)}{extra}"
        return f"{model.name} — đã hết giờ làm việc thêm ({span})"
    phrases = promise_phrases(model, writing_forbidden=writing_forbidden)
    if writing_forbidden and model.assisted_writing:
        phrases.append("thủ tục này pháp luật không cho viết hộ")
    return f"{model.name} — {', '.join(phrases)}" if phrases else model.name


def _scope_note(model: ReformModel, procedure) -> str:
    """Office-wide banners say when a model covers only some procedures."""
    return " (áp dụng cho một số thủ tục)" if procedure is None and not model.all_procedures else ""


def policy_at(office, procedure, at: dt.datetime, *, candidates: list[ReformModel] | None = None) -> Policy:
    """The policy of `office` for `procedure` (None = office-wide) at the aware moment `at`.

    `candidates`: the office's models already read for that date (selectors.office_models),
    to spare a query; by default they are read here.
    """
    tz = timezone.get_default_timezone()
    local = at.astimezone(tz) if timezone.is_aware(at) else at.replace(tzinfo=tz)
    day = local.date()
    status = calendar.day_status(office, day)
    today: list[ReformModel] = []
    if status.open_for_intake:
        on_day = (
            reform_models_on(office, day)
            if candidates is None
            else [m for m in candidates if m.applies_on(day)]
        )
        today = [m for m in on_day if procedure is None or m.covers(procedure)]
    forbidden = bool(procedure and procedure.writing_forbidden)

    periods = calendar.opening_periods(office, day) if today else []
    opens = periods[0][0] if periods else None
    now = [m for m in today if _window_open(m, local)]
    cutoffs = [c for m in now if (c := _cutoff_moment(m, office, day)) is not None]
    open_cutoffs = [c for c in cutoffs if local < c]
    same_day_until = max(open_cutoffs) if open_cutoffs else None
    minutes_left = math.ceil((same_day_until - local).total_seconds() / 60) if same_day_until else None

    def any_now(name: str) -> bool:
        return any(getattr(m, name) for m in now)

    in_extra_hour = status.working and any(m.extra_hour and m.window_start for m in now)
    return Policy(
        at=local,
        office_open=status.open_for_intake,
        day_reason=status.reason,
        models=tuple(now),
        models_today=tuple(today),
        same_day_until=same_day_until,
        minutes_left=minutes_left,
        no_appointment_slip=same_day_until is not None and any_now("no_appointment_slip"),
        assisted_writing=any_now("assisted_writing") and not forbidden,
        online_help=any_now("online_help"),
        in_extra_hour=in_extra_hour,
        leader_on_duty=any_now("leader_on_duty"),
        apology_for_late=any_now("apology_for_late"),
        single_supplement_request=any_now("single_supplement_request"),
        no_waiting=any_now("no_waiting"),
        volunteer_at_counter=any_now("volunteer_at_counter"),
        lines=tuple(
            _line(m, local, _cutoff_moment(m, office, day), forbidden, opens) + _scope_note(m, procedure)
            for m in today
        ),
    )
