"""Feedback (phản ánh, kiến nghị) from citizens, and the office's written answer (issue 17).

A citizen sends it from the public form (no login; rate-limited per address through
mocua.ratelimit, the limiter of the tracking page). It gets a number (…/PAKN, per office and year)
and a time limit: answered by the MOCUA_FEEDBACK_ANSWER_DAYS-th working day after the day it came
in (15 by default, QĐ 766 indicator 5.2; working days from the schedules calendar). The secretary
(or a leader) classifies it (regulation, conduct, suggestion, praise), assigns it, answers in
writing — the answer leaves through the outbox on the channel the citizen gave — may publish it,
and closes it. Every step checks the office wall and the state; a refusal is `FeedbackError` with a
Vietnamese message and nothing changed.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from dossiers import codes, outbox, validators
from dossiers.models_citizen import Feedback, FeedbackAbout, FeedbackCategory, FeedbackState, MessageChannel
from mocua import ratelimit
from mocua.input_guard import CONTROL_MESSAGE, has_control
from mocua.jobs.notify import notify
from mocua.models import Role, Staff
from models_catalog.models import Procedure, ReformModel
from schedules import calendar

HANDLERS = (Role.SECRETARY, Role.LEADER)
CONTENT_MAX = 2000
ANSWER_MAX = 4000
WINDOW = 3600  # seconds: MOCUA_FEEDBACK_PER_HOUR items per address in this window
TOO_MANY = "Ông/bà đã gửi nhiều phản ánh, kiến nghị trong một giờ qua. Vui lòng thử lại sau."
NOT_FOUND = "Không tìm thấy phản ánh, kiến nghị."
OPEN = (FeedbackState.NEW, FeedbackState.CLASSIFIED, FeedbackState.ASSIGNED)
F = FeedbackState


class FeedbackError(Exception):
    """A refused step; `str(error)` is the Vietnamese message, `status` the HTTP status."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


# --- the time limit ----------------------------------------------------------------------------


def due_on(office, received_at: dt.datetime) -> dt.date:
    """The last day of the answer's time limit: the N-th working day after the day it came in."""
    day = timezone.localdate(received_at)
    for _ in range(settings.MOCUA_FEEDBACK_ANSWER_DAYS):
        day = calendar.next_working_day(office, day)
    return day


def on_time(item: Feedback) -> bool | None:
    """Answered on or before its last day (None while not answered)."""
    if item.answered_at is None:
        return None
    return timezone.localdate(item.answered_at) <= item.due_on


def working_days_left(office, today: dt.date, last: dt.date) -> int:
    """Working days from tomorrow up to `last` (0 on the last day itself; negative when past)."""
    if last < today:
        return -sum(1 for s in calendar.days_between(office, last + dt.timedelta(days=1), today) if s.working)
    return sum(1 for s in calendar.days_between(office, today + dt.timedelta(days=1), last) if s.working)


# --- the public form ---------------------------------------------------------------------------


@dataclass
class FeedbackIn:
    about: str
    content: str
    procedure: str = ""  # a procedure code the office offers
    reform_model: int | str | None = None  # a reform model of the office (id)
    about_staff: str = ""
    name: str = ""
    phone: str = ""
    email: str = ""
    reply_channel: str = ""


def _limits(client: str) -> dict[str, int]:
    return {ratelimit.key("feedback:ip", client): settings.MOCUA_FEEDBACK_PER_HOUR}


