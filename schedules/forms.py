from django import forms

from schedules.models import DayKind

LOCAL_CHOICES = [
    (DayKind.LOCAL_DAY_OFF, DayKind.LOCAL_DAY_OFF.label),
    (DayKind.LOCAL_WORKING_DAY, DayKind.LOCAL_WORKING_DAY.label),
]


class LocalDayForm(forms.Form):
    date = forms.DateField(
        label="Ngày",
        widget=forms.DateInput(attrs={"type": "date"}),
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
