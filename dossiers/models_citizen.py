"""What the office tells citizens and what citizens tell the office (issue 17).

- `NotifyConsent`: at intake the citizen may give a mobile number and/or an e-mail address and agree
  to be told about the dossier (one row per dossier, only when they agreed).
- `OutboundMessage`: the outbox. The workflow doors queue one row per dossier, event and channel
  (a unique `key`, so nothing is queued — or sent — twice); a Celery task sends it, a sweep sends
  again what is due (dossiers/outbox.py).
- `Feedback`: a phản ánh, kiến nghị sent from the public form, classified, assigned, answered
  (through the outbox), optionally published and closed by the office (dossiers/feedback.py).
"""

from django.db import models
from django.db.models import Q

__all__ = [
    "Feedback",
    "FeedbackAbout",
    "FeedbackCategory",
    "FeedbackState",
    "MessageChannel",
    "MessageEvent",
    "MessageState",
    "NotifyConsent",
    "OutboundMessage",
]


class MessageChannel(models.TextChoices):
    SMS = "sms", "Tin nhắn SMS"
    ZALO = "zalo", "Zalo"
    EMAIL = "email", "Thư điện tử"


class NotifyConsent(models.Model):
    """The citizen agreed at intake to be told about this dossier, on these channels."""

    dossier = models.OneToOneField(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="notify_consent"
    )
    channels = models.JSONField("kênh nhận thông báo", default=list)
    phone = models.CharField("số di động nhận thông báo", max_length=15, blank=True)
    email = models.EmailField("thư điện tử nhận thông báo", blank=True)
    agreed_at = models.DateTimeField("đồng ý lúc")

    class Meta:
        verbose_name = "đồng ý nhận thông báo"
        verbose_name_plural = "đồng ý nhận thông báo"

    def __str__(self) -> str:
        return f"{self.dossier}: {', '.join(self.channels)}"


class MessageEvent(models.TextChoices):
    RECEIVED = "received", "Đã tiếp nhận hồ sơ"
    SUPPLEMENT = "supplement", "Yêu cầu bổ sung hồ sơ"
    READY = "ready", "Đã có kết quả"
    LATE = "late", "Xin lỗi, hẹn lại ngày trả"
    REFUSED = "refused", "Từ chối tiếp nhận"
    STOPPED = "stopped", "Dừng giải quyết"
    FEEDBACK_ANSWER = "feedback_answer", "Trả lời phản ánh, kiến nghị"


class MessageState(models.TextChoices):
    PENDING = "pending", "Chờ gửi"
    SENDING = "sending", "Đang gửi"
    SENT = "sent", "Đã gửi"
    RETRYING = "retrying", "Gửi lỗi, sẽ gửi lại"
    FAILED = "failed", "Không gửi được"


class OutboundMessage(models.Model):
    """One message to one citizen on one channel. Its text is fixed when queued: what staff see on
    the dossier page is what was sent."""

    office = models.ForeignKey(
        "mocua.Office", verbose_name="đơn vị", on_delete=models.PROTECT, related_name="+"
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier", null=True, blank=True, on_delete=models.PROTECT, related_name="messages"
    )
    feedback = models.ForeignKey(
        "dossiers.Feedback", null=True, blank=True, on_delete=models.PROTECT, related_name="messages"
    )
    event = models.CharField("sự kiện", max_length=20, choices=MessageEvent.choices)
    channel = models.CharField("kênh", max_length=10, choices=MessageChannel.choices)
    key = models.CharField("khóa chống gửi trùng", max_length=120, unique=True)
    recipient = models.CharField("người nhận", max_length=254)
    subject = models.CharField("tiêu đề", max_length=200, blank=True)
    body = models.TextField("nội dung")
    segments = models.PositiveSmallIntegerField("số phần tin SMS", default=0)
    state = models.CharField(
        "tình trạng", max_length=10, choices=MessageState.choices, default=MessageState.PENDING
    )
    attempts = models.PositiveSmallIntegerField("số lần gửi", default=0)
    next_attempt_at = models.DateTimeField("gửi lúc")
    claimed_at = models.DateTimeField("bắt đầu gửi lúc", null=True, blank=True)
    sent_at = models.DateTimeField("đã gửi lúc", null=True, blank=True)
    provider_ref = models.CharField("mã của nhà cung cấp", max_length=120, blank=True)
    last_error = models.CharField("lỗi lần gửi cuối", max_length=300, blank=True)
    created_at = models.DateTimeField("tạo lúc")

    class Meta:
        verbose_name = "tin gửi người dân"
        verbose_name_plural = "tin gửi người dân"
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"], condition=Q(state__in=["pending", "retrying"]), name="message_due"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(dossier__isnull=False) | Q(feedback__isnull=False), name="message_about_something"
            ),
            models.CheckConstraint(
                condition=~Q(state="sent") | Q(sent_at__isnull=False), name="message_sent_has_time"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_event_display()} — {self.get_channel_display()}"


