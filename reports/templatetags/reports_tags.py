from django import template

register = template.Library()


@register.filter
def figure(nested: dict, key: str):
    """{{ data.bieu_ii06a|figure:"received.total" }}"""
    for part in key.split("."):
        nested = nested[part]
    return nested


@register.filter
def isodate(value: str) -> str:
    """'2026-06-15' -> '15/6/2026'... written with leading zeros: '15/06/2026'."""
    import datetime as dt

    return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
