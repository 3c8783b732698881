"""Forms of the staff screens. They only parse input; the rules live in intake.py and workflow.py."""

import uuid

from django import forms
from django.utils import timezone

from dossiers.fees import FeeIn
from dossiers.intake import DocumentIn, IntakeData
from dossiers.models import AssistedWriting, Channel, DossierDocument, PaymentMethod
from dossiers.models_citizen import MessageChannel
from mocua.models import Role, Staff
from schedules import outreach_selectors
from schedules.calendar import TZ

NOT_RECEIVED = ""


class IntakeForm(forms.Form):
    procedure = forms.CharField(widget=forms.HiddenInput)
    intake_key = forms.CharField(widget=forms.HiddenInput)
    full_name = forms.CharField(
        label="Họ và tên người nộp", max_length=120, widget=forms.TextInput(attrs={"autofocus": True})
    )
    id_number = forms.CharField(
        label="Số CCCD / CMND",
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    birth_date = forms.DateField(
        label="Ngày sinh",
        required=False,
        input_formats=["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"],
        widget=forms.DateInput(
            attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}, format="%d/%m/%Y"
        ),
    )
    phone = forms.CharField(
        label="Số điện thoại", max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    address = forms.CharField(label="Địa chỉ", max_length=300)
    email = forms.EmailField(label="Thư điện tử", required=False)
    organisation_name = forms.CharField(
        label="Tổ chức, doanh nghiệp (nếu có)", max_length=200, required=False
    )
    channel = forms.ChoiceField(label="Hình thức nộp", choices=Channel.choices, initial=Channel.COUNTER)
    channel_ref = forms.CharField(label="Mã hồ sơ trên Cổng / số hiệu bưu gửi", max_length=60, required=False)
    ticket = forms.CharField(
        label="Số thứ tự (nếu có)",
        max_length=6,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    assisted_writing = forms.ChoiceField(
        label="Viết hộ tờ khai", choices=AssistedWriting.choices, required=False, initial=AssistedWriting.NONE
    )
    assisted_by = forms.ModelChoiceField(
        label="Người viết hộ",
        queryset=Staff.objects.none(),
        required=False,
        empty_label="(người đang tiếp nhận)",
    )
    online_help = forms.BooleanField(label="Hỗ trợ nộp hồ sơ trực tuyến", required=False)
    needs_verification = forms.BooleanField(label="Hồ sơ phải xác minh", required=False)
    missing_other = forms.CharField(
        label="Giấy tờ khác cần bổ sung (mỗi dòng một giấy tờ)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    refusal_reasons = forms.CharField(
        label="Lý do từ chối tiếp nhận", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    notify_consent = forms.BooleanField(
        label="Người nộp đồng ý nhận thông báo về hồ sơ (tiếp nhận, bổ sung, có kết quả, trễ hạn)",
        required=False,
    )
    notify_channels = forms.MultipleChoiceField(
        label="Nhận thông báo qua",
        choices=MessageChannel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    outreach_session = forms.TypedChoiceField(
        label="Nơi tiếp nhận", required=False, coerce=int, empty_value=None, choices=[]
    )

    def __init__(self, *args, office, procedure, **kwargs):
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            f.error_messages["required"] = "Cần nhập mục này."
        self.fields["email"].error_messages["invalid"] = "Địa chỉ thư điện tử không hợp lệ."
        self.fields["birth_date"].error_messages["invalid"] = "Ngày sinh không hợp lệ."
        self.fields["notify_channels"].error_messages["invalid_choice"] = "Kênh nhận thông báo không hợp lệ."
        self.procedure = procedure
        self.fields["procedure"].initial = procedure.code
        self.fields["intake_key"].initial = uuid.uuid4().hex
        self.fields["assisted_by"].queryset = (
            Staff.objects.filter(office=office, is_active=True, roles__role__in=[Role.CLERK, Role.VOLUNTEER])
            .distinct()
            .select_related("organisation")
        )
        self.fields["assisted_by"].label_from_instance = lambda s: (
            f"{s.full_name} ({s.organisation.name})" if s.organisation_id else s.full_name
        )
        sessions = outreach_selectors.sessions_open_for_intake(office, timezone.localdate())
        self.fields["outreach_session"].choices = [("", "Tại Bộ phận Một cửa")] + [
            (
                s.pk,
                f"{s.get_kind_display()} — {s.place} ({s.start.astimezone(TZ):%H:%M}–{s.end.astimezone(TZ):%H:%M})",
            )
            for s in sessions
        ]
        self.fields["outreach_session"].error_messages["invalid_choice"] = (
            "Không tìm thấy buổi lưu động hôm nay."
        )
        self.document_rows = []
        form_choices = [(NOT_RECEIVED, "Chưa nộp"), *DossierDocument.Form.choices]
        for doc in procedure.documents.all():
            name = f"doc_{doc.pk}"
            self.fields[name] = forms.ChoiceField(
                label=doc.name,
                choices=form_choices,
                required=False,
                initial=NOT_RECEIVED if doc.is_optional else doc.form,
            )
            self.fields[f"{name}_count"] = forms.IntegerField(
                label="Số lượng", min_value=1, max_value=99, initial=doc.quantity, required=False
            )
            self.fields[f"{name}_count"].error_messages["min_value"] = "Số lượng phải từ 1."
            self.document_rows.append((doc, self[name], self[f"{name}_count"]))
        self.has_fee = bool(procedure.fee_amount) or procedure.fee_exemptions.exists()
        if self.has_fee:
            self._add_fee_fields(procedure)

    def _add_fee_fields(self, procedure):
        """The fee block (issue 20): the catalog's fee, an exemption or reduction, how it was paid."""
        exemptions = list(procedure.fee_exemptions.all())
        self.fields["fee_amount"] = forms.CharField(
            label="Số tiền thu (đồng)",
            initial=f"{procedure.fee_amount or 0:,}".replace(",", "."),
            widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        )
        self.fields["fee_exemption"] = forms.TypedChoiceField(
            label="Miễn, giảm theo quy định",
            choices=[("", "Không"), *((str(e.pk), f"{e.name} ({e.legal_ground})") for e in exemptions)],
            required=False,
            coerce=int,
            empty_value=None,
        )
        self.fields["fee_reason"] = forms.CharField(
            label="Lý do thu khác mức quy định (nếu có)",
            required=False,
            max_length=1000,
            widget=forms.Textarea(attrs={"rows": 1}),
        )
        self.fields["fee_method"] = forms.ChoiceField(
            label="Hình thức nộp tiền", choices=PaymentMethod.choices, initial=PaymentMethod.CASH
        )
        self.fields["fee_reference"] = forms.CharField(
            label="Mã giao dịch / số hiệu bưu gửi", required=False, max_length=60
        )
        for name in ("fee_amount", "fee_method"):
            self.fields[name].error_messages["required"] = "Cần nhập mục này."
        self.fields["fee_exemption"].error_messages["invalid_choice"] = "Trường hợp miễn, giảm không hợp lệ."

    def fee_data(self) -> FeeIn | None:
        if not self.has_fee:
            return None
        c = self.cleaned_data
        return FeeIn(
            amount=c.get("fee_amount"),
            exemption=c.get("fee_exemption"),
            reason=c.get("fee_reason") or "",
            method=c.get("fee_method") or PaymentMethod.CASH,
            reference=c.get("fee_reference") or "",
        )

    def intake_data(self, decision: str) -> IntakeData:
        c = self.cleaned_data
        documents = []
        for doc, field, count in self.document_rows:
            form = c.get(field.name)
            if form != NOT_RECEIVED:
                documents.append(DocumentIn(doc.pk, form, c.get(count.name) or 1))
        return IntakeData(
            # The Procedure the screen looked up (from this code): intake does not look it up again.
            procedure=self.procedure if self.procedure.code == c["procedure"] else c["procedure"],
            full_name=c["full_name"],
            id_number=c["id_number"],
            phone=c["phone"],
            address=c["address"],
            birth_date=c.get("birth_date"),
            email=c.get("email") or "",
            organisation_name=c.get("organisation_name") or "",
            channel=c["channel"],
            channel_ref=c.get("channel_ref") or "",
            ticket=c.get("ticket") or None,
            documents=documents,
            assisted_writing=c.get("assisted_writing") or AssistedWriting.NONE,
            assisted_by=c.get("assisted_by"),
            online_help=c.get("online_help", False),
            needs_verification=c.get("needs_verification", False),
            intake_key=c["intake_key"],
            missing=(c.get("missing_other") or "").splitlines(),
            refusal_reasons=(c.get("refusal_reasons") or "") if decision == "refuse" else "",
            notify_consent=c.get("notify_consent", False),
            notify_channels=list(c.get("notify_channels") or []),
            fee=self.fee_data(),
            outreach_session=c.get("outreach_session"),
        )

    def clean(self):
        data = super().clean()
        if self.data.get("decision") == "refuse" and not (data.get("refusal_reasons") or "").strip():
            self.add_error("refusal_reasons", "Cần ghi lý do từ chối tiếp nhận.")
        return data
