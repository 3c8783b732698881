"""The ticket queue in a real browser, on a "không chờ" Tuesday at Sa Đéc Phường 1: a citizen takes a
number at the kiosk (1366 px touch screen and a 390 px phone), prints it with the browser, a counter
seat calls and serves it, the public display shows it, and the report shows the promise kept."""

import datetime as dt

import pytest
import time_machine

from dossiers.models import Ticket, TicketStatus
from tests.conftest import ARTIFACTS, VN, login, screenshot
from tests.test_browser_csp import Watched

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TUESDAY_0855 = dt.datetime(2026, 11, 24, 8, 55, tzinfo=VN)


@pytest.fixture
def pages(browser):
    made = []

    def make(width: int, height: int) -> Watched:
        made.append(Watched(browser, viewport={"width": width, "height": height}, has_touch=True))
        return made[-1]

    yield make
    for w in made:
        w.context.close()


def fits(page, width: int) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_no_wait_day_from_kiosk_to_display_and_report(pages, live_server, demo):
    from models_catalog import demo as catalog_demo

    catalog_demo.load()  # Sa Đéc Phường 1's "Ngày thứ Ba và thứ Sáu không chờ", 15 minutes
    base = live_server.url
    kiosk, phone = pages(1366, 768), pages(390, 844)
    staff, staff_phone = pages(1366, 900), pages(390, 844)
    with time_machine.travel(TUESDAY_0855, tick=True) as traveller:
        kiosk.visit(f"{base}/hang-doi/sa-dec-p1/lay-so/")
        page = kiosk.page
        assert "được gọi trong vòng 15 phút" in page.content()
        assert page.locator("button.kiosk-button").count() >= 5
        height = page.locator("button.kiosk-button").first.bounding_box()["height"]
        assert height >= 80  # large enough for a finger
        screenshot(page, "queue-kiosk-1366")
        page.click("button.kiosk-button:has-text('Hộ tịch')")
        page.wait_for_selector(".ticket-number")
        assert page.inner_text(".ticket-number") == "001"
        assert "chậm nhất lúc 09:10" in page.content()
        screenshot(page, "queue-ticket-1366")
        page.emulate_media(media="print")
        assert not page.locator(".ticket-actions").is_visible() and not page.locator("header").is_visible()
        screenshot(page, "queue-ticket-print")
        pdf = page.pdf(prefer_css_page_size=True)  # what the browser's print sends to the printer
        (ARTIFACTS / "queue-ticket-print.pdf").write_bytes(pdf)
        page.emulate_media(media="screen")
        kiosk.assert_clean("kiosk and ticket")

        phone.visit(f"{base}/hang-doi/sa-dec-p1/lay-so/")
        assert fits(phone.page, 390)
        screenshot(phone.page, "queue-kiosk-390")
        phone.page.click("button.kiosk-button:has-text('Chứng thực')")
        phone.page.wait_for_selector(".ticket-number")
        assert phone.page.inner_text(".ticket-number") == "002" and fits(phone.page, 390)
        screenshot(phone.page, "queue-ticket-390")

        traveller.shift(dt.timedelta(minutes=6))
        login(staff.page, live_server, "sa-dec-p1.clerk")
        staff.visit(f"{base}/goi-so/")
        screenshot(staff.page, "queue-seats-1366")
        staff.visit(f"{base}/goi-so/1/")
        staff.page.click("text=Gọi số tiếp theo")
        staff.page.wait_for_selector("text=Đã gọi số 001 (Hộ tịch) đến quầy 1.")
        assert staff.page.inner_text("#current-number") == "001"
        screenshot(staff.page, "queue-seat-1366")
        staff.assert_clean("call page")

        login(staff_phone.page, live_server, "sa-dec-p1.volunteer")
        staff_phone.visit(f"{base}/goi-so/2/")
        staff_phone.page.click("text=Gọi số tiếp theo")
        staff_phone.page.wait_for_selector("text=Đã gọi số 002 (Chứng thực) đến quầy 2.")
        assert fits(staff_phone.page, 390)
        screenshot(staff_phone.page, "queue-seat-390")

        kiosk.visit(f"{base}/hang-doi/sa-dec-p1/man-hinh/")
        latest = kiosk.page.inner_text(".queue-latest")
        assert "002" in latest and "quầy 2" in latest
        assert kiosk.page.locator(".queue-serving tbody tr").count() == 2
        screenshot(kiosk.page, "queue-display-1366")
        kiosk.assert_clean("display")
        phone.visit(f"{base}/hang-doi/sa-dec-p1/man-hinh/")
        assert fits(phone.page, 390)
        screenshot(phone.page, "queue-display-390")

        traveller.shift(dt.timedelta(minutes=8))
        staff.page.click("button:has-text('Đã phục vụ xong')")
        staff.page.wait_for_selector("text=Số 001 đã được phục vụ xong.")
        staff_phone.page.click("button:has-text('Đã phục vụ xong')")
        staff_phone.page.wait_for_selector("text=Số 002 đã được phục vụ xong.")
        assert set(Ticket.objects.values_list("status", flat=True)) == {TicketStatus.DONE}

        # The report of the running quarter: the share served within the promised 15 minutes.
        leader, leader_phone = pages(1366, 900), pages(390, 844)
        login(leader.page, live_server, "sa-dec-p1.leader")
        leader.visit(f"{base}/bao-cao/sa-dec-p1/")
        leader.page.wait_for_selector("text=Thời gian chờ theo ngày")
        row = leader.page.locator("tr:has-text('24/11/2026')").first.inner_text()
        assert row.split("\t")[-1].strip() == "100,0"  # Vietnamese decimal comma
        screenshot(leader.page, "queue-report-1366")
        login(leader_phone.page, live_server, "sa-dec-p1.leader")
        leader_phone.visit(f"{base}/bao-cao/sa-dec-p1/")
        assert "Tỷ lệ đúng hẹn (%)" in leader_phone.page.content()
        screenshot(leader_phone.page, "queue-report-390")

        traveller.move_to(dt.datetime(2026, 11, 24, 17, 0, tzinfo=VN))
        phone.visit(f"{base}/hang-doi/sa-dec-p1/lay-so/")
        assert "Ngoài giờ tiếp nhận" in phone.page.inner_text(".kiosk-closed")
        screenshot(phone.page, "queue-kiosk-closed-390")
