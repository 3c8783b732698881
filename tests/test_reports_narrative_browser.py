"""The narrative editor in Chromium (issue 17) at 1366 px and on a 390 px phone: the secretary
reads the pre-filled sentences, edits and saves them, gives the late cause a corrective action;
the leader approves; the page then shows the archived PDF. Screenshots in tests/artifacts/."""

import pytest
import time_machine

from reports.models import CorrectiveAction, Narrative
from tests import narrative_helpers as nh
from tests.conftest import at, login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
EDITED = "Bộ phận Một cửa trả kết quả đúng hẹn cho người dân, kể cả ngày thứ Bảy."


def _page(browser, width: int, height: int):
    return browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN").new_page()


def test_the_secretary_edits_on_a_phone_and_desktop_and_the_leader_approves(browser, live_server, demo):
    from mocua.models import Office

    office = Office.objects.get(slug="duc-thanh")
    url = f"{live_server.url}/bao-cao/duc-thanh/danh-gia/?ky={nh.Q3}"
    with time_machine.travel(at(nh.AFTER_Q3, 10), tick=True):
        nh.two_quarters(office)

        phone = _page(browser, 390, 844)
        login(phone, live_server, "duc-thanh.secretary")
        phone.goto(url)
        assert "88,9 %, tăng 8,9 điểm so với quý trước" in phone.input_value("#f-limitations")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
        phone.fill("#f-highlights", EDITED)
        screenshot(phone, "narrative-editor-390")
        phone.click("button:has-text('Lưu đánh giá')")
        phone.wait_for_selector("text=Đã lưu phần đánh giá quý III năm 2026")
        assert phone.input_value("#f-highlights") == EDITED
        screenshot(phone, "narrative-saved-390")
        phone.context.close()

        desk = _page(browser, 1366, 900)
        login(desk, live_server, "duc-thanh.secretary")
        desk.goto(url)
        desk.click("summary:has-text('Thêm biện pháp khắc phục')")
        desk.fill("#w-1", "Thống nhất với Công an xã trả lời xác minh trong 1 ngày làm việc")
        desk.fill("#p-1", "Công chức Tư pháp - Hộ tịch")
        desk.fill("#d-1", "15/10/2026")
        desk.click("button:has-text('Thêm')")
        desk.wait_for_selector("text=Đã thêm biện pháp khắc phục.")
        assert "Đang thực hiện" in desk.inner_text("[data-cause]")
        screenshot(desk, "narrative-editor-1366")
        desk.context.close()

        leader = _page(browser, 1366, 900)
        login(leader, live_server, "duc-thanh.leader")
        assert "Biện pháp khắc phục chưa hoàn thành" in leader.inner_text("body")  # the home card
        leader.goto(url)
        leader.click("button:has-text('Phê duyệt và lưu trữ')")
        leader.wait_for_selector("text=Đã phê duyệt và lưu trữ báo cáo quý III năm 2026")
        assert leader.locator("a:has-text('PDF đã lưu trữ')").count() == 1
        assert leader.locator("textarea.narrative-area").count() == 0  # only the action form is left
        screenshot(leader, "narrative-approved-1366")
        leader.context.close()

        supervisor = _page(browser, 1366, 900)
        login(supervisor, live_server, "noi-vu.supervisor")
        supervisor.goto(f"{live_server.url}/bao-cao/noi-vu/?ky={nh.Q3}")
        card = supervisor.locator("[data-office-narrative='duc-thanh']")
        assert EDITED in card.inner_text() and "88,9 %" in card.inner_text()
        card.scroll_into_view_if_needed()
        screenshot(supervisor, "narrative-area-1366")
        supervisor.context.close()

    n = Narrative.objects.get(office=office, period=nh.Q3)
    assert n.approved and n.highlights == EDITED and n.report.pdf
    assert CorrectiveAction.objects.filter(office=office).count() == 1
