"""Tables of the schedules app: the working calendar (national and per office) and duty rosters."""

from django.core.exceptions import ValidationError
from django.db import models

from mocua.models import Office


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "Ngày lễ, Tết"
    DAY_OFF = "day_off", "Ngày nghỉ hoán đổi"
    MAKE_UP = "make_up", "Ngày làm bù"
    LOCAL_DAY_OFF = "local_day_off", "Ngày nghỉ của đơn vị"
    LOCAL_WORKING_DAY = "local_working_day", "Ngày làm việc thêm của đơn vị"


WORKING_KINDS = (DayKind.MAKE_UP, DayKind.LOCAL_WORKING_DAY)
NATIONAL_KINDS = (DayKind.HOLIDAY, DayKind.DAY_OFF, DayKind.MAKE_UP)


class CalendarDay(models.Model):
    """A date that differs from the ordinary week (Mon–Fri worked, Sat–Sun off).

    Rows without an office are the national calendar announced each year (holidays,
    swapped days off, make-up Saturdays); rows with an office are that office's own
    additions (local days off, extra working days) and win over the national row.
    Once a year has one national row, the table is the whole truth for that year;
    years without rows fall back to the `holidays` package (see calendar.py).
    """

    office = models.ForeignKey(
        Office,
        verbose_name="đơn vị",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="calendar_days",
        help_text="Để trống với lịch nghỉ chung cả nước.",
    )
    date = models.DateField("ngày")
    kind = models.CharField("loại ngày", max_length=20, choices=DayKind.choices)
    name = models.CharField("tên / lý do", max_length=200)
    note = models.CharField("ghi chú, căn cứ", max_length=300, blank=True)

    class Meta:
        verbose_name = "ngày đặc biệt trong lịch làm việc"
        verbose_name_plural = "lịch nghỉ lễ, làm bù, nghỉ riêng"
        ordering = ["date", "office"]
        constraints = [
            models.UniqueConstraint(fields=["office", "date"], name="calendar_day_one_per_office_date"),
            models.UniqueConstraint(
                fields=["date"],
                condition=models.Q(office__isnull=True),
                name="calendar_day_one_national_per_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.name}"

    @property
    def is_working(self) -> bool:
        return self.kind in WORKING_KINDS

    def clean(self):
        if self.office_id is None and self.kind not in NATIONAL_KINDS:
            raise ValidationError(
                {"kind": "Lịch chung cả nước chỉ gồm ngày lễ, ngày nghỉ hoán đổi và ngày làm bù."}
            )
        if self.office_id is not None and self.kind in (DayKind.HOLIDAY,):
            raise ValidationError(
                {"kind": "Ngày lễ, Tết thuộc lịch chung; đơn vị chỉ thêm ngày nghỉ hoặc làm việc riêng."}
            )


class Volunteer(models.Model):
    """A member of the Front (MTTQ) or a mass organisation who takes turns at the counter.

    `staff` links the member who also has a login (a Staff with role volunteer); members
    without a login exist only here.
    """

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="volunteers")
    organisation = models.ForeignKey(
        "mocua.Organisation", verbose_name="tổ chức", on_delete=models.PROTECT, related_name="volunteers"
    )
    full_name = models.CharField("họ và tên", max_length=120)
    staff = models.OneToOneField(
        "mocua.Staff",
        verbose_name="tài khoản",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volunteer",
    )
    phone = models.CharField("điện thoại", max_length=20, blank=True)
    is_active = models.BooleanField("đang tham gia", default=True)

    class Meta:
        verbose_name = "thành viên trực (MTTQ / đoàn thể)"
        verbose_name_plural = "thành viên trực (MTTQ / đoàn thể)"
        ordering = ["office", "organisation__name", "full_name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "full_name"], name="volunteer_unique_name_in_org")
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.organisation.name})"

    def clean(self):
        if self.organisation_id and self.office_id and self.organisation.office_id != self.office_id:
            raise ValidationError({"organisation": "Tổ chức phải thuộc cùng đơn vị."})
        if self.staff_id and self.office_id and self.staff.office_id != self.office_id:
            raise ValidationError({"staff": "Tài khoản phải thuộc cùng đơn vị."})


class Absence(models.Model):
    """Leave of a staff member or a volunteer: the roster does not put them on duty."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="absences")
    staff = models.ForeignKey(
        "mocua.Staff", null=True, blank=True, on_delete=models.CASCADE, related_name="absences"
    )
    volunteer = models.ForeignKey(
        Volunteer, null=True, blank=True, on_delete=models.CASCADE, related_name="absences"
    )
    first_day = models.DateField("từ ngày")
    last_day = models.DateField("đến ngày")
    reason = models.CharField("lý do", max_length=200, blank=True)

    class Meta:
        verbose_name = "ngày nghỉ phép"
        verbose_name_plural = "ngày nghỉ phép"
        ordering = ["first_day"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_day__gte=models.F("first_day")), name="absence_ordered"
            ),
            models.CheckConstraint(
                condition=models.Q(staff__isnull=True, volunteer__isnull=False)
                | models.Q(staff__isnull=False, volunteer__isnull=True),
                name="absence_one_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff or self.volunteer}: {self.first_day:%d/%m/%Y}–{self.last_day:%d/%m/%Y}"

    def clean(self):
        if self.first_day and self.last_day and self.last_day < self.first_day:
            raise ValidationError({"last_day": "Ngày kết thúc phải sau ngày bắt đầu."})
        if bool(self.staff_id) == bool(self.volunteer_id):
            raise ValidationError("Chọn đúng một người nghỉ: cán bộ hoặc thành viên trực.")


class Shift(models.Model):
    """One duty shift at an office's counter: who sits there, which volunteer, which leader."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="shifts")
    date = models.DateField("ngày")
    start = models.DateTimeField("từ")
    end = models.DateTimeField("đến")
    counter_staff = models.ForeignKey(
        "mocua.Staff",
        verbose_name="công chức tại quầy",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="counter_shifts",
    )
    volunteer = models.ForeignKey(
        Volunteer,
        verbose_name="thành viên MTTQ / đoàn thể",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="shifts",
    )
    leader = models.ForeignKey(
        "mocua.Staff",
        verbose_name="lãnh đạo trực",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="leader_shifts",
    )
    edited_by_hand = models.BooleanField("sửa tay", default=False)
    note = models.CharField("ghi chú", max_length=200, blank=True)

    class Meta:
        verbose_name = "ca trực"
        verbose_name_plural = "lịch trực"
        ordering = ["office", "start"]
        indexes = [models.Index(fields=["office", "date"])]
        constraints = [
            models.UniqueConstraint(fields=["office", "start"], name="shift_one_start_per_office"),
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="shift_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.office.short_name} {self.date:%d/%m/%Y}"


# Outreach sessions and the other people at the counter (issue 18).
from schedules.models_outreach import MemberRole, OutreachKind, OutreachRule, OutreachSession, ShiftMember  # noqa: E402, F401
