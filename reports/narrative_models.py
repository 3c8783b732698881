"""The written evaluation of a periodic report (issue 17): its narrative, the corrective actions
taken for the causes of late results, and the append-only log of what was done to them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

SECTION_LIMIT = 6000  # characters per narrative section
ACTION_TEXT_LIMIT = 1000


class NarrativeStatus(models.TextChoices):
    DRAFT = "draft", "Đang soạn"
    APPROVED = "approved", "Đã phê duyệt"


class Narrative(models.Model):
    """Kết quả nổi bật, hạn chế, nguyên nhân, kiến nghị: one per office and period.

    Edited by the secretary while a draft; approved once by a leader, which archives the report
    (figures and narrative) as a new Report version with its PDF and XLSX. Never changed after.
    """

    office = models.ForeignKey(
        "mocua.Office", verbose_name="đơn vị", on_delete=models.PROTECT, related_name="narratives"
    )
    period = models.CharField("kỳ báo cáo", max_length=10)
    period_label = models.CharField("tên kỳ", max_length=60)
    highlights = models.TextField("kết quả nổi bật", blank=True, max_length=SECTION_LIMIT)
    limitations = models.TextField("hạn chế", blank=True, max_length=SECTION_LIMIT)
    causes = models.TextField("nguyên nhân", blank=True, max_length=SECTION_LIMIT)
    proposals = models.TextField("kiến nghị, đề xuất", blank=True, max_length=SECTION_LIMIT)
    status = models.CharField(
        "trạng thái", max_length=10, choices=NarrativeStatus.choices, default=NarrativeStatus.DRAFT
    )
    edited_by = models.ForeignKey(
        "mocua.Staff", verbose_name="người soạn", on_delete=models.PROTECT, related_name="+"
    )
    edited_at = models.DateTimeField("sửa lần cuối lúc")
    approved_by = models.ForeignKey(
        "mocua.Staff",
        verbose_name="lãnh đạo phê duyệt",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField("phê duyệt lúc", null=True, blank=True)
    report = models.OneToOneField(
        "reports.Report",
        verbose_name="bản lưu trữ",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="narrative",
    )

    class Meta:
        verbose_name = "đánh giá trong báo cáo"
        verbose_name_plural = "đánh giá trong báo cáo"
        ordering = ["office", "-period"]
        constraints = [
            models.UniqueConstraint(fields=["office", "period"], name="narrative_once_per_period"),
            models.CheckConstraint(
                condition=~Q(status="approved")
                | (Q(approved_by__isnull=False) & Q(approved_at__isnull=False) & Q(report__isnull=False)),
                name="narrative_approved_is_archived",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.office} — đánh giá {self.period_label}"

    @property
    def approved(self) -> bool:
        return self.status == NarrativeStatus.APPROVED

    def as_data(self) -> dict:
        return {
            "highlights": self.highlights,
            "limitations": self.limitations,
            "causes": self.causes,
            "proposals": self.proposals,
            "status": self.status,
            "edited_by": self.edited_by.full_name if self.edited_by_id else "",
            "approved_by": self.approved_by.full_name if self.approved_by_id else "",
            "approved_at": self.approved_at.isoformat() if self.approved_at else None,
        }


class CorrectiveAction(models.Model):
    """What is done about one cause of late results (an apology reason and its responsible unit, as
    the report groups them): what, who, by when; done when it is done. Followed up on the
    leader's home page until then."""

    office = models.ForeignKey(
        "mocua.Office", verbose_name="đơn vị", on_delete=models.PROTECT, related_name="corrective_actions"
    )
    reason = models.TextField("nguyên nhân trễ hạn (lý do trong phiếu xin lỗi)", max_length=2000)
    responsible_unit = models.CharField("đơn vị chịu trách nhiệm", max_length=200)
    what = models.TextField("biện pháp khắc phục", max_length=ACTION_TEXT_LIMIT)
    who = models.CharField("người, bộ phận thực hiện", max_length=200)
    due_on = models.DateField("hạn hoàn thành")
    period = models.CharField("đề ra trong kỳ", max_length=10)
    created_by = models.ForeignKey(
        "mocua.Staff", verbose_name="người đề ra", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("đề ra lúc")
    done_on = models.DateField("ngày hoàn thành", null=True, blank=True)
    done_note = models.TextField("kết quả thực hiện", blank=True, max_length=ACTION_TEXT_LIMIT)
    done_by = models.ForeignKey(
        "mocua.Staff",
        verbose_name="người xác nhận hoàn thành",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "biện pháp khắc phục"
        verbose_name_plural = "biện pháp khắc phục"
        ordering = ["done_on", "due_on", "pk"]
        indexes = [models.Index(fields=["office", "done_on", "due_on"], name="corrective_open")]
        constraints = [
            models.CheckConstraint(
                condition=Q(done_on__isnull=True) | Q(done_by__isnull=False), name="corrective_done_has_who"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.office} — {self.what[:60]}"

    def overdue_on(self, today) -> bool:
        return self.done_on is None and self.due_on < today

    def as_data(self, today) -> dict:
        return {
            "reason": self.reason,
            "responsible_unit": self.responsible_unit,
            "what": self.what,
            "who": self.who,
            "due_on": self.due_on.isoformat(),
            "done_on": self.done_on.isoformat() if self.done_on else None,
            "done_note": self.done_note,
            "overdue": self.overdue_on(today),
        }


class ReportEvent(models.Model):
    """One step in the life of a narrative or a corrective action. Append-only."""

    office = models.ForeignKey(
        "mocua.Office", verbose_name="đơn vị", on_delete=models.PROTECT, related_name="+"
    )
    narrative = models.ForeignKey(
        Narrative, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    action = models.ForeignKey(
        CorrectiveAction, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    actor = models.ForeignKey(
        "mocua.Staff", verbose_name="người thực hiện", on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField("thời điểm")
    kind = models.CharField("thao tác", max_length=30)
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "nhật ký báo cáo"
        verbose_name_plural = "nhật ký báo cáo"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.office} {self.kind} {self.at:%d/%m/%Y %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("Nhật ký báo cáo chỉ được ghi thêm, không được sửa.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Nhật ký báo cáo không được xóa.")
