"""Validators and normalisers for applicant data (identity numbers, Vietnamese phones, names,
birth dates) and the limits of every free text typed into a dossier (issue 15). Intake
(`intake.receive`) and actions (`actions.perform`) use them, so screens and API answer the same."""

import datetime as dt
import re
import unicodedata

from django.core.exceptions import ValidationError

from mocua.input_guard import CONTROL_MESSAGE, has_control

ID_NUMBER_MESSAGE = "Số định danh phải gồm 12 chữ số (CCCD) hoặc 9 chữ số (CMND)."
PHONE_MESSAGE = (
    "Số điện thoại không hợp lệ: cần số di động 10 chữ số (ví dụ 0912 345 678) hoặc số cố định 11 chữ số."
)

_ID_RE = re.compile(r"^(\d{12}|\d{9})$")
# Mobile: 03x, 05x, 07x, 08x, 09x + 7 digits; fixed line: 02xx + 7-8 digits (11 digits in all).
_PHONE_RE = re.compile(r"^0(?:[35789]\d{8}|2\d{9})$")


def normalise_id_number(value: str) -> str:
    return re.sub(r"\s+", "", value or "")


def normalise_phone(value: str) -> str:
    """'+84 912.345.678' -> '0912345678'."""
    digits = re.sub(r"[\s.\-()]", "", value or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    return digits


MOBILE_MESSAGE = (
    "Để nhận tin nhắn SMS hoặc Zalo, số điện thoại phải là số di động Việt Nam: 10 chữ số, bắt đầu bằng "
    "03, 05, 07, 08 hoặc 09 (ví dụ 0912 345 678)."
)
_MOBILE_RE = re.compile(r"^0[35789]\d{8}$")


def is_mobile(value: str) -> bool:
    """A Vietnamese mobile number (after normalise_phone): 03x, 05x, 07x, 08x, 09x + 7 digits."""
    return bool(_MOBILE_RE.match(normalise_phone(value)))


def validate_id_number(value: str) -> None:
    if not _ID_RE.match(normalise_id_number(value)):
        raise ValidationError(ID_NUMBER_MESSAGE, code="id_number")


def validate_phone(value: str) -> None:
    if not _PHONE_RE.match(normalise_phone(value)):
        raise ValidationError(PHONE_MESSAGE, code="phone")


# --- personal names, birth dates and free text (issue 15) ---------------------------------------

NAME_MAX = 120  # Dossier.full_name
EARLIEST_BIRTH_DATE = dt.date(1900, 1, 1)
NAME_MESSAGE = "Họ và tên phải có chữ cái và chỉ gồm chữ cái, dấu cách và các dấu . ' - ( )."
_NAME_PUNCTUATION = set(" .'’-()")


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def too_long(label: str, limit: int, length: int) -> str:
    return f"{label} quá dài: tối đa {_thousands(limit)} ký tự (đang có {_thousands(length)} ký tự)."


def normalise_name(value: str) -> str:
    """NFC, without invisible format characters (zero-width spaces, joiners), single spaces."""
    text = "".join(ch for ch in value or "" if unicodedata.category(ch) != "Cf")
    return " ".join(unicodedata.normalize("NFC", text).split())


def normalise_text(value: str) -> str:
    """NFC (what Vietnamese keyboards on some systems send as NFD) without surrounding spaces."""
    return unicodedata.normalize("NFC", value or "").strip()


def validate_person_name(value: str, label: str = "Họ và tên") -> None:
    """A person's name as typed: letters (with Vietnamese marks), spaces and . ' - ( ) only."""
    if has_control(value or ""):
        raise ValidationError(CONTROL_MESSAGE, code="control")
    name = normalise_name(value)
    if len(name) > NAME_MAX:
        raise ValidationError(too_long(label, NAME_MAX, len(name)), code="max_length")
    if not any(unicodedata.category(ch).startswith("L") for ch in name):
        raise ValidationError(NAME_MESSAGE, code="name")
    for ch in name:
        if ch not in _NAME_PUNCTUATION and unicodedata.category(ch)[0] not in "LM":
            raise ValidationError(NAME_MESSAGE, code="name")


def validate_birth_date(value: dt.date | None, today: dt.date) -> None:
    if value is None:
        return
    if value > today:
        raise ValidationError("Ngày sinh không thể sau ngày hôm nay.", code="birth_date")
    if value < EARLIEST_BIRTH_DATE:
        raise ValidationError("Ngày sinh không hợp lệ: không thể trước năm 1900.", code="birth_date")


# Free text a person types, by the parameter it comes in (intake and dossiers.actions): the most
# characters it may have, its label in messages, and whether it is one line (no tab or line break).
TEXT_LIMITS: dict[str, tuple[int, str, bool]] = {
    "note": (2000, "Ghi chú", False),
    "reason": (2000, "Lý do", False),
    "reasons": (2000, "Lý do từ chối", False),
    "refusal_reasons": (2000, "Lý do từ chối tiếp nhận", False),
    "override_reason": (2000, "Lý do lãnh đạo cho phép", False),
    "returned_to": (200, "Người nhận kết quả", True),
    "responsible_unit": (200, "Đơn vị chịu trách nhiệm", True),
    "responsible_person": (120, "Người chịu trách nhiệm", True),
    "address": (300, "Địa chỉ", True),
    "organisation_name": (200, "Tổ chức, doanh nghiệp", True),
    "channel_ref": (60, "Mã hồ sơ trên Cổng / số hiệu bưu gửi", True),
    "email": (254, "Thư điện tử", True),
    "missing": (300, "Tên giấy tờ cần bổ sung", True),  # each paper of the list
    "parcel_number": (40, "Số hiệu bưu gửi", True),
    "carrier": (120, "Đơn vị chuyển phát", True),
    "room": (120, "Phòng tổ chức lễ", True),
}
MISSING_MAX_ITEMS = 30


def text_error(name: str, value) -> str | None:
    """The Vietnamese message when `value` breaks the limits of parameter `name`, else None."""
    limit, label, one_line = TEXT_LIMITS[name]
    text = "" if value is None else str(value)
    if has_control(text, free_text=not one_line):
        return f"{label}: {CONTROL_MESSAGE[0].lower()}{CONTROL_MESSAGE[1:]}"
    if len(text) > limit:
        return too_long(label, limit, len(text))
    return None


def missing_error(items) -> str | None:
    """The message when a list of papers to supplement is too long or has a bad item, else None."""
    items = [i for i in items if str(i or "").strip()]
    if len(items) > MISSING_MAX_ITEMS:
        return f"Danh sách giấy tờ cần bổ sung quá dài: tối đa {MISSING_MAX_ITEMS} giấy tờ."
    return next((e for e in (text_error("missing", i) for i in items) if e), None)


def params_error(params) -> str | None:
    """The first broken limit among the known text parameters of an action (a dict or a QueryDict)."""
    for name in TEXT_LIMITS:
        if name == "missing":
            values = params.getlist(name) if hasattr(params, "getlist") else params.get(name) or []
            values = [values] if isinstance(values, str) else list(values)
            if any(has_control(str(v), free_text=True) for v in values):
                return f"{TEXT_LIMITS[name][1]}: {CONTROL_MESSAGE[0].lower()}{CONTROL_MESSAGE[1:]}"
            error = missing_error([line for v in values for line in str(v).splitlines()])
        else:
            error = text_error(name, params.get(name))
        if error:
            return error
    return None
