from django import template
from django.utils.html import format_html

from dossiers.models import Status
from dossiers.tracks import returned_same_day
from dossiers.transitions import ACTION_LABELS

register = template.Library()

BADGE = {
    Status.RECEIVED: "primary",
    Status.ASSIGNED: "info",
    Status.PROCESSING: "info",
    Status.SUBMITTED: "warning",
    Status.APPROVED: "success",
    Status.RESULT_READY: "success",
    Status.RETURNED: "secondary",
    Status.AWAITING_SUPPLEMENT: "warning",
    Status.REFUSED: "danger",
    Status.STOPPED: "dark",
}


@register.simple_tag
def status_badge(dossier):
    return format_html(
        '<span class="badge text-bg-{}">{}</span>',
        BADGE.get(dossier.status, "secondary"),
        dossier.get_status_display(),
    )


@register.filter
def time_left(minutes):
    """42 -> 'còn 42 phút'; 95 -> 'còn 1 giờ 35 phút'; -10 -> 'quá hạn 10 phút'; days for long spans."""
    if minutes is None:
        return ""
    prefix = "còn" if minutes >= 0 else "quá hạn"
    m = abs(int(minutes))
    if m >= 24 * 60:
        return f"{prefix} {m // (24 * 60)} ngày"
    hours, mins = divmod(m, 60)
    if hours:
        return f"{prefix} {hours} giờ {mins} phút" if mins else f"{prefix} {hours} giờ"
    return f"{prefix} {mins} phút"


@register.filter
def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


@register.simple_tag
def same_day_badge(dossier, label: str = "Trong ngày"):
    """The "Trong ngày" badge of every same-day dossier (worklist, leader's card, dossier page); one
    rule decides it (dossiers.tracks.returned_same_day)."""
    if not returned_same_day(dossier):
        return ""
    return format_html('<span class="badge text-bg-success" data-same-day>{}</span>', label)


@register.filter
def is_returned_same_day(dossier) -> bool:
    return returned_same_day(dossier)
