"""The shared kernel: offices (communes), their working hours, volunteer
organisations, and staff with their roles."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models

UNIT_CODE_VALIDATOR = RegexValidator(
    r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$",
    "Mã đơn vị phải có dạng 000.00.53.H48 (TT 10/2016/TT-BTTTT).",
)


class OfficeKind(models.TextChoices):
    COMMUNE = "commune", "Xã"
    WARD = "ward", "Phường"
    TOWNSHIP = "township", "Thị trấn"
    SPECIAL_ZONE = "special_zone", "Đặc khu"
    DISTRICT_HOME_AFFAIRS = "district_home_affairs", "Phòng Nội vụ"
    PROVINCE_HOME_AFFAIRS = "province_home_affairs", "Sở Nội vụ"


SUPERVISOR_KINDS = (OfficeKind.DISTRICT_HOME_AFFAIRS, OfficeKind.PROVINCE_HOME_AFFAIRS)


class Office(models.Model):
    """A commune-level office with a one-stop counter, or a supervisor office."""

    name = models.CharField("tên đơn vị", max_length=200, help_text="Ví dụ: UBND xã Đức Thạnh")
    short_name = models.CharField("tên ngắn", max_length=100, help_text="Ví dụ: Đức Thạnh")
    slug = models.SlugField("mã đường dẫn", unique=True, max_length=60)
    kind = models.CharField("loại", max_length=30, choices=OfficeKind.choices)
    province = models.CharField("tỉnh / thành phố", max_length=100)
    parent_body = models.CharField(
        "cơ quan chủ quản",
        max_length=200,
        blank=True,
        help_text="Dòng trên cùng bên trái của văn bản, ví dụ: ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP",
    )
    counter_name = models.CharField(
        "tên bộ phận một cửa",
        max_length=200,
        blank=True,
        default="Bộ phận Một cửa",
        help_text="Ví dụ: Trung tâm Phục vụ hành chính công xã Luận Thành",
    )
    unit_code = models.CharField(
        "mã đơn vị",
        max_length=20,
        unique=True,
        validators=[UNIT_CODE_VALIDATOR],
        help_text="Dùng trong mã hồ sơ, ví dụ 000.00.53.H48",
    )
    address = models.CharField("địa chỉ", max_length=300, blank=True)
    phone = models.CharField("điện thoại", max_length=30, blank=True)
    opens_saturday_morning = models.BooleanField("làm việc sáng thứ Bảy", default=False)
    same_day_cutoff = models.TimeField(
        "giờ chốt nhận hồ sơ trả trong ngày",
        default=dt.time(15, 0),
        help_text="Hồ sơ giải quyết trong ngày nhận trước giờ này được trả ngay trong ngày.",
    )
    supervisor = models.ForeignKey(
        "self",
        verbose_name="cơ quan theo dõi (Phòng/Sở Nội vụ)",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="area",
        limit_choices_to={"kind__in": SUPERVISOR_KINDS},
    )

    class Meta:
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_supervisor(self) -> bool:
        return self.kind in SUPERVISOR_KINDS

    @property
    def place_name(self) -> str:
        """The place used in the place-and-date line of papers, e.g. 'Đức Thạnh'."""
        return self.short_name

    def clean(self):
        if self.supervisor_id and self.supervisor_id == self.pk:
            raise ValidationError({"supervisor": "Một đơn vị không thể tự theo dõi chính mình."})
        if self.supervisor and not self.supervisor.is_supervisor:
            raise ValidationError({"supervisor": "Cơ quan theo dõi phải là Phòng hoặc Sở Nội vụ."})
        if self.is_supervisor and self.supervisor_id:
            raise ValidationError(
                {"supervisor": "Phòng/Sở Nội vụ không thuộc vùng theo dõi của đơn vị khác."}
            )


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Thứ Hai"
    TUESDAY = 1, "Thứ Ba"
    WEDNESDAY = 2, "Thứ Tư"
    THURSDAY = 3, "Thứ Năm"
    FRIDAY = 4, "Thứ Sáu"
    SATURDAY = 5, "Thứ Bảy"
    SUNDAY = 6, "Chủ nhật"


DEFAULT_HOURS = (dt.time(7, 30), dt.time(11, 30), dt.time(13, 30), dt.time(17, 0))


class OfficeHours(models.Model):
    """Working hours of one weekday: a morning and an (optional) afternoon session."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField("thứ", choices=Weekday.choices)
    morning_start = models.TimeField("sáng từ")
    morning_end = models.TimeField("sáng đến")
    afternoon_start = models.TimeField("chiều từ", null=True, blank=True)
    afternoon_end = models.TimeField("chiều đến", null=True, blank=True)

    class Meta:
        verbose_name = "giờ làm việc"
        verbose_name_plural = "giờ làm việc"
        ordering = ["office", "weekday"]
        constraints = [
            models.UniqueConstraint(fields=["office", "weekday"], name="office_hours_one_row_per_weekday"),
            models.CheckConstraint(
                condition=models.Q(morning_start__lt=models.F("morning_end")),
                name="office_hours_morning_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.office} — {self.get_weekday_display()}"

    def clean(self):
        if self.morning_start and self.morning_end and self.morning_start >= self.morning_end:
            raise ValidationError("Giờ kết thúc buổi sáng phải sau giờ bắt đầu.")
        if (self.afternoon_start is None) != (self.afternoon_end is None):
            raise ValidationError("Buổi chiều cần cả giờ bắt đầu và giờ kết thúc, hoặc để trống cả hai.")
        if self.afternoon_start and self.afternoon_end:
            if self.afternoon_start >= self.afternoon_end:
                raise ValidationError("Giờ kết thúc buổi chiều phải sau giờ bắt đầu.")
            if self.morning_end and self.afternoon_start < self.morning_end:
                raise ValidationError("Buổi chiều phải bắt đầu sau khi buổi sáng kết thúc.")

    def sessions(self) -> list[tuple[dt.time, dt.time]]:
        out = [(self.morning_start, self.morning_end)]
        if self.afternoon_start and self.afternoon_end:
            out.append((self.afternoon_start, self.afternoon_end))
        return out


class OrganisationKind(models.TextChoices):
    FRONT = "mttq", "Ủy ban MTTQ Việt Nam"
    WOMEN = "hlhpn", "Hội Liên hiệp Phụ nữ"
    YOUTH = "dtn", "Đoàn Thanh niên Cộng sản Hồ Chí Minh"
    FARMERS = "hnd", "Hội Nông dân"
    VETERANS = "hccb", "Hội Cựu chiến binh"
    OTHER = "other", "Tổ chức khác"


class Organisation(models.Model):
    """The Front (MTTQ) or a mass organisation (đoàn thể) of one office."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="organisations")
    kind = models.CharField("loại", max_length=10, choices=OrganisationKind.choices)
    name = models.CharField("tên", max_length=200)

    class Meta:
        verbose_name = "tổ chức MTTQ / đoàn thể"
        verbose_name_plural = "tổ chức MTTQ / đoàn thể"
        ordering = ["office", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["office", "name"], name="organisation_unique_name")]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    CLERK = "clerk", "Công chức một cửa"
    SPECIALIST = "specialist", "Công chức chuyên môn"
    LEADER = "leader", "Lãnh đạo (Chủ tịch / Phó Chủ tịch)"
    SECRETARY = "secretary", "Văn phòng - Thống kê"
    VOLUNTEER = "volunteer", "Thành viên MTTQ / đoàn thể"
    SUPERVISOR = "supervisor", "Phòng / Sở Nội vụ"
    ADMIN = "admin", "Quản trị"


class LeaderTitle(models.TextChoices):
    CHAIRMAN = "chairman", "Chủ tịch"
    VICE_CHAIRMAN = "vice_chairman", "Phó Chủ tịch"


class Staff(models.Model):
    """A person working for one office, with one or more roles."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff")
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="staff")
    full_name = models.CharField("họ và tên", max_length=120)
    position = models.CharField("chức danh", max_length=200, blank=True)
    leader_title = models.CharField(
        "chức vụ ký văn bản", max_length=20, choices=LeaderTitle.choices, blank=True
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="tổ chức (tình nguyện viên)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    fields = models.ManyToManyField(
        "models_catalog.Field", verbose_name="lĩnh vực phụ trách", blank=True, related_name="specialists"
    )
    phone = models.CharField("điện thoại", max_length=20, blank=True)
    is_active = models.BooleanField("đang làm việc", default=True)

    class Meta:
        verbose_name = "cán bộ, công chức"
        verbose_name_plural = "cán bộ, công chức"
        ordering = ["office", "full_name"]

    def __str__(self) -> str:
        return self.full_name

    def clean(self):
        if self.organisation_id and self.office_id and self.organisation.office_id != self.office_id:
            raise ValidationError({"organisation": "Tổ chức phải thuộc cùng đơn vị với người này."})

    @property
    def role_set(self) -> frozenset[str]:
        cached = getattr(self, "_role_cache", None)
        if cached is None:
            cached = frozenset(r.role for r in self.roles.all())
            self._role_cache = cached
        return cached

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_set.intersection(roles))

    @property
    def signature_heading(self) -> list[str]:
        """Authority lines of a signature block per NĐ 30/2020 (e.g. KT. CHỦ TỊCH / PHÓ CHỦ TỊCH)."""
        if self.leader_title == LeaderTitle.CHAIRMAN:
            return ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
        if self.leader_title == LeaderTitle.VICE_CHAIRMAN:
            return ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
        return [self.position.upper()] if self.position else []


class StaffRole(models.Model):
    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField("vai trò", max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = "vai trò"
        verbose_name_plural = "vai trò"
        constraints = [models.UniqueConstraint(fields=["staff", "role"], name="staff_role_unique")]

    def __str__(self) -> str:
        return self.get_role_display()


# The jobs' rows belong to this app (migration mocua 0003_jobs).
from mocua.jobs.models import JobRun, Notification, SweepClaim  # noqa: E402, F401
