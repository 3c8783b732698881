"""Demo data of issue 17: citizens who agreed to be told (their messages in the outbox, sent at the
moment of each door), and feedback items in every state at each seed office.

`with_consent(applicant)` is called by dossiers.demo for each history applicant (deterministic,
from the phone number: it draws nothing from the history's random generator). `load()` runs after
the history (mocua load_demo): it sends the outbox's due messages at their own moments and adds the
feedback items once per office (a second load adds nothing).
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from dossiers import feedback, outbox
from dossiers.models_citizen import Feedback, MessageState, OutboundMessage
from mocua.demo import COMMUNES
from mocua.models import Office, Role, Staff
from schedules import calendar


def with_consent(applicant: dict) -> dict:
    """Two applicants in three agree to be told: by SMS, some also by Zalo."""
    digit = int(applicant["phone"][-1])
    if digit % 3 == 0:
        return applicant
    channels = ["sms", "zalo"] if digit % 3 == 2 else ["sms"]
    return {**applicant, "notify_consent": True, "notify_channels": channels}


def send_due(now: dt.datetime) -> int:
    """Send the pending messages, each at the moment it was queued (the demo's history)."""
    sent = 0
    pending = OutboundMessage.objects.filter(state=MessageState.PENDING, created_at__lte=now).order_by("id")
    for pk, created in pending.values_list("pk", "created_at"):
        sent += outbox.deliver(pk, now=min(now, created + dt.timedelta(minutes=1))) == MessageState.SENT
    return sent


def _working_days_before(office, day: dt.date, n: int) -> dt.date:
    while n > 0:
        day -= dt.timedelta(days=1)
        n -= calendar.is_working_day(office, day)
    return day


ITEMS = [
    # (working days ago, about, content, contact, steps)
    (1, "other", "Đề nghị bố trí thêm ghế chờ ở Bộ phận Một cửa vào sáng thứ Hai.", {}, []),
    (
        4,
        "procedure",
        "Thủ tục chứng thực bản sao yêu cầu nộp bản chính, nhưng hướng dẫn trên mạng không ghi rõ.",
        {"phone": "0912000101", "reply_channel": "sms"},
        ["classify:regulation"],
    ),
    (
        13,
        "model",
        "Ngày không hẹn rất tiện; đề nghị áp dụng thêm cho thủ tục xác nhận tình trạng hôn nhân.",
        {"name": "Trần Thị Mai", "email": "tranthimai@example.vn", "reply_channel": "email"},
        ["classify:suggestion", "assign"],
    ),
    (
        19,
        "staff",
        "Cán bộ quầy số 2 hẹn gọi lại nhưng không gọi.",
        {"phone": "0987000202", "reply_channel": "zalo"},
        ["classify:conduct", "assign"],
    ),
    (
        12,
        "procedure",
        "Lệ phí cấp bản sao trích lục có thay đổi không?",
        {"phone": "0912000303", "reply_channel": "sms"},
        ["classify:regulation", "assign", "answer:8"],
    ),
    (
        25,
        "other",
        "Bảng niêm yết thủ tục bị che khuất sau cửa ra vào.",
        {"phone": "0388000404", "reply_channel": "sms"},
        ["classify:suggestion", "answer:18"],
    ),
    (
        20,
        "staff",
        "Tôi cảm ơn cán bộ tư pháp đã hướng dẫn tận tình, làm xong trong buổi sáng.",
        {"name": "Lê Văn Hùng"},
        ["classify:praise", "answer:2:publish", "close:3"],
    ),
    (
        30,
        "procedure",
        "Vì sao đăng ký khai sinh phải có giấy chứng sinh bản chính?",
        {},
        ["classify:regulation", "assign", "answer:10:publish", "close:12"],
    ),
]
ANSWER = (
    "Cảm ơn ông/bà đã phản ánh. Bộ phận Một cửa đã xem xét và khắc phục; mọi vướng mắc xin liên hệ "
    "trực tiếp công chức một cửa trong giờ hành chính."
)


def _feedback(office: Office, today: dt.date) -> int:
    secretary = Staff.objects.filter(office=office, is_active=True, roles__role=Role.SECRETARY).first()
    specialist = Staff.objects.filter(office=office, is_active=True, roles__role=Role.SPECIALIST).first()
    procedure = office.procedures.order_by("code").first()
    model = office.reform_models.order_by("pk").first()
    if secretary is None or specialist is None or procedure is None:
        return 0
    added = 0
    for i, (ago, about, content, contact, steps) in enumerate(ITEMS):
        day = _working_days_before(office, today, ago)
        received = timezone.make_aware(dt.datetime.combine(day, dt.time(8, 30 + i)))
        if about == "model" and model is None:
            about = "other"
        data = feedback.FeedbackIn(
            about=about,
            content=content,
            procedure=procedure.code if about == "procedure" else "",
            reform_model=model.pk if about == "model" else None,
            about_staff="Quầy số 2" if about == "staff" else "",
            **contact,
        )
        item = feedback.submit(office, data, client=f"demo:{office.slug}:{i}", now=received)
        added += 1
        for step in steps:
            name, *args = step.split(":")
            when = received + dt.timedelta(hours=2)
            if args and args[0].isdigit():
                moment = dt.datetime.combine(calendar.next_working_day(office, day), dt.time(14, 0))
                for _ in range(int(args[0]) - 1):
                    moment = dt.datetime.combine(
                        calendar.next_working_day(office, moment.date()), dt.time(14)
                    )
                when = timezone.make_aware(moment)
            if name == "classify":
                feedback.classify(secretary, item, args[0], now=when)
            elif name == "assign":
                feedback.assign(secretary, item, specialist, now=when)
            elif name == "answer":
                feedback.answer(secretary, item, ANSWER, publish="publish" in args, now=when)
            elif name == "close":
                feedback.close(secretary, item, now=when)
            item.refresh_from_db()
    return added


def load(stdout=None, *, today: dt.date | None = None) -> dict:
    """Feedback items in every state at each seed office (once), then the outbox sent. Part of the
    demo with history: nothing when MOCUA_DEMO_HISTORY_DAYS is 0 (the tests' setting)."""
    if int(getattr(settings, "MOCUA_DEMO_HISTORY_DAYS", 91)) <= 0:
        return {"feedback": 0, "sent": 0}
    now = timezone.now()
    today = today or timezone.localdate(now)
    added = 0
    for spec in COMMUNES:
        office = Office.objects.filter(slug=spec.slug).first()
        if office is None or Feedback.objects.filter(office=office).exists():
            continue
        with transaction.atomic():
            added += _feedback(office, today)
    sent = send_due(now)
    if stdout is not None:
        stdout.write(f"Phản ánh, kiến nghị trình diễn: thêm {added}; tin gửi người dân: đã gửi {sent}.")
    return {"feedback": added, "sent": sent}
