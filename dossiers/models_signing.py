"""Digital signatures of papers (PAdES, issue 20): the signed copy is kept beside the paper's PDF.

A paper is "đã ký số" only when `state` is signed and the signed file exists; the worker signs
after the paper is rendered (`dossiers.signing.sign_paper`), retried and idempotent.
"""

from django.db import models


class SignatureState(models.TextChoices):
    PENDING = "pending", "Chờ ký số"
    SIGNED = "signed", "Đã ký số"
    FAILED = "failed", "Ký số lỗi"


class PaperSignature(models.Model):
    paper = models.OneToOneField(
        "dossiers.Paper", verbose_name="giấy tờ", on_delete=models.CASCADE, related_name="signature"
    )
    state = models.CharField(
        "tình trạng ký số", max_length=10, choices=SignatureState.choices, default=SignatureState.PENDING
    )
    box = models.JSONField(
        "vị trí chữ ký",
        default=dict,
        blank=True,
        help_text="Trang và khung chữ ký (điểm PDF), từ mẫu giấy tờ.",
    )
    signed_pdf = models.FileField("tệp PDF đã ký số", upload_to="signed/%Y/%m/", blank=True)
    signer_name = models.CharField("người ký", max_length=120, blank=True)
    signed_at = models.DateTimeField("thời điểm ký số", null=True, blank=True)
    error = models.TextField("lỗi khi ký số", blank=True)
    attempted_at = models.DateTimeField("lần thử gần nhất", null=True, blank=True)

    class Meta:
        verbose_name = "chữ ký số của giấy tờ"
        verbose_name_plural = "chữ ký số của giấy tờ"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="signed")
                | (~models.Q(signed_pdf="") & models.Q(signed_at__isnull=False)),
                name="paper_signed_has_file",
            )
        ]
        indexes = [models.Index(fields=["state"], condition=~models.Q(state="signed"), name="signature_open")]

    def __str__(self) -> str:
        return f"{self.paper}: {self.get_state_display()}"

    @property
    def is_signed(self) -> bool:
        """Signed, and the signed file is really there (an unsigned paper is never shown as signed)."""
        if self.state != SignatureState.SIGNED or not self.signed_pdf:
            return False
        try:
            return self.signed_pdf.storage.exists(self.signed_pdf.name)
        except (OSError, NotImplementedError):
            return False
