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


_DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


def _three(n: int, full: bool) -> str:
    """Words for 0 < n < 1000; `full` writes 'không trăm' / 'lẻ' as inside a larger number."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and (hundreds or full):
            words.append("lẻ")
    elif tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens > 1:
            words.append("mốt")
        elif units == 5 and tens > 0:
            words.append("lăm")
        elif units == 4 and tens > 1:
            words.append("tư")
        else:
            words.append(_DIGITS[units])
    return " ".join(words)


@register.filter
def vn_amount_words(amount) -> str:
    """12500 → 'Mười hai nghìn năm trăm đồng' (the "bằng chữ" line of a receipt)."""
    n = int(amount or 0)
    if n == 0:
        return "Không đồng"
    groups = []
    while n:
        groups.append(n % 1000)
        n //= 1000
    units = ["", "nghìn", "triệu", "tỷ", "nghìn tỷ"]
    words = []
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        if g:
            words.append(_three(g, full=i < len(groups) - 1))
            if units[i]:
                words.append(units[i])
    text = " ".join(words) + " đồng"
    return text[0].upper() + text[1:]


@register.filter
def vn_money(value) -> str:
    """12000 -> '12.000' (Vietnamese thousands separator)."""
    try:
        return f"{int(value):,}".replace(",", ".")
    except (TypeError, ValueError):
        return ""