def _clean(office, data: FeedbackIn) -> dict:
    """The fields to save, or ValidationError with a Vietnamese message per field."""
    errors: dict[str, str] = {}
    texts = {
        "content": data.content,
        "about_staff": data.about_staff,
        "name": data.name,
        "phone": data.phone,
        "email": data.email,
    }
    for name, value in texts.items():
        if has_control(value or ""):
            errors[name] = CONTROL_MESSAGE
    content = validators.normalise_text(data.content)
    if not content:
        errors.setdefault("content", "Cần ghi nội dung phản ánh, kiến nghị.")
    elif len(content) > CONTENT_MAX:
        errors.setdefault("content", validators.too_long("Nội dung", CONTENT_MAX, len(content)))
    if data.about not in FeedbackAbout.values:
        errors["about"] = "Hãy chọn phản ánh, kiến nghị về thủ tục, mô hình, cán bộ hay nội dung khác."
    procedure = model = None
    if data.procedure:
        procedure = Procedure.objects.filter(offices=office, code=str(data.procedure).strip()).first()
        if procedure is None:
            errors["procedure"] = "Đơn vị không giải quyết thủ tục này."
    if data.reform_model not in (None, ""):
        model = ReformModel.objects.filter(office=office, pk=_int(data.reform_model)).first()
        if model is None:
            errors["reform_model"] = "Không tìm thấy mô hình này của đơn vị."
    if data.about == FeedbackAbout.PROCEDURE and procedure is None:
        errors.setdefault("procedure", "Hãy chọn thủ tục được phản ánh, kiến nghị.")
    if data.about == FeedbackAbout.MODEL and model is None:
        errors.setdefault("reform_model", "Hãy chọn mô hình được phản ánh, kiến nghị.")
    about_staff = " ".join((data.about_staff or "").split())
    if len(about_staff) > 120:
        errors.setdefault("about_staff", validators.too_long("Tên cán bộ", 120, len(about_staff)))
    if data.about == FeedbackAbout.STAFF and not about_staff:
        errors.setdefault("about_staff", "Hãy ghi họ tên hoặc vị trí làm việc của cán bộ.")
    name = validators.normalise_name(data.name)
    if name:
        try:
            validators.validate_person_name(name)
        except ValidationError as e:
            errors.setdefault("name", e.messages[0])
    phone = validators.normalise_phone(data.phone) if (data.phone or "").strip() else ""
    if phone and not validators.is_mobile(phone):
        errors.setdefault("phone", validators.MOBILE_MESSAGE)
    email = (data.email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.setdefault("email", "Địa chỉ thư điện tử không hợp lệ.")
    channel = data.reply_channel or ""
    if channel and channel not in MessageChannel.values:
        errors["reply_channel"] = "Cách nhận trả lời không hợp lệ."
    elif channel in (MessageChannel.SMS, MessageChannel.ZALO) and not phone:
        errors.setdefault("phone", "Cần số di động để nhận trả lời qua tin nhắn.")
    elif channel == MessageChannel.EMAIL and not email:
        errors.setdefault("email", "Cần địa chỉ thư điện tử để nhận trả lời qua thư.")
    if errors:
        raise ValidationError(errors)
    return {
        "about": data.about,
        "content": content,
        "procedure": procedure,
        "reform_model": model,
        "about_staff": about_staff,
        "name": name,
        "phone": phone,
        "email": email,
        "reply_channel": channel,
    }


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def submit(office, data: FeedbackIn, *, client: str, now: dt.datetime | None = None) -> Feedback:
    """Save one item from the public form: FeedbackError (429) past the address's limit,
    ValidationError for bad input; nothing saved in either case."""
    now = now or timezone.now()
    if ratelimit.blocked(_limits(client)):
        raise FeedbackError(TOO_MANY, status=429)
    fields = _clean(office, data)
    with transaction.atomic():
        n = codes.next_number(office, f"PAKN:{timezone.localdate(now).year}")
        item = Feedback.objects.create(
            office=office, number=f"{n}/PAKN", received_at=now, due_on=due_on(office, now), **fields
        )
    ratelimit.hit(_limits(client), WINDOW)
    return item


# --- the office's steps --------------------------------------------------------------------------


def _open(actor: Staff, item: Feedback, *, roles=HANDLERS, assignee_ok: bool = False) -> Feedback:
    item = Feedback.objects.select_for_update().select_related("office").get(pk=item.pk)
    if not actor.is_active or actor.office_id != item.office_id:
        raise FeedbackError(NOT_FOUND, status=404)
    if not actor.has_role(*roles) and not (assignee_ok and item.assignee_id == actor.pk):
        raise FeedbackError("Chỉ thư ký hoặc lãnh đạo đơn vị được thực hiện thao tác này.", status=403)
    return item


def _state(item: Feedback, *allowed: str, what: str) -> None:
    if item.state not in allowed:
        raise FeedbackError(
            f"Không thể {what} phản ánh, kiến nghị số {item.number} đang ở trạng thái "
            f"“{item.get_state_display().lower()}”."
        )


@transaction.atomic
def classify(actor: Staff, item: Feedback, category: str, *, now=None) -> Feedback:
    item = _open(actor, item)
    _state(item, *OPEN, what="phân loại")
    if category not in FeedbackCategory.values:
        raise FeedbackError("Hãy chọn phân loại: quy định, thái độ, kiến nghị hoặc khen ngợi.")
    item.category = category
    if item.state == F.NEW:
        item.state = F.CLASSIFIED
    item.save(update_fields=["category", "state"])
    return item


@transaction.atomic
def assign(actor: Staff, item: Feedback, assignee: Staff | None, *, now=None) -> Feedback:
    now = now or timezone.now()
    item = _open(actor, item)
    _state(item, F.CLASSIFIED, F.ASSIGNED, what="giao xử lý")
    if assignee is None or assignee.office_id != item.office_id or not assignee.is_active:
        raise FeedbackError("Người xử lý phải là cán bộ đang làm việc của đơn vị.")
    item.assignee, item.state = assignee, F.ASSIGNED
    item.save(update_fields=["assignee", "state"])
    link = reverse("dossiers:feedback_detail", args=[item.pk])
    notify([assignee], item.office, f"Được giao xử lý phản ánh, kiến nghị số {item.number}.", link, at=now)
    return item


@transaction.atomic
def answer(actor: Staff, item: Feedback, text: str, *, publish: bool = False, now=None) -> Feedback:
    """The written answer; sent to the citizen through the outbox when they left a contact."""
    now = now or timezone.now()
    item = _open(actor, item, assignee_ok=True)
    _state(item, *OPEN, what="trả lời")
    if not item.category:
        raise FeedbackError("Cần phân loại phản ánh, kiến nghị trước khi trả lời.")
    if has_control(text or ""):
        raise FeedbackError(CONTROL_MESSAGE)
    text = validators.normalise_text(text)
    if not text:
        raise FeedbackError("Cần ghi nội dung trả lời.")
    if len(text) > ANSWER_MAX:
        raise FeedbackError(validators.too_long("Nội dung trả lời", ANSWER_MAX, len(text)))
    item.answer, item.answered_at, item.answered_by, item.state = text, now, actor, F.ANSWERED
    if publish:
        item.published_at = now
    item.save()
    outbox.queue_for_feedback(item, link=public_link(item) if publish else "", now=now)
    return item


@transaction.atomic
def publish(actor: Staff, item: Feedback, *, now=None) -> Feedback:
    item = _open(actor, item)
    _state(item, F.ANSWERED, F.CLOSED, what="công khai")
    if item.published_at:
        raise FeedbackError(f"Phản ánh, kiến nghị số {item.number} đã được công khai.")
    item.published_at = now or timezone.now()
    item.save(update_fields=["published_at"])
    return item


@transaction.atomic
def close(actor: Staff, item: Feedback, *, now=None) -> Feedback:
    item = _open(actor, item)
    _state(item, F.ANSWERED, what="kết thúc")
    item.state, item.closed_at = F.CLOSED, now or timezone.now()
    item.save(update_fields=["state", "closed_at"])
    return item


def public_link(item: Feedback) -> str:
    return f"{settings.SITE_URL}{reverse('dossiers:feedback_form', args=[item.office.slug])}#tra-loi"
