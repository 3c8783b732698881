"""A dossier's whole life: the dossier, its documents, its audit trail, supplement
requests, apology letters, the papers handed out, the citizen's rating, and the
per-office running numbers.

State changes go through `dossiers.workflow` only (one door); nothing here
changes a dossier's status.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from dossiers.validators import TEXT_LIMITS, validate_id_number, validate_phone
from models_catalog.models import DocumentForm
from models_catalog.text import fold


class Channel(models.TextChoices):
    COUNTER = "counter", "Trực tiếp tại quầy"
    ONLINE = "online", "Trực tuyến"
    POST = "post", "Bưu chính công ích"


class Status(models.TextChoices):
    RECEIVED = "received", "Mới tiếp nhận"
    ASSIGNED = "assigned", "Đã chuyển chuyên môn"
    PROCESSING = "processing", "Đang xử lý"
    SUBMITTED = "submitted", "Chờ lãnh đạo duyệt"
    APPROVED = "approved", "Đã phê duyệt"
    RESULT_READY = "result_ready", "Đã có kết quả"
    RETURNED = "returned", "Đã trả kết quả"
    AWAITING_SUPPLEMENT = "awaiting_supplement", "Chờ bổ sung"
    REFUSED = "refused", "Từ chối"
    STOPPED = "stopped", "Dừng giải quyết"


OPEN_STATUSES = (
    Status.RECEIVED,
    Status.ASSIGNED,
    Status.PROCESSING,
    Status.SUBMITTED,
    Status.APPROVED,
    Status.RESULT_READY,
)
CLOSED_STATUSES = (Status.RETURNED, Status.REFUSED, Status.STOPPED)


def worklist_order() -> list:
    """The worklist's sort keys (and its index's): open dossiers first, the soonest due on top; then
    the closed ones, the latest due on top, so the newest history comes before last quarter's."""
    is_open = Q(status__in=[s.value for s in OPEN_STATUSES])
    return [
        models.Case(models.When(is_open, then=models.Value(0)), default=models.Value(1)),
        # NULL for every closed dossier, so among them the next key decides.
        models.Case(models.When(is_open, then=models.F("due_at")), output_field=models.DateTimeField()),
        models.F("due_at").desc(),
        models.F("received_at").desc(),
    ]


class Track(models.TextChoices):
    SAME_DAY = "same_day", "Trả trong ngày"
    NORMAL = "normal", "Thông thường (có giấy hẹn)"


class Outcome(models.TextChoices):
    EARLY = "early", "Trước hạn"
    ON_TIME = "on_time", "Đúng hạn"
    LATE = "late", "Trễ hạn"


class AssistedWriting(models.TextChoices):
    NONE = "", "Không"
    STAFF = "staff", "Công chức viết hộ"
    VOLUNTEER = "volunteer", "Thành viên MTTQ / đoàn thể viết hộ"


class DossierQuerySet(models.QuerySet):
    def update(self, **kwargs):
        """No bulk change of state: a dossier moves only through dossiers.workflow (one door)."""
        if "status" in kwargs:
            raise ValidationError(
                "Trạng thái hồ sơ chỉ được thay đổi qua các bước xử lý (dossiers.workflow)."
            )
        return super().update(**kwargs)


