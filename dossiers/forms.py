"""Forms of the staff screens. They only parse input; the rules live in intake.py and workflow.py."""

import uuid

from django import forms

from dossiers.intake import DocumentIn, IntakeData
from dossiers.models import AssistedWriting, Channel, DossierDocument
from mocua.models import Role, Staff

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

    def __init__(self, *args, office, procedure, **kwargs):
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            f.error_messages["required"] = "Cần nhập mục này."
        self.fields["email"].error_messages["invalid"] = "Địa chỉ thư điện tử không hợp lệ."
        self.fields["birth_date"].error_messages["invalid"] = "Ngày sinh không hợp lệ."
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
            documents=documents,
            assisted_writing=c.get("assisted_writing") or AssistedWriting.NONE,
            assisted_by=c.get("assisted_by"),
            online_help=c.get("online_help", False),
            needs_verification=c.get("needs_verification", False),
            intake_key=c["intake_key"],
            missing=(c.get("missing_other") or "").splitlines(),
            refusal_reasons=(c.get("refusal_reasons") or "") if decision == "refuse" else "",
        )

    def clean(self):
        data = super().clean()
        if self.data.get("decision") == "refuse" and not (data.get("refusal_reasons") or "").strip():
            self.add_error("refusal_reasons", "Cần ghi lý do từ chối tiếp nhận.")
        return data
