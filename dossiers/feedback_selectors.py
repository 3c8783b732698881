"""Reading feedback (phản ánh, kiến nghị): the office's list, the items near or past their limit,
the published answers, the home-page card and the figures for the periodic report (issue 17)."""

import datetime as dt
import re
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, Value, When
from django.urls import reverse
from django.utils import timezone

from dossiers.feedback import HANDLERS, OPEN, on_time, working_days_left
from dossiers.models_citizen import Feedback, FeedbackCategory, FeedbackState
from mocua import access
from mocua.models import Role

PHONE_LIKE = r"(\+?84|0)[\d .-]{8,12}\d"


def visible(user, staff):
    """The items the caller may read: all of the office for a secretary or leader, else those
    assigned to the caller."""
    qs = access.scope(Feedback.objects.select_related("procedure", "reform_model", "assignee"), user)
    if staff is not None and not staff.has_role(*HANDLERS):
        qs = qs.filter(assignee=staff)
    return qs


@dataclass(frozen=True)
class Attention:
    item: Feedback
    days_left: int  # working days; negative when past the limit


def attention(office, today: dt.date | None = None) -> list[Attention]:
    """Open items with MOCUA_FEEDBACK_NEAR_DAYS working days or fewer left (or past), soonest first."""
    today = today or timezone.localdate()
    near = settings.MOCUA_FEEDBACK_NEAR_DAYS
    horizon = today + dt.timedelta(days=3 * near + 7)  # enough calendar days to hold `near` working days
    items = Feedback.objects.filter(office=office, state__in=OPEN, due_on__lte=horizon).order_by(
        "due_on", "id"
    )
    out = [Attention(i, working_days_left(office, today, i.due_on)) for i in items]
    return [a for a in out if a.days_left <= near]


def at_a_glance(user, staff, now=None) -> list:
    """The home page's card for leaders and secretaries: feedback near or past its limit."""
    if not staff.has_role(Role.LEADER, Role.SECRETARY):
        return []
    from dossiers.selectors import Glance

    items = attention(staff.office, timezone.localdate(now or timezone.now()))
    late = sum(1 for a in items if a.days_left < 0)
    label = "Phản ánh, kiến nghị sắp đến hạn hoặc quá hạn trả lời"
    return [Glance(label, len(items), reverse("dossiers:feedback_list") + "?loc=can_chu_y", urgent=late > 0)]


def published(office, limit: int = 10) -> list[dict]:
    """The answers the office chose to publish, newest first, for the public form's page: no
    name, no contact, phone numbers in the texts hidden."""
    items = (
        Feedback.objects.filter(office=office, published_at__isnull=False)
        .select_related("procedure", "reform_model")
        .order_by("-published_at", "-id")[:limit]
    )
    return [
        {
            "number": i.number,
            "received_at": i.received_at,
            "about": i.procedure.name
            if i.procedure
            else (i.reform_model.name if i.reform_model else i.get_about_display()),
            "content": mask_phones(i.content),
            "answer": mask_phones(i.answer),
            "answered_at": i.answered_at,
        }
        for i in items
    ]


def feedback_figures(offices, first_day: dt.date, last_day: dt.date) -> dict:
    """Feedback figures of `offices` (an Office, or a list / queryset of them) for the period
    [first_day, last_day] (dates on the offices' clock, both included), for the periodic report:

    - "received": items received in the period;
    - "answered": of those, answered (at any time up to now);
    - "answered_on_time": answered on or before their last day (MOCUA_FEEDBACK_ANSWER_DAYS working
      days, schedules calendar);
    - "answered_late": answered after it;
    - "open": not answered yet; "open_late": of those, already past their last day today;
    - "on_time_rate": answered_on_time / answered in percent (one decimal), None when none answered;
    - "by_category": {category value: count} over the four categories (quy định, thái độ, kiến
      nghị, khen), and "unclassified";
    - "category_labels": {category value: Vietnamese label};
    - "published": answers made public.
    """
    if hasattr(offices, "pk"):
        offices = [offices]
    start = dt.datetime.combine(first_day, dt.time.min, tzinfo=timezone.get_current_timezone())
    end = dt.datetime.combine(
        last_day + dt.timedelta(days=1), dt.time.min, tzinfo=timezone.get_current_timezone()
    )
    items = list(Feedback.objects.filter(office__in=offices, received_at__gte=start, received_at__lt=end))
    today = timezone.localdate()
    answered = [i for i in items if i.answered_at is not None]
    in_time = sum(1 for i in answered if on_time(i))
    pending = [i for i in items if i.answered_at is None]
    by_category = {c: 0 for c in FeedbackCategory.values} | {"unclassified": 0}
    for i in items:
        by_category[i.category or "unclassified"] += 1
    return {
        "received": len(items),
        "answered": len(answered),
        "answered_on_time": in_time,
        "answered_late": len(answered) - in_time,
        "open": len(pending),
        "open_late": sum(1 for i in pending if i.due_on < today),
        "on_time_rate": round(100 * in_time / len(answered), 1) if answered else None,
        "by_category": by_category,
        "category_labels": dict(FeedbackCategory.choices) | {"unclassified": "Chưa phân loại"},
        "published": sum(1 for i in items if i.published_at is not None),
    }


def filtered(qs, state: str = "", loc: str = "", office=None, today=None):
    """The staff list's filters: a state, or "can_chu_y" (near or past the limit)."""
    if state in FeedbackState.values:
        qs = qs.filter(state=state)
    if loc == "can_chu_y" and office is not None:
        ids = [a.item.pk for a in attention(office, today)]
        qs = qs.filter(pk__in=ids)
    is_open = Case(When(state__in=[s.value for s in OPEN], then=Value(0)), default=Value(1))
    return qs.order_by(is_open, "due_on", "-id")


def mask_phones(text: str) -> str:
    """Phone numbers a citizen typed into a published text, hidden (design principle 7)."""
    return re.sub(PHONE_LIKE, "[số điện thoại đã ẩn]", text or "")
