"""Dates dd/mm/yyyy and 24-hour times in forms, whatever the browser's language.

`<input type="date">` and `type="time"` are drawn by the browser in its own locale (08/15/2024,
03:00 PM in an English Chromium), so staff forms use plain text inputs with a placeholder and a
pattern, and the server parses dd/mm/yyyy and HH:MM. ISO dates (yyyy-mm-dd) are still accepted,
for scripts and tests that post them.
"""

from django import forms

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
TIME_FORMATS = ["%H:%M", "%H.%M", "%Hh%M", "%H:%M:%S"]
DATE_PATTERN = r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}|\d{4}-\d{2}-\d{2}"
TIME_PATTERN = r"([01]?\d|2[0-3])[:.hH][0-5]\d(:[0-5]\d)?"
DATE_INVALID = "Ngày phải viết theo dạng ngày/tháng/năm, ví dụ 15/08/2026."
TIME_INVALID = "Giờ phải viết theo dạng giờ:phút (24 giờ), ví dụ 15:00."


class DateText(forms.DateInput):
    """A text input showing dd/mm/yyyy."""

    input_type = "text"

    def __init__(self, attrs=None):
        base = {
            "placeholder": "dd/mm/yyyy",
            "pattern": DATE_PATTERN,
            "inputmode": "numeric",
            "autocomplete": "off",
            "class": "vn-date",
            "title": "Ngày/tháng/năm, ví dụ 15/08/2026",
            "size": 10,
        }
        super().__init__({**base, **(attrs or {})}, format="%d/%m/%Y")


class TimeText(forms.TimeInput):
    """A text input showing HH:MM on the 24-hour clock."""

    input_type = "text"

    def __init__(self, attrs=None):
        base = {
            "placeholder": "hh:mm",
            "pattern": TIME_PATTERN,
            "inputmode": "numeric",
            "autocomplete": "off",
            "class": "vn-time",
            "title": "Giờ:phút theo 24 giờ, ví dụ 15:00",
            "size": 5,
        }
        super().__init__({**base, **(attrs or {})}, format="%H:%M")


def localize(form: forms.BaseForm) -> forms.BaseForm:
    """Give every date and time field of `form` the dd/mm/yyyy and 24-hour text inputs."""
    for field in form.fields.values():
        if isinstance(field, forms.DateTimeField):
            continue
        if isinstance(field, forms.DateField):
            field.widget = DateText(_kept(field.widget))
            field.input_formats = DATE_FORMATS
            field.error_messages["invalid"] = DATE_INVALID
        elif isinstance(field, forms.TimeField):
            field.widget = TimeText(_kept(field.widget))
            field.input_formats = TIME_FORMATS
            field.error_messages["invalid"] = TIME_INVALID
        else:
            continue
        field.widget.is_required = field.required
    return form


def _kept(widget) -> dict:
    """Attributes of the old widget worth keeping (not its type, nor the browser's date pickers')."""
    return {k: v for k, v in widget.attrs.items() if k not in ("type", "min", "max", "step", "class")}


class LocalizedDates:
    """Form mixin: the form's date and time fields use `localize`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        localize(self)
