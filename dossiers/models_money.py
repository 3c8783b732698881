"""Fees and charges (phí, lệ phí) collected for a dossier, and their refunds (issue 20).

Written only by `dossiers.fees.record` (inside the intake door) and `dossiers.workflow.refund`.
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q, Sum


class PaymentMethod(models.TextChoices):
    CASH = "cash", "Tiền mặt tại quầy"
    ONLINE = "online", "Thanh toán trực tuyến"
    POST = "post", "Qua bưu chính công ích"


class FeePayment(models.Model):
    """What was collected for one dossier at intake: the catalog's fee, the amount, the legal
    exemption or reduction (with its ground) or the written reason for another amount."""

    dossier = models.OneToOneField(
        "dossiers.Dossier", verbose_name="hồ sơ", on_delete=models.PROTECT, related_name="fee"
    )
    office = models.ForeignKey(
        "mocua.Office", verbose_name="đơn vị", on_delete=models.PROTECT, related_name="+"
    )
    catalog_amount = models.PositiveIntegerField("mức phí, lệ phí theo danh mục (đồng)")
    amount = models.PositiveIntegerField("số tiền đã thu (đồng)")
    exemption = models.ForeignKey(
        "models_catalog.FeeExemption",
        verbose_name="trường hợp miễn, giảm",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    legal_ground = models.CharField("căn cứ miễn, giảm", max_length=500, blank=True)
    reason = models.TextField("lý do thu khác mức quy định", blank=True, max_length=1000)
    method = models.CharField("hình thức nộp tiền", max_length=10, choices=PaymentMethod.choices)
    reference = models.CharField("mã giao dịch / số hiệu bưu gửi", max_length=60, blank=True)
    collected_by = models.ForeignKey(
        "mocua.Staff", verbose_name="người thu", on_delete=models.PROTECT, related_name="+"
    )
    collected_at = models.DateTimeField("thời điểm thu")
    receipt = models.OneToOneField(
        "dossiers.Paper",
        verbose_name="biên lai",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fee_payment",
    )

    class Meta:
        verbose_name = "phí, lệ phí đã thu"
        verbose_name_plural = "phí, lệ phí đã thu"
        ordering = ["collected_at", "id"]
        indexes = [models.Index(fields=["office", "collected_at"], name="fee_office_day")]
        constraints = [
            models.CheckConstraint(
                condition=Q(method="cash") | ~Q(reference=""), name="fee_reference_unless_cash"
            ),
            models.CheckConstraint(
                condition=Q(amount=models.F("catalog_amount")) | Q(exemption__isnull=False) | ~Q(reason=""),
                name="fee_other_amount_has_ground",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier}: {self.amount} đồng"

    def refunded(self) -> int:
        return self.refunds.aggregate(total=Sum("amount"))["total"] or 0


class FeeRefund(models.Model):
    """Money given back for a refused or withdrawn dossier; never more than what was collected."""

    payment = models.ForeignKey(
        FeePayment, verbose_name="khoản đã thu", on_delete=models.PROTECT, related_name="refunds"
    )
    amount = models.PositiveIntegerField("số tiền hoàn trả (đồng)", validators=[MinValueValidator(1)])
    reason = models.TextField("lý do hoàn trả", max_length=1000)
    refunded_by = models.ForeignKey(
        "mocua.Staff", verbose_name="người hoàn trả", on_delete=models.PROTECT, related_name="+"
    )
    refunded_at = models.DateTimeField("thời điểm hoàn trả")

    class Meta:
        verbose_name = "hoàn trả phí, lệ phí"
        verbose_name_plural = "hoàn trả phí, lệ phí"
        ordering = ["refunded_at", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=1), name="fee_refund_positive")]

    def __str__(self) -> str:
        return f"{self.payment.dossier}: hoàn {self.amount} đồng"
