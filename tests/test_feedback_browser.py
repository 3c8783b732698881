"""The public feedback form on a 390 px phone (issue 17): bad input answered in place, then sent;
the secretary's item page on a desktop."""

import pytest

from dossiers.models_citizen import Feedback
from tests.conftest import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_feedback_form_on_a_phone_and_the_item_for_the_secretary(phone_page, desktop_page, live_server, demo):
    page = phone_page
    page.goto(f"{live_server.url}/gop-y/duc-thanh/")
    assert page.inner_text("h1") == "Phản ánh, kiến nghị"
    assert no_sideways_scroll(page)
    screenshot(page, "feedback-form-phone")
    # Empty content: a clear message, nothing saved.
    page.click("button[type=submit]")
    page.wait_for_selector(".error")
    assert "Cần ghi nội dung phản ánh, kiến nghị." in page.inner_text("form")
    assert not Feedback.objects.exists()
    # A landline for a reply by SMS: refused with the mobile rule.
    page.check("input[name=about][value=staff]")
    page.fill("#about_staff", "Quầy số 1")
    page.fill("#content", "Cán bộ quầy số 1 hướng dẫn rất nhiệt tình, xin cảm ơn.")
    page.fill("#phone", "0276 3822 111")
    page.check("input[name=reply_channel][value=sms]")
    page.click("button[type=submit]")
    page.wait_for_selector(".field-error")
    assert "số di động Việt Nam" in page.inner_text("form")
    screenshot(page, "feedback-form-phone-error")
    page.fill("#phone", "0912 345 678")
    page.click("button[type=submit]")
    page.wait_for_selector(".ok")
    item = Feedback.objects.get()
    assert f"Đã nhận phản ánh, kiến nghị số {item.number}" in page.inner_text(".ok")
    assert "0912" not in page.url and no_sideways_scroll(page)
    screenshot(page, "feedback-form-phone-sent")

    login(desktop_page, live_server, "duc-thanh.secretary")
    desktop_page.goto(f"{live_server.url}/phan-anh/")
    desktop_page.click(f"text={item.number}")
    desktop_page.select_option("#category", "praise")
    desktop_page.click("form[action$='phan-loai/'] button")
    desktop_page.wait_for_selector("text=Đã phân loại phản ánh")
    screenshot(desktop_page, "feedback-item-desktop")
    item.refresh_from_db()
    assert item.category == "praise"


def test_the_dossier_page_shows_what_the_citizen_was_sent(
    desktop_page, live_server, demo, settings, tmp_path
):
    from django.utils import timezone

    from dossiers import outbox
    from mocua.models import Office
    from tests.dossier_helpers import marriage_status_procedure, received_dossier

    settings.MOCUA_NOTIFY_FILE_DIR = str(tmp_path / "outbox")
    settings.MEDIA_ROOT = tmp_path / "media"
    office = Office.objects.get(slug="duc-thanh")
    d = received_dossier(
        office, marriage_status_procedure(office), notify_consent=True, notify_channels=["sms", "zalo"]
    )
    outbox.sweep(timezone.now())
    login(desktop_page, live_server, "duc-thanh.clerk")
    desktop_page.goto(f"{live_server.url}/ho-so/{d.code}/")
    desktop_page.click("details summary >> nth=0")  # open the SMS to read its text
    card = desktop_page.inner_text("text=Thông báo cho người dân >> xpath=..")
    assert "Tin nhắn SMS, Zalo" in card and "Đã gửi" in card and "da tiep nhan ho so" in card
    screenshot(desktop_page, "dossier-page-outbox")
