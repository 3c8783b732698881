import datetime as dt

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
    """'2026-06-15' -> '15/06/2026'."""
    return dt.date.fromisoformat(value).strftime("%d/%m/%Y")


@register.filter
def cell_class(value) -> str:
    """'num' for numbers and dashes (right-aligned), '' for text."""
    return "num" if isinstance(value, int | float) or value == "—" else ""
