"""The calendar and roster pages in a real browser, on a 390 px phone."""

import pytest

from tests.conftest import screenshot
from tests.test_browser_base import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretary_generates_and_reads_the_roster_on_a_phone(phone_page, live_server, demo):
    from schedules.demo import load

    load()
    login(phone_page, live_server, "duc-thanh.secretary")
    phone_page.wait_for_selector("text=Xin chào")
    phone_page.goto(f"{live_server.url}/lich-truc/?thang=2026-12")
    phone_page.click("text=Lập lịch trực tháng này")
    phone_page.wait_for_selector("text=Đã lập lịch trực tháng 12/2026")
    assert "Lịch trực tháng này không có xung đột." in phone_page.content()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone_page, "schedules-roster-phone")
    phone_page.goto(f"{live_server.url}/lich-lam-viec/?thang=2026-02")
    phone_page.wait_for_selector("text=Tết Nguyên đán Bính Ngọ")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone_page, "schedules-calendar-phone")
    phone_page.goto(f"{live_server.url}/lich-truc/nguoi-truc/")
    phone_page.fill("input[name=full_name]", "Mai Văn Tư")
    phone_page.select_option("select[name=organisation]", index=1)
    phone_page.click("text=Thêm >> nth=-1")
    phone_page.wait_for_selector("text=Đã thêm thành viên trực.")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone_page, "schedules-people-phone")
