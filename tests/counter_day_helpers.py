"""Helpers for the counter-day browser tests (issue 16): pages at the two widths the counter and
the phone use, and screenshots of both."""

import datetime as dt

import pytest

from tests.conftest import VN, login, screenshot

WIDTHS = {"desktop": (1366, 768), "phone": (390, 844)}
THURSDAY_0930 = dt.datetime(2026, 11, 26, 9, 30, tzinfo=VN)  # a working day, no same-day model
WEDNESDAY_1437 = dt.datetime(2026, 11, 25, 14, 37, tzinfo=VN)  # Đức Thạnh's no-appointment day


@pytest.fixture
def two_pages(browser):
    """{'desktop': page 1366×768, 'phone': page 390×844}, each in its own context."""
    contexts = {}
    pages = {}
    for name, (width, height) in WIDTHS.items():
        contexts[name] = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
        pages[name] = contexts[name].new_page()
    yield pages
    for context in contexts.values():
        context.close()


def login_both(pages: dict, live_server, username: str) -> None:
    for page in pages.values():
        login(page, live_server, username)


def shoot_both(pages: dict, name: str) -> None:
    """Screenshots `<name>-1366.png` and `<name>-390.png`; the phone page must not scroll sideways."""
    for kind, page in pages.items():
        width = WIDTHS[kind][0]
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name}: wider than {width}"
        screenshot(page, f"{name}-{width}")
