"""The ticket queue at the counter (issue 18): a citizen takes a number by field at the kiosk,
a counter seat calls it, serves it and marks it done.

Every state change goes through `dossiers.queue` (one door, row locks); nothing here changes a
ticket's status. Waiting time is taken → first called, service time first called → done.
"""

from django.db import models


class TicketStatus(models.TextChoices):
    WAITING = "waiting", "Đang chờ"
    CALLED = "called", "Đã gọi"
    DONE = "done", "Đã phục vụ xong"
    SKIPPED = "skipped", "Bỏ qua (vắng mặt)"


class Ticket(models.Model):
    """A queue number of one office and day, for one field of procedures."""

    office = models.ForeignKey("mocua.Office", on_delete=models.CASCADE, related_name="tickets")
    day = models.DateField("ngày")
    number = models.PositiveIntegerField("số thứ tự")
    field = models.ForeignKey(
        "models_catalog.Field", verbose_name="lĩnh vực", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        "trạng thái", max_length=10, choices=TicketStatus.choices, default=TicketStatus.WAITING
    )
    taken_at = models.DateTimeField("lấy số lúc")
    called_at = models.DateTimeField("gọi lần đầu lúc", null=True, blank=True)
    last_called_at = models.DateTimeField("gọi gần nhất lúc", null=True, blank=True)
    done_at = models.DateTimeField("xong lúc", null=True, blank=True)
    seat = models.PositiveSmallIntegerField("quầy", null=True, blank=True)
    called_by = models.ForeignKey(
        "mocua.Staff",
        verbose_name="người gọi",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recalls = models.PositiveSmallIntegerField("số lần gọi lại", default=0)
    # The promise in force when the number was taken (decided at the act, design principle 2).
    reform_model = models.ForeignKey(
        "models_catalog.ReformModel",
        verbose_name="mô hình hứa thời gian chờ",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    promised_wait_minutes = models.PositiveSmallIntegerField(
        "thời gian chờ tối đa (phút)", null=True, blank=True
    )
    call_by = models.DateTimeField(
        "hứa gọi trước", null=True, blank=True, help_text="Lấy số lúc + thời gian chờ tối đa đã hứa."
    )

    class Meta:
        verbose_name = "phiếu số thứ tự"
        verbose_name_plural = "phiếu số thứ tự"
        ordering = ["office", "day", "number"]
        constraints = [
            models.UniqueConstraint(fields=["office", "day", "number"], name="ticket_number_per_day"),
            models.UniqueConstraint(
                fields=["office", "day", "seat"],
                condition=models.Q(status="called"),
                name="ticket_one_called_per_seat",
            ),
        ]
        indexes = [models.Index(fields=["office", "day", "status"], name="ticket_queue_idx")]

    def __str__(self) -> str:
        return f"{self.label} ({self.day:%d/%m/%Y})"

    @property
    def label(self) -> str:
        return f"{self.number:03d}"

    @property
    def wait(self):
        return self.called_at - self.taken_at if self.called_at else None

    @property
    def service(self):
        return self.done_at - self.called_at if self.done_at and self.called_at else None
