"""Validators and normalisers for applicant data (identity numbers, Vietnamese phones)."""

import re

from django.core.exceptions import ValidationError

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


def validate_id_number(value: str) -> None:
    if not _ID_RE.match(normalise_id_number(value)):
        raise ValidationError(ID_NUMBER_MESSAGE, code="id_number")


def validate_phone(value: str) -> None:
    if not _PHONE_RE.match(normalise_phone(value)):
        raise ValidationError(PHONE_MESSAGE, code="phone")
