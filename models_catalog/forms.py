"""Secretary forms for the catalog and the reform models (Vietnamese messages)."""

from django import forms

from mocua.models import Weekday
from models_catalog.models import Procedure, ReformModel, RequiredDocument

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
NOT_NEGATIVE = "Không được là số âm."


class ProcedureForm(forms.ModelForm):
    class Meta:
        model = Procedure
        fields = [
            "code",
            "name",
            "field",
            "processing_time",
            "time_unit",
            "verification_time",
            "fee_amount",
            "fee_text",
            "result_document",
            "legal_basis",
            "valid_from",
            "valid_to",
            "may_need_verification",
            "writing_forbidden",
            "online_level",
        ]
        widgets = {"valid_from": DATE, "valid_to": DATE}
        error_messages = {
            "code": {"unique": "Đã có thủ tục với mã này."},
            "processing_time": {"min_value": NOT_NEGATIVE},
            "verification_time": {"min_value": NOT_NEGATIVE},
            "fee_amount": {"min_value": NOT_NEGATIVE},
        }


DocumentFormSet = forms.inlineformset_factory(
    Procedure,
    RequiredDocument,
    fields=["position", "name", "form", "quantity", "is_optional", "note", "blank_form"],
    extra=2,
    can_delete=True,
    error_messages={"quantity": {"min_value": "Số lượng phải từ 1 trở lên."}},
)


def weekdays_field() -> forms.TypedMultipleChoiceField:
    return forms.TypedMultipleChoiceField(
        label="Các thứ áp dụng",
        choices=Weekday.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,  # ReformModel.clean() says "choose at least one weekday"
    )


class ReformModelForm(forms.ModelForm):
    weekdays = weekdays_field()

    class Meta:
        model = ReformModel
        fields = [
            "kind",
            "name",
            "description",
            "weekdays",
            "cutoff",
            "window_start",
            "window_end",
            "valid_from",
            "valid_to",
            "all_procedures",
            "procedures",
            "basis",
            "is_active",
            *ReformModel.PROMISES,
            "specialists_at_counter",
        ]
        widgets = {
            "valid_from": DATE,
            "valid_to": DATE,
            "cutoff": TIME,
            "window_start": TIME,
            "window_end": TIME,
            "procedures": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.office = office
        self.fields["procedures"].queryset = Procedure.objects.filter(offices=office).order_by("name")
        self.fields["procedures"].label_from_instance = lambda p: f"{p.name} ({p.code})"

    def clean(self):
        data = super().clean()
        if not data.get("all_procedures") and not data.get("procedures"):
            self.add_error("procedures", "Chọn các thủ tục áp dụng, hoặc đánh dấu “áp dụng cho mọi thủ tục”.")
        return data


class CatalogImportForm(forms.Form):
    file = forms.FileField(
        label="Tệp danh mục (.csv hoặc .xlsx)",
        error_messages={"required": "Hãy chọn tệp danh mục.", "empty": "Tệp trống."},
    )
