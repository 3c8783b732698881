"""Issue 18 in a real browser at 1366 and 390 px: an outreach session scheduled and shown publicly,
a ceremony scheduled from the dossier page, the ceremony list and the return screen by post."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.conftest import screenshot
from tests.test_browser_base import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def wide_page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    page = context.new_page()
    yield page
    context.close()


def _fits(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_outreach_ceremony_and_postal_return_in_the_browser(
    wide_page, phone_page, live_server, demo, settings
):
    from mocua.models import Office, Staff
    from models_catalog import demo as catalog_demo
    from schedules import calendar as cal
    from tests.dossier_helpers import moved_to, received_dossier

    settings.MEDIA_ROOT = str(settings.BASE_DIR / "var" / "test-media-browser18")
    catalog_demo.load()
    office = Office.objects.get(slug="sa-dec-p1")
    today = timezone.localdate()
    day = today if cal.day_status(office, today).open_for_intake else cal.next_working_day(office, today)
    login(wide_page, live_server, "sa-dec-p1.secretary")
    wide_page.goto(f"{live_server.url}/lich-luu-dong/?thang={day:%Y-%m}")
    wide_page.select_option("select[name=kind]", "civil_registration")
    wide_page.fill("input[name=place]", "Văn phòng khóm 1")
    wide_page.fill("input[name=address]", "Đường Nguyễn Huệ, khóm 1")
    wide_page.fill("input[name=date]", f"{day:%d/%m/%Y}")
    wide_page.fill("input[name=start]", "07:30")
    wide_page.fill("input[name=end]", "11:00")
    spec = Staff.objects.get(user__username="sa-dec-p1.specialist")
    wide_page.check(f"input[name=staff][value='{spec.pk}']")
    wide_page.click("text=Lưu buổi lưu động")
    wide_page.wait_for_selector(f"text=Đã lập buổi lưu động ngày {day:%d/%m/%Y}")
    screenshot(wide_page, "outreach-month-1366")
    _fits(wide_page, 1366)
    phone_page.goto(f"{live_server.url}/lich-luu-dong/don-vi/sa-dec-p1/")
    phone_page.wait_for_selector("text=Văn phòng khóm 1")
    screenshot(phone_page, "outreach-public-390")
    _fits(phone_page, 390)

    if day == today:  # a dossier received at today's session, through the intake screen
        login(phone_page, live_server, "sa-dec-p1.clerk")
        birth = office.procedures.get(code__startswith="1.001193")
        phone_page.goto(f"{live_server.url}/ho-so/tiep-nhan/?thu_tuc={birth.code}")
        phone_page.fill("input[name=full_name]", "Trần Văn Khang")
        phone_page.fill("input[name=id_number]", "087190012345")
        phone_page.fill("input[name=phone]", "0918123456")
        phone_page.fill("input[name=address]", "Khóm 1, Phường 1")
        phone_page.select_option("select[name=outreach_session]", index=1)
        screenshot(phone_page, "outreach-intake-390")
        phone_page.click("button[value=receive]")
        phone_page.wait_for_selector("text=Nơi tiếp nhận")
        phone_page.click("text=Hộ tịch lưu động — Văn phòng khóm 1")
        phone_page.wait_for_selector("text=Hồ sơ tiếp nhận tại buổi (1)")
        screenshot(phone_page, "outreach-session-390")
        _fits(phone_page, 390)
        phone_page.context.clear_cookies()
    marriage = office.procedures.get(code__startswith="1.000894")
    d = moved_to(received_dossier(office, marriage), "approved")
    login(phone_page, live_server, "sa-dec-p1.clerk")
    phone_page.goto(f"{live_server.url}/ho-so/{d.code}/")
    phone_page.click("text=Hẹn lễ trao Giấy chứng nhận kết hôn")
    phone_page.fill("input[name=ceremony_date]", f"{day + dt.timedelta(days=2):%d/%m/%Y}")
    phone_page.fill("input[name=ceremony_time]", "09:00")
    phone_page.fill("input[name=room]", "Hội trường UBND Phường 1")
    phone_page.select_option("select[name=leader]", index=1)
    phone_page.click("text=Hẹn lễ và in giấy mời")
    phone_page.wait_for_selector("text=Đã lập giấy mời dự lễ trao Giấy chứng nhận kết hôn")
    screenshot(phone_page, "ceremony-scheduled-390")
    _fits(phone_page, 390)
    wide_page.context.clear_cookies()
    login(wide_page, live_server, "sa-dec-p1.clerk")
    wide_page.goto(f"{live_server.url}/ho-so/le-ket-hon/")
    wide_page.wait_for_selector("text=Hội trường UBND Phường 1")
    screenshot(wide_page, "ceremonies-1366")

    post = moved_to(
        received_dossier(office, office.procedures.get(code__startswith="2.000815")), "result_ready"
    )
    wide_page.goto(f"{live_server.url}/ho-so/{post.code}/tra-ket-qua/")
    wide_page.click("text=Trả qua bưu chính")
    wide_page.check("input[name=by_post]")
    wide_page.click("text=Xác nhận đã trả kết quả")
    wide_page.wait_for_selector("text=cần số hiệu bưu gửi")
    screenshot(wide_page, "postal-return-refused-1366")
    assert wide_page.is_checked("input[name=by_post]")  # the form keeps what was typed
    wide_page.fill("input[name=parcel_number]", "EB552399VN")
    wide_page.click("text=Xác nhận đã trả kết quả")
    wide_page.wait_for_selector("text=EB552399VN")
    screenshot(wide_page, "postal-return-done-1366")
