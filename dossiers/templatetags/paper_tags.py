"""Filters for papers: times and dates written out the Vietnamese official way."""

from django import template
from django.utils import timezone
from django.utils.html import format_html

register = template.Library()


@register.filter
def vn_datetime(value, lines: str = "") -> str:
    """'14 giờ 05 phút, ngày 18/11/2026' (local time); `vn_datetime:"2"` puts the date on a line of
    its own (for narrow table cells)."""
    if not value:
        return ""
    local = timezone.localtime(value)
    if lines == "2":
        return format_html("{} giờ {} phút,<br>ngày {}", f"{local:%H}", f"{local:%M}", f"{local:%d/%m/%Y}")
    return f"{local:%H} giờ {local:%M} phút, ngày {local:%d/%m/%Y}"


@register.filter
def vn_day(value) -> str:
    """'ngày 18 tháng 11 năm 2026' (local date)."""
    if not value:
        return ""
    day = timezone.localdate(value) if hasattr(value, "hour") else value
    return f"ngày {day:%d} tháng {day:%m} năm {day.year}"


@register.filter
def vn_money(value) -> str:
    """12000 -> '12.000' (Vietnamese thousands separator)."""
    try:
        return f"{int(value):,}".replace(",", ".")
    except (TypeError, ValueError):
        return ""
