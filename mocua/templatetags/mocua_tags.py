import re
import unicodedata

from django import template

from mocua.qr import qr_img, qr_svg

register = template.Library()
NBSP = "\u00a0"


@register.simple_tag
def qrcode_svg(data: str):
    """{% qrcode_svg url %} → an inline <svg> QR code."""
    return qr_svg(data)


@register.simple_tag
def qrcode_img(data: str):
    """{% qrcode_img url %} → an <img> of a PNG QR code, for papers (cheap for WeasyPrint to draw)."""
    return qr_img(data)


@register.filter
def vn_date_line(value, place: str = ""):
    """'Đức Thạnh, ngày 05 tháng 02 năm 2026' — NĐ 30/2020: day < 10 and months 1–2 padded."""
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    line = f"ngày {value.day:02d} tháng {month} năm {value.year}"
    return f"{place}, {line}" if place else line


# Administrative units that open a place name ("xã Đức Thạnh", "thành phố Sa Đéc"); longer ones first.
UNITS = ("thành phố", "thị trấn", "thị xã", "đặc khu", "phường", "huyện", "quận", "tỉnh", "xã")
_UNIT = "|".join(UNITS)
_PLACE = re.compile(rf"\b(?:{_UNIT})(?:\s+(?!(?:{_UNIT})\b)\w[\w.-]*)+", re.IGNORECASE)


@register.filter(is_safe=True)
def keep_names(value) -> str:
    """Join a place name to its unit with no-break spaces, so a header line breaks only between the
    body and the place: 'ỦY BAN NHÂN DÂN XÃ ĐỨC THẠNH' never leaves 'THẠNH' alone on a line."""
    text = unicodedata.normalize("NFC", str(value))
    return _PLACE.sub(lambda m: re.sub(r"\s+", NBSP, m.group(0)), text)
