"""What an office offers (TTHC procedures) and the reform models it runs.

The rules that read these rows live in `policy.py` (what is in force at a
moment) and `selectors.py` (plain reads other apps use).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q

from mocua.models import Office, Weekday
from models_catalog.text import fold
from schedules.units import TimeUnit  # the calendar's units; imported from here by the catalog's users

PROCEDURE_CODE_VALIDATOR = RegexValidator(
    r"^\d\.\d{6}(\.\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})?$",
    "Mã thủ tục phải có dạng 1.004873 hoặc 1.004873.000.00.00.H48.",
)


class Field(models.Model):
    """A field of procedures (lĩnh vực), e.g. Hộ tịch, Chứng thực."""

    code = models.SlugField("mã lĩnh vực", max_length=40, unique=True)
    name = models.CharField("tên lĩnh vực", max_length=200, unique=True)

    class Meta:
        verbose_name = "lĩnh vực"
        verbose_name_plural = "lĩnh vực"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OnlineLevel(models.TextChoices):
    FULL = "full", "Toàn trình"
    PARTIAL = "partial", "Một phần"
    NONE = "none", "Không"


class Procedure(models.Model):
    """An administrative procedure (thủ tục hành chính) as published for commune level."""

    code = models.CharField("mã thủ tục", max_length=40, unique=True, validators=[PROCEDURE_CODE_VALIDATOR])
    name = models.CharField("tên thủ tục", max_length=500)
    field = models.ForeignKey(
        Field, verbose_name="lĩnh vực", on_delete=models.PROTECT, related_name="procedures"
    )
    processing_time = models.PositiveIntegerField(
        "thời hạn giải quyết", default=0, help_text="Số ngày hoặc giờ làm việc; 0 với thủ tục trong ngày."
    )
    time_unit = models.CharField("đơn vị thời hạn", max_length=20, choices=TimeUnit.choices)
    verification_time = models.PositiveIntegerField(
        "thời hạn khi phải xác minh (ngày làm việc)", null=True, blank=True
    )
    fee_amount = models.PositiveIntegerField("mức phí, lệ phí (đồng)", null=True, blank=True)
    fee_text = models.CharField("phí, lệ phí (diễn giải)", max_length=500, blank=True)
    result_document = models.CharField("kết quả thực hiện", max_length=300, blank=True)
    legal_basis = models.CharField("quyết định công bố / căn cứ pháp lý", max_length=500, blank=True)
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)
    may_need_verification = models.BooleanField("có thể phải xác minh", default=False)
    writing_forbidden = models.BooleanField(
        "pháp luật không cho viết hộ", default=False, help_text="Người dân phải tự viết tờ khai."
    )
    online_level = models.CharField(
        "mức dịch vụ công trực tuyến", max_length=10, choices=OnlineLevel.choices, default=OnlineLevel.NONE
    )
    offices = models.ManyToManyField(
        Office, verbose_name="đơn vị thực hiện", blank=True, related_name="procedures"
    )
    search_text = models.TextField(
        editable=False, default="", help_text="Code and name, folded (see fold())."
    )

    class Meta:
        verbose_name = "thủ tục hành chính"
        verbose_name_plural = "thủ tục hành chính"
        ordering = ["field__name", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="procedure_validity_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(time_unit="same_day") | models.Q(processing_time__gt=0),
                name="procedure_time_positive_unless_same_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.code} {self.name}")
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    @property
    def national_code(self) -> str:
        """The national part of the code (e.g. 1.004873), without a province suffix."""
        return self.code[:8]

    def clean(self):
        if self.time_unit and self.time_unit != TimeUnit.SAME_DAY and not self.processing_time:
            raise ValidationError({"processing_time": "Thời hạn giải quyết phải lớn hơn 0."})
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": "Ngày hết hiệu lực phải sau ngày có hiệu lực."})


class DocumentForm(models.TextChoices):
    ORIGINAL = "original", "Bản chính"
    CERTIFIED_COPY = "certified_copy", "Bản sao có chứng thực"
    COPY = "copy", "Bản sao"
    ORIGINAL_OR_COPY = "original_or_copy", "Bản chính hoặc bản sao"
    PRESENT_ORIGINAL = "present_original", "Xuất trình bản chính"


class RequiredDocument(models.Model):
    """One item of a procedure's dossier (thành phần hồ sơ)."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="documents")
    position = models.PositiveSmallIntegerField("thứ tự", default=1)
    name = models.CharField("tên giấy tờ", max_length=500)
    form = models.CharField(
        "hình thức", max_length=20, choices=DocumentForm.choices, default=DocumentForm.ORIGINAL
    )
    quantity = models.PositiveSmallIntegerField("số lượng", default=1, validators=[MinValueValidator(1)])
    is_optional = models.BooleanField("chỉ nộp khi có", default=False)
    note = models.CharField("ghi chú", max_length=500, blank=True)
    blank_form = models.FileField("mẫu đơn, tờ khai", upload_to="forms/", blank=True)

    class Meta:
        verbose_name = "thành phần hồ sơ"
        verbose_name_plural = "thành phần hồ sơ"
        ordering = ["procedure", "position", "id"]

    def __str__(self) -> str:
        return self.name


