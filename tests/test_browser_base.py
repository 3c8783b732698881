"""The base UI in a real browser: login on a phone, navigation by role."""

import pytest

from tests.conftest import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leader_logs_in_on_a_phone(phone_page, live_server, demo):
    login(phone_page, live_server, "duc-thanh.leader")
    phone_page.wait_for_selector("text=Xin chào")
    assert "UBND xã Đức Thạnh" in phone_page.content()
    # Nothing overflows a 390 px screen.
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    screenshot(phone_page, "base-leader-phone")


def test_wrong_password_says_so_in_vietnamese(phone_page, live_server, demo):
    phone_page.goto(f"{live_server.url}/dang-nhap/")
    phone_page.fill("input[name=username]", "duc-thanh.clerk")
    phone_page.fill("input[name=password]", "sai-mat-khau")
    phone_page.click("button[type=submit]")
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in phone_page.content()


def test_supervisor_navigates_to_an_office(desktop_page, live_server, demo):
    login(desktop_page, live_server, "noi-vu.supervisor")
    desktop_page.click("nav >> text=Đơn vị")
    desktop_page.click("text=UBND xã Luận Thành")
    desktop_page.wait_for_selector("text=Giờ làm việc")
    screenshot(desktop_page, "base-supervisor-office")