class Dossier(models.Model):
    """One dossier (hồ sơ) received by one office for one procedure."""

    office = models.ForeignKey(
        "mocua.Office", verbose_name="đơn vị", on_delete=models.PROTECT, related_name="dossiers"
    )
    code = models.CharField("mã hồ sơ", max_length=40, unique=True)
    procedure = models.ForeignKey(
        "models_catalog.Procedure", verbose_name="thủ tục", on_delete=models.PROTECT, related_name="dossiers"
    )

    # The applicant.
    full_name = models.CharField("họ và tên người nộp", max_length=120)
    search_name = models.CharField(
        "họ và tên không dấu", max_length=120, blank=True, editable=False, help_text="Để tìm kiếm, tự điền."
    )
    id_number = models.CharField("số CCCD / CMND", max_length=12, validators=[validate_id_number])
    birth_date = models.DateField("ngày sinh", null=True, blank=True)
    phone = models.CharField("số điện thoại", max_length=15, validators=[validate_phone])
    address = models.CharField("địa chỉ", max_length=300)
    email = models.EmailField("thư điện tử", blank=True)
    organisation_name = models.CharField("tổ chức, doanh nghiệp", max_length=200, blank=True)

    channel = models.CharField(
        "hình thức nộp", max_length=10, choices=Channel.choices, default=Channel.COUNTER
    )
    channel_ref = models.CharField("mã hồ sơ trên Cổng / số hiệu bưu gửi", max_length=60, blank=True)

    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.RECEIVED)
    track = models.CharField(
        "hình thức giải quyết", max_length=10, choices=Track.choices, default=Track.NORMAL
    )
    received_at = models.DateTimeField("thời điểm tiếp nhận")
    due_at = models.DateTimeField(
        "hẹn trả kết quả", null=True, blank=True, help_text="Trống khi hồ sơ chưa đầy đủ (chờ bổ sung)."
    )
    specialist = models.ForeignKey(
        "mocua.Staff",
        verbose_name="công chức chuyên môn",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_dossiers",
    )
    result_ready_at = models.DateTimeField("thời điểm có kết quả", null=True, blank=True)
    returned_at = models.DateTimeField("thời điểm trả kết quả", null=True, blank=True)
    returned_to = models.CharField("người nhận kết quả", max_length=200, blank=True)
    closed_at = models.DateTimeField(
        "thời điểm kết thúc",
        null=True,
        blank=True,
        help_text="Khi hồ sơ rời các trạng thái đang giải quyết: trả kết quả, từ chối hoặc dừng giải quyết.",
    )
    promised_same_day = models.BooleanField(
        "đã hẹn trả trong ngày",
        default=False,
        help_text="Đã được nhận theo hình thức trả trong ngày (khi tiếp nhận hoặc khi bổ sung); "
        "không đổi khi hồ sơ chuyển sang thời hạn thông thường.",
    )
    outcome = models.CharField("kết quả đúng hạn", max_length=10, choices=Outcome.choices, blank=True)
    reform_model = models.ForeignKey(
        "models_catalog.ReformModel",
        verbose_name="mô hình CCHC áp dụng",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    in_extra_hour = models.BooleanField("tiếp nhận trong giờ thứ 9", default=False)
    needs_verification = models.BooleanField(
        "phải xác minh", default=False, help_text="Giải quyết theo thời hạn khi phải xác minh của thủ tục."
    )

    # Assisted writing (viết hộ): who wrote the forms for the citizen.
    assisted_writing = models.CharField(
        "viết hộ", max_length=10, choices=AssistedWriting.choices, default=AssistedWriting.NONE, blank=True
    )
    assisted_by = models.ForeignKey(
        "mocua.Staff",
        verbose_name="người viết hộ",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assisted_dossiers",
    )
    assisted_organisation = models.ForeignKey(
        "mocua.Organisation",
        verbose_name="tổ chức của người viết hộ",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assisted_dossiers",
    )
    online_help = models.BooleanField("hỗ trợ nộp trực tuyến", default=False)

    secret = models.CharField("mã tra cứu", max_length=12)
    intake_key = models.CharField("khóa chống gửi trùng", max_length=64, unique=True, null=True, blank=True)
    received_by = models.ForeignKey(
        "mocua.Staff",
        verbose_name="người tiếp nhận",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="received_dossiers",
    )
    ticket = models.ForeignKey(
        "dossiers.Ticket",
        verbose_name="phiếu số thứ tự",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dossiers",
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    anonymised_at = models.DateTimeField(
        "ẩn danh lúc",
        null=True,
        blank=True,
        help_text="Thông tin cá nhân đã được xóa khi hết thời hạn lưu trữ (dossiers.retention).",
    )

    objects = DossierQuerySet.as_manager()

    class Meta:
        verbose_name = "hồ sơ"
        verbose_name_plural = "hồ sơ"
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["office", "status", "due_at"], name="dossier_worklist"),
            models.Index(fields=["office", "received_at"], name="dossier_report"),
            models.Index(fields=["office", "phone"], name="dossier_phone"),
            # The sweeps' query: open dossiers past (or near) their due moment, all offices.
            models.Index(fields=["due_at"], condition=Q(status__in=OPEN_STATUSES), name="dossier_open_due"),
            models.Index(fields=["closed_at", "received_at"], name="dossier_closed"),
            models.Index(fields=["received_at"], name="dossier_open", condition=Q(closed_at__isnull=True)),
            # The worklist's open dossiers by due date (due today, overdue); name search: 0003 (pg_trgm).
            models.Index(
                fields=["office", "due_at"],
                name="dossier_office_open_due",
                condition=Q(status__in=[s.value for s in OPEN_STATUSES]),
            ),
            # The retention sweep's query: closed dossiers not yet anonymised, oldest closing first.
            models.Index(
                fields=["closed_at"],
                name="dossier_to_anonymise",
                condition=Q(anonymised_at__isnull=True, closed_at__isnull=False),
            ),
            # The worklist's order for one office, read 50 at a time.
            models.Index(models.F("office"), *worklist_order(), name="dossier_worklist_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(assisted_writing="", assisted_by__isnull=True, assisted_organisation__isnull=True)
                | Q(assisted_writing="staff", assisted_by__isnull=False, assisted_organisation__isnull=True)
                | Q(assisted_writing="volunteer", assisted_organisation__isnull=False),
                name="dossier_assisted_writing_shape",
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(status="returned"),
                name="dossier_outcome_only_when_returned",
            ),
            # Reports count closings by closed_at: a closed dossier has one, an open one has none,
            # even when rows are written by SQL (seed_province, benchmarks).
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in CLOSED_STATUSES], closed_at__isnull=False)
                | (~Q(status__in=[s.value for s in CLOSED_STATUSES]) & Q(closed_at__isnull=True)),
                name="dossier_closed_at_when_closed",
            ),
            # Only a closed dossier is ever anonymised (dossiers.retention).
            models.CheckConstraint(
                condition=Q(anonymised_at__isnull=True) | Q(closed_at__isnull=False),
                name="dossier_anonymised_only_when_closed",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def save(self, *args, **kwargs):
        # A closed dossier always has its closing moment (the workflow sets it; this covers
        # dossiers created already closed, e.g. refused at intake or loaded by a script).
        if self.status in CLOSED_STATUSES and self.closed_at is None:
            if self.status == Status.RETURNED and self.returned_at:
                self.closed_at = self.returned_at
            else:
                self.closed_at = self.received_at if self._state.adding else timezone.now()
        if self.track == Track.SAME_DAY:
            self.promised_same_day = True
        self.search_name = fold(self.full_name)  # "nguyen thi" finds "Nguyễn Thị"
        if kwargs.get("update_fields") is not None and "full_name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_name"}
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_same_day(self) -> bool:
        return self.track == Track.SAME_DAY

    @property
    def masked_name(self) -> str:
        """'Nguyễn Thị Hồng Nhung' -> 'Nguyễn T. H. N.' (for public pages)."""
        if self.anonymised_at is not None:
            return self.full_name
        parts = self.full_name.split()
        if not parts:
            return ""
        return " ".join([parts[0]] + [p[0].upper() + "." for p in parts[1:]])


