"""Dossiers met outside the counter's ordinary flow: received at an outreach session, returned by
post, or handed over at a marriage ceremony. Written only by the intake door and the workflow
doors. Imported from dossiers/models.py."""

from django.db import models


class SessionIntake(models.Model):
    """The outreach session (schedules) where the dossier was received: its place of intake."""

    dossier = models.OneToOneField(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="session_intake"
    )
    session = models.ForeignKey(
        "schedules.OutreachSession",
        verbose_name="buổi lưu động",
        on_delete=models.PROTECT,
        related_name="intakes",
    )

    class Meta:
        verbose_name = "hồ sơ nhận tại buổi lưu động"
        verbose_name_plural = "hồ sơ nhận tại buổi lưu động"

    def __str__(self) -> str:
        return f"{self.dossier_id} @ {self.session_id}"


class PostalReturn(models.Model):
    """The result sent by post: the carrier's parcel number and the day it was handed to the carrier."""

    dossier = models.OneToOneField("dossiers.Dossier", on_delete=models.CASCADE, related_name="postal_return")
    carrier = models.CharField("đơn vị chuyển phát", max_length=120)
    parcel_number = models.CharField("số hiệu bưu gửi", max_length=40)
    posted_on = models.DateField("ngày gửi")
    fee = models.PositiveIntegerField("phí chuyển trả (đồng)", default=0)
    recorded_by = models.ForeignKey("mocua.Staff", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("ghi lúc")

    class Meta:
        verbose_name = "trả kết quả qua bưu chính"
        verbose_name_plural = "trả kết quả qua bưu chính"
        constraints = [
            models.CheckConstraint(condition=~models.Q(parcel_number=""), name="postal_return_has_parcel"),
        ]

    def __str__(self) -> str:
        return f"{self.carrier} {self.parcel_number}"


class MarriageCeremony(models.Model):
    """The ceremony where a couple receives the marriage certificate (seed 004, model 8)."""

    dossier = models.OneToOneField("dossiers.Dossier", on_delete=models.CASCADE, related_name="ceremony")
    office = models.ForeignKey("mocua.Office", on_delete=models.CASCADE, related_name="ceremonies")
    at = models.DateTimeField("thời gian tổ chức")
    room = models.CharField("phòng", max_length=120)
    leader = models.ForeignKey(
        "mocua.Staff", verbose_name="lãnh đạo chủ trì", on_delete=models.PROTECT, related_name="+"
    )
    scheduled_by = models.ForeignKey("mocua.Staff", on_delete=models.PROTECT, related_name="+")
    scheduled_at = models.DateTimeField("hẹn lúc")
    held_at = models.DateTimeField("đã trao lúc", null=True, blank=True)

    class Meta:
        verbose_name = "lễ trao Giấy chứng nhận kết hôn"
        verbose_name_plural = "lễ trao Giấy chứng nhận kết hôn"
        ordering = ["office", "at"]
        indexes = [models.Index(fields=["office", "at"], name="ceremony_office_at")]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.at:%d/%m/%Y %H:%M}"
