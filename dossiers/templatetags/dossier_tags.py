from django import template
from django.utils.html import format_html

from dossiers.models import RATING_LABELS, Status
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


# Mouths of the five faces (a 40×40 face): a wide smile for 5 down to a wide frown for 1.
_MOUTHS = {
    5: "M11 23 Q20 35 29 23 Z",
    4: "M13 25 Q20 30 27 25",
    3: "M13 27 L27 27",
    2: "M13 29 Q20 24 27 29",
    1: "M11 31 Q20 20 29 31",
}


@register.simple_tag
def rating_face(score):
    """A face for a satisfaction level (inline SVG: no emoji font needed, no style attribute)."""
    mouth = _MOUTHS.get(int(score or 0))
    if mouth is None:
        return ""
    return format_html(
        '<svg class="face face-{}" viewBox="0 0 40 40" width="40" height="40" aria-hidden="true">'
        '<circle cx="20" cy="20" r="18"/><circle class="eye" cx="14" cy="16" r="2.2"/>'
        '<circle class="eye" cx="26" cy="16" r="2.2"/><path d="{}"/></svg>',
        score,
        mouth,
    )


@register.simple_tag
def rating_scores():
    """[(5, 'Rất hài lòng'), …, (1, 'Rất không hài lòng')]: the choices of every rating form."""
    return list(RATING_LABELS.items())


@register.filter
def rating_label(score) -> str:
    return RATING_LABELS.get(score, "")


PRINT_LABELS = {
    "receipt": "In giấy tiếp nhận",
    "appointment_slip": "In giấy tiếp nhận",
    "supplement_request": "In phiếu yêu cầu bổ sung",
    "refusal": "In phiếu từ chối",
    "control_slip": "In phiếu kiểm soát",
    "stop_notice": "In thông báo dừng giải quyết",
    "apology": "In phiếu xin lỗi",
}


@register.filter
def print_label(paper) -> str:
    """The big print button's words for the newest paper ('In giấy tiếp nhận')."""
    return PRINT_LABELS.get(paper.kind, f"In {paper.title[:1].lower()}{paper.title[1:]}")