class DossierDocument(models.Model):
    """A document received with the dossier, checked against the procedure's list."""

    # One list of forms: the catalog's. What the catalog (and its API) says a paper may be handed
    # in as, the intake (screen and API) records as received.
    Form = DocumentForm

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="documents")
    required_document = models.ForeignKey(
        "models_catalog.RequiredDocument",
        verbose_name="thành phần hồ sơ",
        on_delete=models.PROTECT,
        related_name="+",
    )
    form = models.CharField("hình thức", max_length=20, choices=Form.choices, default=Form.ORIGINAL)
    count = models.PositiveSmallIntegerField("số lượng", default=1, validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = "giấy tờ đã nhận"
        verbose_name_plural = "giấy tờ đã nhận"
        ordering = ["dossier", "required_document__position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "required_document"], name="dossier_document_once"),
            models.CheckConstraint(condition=Q(count__gte=1), name="dossier_document_count_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.required_document} ({self.get_form_display()}, {self.count})"

    def clean(self):
        if self.required_document.procedure_id != self.dossier.procedure_id:
            raise ValidationError("Giấy tờ này không thuộc thành phần hồ sơ của thủ tục.")


class AuditEvent(models.Model):
    """One step of a dossier's life. Append-only: never updated, never deleted."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(
        "mocua.Staff",
        verbose_name="người thực hiện",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Trống: do hệ thống tự động thực hiện.",
    )
    at = models.DateTimeField("thời điểm")
    action = models.CharField("thao tác", max_length=30)
    from_status = models.CharField("từ trạng thái", max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField("sang trạng thái", max_length=20, choices=Status.choices, blank=True)
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "nhật ký xử lý"
        verbose_name_plural = "nhật ký xử lý"
        ordering = ["dossier", "at", "id"]
        indexes = [models.Index(fields=["dossier", "at"], name="audit_dossier_at")]

    def __str__(self) -> str:
        return f"{self.dossier} {self.action} {self.at:%d/%m/%Y %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("Nhật ký xử lý chỉ được ghi thêm, không được sửa.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Nhật ký xử lý không được xóa.")


class SupplementStage(models.TextChoices):
    INTAKE = "intake", "Khi tiếp nhận"
    PROCESSING = "processing", "Trong khi giải quyết"


class SupplementRequest(models.Model):
    """A request to supplement the dossier (mẫu 02). The clock stops from issued_at to resolved_at.

    One per dossier; a second is a breach, allowed only by a leader override with a reason.
    """

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="supplement_requests")
    stage = models.CharField("giai đoạn", max_length=12, choices=SupplementStage.choices)
    issued_at = models.DateTimeField("ngày yêu cầu")
    missing = models.JSONField("giấy tờ cần bổ sung", default=list)
    issued_by = models.ForeignKey(
        "mocua.Staff", verbose_name="người yêu cầu", on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField("ngày đã bổ sung", null=True, blank=True)
    is_breach = models.BooleanField("yêu cầu bổ sung lần thứ hai (vi phạm)", default=False)
    override_reason = models.TextField(
        "lý do lãnh đạo cho phép", blank=True, max_length=TEXT_LIMITS["override_reason"][0]
    )
    overridden_by = models.ForeignKey(
        "mocua.Staff",
        verbose_name="lãnh đạo cho phép",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "yêu cầu bổ sung hồ sơ"
        verbose_name_plural = "yêu cầu bổ sung hồ sơ"
        ordering = ["dossier", "issued_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"], condition=Q(is_breach=False), name="supplement_request_once"
            ),
            models.CheckConstraint(
                condition=Q(is_breach=False) | (~Q(override_reason="") & Q(overridden_by__isnull=False)),
                name="supplement_breach_needs_override",
            ),
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True) | Q(resolved_at__gte=models.F("issued_at")),
                name="supplement_resolved_after_issued",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier} — yêu cầu bổ sung {self.issued_at:%d/%m/%Y}"


class ApologyStatus(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    AWAITING_SIGNATURE = "awaiting_signature", "Chờ lãnh đạo ký"
    SIGNED = "signed", "Đã ký"


class ApologyLetter(models.Model):
    """An apology letter with a new return date: exactly one per missed deadline."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="apology_letters")
    missed_due_at = models.DateTimeField("hạn trả bị trễ")
    reason = models.TextField("lý do chậm trễ", max_length=TEXT_LIMITS["reason"][0])
    responsible_unit = models.CharField("đơn vị chịu trách nhiệm", max_length=200)
    responsible_person = models.CharField("người chịu trách nhiệm", max_length=120, blank=True)
    new_due_at = models.DateTimeField("hẹn lại ngày trả")
    is_second_postponement = models.BooleanField("gia hạn lần thứ hai", default=False)
    status = models.CharField(
        "trạng thái", max_length=20, choices=ApologyStatus.choices, default=ApologyStatus.AWAITING_SIGNATURE
    )
    signed_by = models.ForeignKey(
        "mocua.Staff",
        verbose_name="người ký",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField("ngày ký", null=True, blank=True)
    number = models.CharField("số văn bản", max_length=30, blank=True, help_text="Ví dụ: 12/PXL")
    created_by = models.ForeignKey(
        "mocua.Staff",
        verbose_name="người lập",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Trống: do hệ thống tự động lập.",
    )
    created_at = models.DateTimeField("lập lúc")

    class Meta:
        verbose_name = "phiếu xin lỗi và hẹn lại ngày trả kết quả"
        verbose_name_plural = "phiếu xin lỗi và hẹn lại ngày trả kết quả"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "missed_due_at"], name="apology_once_per_deadline"),
            models.CheckConstraint(
                condition=Q(new_due_at__gt=models.F("missed_due_at")), name="apology_new_due_after_missed"
            ),
            models.CheckConstraint(
                condition=~Q(status="signed") | (Q(signed_by__isnull=False) & Q(signed_at__isnull=False)),
                name="apology_signed_has_signer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier} — xin lỗi ({self.missed_due_at:%d/%m/%Y})"


class PaperKind(models.TextChoices):
    RECEIPT = "receipt", "Giấy tiếp nhận hồ sơ"
    APPOINTMENT_SLIP = "appointment_slip", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"
    SUPPLEMENT_REQUEST = "supplement_request", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"
    REFUSAL = "refusal", "Phiếu từ chối tiếp nhận giải quyết hồ sơ"
    APOLOGY = "apology", "Phiếu xin lỗi và hẹn lại ngày trả kết quả"
    STOP_NOTICE = "stop_notice", "Thông báo dừng giải quyết hồ sơ"
    CONTROL_SLIP = "control_slip", "Phiếu kiểm soát quá trình giải quyết hồ sơ"
    CONGRATULATION = "congratulation", "Thư chúc mừng"
    CONDOLENCE = "condolence", "Thư chia buồn"
    CEREMONY_INVITATION = "ceremony_invitation", "Giấy mời dự lễ trao Giấy chứng nhận kết hôn"
    REGISTER = "register", "Sổ theo dõi hồ sơ"
    FEE_RECEIPT = "fee_receipt", "Biên lai thu phí, lệ phí"


class PaperState(models.TextChoices):
    PENDING = "pending", "Đang tạo"
    READY = "ready", "Sẵn sàng"
    FAILED = "failed", "Lỗi"
    ANONYMISED = "anonymised", "Đã xóa tệp (hết thời hạn lưu trữ)"


class Paper(models.Model):
    """A paper handed out or printed: a record with its own number and date, its PDF stored once.

    Numbered and dated when issued (state pending); the PDF is rendered afterwards by a task
    (or inline when someone opens it first), then the paper is ready — or failed, with the error.
    """

    office = models.ForeignKey(
        "mocua.Office", verbose_name="đơn vị", on_delete=models.PROTECT, related_name="papers"
    )
    dossier = models.ForeignKey(
        Dossier, verbose_name="hồ sơ", null=True, blank=True, on_delete=models.PROTECT, related_name="papers"
    )
    kind = models.CharField("loại giấy tờ", max_length=20, choices=PaperKind.choices)
    number = models.CharField("số", max_length=40)
    issued_on = models.DateField("ngày ban hành")
    title = models.CharField("tiêu đề", max_length=300)
    pdf = models.FileField("tệp PDF", upload_to="papers/%Y/%m/", blank=True)
    state = models.CharField(
        "tình trạng tệp", max_length=10, choices=PaperState.choices, default=PaperState.PENDING
    )
    error = models.TextField("lỗi khi tạo tệp", blank=True)
    rendered_at = models.DateTimeField("tạo tệp lúc", null=True, blank=True)
    enqueued_at = models.DateTimeField(
        "gửi yêu cầu tạo tệp lúc", null=True, blank=True, help_text="Lần cuối gửi việc tạo tệp cho hàng đợi."
    )
    supplement_request = models.ForeignKey(
        SupplementRequest,
        verbose_name="yêu cầu bổ sung",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="papers",
    )
    apology_letter = models.ForeignKey(
        ApologyLetter,
        verbose_name="phiếu xin lỗi",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="papers",
    )
    period_first = models.DateField("từ ngày (sổ theo dõi)", null=True, blank=True)
    period_last = models.DateField("đến ngày (sổ theo dõi)", null=True, blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    class Meta:
        verbose_name = "giấy tờ đã phát hành"
        verbose_name_plural = "giấy tờ đã phát hành"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "kind", "number"], name="paper_unique_number"),
            models.CheckConstraint(condition=~Q(state="ready") | ~Q(pdf=""), name="paper_ready_has_pdf"),
        ]
        indexes = [
            models.Index(fields=["enqueued_at"], condition=Q(state="pending"), name="paper_pending"),
            # The retention sweep: PDFs still to delete, and the registers (few among the papers).
            models.Index(
                fields=["id"], condition=Q(state="anonymised") & ~Q(pdf=""), name="paper_pdf_to_delete"
            ),
            models.Index(
                fields=["office", "period_last"], condition=Q(kind="register"), name="paper_register"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} số {self.number}"


# The five satisfaction levels in words (shown with faces, dossier_tags.rating_face), best first:
# every rating form and page says these, never a bare 1–5.
RATING_LABELS = {
    5: "Rất hài lòng",
    4: "Hài lòng",
    3: "Bình thường",
    2: "Không hài lòng",
    1: "Rất không hài lòng",
}


class Rating(models.Model):
    """The citizen's satisfaction rating, once per dossier, after return."""

    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="rating")
    score = models.PositiveSmallIntegerField(
        "mức hài lòng", validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField("góp ý", blank=True, max_length=2000)
    created_at = models.DateTimeField("đánh giá lúc", default=timezone.now)
    recorded_by = models.ForeignKey(
        "mocua.Staff",
        verbose_name="cán bộ ghi nhận tại quầy",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Trống: người dân tự đánh giá trên trang tra cứu.",
    )

    class Meta:
        verbose_name = "đánh giá"
        verbose_name_plural = "đánh giá"
        indexes = [models.Index(fields=["created_at"], name="rating_created")]
        constraints = [
            models.CheckConstraint(condition=Q(score__gte=1) & Q(score__lte=5), name="rating_score_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier}: {self.score}/5"


class Sequence(models.Model):
    """A gap-free running number per office and key (e.g. 'dossier:2026-11-22', 'PXL:2026').

    Incremented only by `dossiers.codes.next_number` inside the caller's transaction.
    """

    office = models.ForeignKey("mocua.Office", on_delete=models.CASCADE, related_name="+")
    key = models.CharField("khóa", max_length=40)
    last = models.PositiveIntegerField("số cuối", default=0)

    class Meta:
        verbose_name = "dãy số"
        verbose_name_plural = "dãy số"
        constraints = [models.UniqueConstraint(fields=["office", "key"], name="sequence_unique_key")]

    def __str__(self) -> str:
        return f"{self.office.short_name} {self.key}: {self.last}"


from dossiers.models_citizen import *  # noqa: E402,F403 - notifications and feedback (issue 17)

# Intake at outreach sessions, return by post, marriage ceremonies (issue 18).
from dossiers.models_handover import MarriageCeremony, PostalReturn, SessionIntake  # noqa: E402, F401

# Fees (issue 20) and digital signatures of papers (issue 20), in modules of their own.
from dossiers.models_money import FeePayment, FeeRefund, PaymentMethod  # noqa: E402, F401
from dossiers.models_signing import PaperSignature, SignatureState  # noqa: E402, F401
from dossiers.queue_models import Ticket, TicketStatus  # noqa: E402,F401 - the ticket queue (issue 18)
