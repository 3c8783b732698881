"""The outreach session form: it only parses; the rules live in schedules/outreach.py."""

from django import forms

from schedules.models import OutreachKind

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_WIDGET = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}, format="%d/%m/%Y")


class OutreachForm(forms.Form):
    kind = forms.ChoiceField(label="Loại buổi", choices=OutreachKind.choices)
    title = forms.CharField(label="Tên buổi (nếu có)", max_length=200, required=False)
    place = forms.CharField(label="Nơi tổ chức (văn phòng ấp / khóm)", max_length=200)
    address = forms.CharField(label="Địa chỉ", max_length=300, required=False)
    date = forms.DateField(label="Ngày", input_formats=DATE_FORMATS, widget=DATE_WIDGET)
    start = forms.TimeField(label="Từ giờ", widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label="Đến giờ", widget=forms.TimeInput(attrs={"type": "time"}))
    staff = forms.ModelMultipleChoiceField(
        label="Cán bộ tham gia", queryset=None, widget=forms.CheckboxSelectMultiple
    )
    procedures = forms.ModelMultipleChoiceField(
        label="Thủ tục tiếp nhận tại buổi",
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    weekly_until = forms.DateField(
        label="Lặp lại hằng tuần đến ngày (để trống: chỉ một buổi)",
        input_formats=DATE_FORMATS,
        widget=DATE_WIDGET,
        required=False,
    )

    def __init__(self, office, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = office.staff.filter(is_active=True).order_by("full_name")
        self.fields["procedures"].queryset = office.procedures.order_by("name")
        self.fields["procedures"].label_from_instance = lambda p: p.name
        for f in self.fields.values():
            f.error_messages.update(
                {
                    "required": "Trường này là bắt buộc.",
                    "invalid": "Giá trị không hợp lệ (ngày dd/mm/yyyy, giờ hh:mm).",
                    "invalid_choice": "Lựa chọn không thuộc đơn vị này.",
                    "invalid_pk_value": "Lựa chọn không hợp lệ.",
                }
            )
        self.fields["staff"].error_messages["required"] = "Hãy chọn ít nhất một cán bộ tham gia."
