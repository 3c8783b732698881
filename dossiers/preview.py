"""What an intake will do, shown before the clerk commits it (issue 16, point 2).

`preview(office, procedure, now, …)` asks the functions the intake door itself uses —
`tracks.decide` (same-day or normal, the due moment, from the catalog's policy and the calendar),
`intake.missing_papers` (what a supplement request would ask for) and the calendar's opening hours —
so the screen can never promise what `intake.receive` would not do. The intake page renders it at
load (no JavaScript needed) and static/js/intake-preview.js asks again as the form changes.
"""

import datetime as dt
import math
from dataclasses import dataclass, field

from django.utils import timezone

from dossiers import tracks
from dossiers.intake import missing_papers
from dossiers.models import Track
from dossiers.templatetags.dossier_tags import time_left
from models_catalog.models import TimeUnit
from models_catalog.policy import policy_at
from schedules import calendar


@dataclass(frozen=True)
class Preview:
    track: str
    due_at: dt.datetime | None  # None: incomplete, due once the papers are all in
    same_day: bool  # returned the day it is received
    cutoff: dt.datetime | None  # for a same-day result, receive before this moment…
    minutes_left: int | None  # …which is this many minutes away
    fee: str
    missing: list[str] = field(default_factory=list)  # what the supplement request would list
    closed: str = ""  # not empty: a warning that the counter is not open now
    opens: dt.datetime | None = None  # when it opens next

    @property
    def lines(self) -> list[str]:
        """The preview in plain Vietnamese, most important first."""
        out = []
        if self.missing:
            out.append(
                "Hồ sơ chưa đầy đủ: sẽ lập phiếu yêu cầu bổ sung (mẫu 02) gồm "
                + "; ".join(self.missing)
                + ". Hẹn trả kết quả khi người nộp bổ sung đủ."
            )
        elif self.same_day:
            due = timezone.localtime(self.due_at)
            if self.cutoff is not None:
                left = "" if self.closed else f" — {time_left(self.minutes_left)}"
                out.append(
                    f"Trả trong ngày nếu nhận trước {timezone.localtime(self.cutoff):%H:%M}{left}. "
                    f"Hẹn trả trước {due:%H:%M} hôm nay."
                )
            else:
                out.append(f"Trả kết quả trong ngày, trước {due:%H:%M} hôm nay.")
        elif self.due_at is not None:
            due = timezone.localtime(self.due_at)
            out.append(f"Hẹn trả kết quả: {due:%H:%M} ngày {due:%d/%m/%Y}.")
        out.append(f"Phí, lệ phí: {self.fee}.")
        return out


def fee_of(procedure) -> str:
    if procedure.fee_text:
        return procedure.fee_text.rstrip(".")
    if procedure.fee_amount:
        return f"{procedure.fee_amount:,} đồng".replace(",", ".")
    return "không thu"


def _closed_warning(office, local: dt.datetime) -> tuple[str, dt.datetime | None]:
    """A warning when `local` is outside the counter's opening hours, and when it opens next."""
    day = local.date()
    periods = calendar.opening_periods(office, day)
    if any(start <= local < end for start, end in periods):
        return "", None
    opens = calendar.next_opening(office, local)
    status = calendar.day_status(office, day)
    when = f"{opens:%H:%M} ngày {opens:%d/%m/%Y}"
    if not periods:
        return f"Hôm nay ({status.reason.lower()}) quầy không tiếp nhận hồ sơ. Quầy mở lại lúc {when}.", opens
    hours = ", ".join(f"{s:%H:%M}–{e:%H:%M}" for s, e in periods)
    return f"Ngoài giờ tiếp nhận hồ sơ (hôm nay: {hours}). Quầy mở lại lúc {when}.", opens


def preview(
    office,
    procedure,
    now: dt.datetime,
    *,
    received: list[int] | None = None,
    extra_missing: list[str] = (),
    verification: bool = False,
) -> Preview:
    """What receiving a dossier of `procedure` at `now` would do. `received`: ids of the required
    documents handed in (None: all of them); `extra_missing`: papers the clerk writes in."""
    local = timezone.localtime(now)
    docs = list(procedure.documents.all())
    have = [d.pk for d in docs] if received is None else received
    missing = missing_papers(procedure, have, extra_missing)
    decision = tracks.decide(office, procedure, now, complete=not missing, verification=verification)
    same_day = decision.due_at is not None and timezone.localdate(decision.due_at) == local.date()
    cutoff = None
    if same_day:
        if decision.track == Track.SAME_DAY:
            cutoff = policy_at(office, procedure, now).same_day_until
        elif procedure.time_unit == TimeUnit.SAME_DAY:
            cutoff = calendar.same_day_cutoff_on(office, local.date())
    cutoff = cutoff if cutoff is not None and local < cutoff else None
    closed, opens = _closed_warning(office, local)
    return Preview(
        track=decision.track,
        due_at=decision.due_at,
        same_day=same_day,
        cutoff=cutoff,
        minutes_left=math.ceil((cutoff - local).total_seconds() / 60) if cutoff else None,
        fee=fee_of(procedure),
        missing=missing,
        closed=closed,
        opens=opens,
    )
