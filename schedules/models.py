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
