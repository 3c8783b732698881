"""Corrective actions for the causes of late results (issue 17): the doors that add one and mark
it done, the reads of an office's actions, and the leader's home-page cards that follow them up.

A cause is an apology reason with its responsible unit, exactly as the report groups the
apology letters (reports.sections.office_practices). Each door checks the actor's role in the
action's office, writes, and logs a ReportEvent in the same transaction.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from dossiers.models import ApologyLetter
from mocua.access import NOT_FOUND, require_office_role
from mocua.input_guard import has_control
from mocua.models import Office, Role, Staff
from reports.narrative_models import ACTION_TEXT_LIMIT, CorrectiveAction, ReportEvent

EDITORS = (Role.SECRETARY, Role.LEADER)
NO_CAUSE = (
    "Nguyên nhân này không có trong các phiếu xin lỗi của đơn vị; hãy chọn một nguyên nhân trong "
    "phần “Nguyên nhân” của báo cáo."
)
NO_WHAT = "Hãy nhập biện pháp khắc phục."
NO_WHO = "Hãy nhập người hoặc bộ phận thực hiện."
NO_DUE = "Hãy nhập hạn hoàn thành theo dạng ngày/tháng/năm, ví dụ 31/12/2026."
PAST_DUE = "Hạn hoàn thành phải từ hôm nay ({today}) trở đi."
FAR_DUE = "Hạn hoàn thành không được quá 2 năm kể từ hôm nay."
TOO_LONG = "“{label}” dài quá {limit} ký tự; hãy viết ngắn gọn hơn."
CONTROL = "Nội dung có ký tự điều khiển không hợp lệ; vui lòng nhập lại."
ALREADY_DONE = "Biện pháp khắc phục này đã được xác nhận hoàn thành ngày {day}."


class CorrectiveError(ValueError):
    """Bad input for a corrective action; str(error) is the Vietnamese message. Nothing is saved."""


def parse_day(text: str | None) -> dt.date | None:
    """A date typed as dd/mm/yyyy (or yyyy-mm-dd); None when it is not one."""
    text = (text or "").strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a date, no time)
        except ValueError:
            continue
    return None


def _text(value: str | None, label: str, limit: int, empty: str) -> str:
    value = (value or "").strip()
    if not value:
        raise CorrectiveError(empty)
    if len(value) > limit:
        raise CorrectiveError(TOO_LONG.format(label=label, limit=limit))
    if has_control(value, free_text=True):
        raise CorrectiveError(CONTROL)
    return value


def causes_of(office: Office):
    """Every (reason, responsible unit) of the office's apology letters, with how many letters."""
    return (
        ApologyLetter.objects.filter(dossier__office=office)
        .values("reason", "responsible_unit")
        .annotate(n=Count("pk"))
        .order_by("-n", "reason")
    )


def add_action(
    actor: Staff,
    office: Office,
    *,
    reason: str,
    responsible_unit: str,
    what: str,
    who: str,
    due_on: str | dt.date | None,
    period: str = "",
    now: dt.datetime | None = None,
) -> CorrectiveAction:
    """The door that gives a late cause a corrective action (secretary or leader of the office)."""
    now = now or timezone.now()
    require_office_role(actor.user, office, *EDITORS)
    today = timezone.localdate(now)
    reason, responsible_unit = (reason or "").strip(), (responsible_unit or "").strip()
    if not ApologyLetter.objects.filter(
        dossier__office=office, reason=reason, responsible_unit=responsible_unit
    ).exists():
        raise CorrectiveError(NO_CAUSE)
    what = _text(what, "Biện pháp khắc phục", ACTION_TEXT_LIMIT, NO_WHAT)
    who = _text(who, "Người, bộ phận thực hiện", 200, NO_WHO)
    day = due_on if isinstance(due_on, dt.date) else parse_day(due_on)
    if day is None:
        raise CorrectiveError(NO_DUE)
    if day < today:
        raise CorrectiveError(PAST_DUE.format(today=f"{today:%d/%m/%Y}"))
    if day > today + dt.timedelta(days=731):
        raise CorrectiveError(FAR_DUE)
    with transaction.atomic():
        action = CorrectiveAction.objects.create(
            office=office,
            reason=reason,
            responsible_unit=responsible_unit,
            what=what,
            who=who,
            due_on=day,
            period=(period or "")[:10],
            created_by=actor,
            created_at=now,
        )
        ReportEvent.objects.create(
            office=office, action=action, actor=actor, at=now, kind="action_added", note=what
        )
    return action


def complete_action(
    actor: Staff, action_id: int, *, note: str = "", now: dt.datetime | None = None
) -> CorrectiveAction:
    """The door that marks a corrective action done (secretary or leader of its office)."""
    now = now or timezone.now()
    note = (note or "").strip()
    if len(note) > ACTION_TEXT_LIMIT:
        raise CorrectiveError(TOO_LONG.format(label="Kết quả thực hiện", limit=ACTION_TEXT_LIMIT))
    if has_control(note, free_text=True):
        raise CorrectiveError(CONTROL)
    with transaction.atomic():
        action = (
            CorrectiveAction.objects.select_for_update().filter(pk=action_id, office=actor.office).first()
        )
        if action is None:
            raise Http404(NOT_FOUND)
        require_office_role(actor.user, action.office, *EDITORS)
        if action.done_on is not None:
            raise CorrectiveError(ALREADY_DONE.format(day=f"{action.done_on:%d/%m/%Y}"))
        action.done_on = timezone.localdate(now)
        action.done_by = actor
        action.done_note = note
        action.save(update_fields=["done_on", "done_by", "done_note"])
        ReportEvent.objects.create(
            office=action.office, action=action, actor=actor, at=now, kind="action_done", note=note
        )
    return action


def actions_of(office: Office):
    """The office's actions, unfinished first (earliest due first), then done ones (latest first)."""
    return (
        CorrectiveAction.objects.filter(office=office)
        .select_related("created_by", "done_by")
        .order_by("done_on", "due_on", "pk")
    )


def relevant_actions(office: Office, period_first: dt.date) -> list[CorrectiveAction]:
    """The actions a report of a period starting `period_first` shows: every unfinished one, and
    those done since the period began."""
    return list(
        CorrectiveAction.objects.filter(office=office)
        .filter(Q(done_on__isnull=True) | Q(done_on__gte=period_first))
        .order_by("due_on", "pk")
    )


@dataclass(frozen=True)
class Card:
    label: str
    count: int
    url: str
    urgent: bool = False


def home_cards(user, staff, now=None) -> list[Card]:
    """The leader's (and secretary's) follow-up: unfinished corrective actions, the overdue marked."""
    if not staff.has_role(Role.LEADER, Role.SECRETARY):
        return []
    today = timezone.localdate(now or timezone.now())
    counts = CorrectiveAction.objects.filter(office=staff.office, done_on__isnull=True).aggregate(
        open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today))
    )
    if not counts["open"]:
        return []
    url = reverse("reports:actions", args=[staff.office.slug])
    cards = [Card("Biện pháp khắc phục chưa hoàn thành", counts["open"], url, urgent=False)]
    if counts["overdue"]:
        cards.append(
            Card("Biện pháp khắc phục quá hạn", counts["overdue"], url + "?loc=qua-han", urgent=True)
        )
    return cards
