from django import template

from mocua.qr import qr_svg

register = template.Library()


@register.simple_tag
def qrcode_svg(data: str):
    """{% qrcode_svg url %} → an inline <svg> QR code."""
    return qr_svg(data)


@register.filter
def vn_date_line(value, place: str = ""):
    """'Đức Thạnh, ngày 05 tháng 02 năm 2026' — NĐ 30/2020: day < 10 and months 1–2 padded."""
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    line = f"ngày {value.day:02d} tháng {month} năm {value.year}"
    return f"{place}, {line}" if place else line
