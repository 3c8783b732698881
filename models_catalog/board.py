"""The counter board (`/thu-tuc/<office>/tai-quay/`): what it shows, and the panels apps add to it.

The catalog knows the models, the calendar and the roster; what lies downstream (today's counts of
dossiers, and later sessions, ceremonies or queue tickets) is added by the app that owns it: it
registers a provider from its `AppConfig.ready()`, `provider(office, now) -> Panel | None`. A panel
names its template and context and the slot it goes in: "counts" (beside who is on duty) or "extra"
(the wide area under the board, kept free for sessions / ceremonies / tickets).
"""

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from models_catalog import selectors
from models_catalog.policy import policy_at
from models_catalog.text import sort_procedures
from models_catalog.wording import hhmm
from schedules import calendar
from schedules.roster_selectors import on_duty_now

SLOTS = ("counts", "extra")
MAX_NAMED = 6  # procedures named under a model on the board; the rest are counted


@dataclass
class Panel:
    template: str
    context: dict = field(default_factory=dict)
    slot: str = "extra"


PanelProvider = Callable[..., Panel | None]
_providers: list[PanelProvider] = []


def register(provider: PanelProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def panels(office, now: dt.datetime) -> dict[str, list[Panel]]:
    """The registered panels for the board, by slot."""
    out: dict[str, list[Panel]] = {slot: [] for slot in SLOTS}
    for provider in _providers:
        panel = provider(office, now)
        if panel is not None:
            out.setdefault(panel.slot, []).append(panel)
    return out


@dataclass(frozen=True)
class ModelRow:
    name: str
    line: str  # what the policy says of it now (cutoff, minutes left, window)
    procedures: tuple[str, ...]  # names shown; empty with all_procedures
    more: int  # how many more procedures it covers
    all_procedures: bool


def _model_rows(office, policy) -> list[ModelRow]:
    offered = {p.pk for p in selectors.office_procedure_qs(office)}
    rows = []
    for model, line in zip(policy.models_today, policy.lines, strict=True):
        names = []
        if not model.all_procedures:
            names = [p.name for p in sort_procedures(p for p in model.procedures.all() if p.pk in offered)]
        rows.append(
            ModelRow(
                model.name,
                line.removeprefix(f"{model.name} — ").removesuffix(" (áp dụng cho một số thủ tục)"),
                tuple(names[:MAX_NAMED]),
                max(0, len(names) - MAX_NAMED),
                model.all_procedures,
            )
        )
    return rows


def _next_open(office, local: dt.datetime) -> dt.datetime | None:
    """When the counter opens next: the calendar's next working time (`next_opening`), or an earlier
    intake-only session before it (an open Saturday morning, `opening_periods`)."""
    try:
        working = timezone.localtime(calendar.next_opening(office, local))
    except ValueError:
        return None
    day = local.date()
    while day <= working.date():
        for start, end in calendar.opening_periods(office, day):
            if end > local and start < working:
                return timezone.localtime(max(start, local))
        day += dt.timedelta(days=1)
    return working


def _next_opening_text(office, local: dt.datetime) -> str:
    """'13:30 hôm nay', '07:30 ngày mai, Thứ Ba 08/12/2026' or '07:30 Thứ Hai, 14/12/2026', from the
    calendar's next_opening."""
    opens = _next_open(office, local)
    if opens is None:
        return ""
    day = opens.date()
    named = f"{calendar.WEEKDAY_NAMES[day.weekday()]}, {day:%d/%m/%Y}"
    if day == local.date():
        return f"{hhmm(opens.time())} hôm nay"
    if day == local.date() + dt.timedelta(days=1):
        return f"{hhmm(opens.time())} ngày mai, {named}"
    return f"{hhmm(opens.time())} {named}"


def board_context(office, now: dt.datetime) -> dict:
    local = timezone.localtime(now)
    today = local.date()
    periods = calendar.opening_periods(office, today)
    # Open for intake, or inside working time (an extra "Giờ thứ 9" hour after the counter's hours).
    open_now = any(
        start <= local < end for start, end in [*periods, *calendar.working_periods(office, today)]
    )
    policy = policy_at(office, None, local)
    countdown = None
    if policy.same_day_until and open_now:
        left = policy.same_day_until - local
        minutes = math.ceil(left.total_seconds() / 60)
        countdown = {"until": policy.same_day_until, "hours": minutes // 60, "minutes": minutes % 60}
    return {
        "office": office,
        "now": local,
        "weekday": calendar.WEEKDAY_NAMES[today.weekday()],
        "periods": periods,
        "open_now": open_now,
        "next_opening": "" if open_now else _next_opening_text(office, local),
        "day_reason": policy.day_reason,
        "policy": policy,
        "countdown": countdown,
        "models": _model_rows(office, policy),
        "duty": on_duty_now(office, local),
        "panels": panels(office, local),
        "list_url": selectors.absolute(reverse("models_catalog:public_list", args=[office.slug])),
        "track_url": selectors.absolute(reverse("dossiers:track")),
    }
