"""Online targets per field (seed 001): what the secretary sets for its office, year by year."""

from django import forms
from django.db import transaction

from models_catalog import selectors as catalog
from reports.models import OnlineTarget

TOO_LARGE = "Chỉ tiêu mỗi tháng không quá 100.000 hồ sơ."
NOT_A_NUMBER = "Chỉ tiêu phải là số nguyên không âm (để trống nếu không giao chỉ tiêu)."
BAD_YEAR = "Năm không hợp lệ."


class TargetsForm(forms.Form):
    """One optional whole number per field the office offers procedures of; blank: no target."""

    def __init__(self, office, year: int, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.office, self.year = office, year
        self.field_rows = catalog.office_fields(office)
        current = {t.field_id: t.monthly_count for t in OnlineTarget.objects.filter(office=office, year=year)}
        for f in self.field_rows:
            self.fields[f"f{f.pk}"] = forms.IntegerField(
                label=f.name,
                required=False,
                min_value=0,
                max_value=100_000,
                initial=current.get(f.pk),
                error_messages={
                    "invalid": NOT_A_NUMBER,
                    "min_value": NOT_A_NUMBER,
                    "max_value": TOO_LARGE,
                },
                widget=forms.NumberInput(
                    attrs={"inputmode": "numeric", "min": 0, "class": "form-control target-input"}
                ),
            )

    def rows(self):
        return [(f, self[f"f{f.pk}"]) for f in self.field_rows]


def year_choices(this_year: int) -> list[int]:
    return [this_year - 1, this_year, this_year + 1]


@transaction.atomic
def save_targets(office, year: int, values: dict) -> int:
    """Set the office's targets of `year` from {field id: count or None}; None removes a target.
    Returns how many targets the office has for the year afterwards."""
    for field_id, count in values.items():
        if count is None:
            OnlineTarget.objects.filter(office=office, year=year, field_id=field_id).delete()
        else:
            OnlineTarget.objects.update_or_create(
                office=office, year=year, field_id=field_id, defaults={"monthly_count": count}
            )
    return OnlineTarget.objects.filter(office=office, year=year).count()
