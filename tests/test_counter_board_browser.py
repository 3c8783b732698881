"""The counter board on a TV (issue 16, point 10): at 1920×1080 and 1366×768 it fits the screen with
large type — the models of today with the procedures they cover and a countdown to the cutoff, who
is on duty, today's counts, large QR codes — and outside hours it says when the counter opens next."""

import datetime as dt

import pytest
import time_machine

from mocua.models import Office
from schedules.models import Shift
from schedules.roster import generate_month
from tests.conftest import VN, screenshot
from tests.dossier_helpers import received_dossier

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WEDNESDAY_1420 = dt.datetime(2026, 11, 25, 14, 20, tzinfo=VN)
SCREENS = [(1920, 1080), (1366, 768)]


@pytest.fixture
def office(catalog):
    office = Office.objects.get(slug="duc-thanh")
    generate_month(office, 2026, 11)
    return office


def tv(browser, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
    return context, context.new_page()


def px(page, selector, prop="font-size") -> float:
    return float(page.eval_on_selector(selector, f"e => getComputedStyle(e)['{prop}']").removesuffix("px"))


def test_board_on_a_tv_during_a_no_appointment_day(browser, live_server, office):
    proc = office.procedures.get(code__startswith="1.004873")
    with time_machine.travel(WEDNESDAY_1420 - dt.timedelta(hours=5), tick=False):
        received_dossier(office, proc)
    with time_machine.travel(WEDNESDAY_1420 - dt.timedelta(hours=4), tick=False):
        received_dossier(office, proc)
    shift = Shift.objects.select_related("counter_staff", "volunteer__organisation", "leader").get(
        office=office, date=WEDNESDAY_1420.date(), start__lte=WEDNESDAY_1420, end__gt=WEDNESDAY_1420
    )
    url = f"{live_server.url}/thu-tuc/{office.slug}/tai-quay/"
    with time_machine.travel(WEDNESDAY_1420, tick=False):
        for width, height in SCREENS:
            context, page = tv(browser, width, height)
            page.goto(url)
            text = page.inner_text("body")
            # The model of the day names the procedure it covers, with the countdown to its cutoff.
            model = page.locator(".board-model", has_text="Ngày không hẹn")
            assert "Cấp Giấy xác nhận tình trạng hôn nhân" in model.inner_text()
            assert "Áp dụng cho mọi thủ tục" not in model.inner_text()
            assert "còn 40 phút" in page.inner_text(".board-countdown")
            # Who is on duty: staff, volunteer with organisation, leader.
            duty = page.inner_text(".board-duty")
            for name in (
                shift.counter_staff.full_name,
                shift.volunteer.full_name,
                shift.volunteer.organisation.name,
                shift.leader.full_name,
            ):
                assert name in duty
            assert "2 hồ sơ đã tiếp nhận" in " ".join(page.inner_text(".board-counts").split())
            assert "Đang tiếp nhận hồ sơ" in text
            # Readable across the room, and the whole board on the screen without scrolling.
            screenshot(page, f"counter-board-{width}")
            assert px(page, ".board-left") >= 0.028 * width
            assert px(page, ".board-duty dd") >= 0.018 * width
            assert px(page, "body") >= 0.0135 * width
            qr = page.eval_on_selector(".board-qr svg", "e => e.getBoundingClientRect().width")
            assert qr >= 0.1 * width
            assert page.evaluate("document.documentElement.scrollHeight") <= height
            assert page.locator("meta[http-equiv=refresh]").count() == 1  # refreshes without a script
            assert page.locator("script").count() == 0
            context.close()


def test_board_outside_hours_says_when_the_counter_opens(browser, live_server, office):
    url = f"{live_server.url}/thu-tuc/{office.slug}/tai-quay/"
    with time_machine.travel(dt.datetime(2026, 11, 27, 18, 5, tzinfo=VN), tick=False):  # Friday evening
        for width, height in [*SCREENS, (390, 844)]:
            context, page = tv(browser, width, height)
            page.goto(url)
            screenshot(page, f"counter-board-closed-{width}")
            status = " ".join(page.inner_text(".board-status").split())
            assert "Ngoài giờ tiếp nhận" in status
            assert "mở cửa lúc 07:30 Thứ Hai, 30/11/2026" in status  # Saturday and Sunday closed
            if width > 800:
                assert page.evaluate("document.documentElement.scrollHeight") <= height
            context.close()
