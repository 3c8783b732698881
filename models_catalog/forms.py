"""Secretary forms for the catalog and the reform models (Vietnamese messages)."""

from django import forms

from mocua.form_dates import LocalizedDates
from mocua.models import Weekday
from models_catalog.models import Procedure, ReformModel, RequiredDocument
from models_catalog.text import sort_procedures

NOT_NEGATIVE = "Không được là số âm."


class ProcedureForm(LocalizedDates, forms.ModelForm):
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


# What each switch of a reform model means, in plain words (shown under the checkbox).
MODEL_HELP = {
    "all_procedures": "Đánh dấu khi mô hình áp dụng cho mọi thủ tục của đơn vị; "
    "nếu không, chọn từng thủ tục trong danh sách bên dưới.",
    "is_active": "Bỏ đánh dấu để tạm ngừng mô hình: mô hình không còn hiện trên áp phích, "
    "cẩm nang, màn hình tại quầy và không còn áp dụng cho hồ sơ mới.",
    "same_day_result": "Hồ sơ nhận trước giờ chốt trong các ngày áp dụng được giải quyết và trả "
    "kết quả ngay trong ngày; hồ sơ nhận sau giờ chốt đi theo thời hạn thường.",
    "no_appointment_slip": "Không phát giấy hẹn: người dân nhận giấy tiếp nhận và chờ lấy kết quả "
    "trong ngày.",
    "assisted_writing": "Công chức hoặc tình nguyện viên được viết hộ tờ khai cho người dân "
    "(trừ thủ tục pháp luật buộc người dân tự viết).",
    "online_help": "Tại quầy có người hướng dẫn, giúp người dân nộp hồ sơ trực tuyến trên Cổng dịch vụ công.",
    "no_waiting": "Đơn vị cam kết tiếp nhận ngay, không để người dân xếp hàng chờ lâu.",
    "extra_hour": "Bộ phận một cửa làm thêm giờ (ví dụ 16:30–17:30) trong khung giờ ghi ở trên; "
    "hồ sơ nhận trong khung giờ này được tính như trong giờ làm việc.",
    "apology_for_late": "Mỗi hồ sơ trễ hạn đều có phiếu xin lỗi và hẹn lại ngày trả; hệ thống tự "
    "lập phiếu để lãnh đạo ký.",
    "single_supplement_request": "Chỉ được yêu cầu người dân bổ sung hồ sơ một lần, nói rõ mọi "
    "giấy tờ còn thiếu trong một phiếu.",
    "volunteer_at_counter": "Có thành viên MTTQ hoặc đoàn thể trực tại quầy theo lịch trực để "
    "hướng dẫn, viết hộ.",
    "leader_on_duty": "Có lãnh đạo UBND trực theo lịch để chỉ đạo và ký duyệt ngay trong ngày.",
    "cutoff": "Hồ sơ nhận trước giờ này mới được trả trong ngày. Để trống: theo giờ chốt của đơn vị "
    "(thường là 15:00). Viết theo 24 giờ, ví dụ 15:00.",
    "window_start": "Chỉ điền khi mô hình có khung giờ riêng (ví dụ “Giờ thứ 9”: 16:30). 24 giờ.",
    "window_end": "Giờ kết thúc khung giờ riêng, ví dụ 17:30.",
    "valid_from": "Ngày/tháng/năm, ví dụ 01/01/2026.",
    "valid_to": "Để trống nếu chưa có ngày kết thúc.",
}


class ReformModelForm(LocalizedDates, forms.ModelForm):
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
            "max_wait_minutes",
            "specialists_at_counter",
        ]
        help_texts = MODEL_HELP
        widgets = {
            "procedures": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.office = office
        offered = Procedure.objects.filter(offices=office)
        self.fields["procedures"].queryset = offered
        # Vietnamese alphabetical order ("Cấp…" before "Công…"), not the database's code-point order.
        self.fields["procedures"].choices = [(p.pk, f"{p.name} ({p.code})") for p in sort_procedures(offered)]

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
