from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings

from mocua.form_dates import LocalizedDates
from schedules.models import DayKind

TZ = ZoneInfo(settings.TIME_ZONE)

LOCAL_CHOICES = [
    (DayKind.LOCAL_DAY_OFF, DayKind.LOCAL_DAY_OFF.label),
    (DayKind.LOCAL_WORKING_DAY, DayKind.LOCAL_WORKING_DAY.label),
]


class LocalDayForm(LocalizedDates, forms.Form):
    date = forms.DateField(
        label="Ngày",
        error_messages={"invalid": "Ngày không hợp lệ.", "required": "Hãy chọn ngày."},
    )
    kind = forms.ChoiceField(label="Loại ngày", choices=LOCAL_CHOICES)
    name = forms.CharField(label="Tên / lý do", max_length=200, error_messages={"required": "Hãy ghi lý do."})
    note = forms.CharField(label="Ghi chú, căn cứ", max_length=300, required=False)


class CalendarImportForm(forms.Form):
    file = forms.FileField(
        label="Tệp CSV (ngày,loại ngày,tên,ghi chú)",
        error_messages={"required": "Hãy chọn tệp CSV.", "empty": "Tệp trống."},
    )

    def clean_file(self):
        data = self.cleaned_data["file"].read()
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError("Tệp phải được lưu ở mã UTF-8.") from None


class RangeForm(forms.Form):
    """The ?from=&to= of the calendar and roster APIs (ISO dates, at most 366 days)."""

    MAX_DAYS = 366

    start = forms.DateField(
        input_formats=["%Y-%m-%d"],
        error_messages={
            "invalid": "Tham số from phải có dạng YYYY-MM-DD.",
            "required": "Thiếu tham số from.",
        },
    )
    end = forms.DateField(
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "Tham số to phải có dạng YYYY-MM-DD.", "required": "Thiếu tham số to."},
    )

    def __init__(self, params):
        super().__init__({"start": params.get("from"), "end": params.get("to")})

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                raise forms.ValidationError("Khoảng ngày bị ngược: ngày kết thúc đứng trước ngày bắt đầu.")
            if (end - start).days >= self.MAX_DAYS:
                raise forms.ValidationError(f"Khoảng ngày tối đa {self.MAX_DAYS} ngày.")
        return data

    def error_text(self) -> str:
        return " ".join(m for errors in self.errors.values() for m in errors)


class ShiftForm(LocalizedDates, forms.Form):
    date = forms.DateField(label="Ngày")
    start = forms.TimeField(label="Từ")
    end = forms.TimeField(label="Đến")
    counter_staff = forms.ModelChoiceField(label="Công chức tại quầy", queryset=None, required=False)
    volunteer = forms.ModelChoiceField(label="Thành viên MTTQ / đoàn thể", queryset=None, required=False)
    leader = forms.ModelChoiceField(label="Lãnh đạo trực", queryset=None, required=False)
    specialists = forms.ModelMultipleChoiceField(
        label="Công chức chuyên môn trực tại quầy", queryset=None, required=False
    )
    postal_staff = forms.CharField(label="Nhân viên bưu điện trực tại quầy", max_length=120, required=False)
    note = forms.CharField(label="Ghi chú", max_length=200, required=False)

    def __init__(self, office, *args, **kwargs):
        from schedules import roster_selectors as sel

        super().__init__(*args, **kwargs)
        choice_error = {"invalid_choice": "Người được chọn không thuộc đơn vị này."}
        self.fields["counter_staff"].queryset = office.staff.filter(is_active=True).order_by("full_name")
        self.fields["volunteer"].queryset = office.volunteers.filter(is_active=True).select_related(
            "organisation"
        )
        self.fields["leader"].queryset = office.staff.filter(pk__in=[s.pk for s in sel.leader_pool(office)])
        self.fields["specialists"].queryset = (
            office.staff.filter(is_active=True, roles__role="specialist").distinct().order_by("full_name")
        )
        for name in ("counter_staff", "volunteer", "leader", "specialists"):
            self.fields[name].error_messages.update(choice_error)
        self.fields["specialists"].error_messages["invalid_choice"] = (
            "Người được chọn không thuộc đơn vị này."
        )
        for name in ("date", "start", "end"):
            self.fields[name].error_messages["required"] = "Trường này là bắt buộc."


class SwapForm(forms.Form):
    first = forms.ModelChoiceField(label="Ca thứ nhất", queryset=None)
    second = forms.ModelChoiceField(label="Ca thứ hai", queryset=None)

    def __init__(self, shifts, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first", "second"):
            self.fields[name].queryset = shifts
            self.fields[name].label_from_instance = lambda s: (
                f"{s.date:%d/%m/%Y} {s.start.astimezone(TZ):%H:%M}"
            )
            self.fields[name].error_messages.update(
                {"required": "Hãy chọn ca trực.", "invalid_choice": "Không tìm thấy ca trực."}
            )


class AbsenceForm(LocalizedDates, forms.Form):
    person = forms.ChoiceField(
        label="Người nghỉ",
        error_messages={
            "invalid_choice": "Người được chọn không thuộc đơn vị này.",
            "required": "Hãy chọn người nghỉ.",
        },
    )
    first_day = forms.DateField(
        label="Từ ngày",
        error_messages={"invalid": "Ngày không hợp lệ.", "required": "Hãy chọn ngày."},
    )
    last_day = forms.DateField(
        label="Đến ngày",
        error_messages={"invalid": "Ngày không hợp lệ.", "required": "Hãy chọn ngày."},
    )
    reason = forms.CharField(label="Lý do", max_length=200, required=False)

    def __init__(self, office, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {f"staff:{s.pk}": s for s in office.staff.filter(is_active=True).order_by("full_name")}
        self.people.update(
            {
                f"volunteer:{v.pk}": v
                for v in office.volunteers.filter(is_active=True).select_related("organisation")
            }
        )
        self.fields["person"].choices = [("", "---------")] + [
            (key, str(p)) for key, p in self.people.items()
        ]

    def clean_person(self):
        return self.people[self.cleaned_data["person"]]


class VolunteerForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Tổ chức",
        queryset=None,
        error_messages={"required": "Hãy chọn tổ chức.", "invalid_choice": "Tổ chức không thuộc đơn vị này."},
    )
    full_name = forms.CharField(
        label="Họ và tên", max_length=120, error_messages={"required": "Hãy ghi họ và tên."}
    )
    phone = forms.CharField(label="Điện thoại", max_length=20, required=False)

    def __init__(self, office, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = office.organisations.all()
