"""Rows of the jobs: each sweep run (the dead-man's switch), the claims that make sweeps
idempotent, and the in-app notifications they send."""

from django.db import models


class JobRun(models.Model):
    """One run of one sweep: when, whether it succeeded and what it did."""

    name = models.CharField("công việc", max_length=40, db_index=True)
    started_at = models.DateTimeField("bắt đầu")
    finished_at = models.DateTimeField("kết thúc")
    ok = models.BooleanField("thành công", default=True)
    counts = models.JSONField("kết quả", default=dict, blank=True)
    skipped_offices = models.JSONField("đơn vị bỏ qua (chưa khai báo giờ làm việc)", default=list, blank=True)
    error = models.TextField("lỗi", blank=True)

    class Meta:
        verbose_name = "lần chạy công việc tự động"
        verbose_name_plural = "lần chạy công việc tự động"
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["name", "ok", "-finished_at"], name="jobrun_last_ok")]

    def __str__(self) -> str:
        return f"{self.name} {self.started_at:%d/%m/%Y %H:%M}"


class SweepClaim(models.Model):
    """A piece of work a sweep has done: (kind, key) is unique, so it is done once, by one worker."""

    kind = models.CharField("loại", max_length=40)
    key = models.CharField("khóa", max_length=120)
    office = models.ForeignKey(
        "mocua.Office",
        verbose_name="đơn vị",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField("lúc", auto_now_add=True)

    class Meta:
        verbose_name = "việc đã xử lý tự động"
        verbose_name_plural = "việc đã xử lý tự động"
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="sweep_claim_once")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}"


class Notification(models.Model):
    """An in-app message to one staff member (also e-mailed when they have an address)."""

    recipient = models.ForeignKey(
        "mocua.Staff", verbose_name="người nhận", on_delete=models.CASCADE, related_name="notifications"
    )
    office = models.ForeignKey(
        "mocua.Office", verbose_name="đơn vị", on_delete=models.CASCADE, related_name="+"
    )
    text = models.TextField("nội dung")
    link = models.CharField("đường dẫn", max_length=300, blank=True)
    created_at = models.DateTimeField("lúc")
    read_at = models.DateTimeField("đã đọc lúc", null=True, blank=True)

    class Meta:
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.text[:60]}"