class ReformKind(models.TextChoices):
    NO_APPOINTMENT = "no_appointment", "Ngày không hẹn"
    NO_WRITING = "no_writing", "Ngày không viết"
    NINTH_HOUR = "ninth_hour", "Giờ thứ 9"
    THREE_NO_THREE_KNOW = "three_no_three_know", "3 không, 3 biết"
    MARRIAGE_TWO_NO = "marriage_two_no", "Đăng ký kết hôn “hai không”"
    NO_WAIT = "no_wait", "Ngày không chờ"
    ONLINE_HELP = "online_help", "Hỗ trợ nộp hồ sơ trực tuyến"
    OTHER = "other", "Mô hình khác"


class ReformModel(models.Model):
    """A reform model an office runs: on which days and hours, for which procedures, promising what."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="reform_models")
    kind = models.CharField("loại mô hình", max_length=30, choices=ReformKind.choices)
    name = models.CharField("tên mô hình", max_length=200)
    description = models.TextField("mô tả", blank=True)
    weekdays = models.JSONField("các thứ áp dụng", default=list, help_text="0 = Thứ Hai … 6 = Chủ nhật")
    cutoff = models.TimeField(
        "nhận hồ sơ giải quyết trong ngày đến", null=True, blank=True, help_text="Mặc định 15:00"
    )
    window_start = models.TimeField("khung giờ từ", null=True, blank=True)
    window_end = models.TimeField("khung giờ đến", null=True, blank=True)
    valid_from = models.DateField("áp dụng từ ngày")
    valid_to = models.DateField("đến ngày", null=True, blank=True)
    all_procedures = models.BooleanField("áp dụng cho mọi thủ tục", default=False)
    procedures = models.ManyToManyField(
        Procedure, verbose_name="thủ tục áp dụng", blank=True, related_name="reform_models"
    )
    basis = models.CharField("văn bản triển khai", max_length=300, blank=True)
    is_active = models.BooleanField("đang áp dụng", default=True)

    # Promises: what the model guarantees while it is in force.
    same_day_result = models.BooleanField("trả kết quả trong ngày", default=False)
    no_appointment_slip = models.BooleanField("không viết giấy hẹn", default=False)
    assisted_writing = models.BooleanField("viết hộ tờ khai", default=False)
    online_help = models.BooleanField("hỗ trợ nộp hồ sơ trực tuyến", default=False)
    no_waiting = models.BooleanField("không để người dân chờ đợi", default=False)
    extra_hour = models.BooleanField("thêm giờ làm việc", default=False)
    apology_for_late = models.BooleanField("xin lỗi mọi hồ sơ trễ hạn", default=False)
    single_supplement_request = models.BooleanField("chỉ yêu cầu bổ sung hồ sơ một lần", default=False)
    volunteer_at_counter = models.BooleanField("thành viên MTTQ / đoàn thể trực tại quầy", default=False)
    leader_on_duty = models.BooleanField("lãnh đạo trực chỉ đạo, ký duyệt", default=False)
    max_wait_minutes = models.PositiveSmallIntegerField(
        "thời gian chờ tối đa (phút)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text="Từ lúc lấy số đến lúc được gọi (hàng đợi tại quầy); để trống nếu mô hình không hứa.",
    )
    specialists_at_counter = models.BooleanField(
        "công chức chuyên môn các lĩnh vực trực tại quầy", default=False
    )

    class Meta:
        verbose_name = "mô hình cải cách hành chính"
        verbose_name_plural = "mô hình cải cách hành chính"
        ordering = ["office", "kind", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="reform_model_dates_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(window_start__isnull=True)
                | models.Q(window_end__isnull=True)
                | models.Q(window_end__gt=models.F("window_start")),
                name="reform_model_window_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.office.short_name}"

    PROMISES = (
        "same_day_result",
        "no_appointment_slip",
        "assisted_writing",
        "online_help",
        "no_waiting",
        "extra_hour",
        "apology_for_late",
        "single_supplement_request",
        "volunteer_at_counter",
        "leader_on_duty",
    )

    def clean(self):
        errors = {}
        days = self.weekdays if isinstance(self.weekdays, list) else None
        if not days:
            errors["weekdays"] = "Chọn ít nhất một thứ trong tuần áp dụng mô hình."
        elif any(not isinstance(d, int) or d not in Weekday.values for d in days) or len(set(days)) != len(
            days
        ):
            errors["weekdays"] = "Các thứ áp dụng không hợp lệ."
        if (self.window_start is None) != (self.window_end is None):
            errors["window_end"] = "Khung giờ cần cả giờ bắt đầu và giờ kết thúc."
        elif self.window_start and self.window_end and self.window_end <= self.window_start:
            errors["window_end"] = "Giờ kết thúc khung giờ phải sau giờ bắt đầu."
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = "Ngày kết thúc phải sau ngày bắt đầu."
        if self.extra_hour and not (self.window_start and self.window_end):
            errors["window_start"] = "Mô hình thêm giờ làm việc cần khung giờ (ví dụ 16:30–17:30)."
        if errors:
            raise ValidationError(errors)

    @property
    def effective_cutoff(self) -> dt.time | None:
        """The same-day intake cutoff: the model's own, else the office's (15:00 by default)."""
        if self.cutoff:
            return self.cutoff
        return self.office.same_day_cutoff if self.same_day_result else None

    def in_date_range(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def applies_on(self, day: dt.date) -> bool:
        """Active, inside its dates and on one of its weekdays (the calendar is checked elsewhere)."""
        return self.is_active and self.in_date_range(day) and day.weekday() in self.weekdays

    def covers(self, procedure: Procedure) -> bool:
        if self.all_procedures:
            return True
        return any(p.pk == procedure.pk for p in self.procedures.all())

    def promises(self) -> dict[str, bool]:
        return {name: getattr(self, name) for name in self.PROMISES}


class FeeExemption(models.Model):
    """A legal exemption or reduction of a procedure's fee (miễn, giảm phí, lệ phí), chosen at intake.

    `reduction_percent` 100 is an exemption (nothing to pay); less is a reduction of the catalog's fee.
    """

    procedure = models.ForeignKey(
        Procedure, verbose_name="thủ tục", on_delete=models.CASCADE, related_name="fee_exemptions"
    )
    name = models.CharField("trường hợp miễn, giảm", max_length=200)
    legal_ground = models.CharField("căn cứ pháp lý", max_length=500)
    reduction_percent = models.PositiveSmallIntegerField(
        "mức giảm (%)",
        default=100,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="100: miễn toàn bộ.",
    )
    position = models.PositiveSmallIntegerField("thứ tự", default=1)

    class Meta:
        verbose_name = "trường hợp miễn, giảm phí, lệ phí"
        verbose_name_plural = "trường hợp miễn, giảm phí, lệ phí"
        ordering = ["procedure", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reduction_percent__gte=1) & Q(reduction_percent__lte=100),
                name="fee_exemption_percent_1_to_100",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def amount_due(self, fee: int) -> int:
        """What remains to pay of `fee` (đồng, rounded down to the đồng)."""
        return fee * (100 - self.reduction_percent) // 100


from models_catalog.models_revision import CatalogRevision  # noqa: E402,F401 - printed papers cache
