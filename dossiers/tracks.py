"""The track and due moment of a complete dossier, decided from the clock when it becomes complete
(at intake, or when the papers of an intake-stage supplement request arrive).

Same-day when the catalog's policy says a same-day model is open for the procedure at that
moment and this dossier needs no verification: due at the close of that working day.
Otherwise normal: due from the statutory time (schedules.deadlines), or from the procedure's
time with verification when the dossier must be verified.
"""

import datetime as dt
from dataclasses import dataclass
from types import SimpleNamespace

from django.utils import timezone

from dossiers.models import ApologyStatus, Outcome, Track
from models_catalog.models import TimeUnit
from models_catalog.policy import policy_at
from schedules import calendar, deadlines


@dataclass(frozen=True)
class Decision:
    track: str
    due_at: dt.datetime | None
    reform_model: object | None  # the ReformModel the same-day promise is made under
    in_extra_hour: bool


def statutory_due_at(office, procedure, received_at, *, verification: bool = False, pauses=()):
    """The due moment from the procedure's time limit, or its limit with verification
    (verification_time working days) when this dossier must be verified; pauses excluded."""
    if verification and procedure.verification_time:
        procedure = SimpleNamespace(
            time_unit=TimeUnit.WORKING_DAYS, processing_time=procedure.verification_time
        )
    return deadlines.due_at(office, procedure, received_at, pauses=pauses)


def decide(office, procedure, at: dt.datetime, *, complete: bool, verification: bool) -> Decision:
    policy = policy_at(office, procedure, at)
    in_extra_hour = bool(policy.in_extra_hour)
    if not complete:
        return Decision(Track.NORMAL, None, None, in_extra_hour)
    if policy.same_day_until is not None and not verification:
        model = next((m for m in policy.models if m.same_day_result and m.covers(procedure)), None)
        return Decision(
            Track.SAME_DAY, calendar.close_of_day(office, timezone.localdate(at)), model, in_extra_hour
        )
    due = statutory_due_at(office, procedure, at, verification=verification)
    return Decision(Track.NORMAL, due, None, in_extra_hour)


def same_day_note(decision: Decision) -> str:
    """The audit note of a same-day decision ('' for a normal one)."""
    if decision.track != Track.SAME_DAY:
        return ""
    model = decision.reform_model
    return f"Trả trong ngày theo mô hình “{model.name}”" if model else "Trả trong ngày"


def outcome_of(due_at: dt.datetime | None, finished_at: dt.datetime) -> str:
    """Early: finished on a day before the due day; on time: on the due day, by the due time; else late.

    `due_at` already carries the supplement pauses (recomputed when a supplement resolves).
    """
    if due_at is None:
        return Outcome.ON_TIME
    if finished_at > due_at:
        return Outcome.LATE
    if timezone.localdate(finished_at) < timezone.localdate(due_at):
        return Outcome.EARLY
    return Outcome.ON_TIME


def current_due_at(dossier) -> dt.datetime | None:
    """The deadline in force: the new date of the last signed apology letter, else the due date."""
    last = dossier.apology_letters.filter(status=ApologyStatus.SIGNED).order_by("-missed_due_at").first()
    return last.new_due_at if last else dossier.due_at


def returned_same_day(dossier) -> bool:
    """Whether the dossier is to be returned on the day it was received: the same-day track of a
    reform model, or a procedure whose statutory time ends the day it was received (e.g. due at
    17:00 today). The one rule behind every "Trong ngày" badge (dossier_tags.same_day_badge)."""
    if dossier.track == Track.SAME_DAY:
        return True
    due, received = dossier.due_at, dossier.received_at
    return bool(due and received and timezone.localdate(due) == timezone.localdate(received))
