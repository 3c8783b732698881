"""Work outside the counter: outreach sessions at hamlet offices (weekly rules and one-off dates),
and the people a reform model puts at the counter besides the clerk (specialists by field, postal
staff). Imported from schedules/models.py."""

from django.db import models

from mocua.models import Office


class OutreachKind(models.TextChoices):
    CIVIL_REGISTRATION = "civil_registration", "Hộ tịch lưu động"
    LAND_ADVICE = "land_advice", "Tư vấn thủ tục đất đai"
    OTHER = "other", "Khác"


class OutreachRule(models.Model):
    """A weekly outreach session (e.g. every Wednesday morning at Khóm 2's office) between two dates;
    its sessions are written as OutreachSession rows (days off skipped)."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="outreach_rules")
    kind = models.CharField("loại buổi", max_length=30, choices=OutreachKind.choices)
    title = models.CharField("tên buổi", max_length=200, blank=True)
    place = models.CharField("nơi tổ chức (văn phòng ấp / khóm)", max_length=200)
    address = models.CharField("địa chỉ", max_length=300, blank=True)
    weekday = models.PositiveSmallIntegerField("thứ trong tuần")
    start_time = models.TimeField("từ giờ")
    end_time = models.TimeField("đến giờ")
    first_day = models.DateField("từ ngày")
    last_day = models.DateField("đến ngày")
    created_at = models.DateTimeField("lập lúc", auto_now_add=True)

    class Meta:
        verbose_name = "lịch lưu động hằng tuần"
        verbose_name_plural = "lịch lưu động hằng tuần"
        ordering = ["office", "weekday", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_day__gte=models.F("first_day")), name="outreach_rule_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.place}"


class OutreachSession(models.Model):
    """One outreach session: where, when, who goes, which procedures are received there."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="outreach_sessions")
    rule = models.ForeignKey(
        OutreachRule,
        verbose_name="theo lịch hằng tuần",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
    )
    kind = models.CharField("loại buổi", max_length=30, choices=OutreachKind.choices)
    title = models.CharField("tên buổi", max_length=200, blank=True)
    place = models.CharField("nơi tổ chức (văn phòng ấp / khóm)", max_length=200)
    address = models.CharField("địa chỉ", max_length=300, blank=True)
    date = models.DateField("ngày")
    start = models.DateTimeField("từ")
    end = models.DateTimeField("đến")
    staff = models.ManyToManyField(
        "mocua.Staff", verbose_name="cán bộ tham gia", blank=True, related_name="outreach_sessions"
    )
    procedures = models.ManyToManyField(
        "models_catalog.Procedure", verbose_name="thủ tục tiếp nhận", blank=True, related_name="+"
    )
    note = models.CharField("ghi chú", max_length=300, blank=True)

    class Meta:
        verbose_name = "buổi lưu động"
        verbose_name_plural = "buổi lưu động"
        ordering = ["office", "start"]
        indexes = [models.Index(fields=["office", "date"], name="outreach_office_date")]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="outreach_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.place} {self.date:%d/%m/%Y}"

    @property
    def label(self) -> str:
        return self.title or self.get_kind_display()


class MemberRole(models.TextChoices):
    SPECIALIST = "specialist", "Công chức chuyên môn"
    POSTAL = "postal", "Nhân viên bưu điện"


class ShiftMember(models.Model):
    """Someone else at the counter during a shift: a specialist of a field (on the days a reform model
    puts them there) or postal staff (a person with or without a login)."""

    shift = models.ForeignKey("schedules.Shift", on_delete=models.CASCADE, related_name="members")
    role = models.CharField("vai trò", max_length=20, choices=MemberRole.choices)
    staff = models.ForeignKey(
        "mocua.Staff",
        verbose_name="cán bộ",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="member_shifts",
    )
    field = models.ForeignKey(
        "models_catalog.Field",
        verbose_name="lĩnh vực",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    full_name = models.CharField("họ và tên (người không có tài khoản)", max_length=120, blank=True)

    class Meta:
        verbose_name = "người trực thêm tại quầy"
        verbose_name_plural = "người trực thêm tại quầy"
        ordering = ["shift", "role", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(staff__isnull=False) | ~models.Q(full_name=""), name="shift_member_named"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.staff.full_name if self.staff_id else self.full_name