class FeedbackAbout(models.TextChoices):
    PROCEDURE = "procedure", "Thủ tục hành chính"
    MODEL = "model", "Mô hình cải cách hành chính"
    STAFF = "staff", "Cán bộ, công chức"
    OTHER = "other", "Nội dung khác"


class FeedbackCategory(models.TextChoices):
    REGULATION = "regulation", "Quy định hành chính"
    CONDUCT = "conduct", "Thái độ, hành vi của cán bộ"
    SUGGESTION = "suggestion", "Kiến nghị, đề xuất"
    PRAISE = "praise", "Khen ngợi"


class FeedbackState(models.TextChoices):
    NEW = "new", "Mới nhận"
    CLASSIFIED = "classified", "Đã phân loại"
    ASSIGNED = "assigned", "Đang xử lý"
    ANSWERED = "answered", "Đã trả lời"
    CLOSED = "closed", "Đã kết thúc"


class Feedback(models.Model):
    """A phản ánh, kiến nghị received through the public form. Its answer is due by `due_on` (the
    last working day of the time limit, schedules calendar); answered on or before it is on time."""

    office = models.ForeignKey(
        "mocua.Office", verbose_name="đơn vị", on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField("số", max_length=30)
    about = models.CharField("về", max_length=10, choices=FeedbackAbout.choices)
    procedure = models.ForeignKey(
        "models_catalog.Procedure",
        verbose_name="thủ tục",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reform_model = models.ForeignKey(
        "models_catalog.ReformModel",
        verbose_name="mô hình",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    about_staff = models.CharField("cán bộ được phản ánh", max_length=120, blank=True)
    content = models.TextField("nội dung", max_length=2000)
    name = models.CharField("họ và tên", max_length=120, blank=True)
    phone = models.CharField("số di động", max_length=15, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    reply_channel = models.CharField(
        "nhận trả lời qua", max_length=10, choices=MessageChannel.choices, blank=True
    )
    received_at = models.DateTimeField("nhận lúc")
    due_on = models.DateField("hạn trả lời")
    state = models.CharField(
        "trạng thái", max_length=12, choices=FeedbackState.choices, default=FeedbackState.NEW
    )
    category = models.CharField("phân loại", max_length=12, choices=FeedbackCategory.choices, blank=True)
    assignee = models.ForeignKey(
        "mocua.Staff",
        verbose_name="người xử lý",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answer = models.TextField("trả lời", blank=True, max_length=4000)
    answered_at = models.DateTimeField("trả lời lúc", null=True, blank=True)
    answered_by = models.ForeignKey(
        "mocua.Staff",
        verbose_name="người trả lời",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField("công khai lúc", null=True, blank=True)
    closed_at = models.DateTimeField("kết thúc lúc", null=True, blank=True)

    class Meta:
        verbose_name = "phản ánh, kiến nghị"
        verbose_name_plural = "phản ánh, kiến nghị"
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["office", "received_at"], name="feedback_office_received")]
        constraints = [
            models.UniqueConstraint(fields=["office", "number"], name="feedback_number_once"),
            models.CheckConstraint(
                condition=Q(state__in=["new", "classified", "assigned"]) | Q(answered_at__isnull=False),
                name="feedback_answered_has_time",
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(answered_at__isnull=False),
                name="feedback_published_when_answered",
            ),
        ]

    def __str__(self) -> str:
        return f"Phản ánh, kiến nghị số {self.number}"
