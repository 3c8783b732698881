"""Report data the office enters (online targets) and the archive of generated reports."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q


class OnlineTarget(models.Model):
    """How many online dossiers an office aims at per month in one field (seed 001, annex)."""

    office = models.ForeignKey(
        "mocua.Office", verbose_name="đơn vị", on_delete=models.CASCADE, related_name="+"
    )
    field = models.ForeignKey(
        "models_catalog.Field", verbose_name="lĩnh vực", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField("năm")
    monthly_count = models.PositiveIntegerField("chỉ tiêu hồ sơ trực tuyến mỗi tháng")

    class Meta:
        verbose_name = "chỉ tiêu hồ sơ trực tuyến"
        verbose_name_plural = "chỉ tiêu hồ sơ trực tuyến"
        ordering = ["office", "year", "field__name"]
        constraints = [
            models.UniqueConstraint(fields=["office", "field", "year"], name="online_target_once"),
        ]

    def __str__(self) -> str:
        return f"{self.field} {self.year}: {self.monthly_count}/tháng"


class Report(models.Model):
    """A generated report: its figures frozen as data. Never changed; regenerating adds a version."""

    office = models.ForeignKey(
        "mocua.Office", verbose_name="đơn vị", on_delete=models.PROTECT, related_name="reports"
    )
    period = models.CharField("kỳ báo cáo", max_length=10, help_text="Ví dụ: 2026-Q3, 2026-11, 2026-H2, 2026")
    period_label = models.CharField("tên kỳ", max_length=60)
    official_period = models.BooleanField("kỳ thống kê chính thức (15 đến 14)", default=True)
    version = models.PositiveIntegerField("phiên bản")
    figures = models.JSONField("số liệu")
    generated_at = models.DateTimeField("lập lúc")
    generated_by = models.ForeignKey(
        "mocua.Staff",
        verbose_name="người lập",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Trống: do hệ thống tự động lập khi kết thúc kỳ.",
    )
    # Issue 17: a version archived at a leader's approval keeps its PDF and XLSX as rendered then.
    pdf = models.FileField("tệp PDF đã phê duyệt", upload_to="reports/%Y/", blank=True)
    xlsx = models.FileField("tệp Excel đã phê duyệt", upload_to="reports/%Y/", blank=True)

    class Meta:
        verbose_name = "báo cáo đã lập"
        verbose_name_plural = "báo cáo đã lập"
        ordering = ["-generated_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["office", "period", "version"], name="report_version_once"),
            models.CheckConstraint(condition=Q(version__gte=1), name="report_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.office} — {self.period_label} (bản {self.version})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("Báo cáo đã lập không được sửa; hãy lập lại để có phiên bản mới.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Báo cáo đã lập không được xóa.")


class ReportSignature(models.Model):
    """The digitally signed PDF of an archived report (issue 20), made by the worker after the report
    is generated; the archive serves it once it exists."""

    class State(models.TextChoices):
        PENDING = "pending", "Chờ ký số"
        SIGNED = "signed", "Đã ký số"
        FAILED = "failed", "Ký số lỗi"

    report = models.OneToOneField(
        Report, verbose_name="báo cáo", on_delete=models.CASCADE, related_name="signature"
    )
    state = models.CharField("tình trạng ký số", max_length=10, choices=State.choices, default=State.PENDING)
    signed_pdf = models.FileField("tệp PDF đã ký số", upload_to="reports/signed/", blank=True)
    signer_name = models.CharField("người ký", max_length=120, blank=True)
    signed_at = models.DateTimeField("thời điểm ký số", null=True, blank=True)
    error = models.TextField("lỗi khi ký số", blank=True)
    attempted_at = models.DateTimeField("lần thử gần nhất", null=True, blank=True)

    class Meta:
        verbose_name = "chữ ký số của báo cáo"
        verbose_name_plural = "chữ ký số của báo cáo"
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="signed") | (~Q(signed_pdf="") & Q(signed_at__isnull=False)),
                name="report_signed_has_file",
            )
        ]

    def __str__(self) -> str:
        return f"{self.report}: {self.get_state_display()}"

    @property
    def is_signed(self) -> bool:
        if self.state != self.State.SIGNED or not self.signed_pdf:
            return False
        try:
            return self.signed_pdf.storage.exists(self.signed_pdf.name)
        except (OSError, NotImplementedError):
            return False


from reports.narrative_models import CorrectiveAction, Narrative, NarrativeStatus, ReportEvent  # noqa: E402,F401
