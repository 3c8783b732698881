"""At xã Đức Thạnh on a Wednesday: a same-day dossier at 14:50, approved on a phone, returned;
at 15:05 the same intake is normal with a due date."""

import datetime as dt
import re

import pytest
import time_machine
from django.utils import timezone

from dossiers import workflow
from dossiers.models import Dossier, PaperKind, Status, Track
from mocua.models import Office
from tests.conftest import VN, login, screenshot
from tests.dossier_helpers import marriage_status_procedure, no_appointment_day, staff

WEDNESDAY_1450 = dt.datetime(2026, 11, 25, 14, 50, tzinfo=VN)
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def receive_at_the_counter(page, live_server, proc):
    page.goto(f"{live_server.url}/ho-so/tiep-nhan/")
    page.fill("#procedure-search", "xac nhan tinh trang hon")  # no diacritics typed
    page.wait_for_selector("#procedure-results .active")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Người nộp")
    page.fill("input[name=full_name]", "Nguyễn Thị Hồng Nhung")
    page.fill("input[name=id_number]", "051190001234")
    page.fill("input[name=phone]", "0912 345 678")
    page.fill("input[name=address]", "Thôn 1, xã Đức Thạnh")


def test_same_day_dossier_from_counter_to_phone_and_back(
    browser, desktop_page, phone_page, live_server, demo
):
    from models_catalog import demo as catalog_demo

    catalog_demo.load()  # the starter catalog and Đức Thạnh's "Ngày không hẹn" (Wednesdays, 15:00)
    office = Office.objects.get(slug="duc-thanh")
    proc = office.procedures.get(code__startswith="1.004873")
    clerk_page = desktop_page
    with time_machine.travel(WEDNESDAY_1450, tick=True) as traveller:
        login(clerk_page, live_server, "duc-thanh.clerk")
        receive_at_the_counter(clerk_page, live_server, proc)
        banner = clerk_page.inner_text(".alert-success")
        assert "Ngày không hẹn" in banner and "15:00" in banner
        screenshot(clerk_page, "dossier-intake-same-day")
        clerk_page.click("button[value=receive]")
        clerk_page.wait_for_selector("text=trả kết quả trong ngày")
        screenshot(clerk_page, "dossier-received-same-day")
        d = Dossier.objects.get()
        assert d.track == Track.SAME_DAY and d.reform_model is not None
        assert re.fullmatch(r"000\.21\.53\.H48-261125-0001", d.code)
        # The citizen takes home a receipt for a result today, not an appointment slip.
        # (and, for a procedure with a fee, the fee receipt the counter form records by default)
        receipt = d.papers.exclude(kind=PaperKind.FEE_RECEIPT).get()
        assert receipt.kind == PaperKind.RECEIPT and "trả kết quả trong ngày" in receipt.title
        assert "Giấy tiếp nhận hồ sơ và trả kết quả trong ngày" in clerk_page.content()
        tracking_path = receipt_tracking_path(receipt)

        d = workflow.assign(staff("duc-thanh.clerk"), d, staff("duc-thanh.specialist"))
        d = workflow.start(staff("duc-thanh.specialist"), d)
        workflow.submit(staff("duc-thanh.specialist"), d)

        login(phone_page, live_server, "duc-thanh.leader")
        phone_page.goto(f"{live_server.url}/ho-so/trinh-ky/")
        card = phone_page.locator(f"[data-code='{d.code}']")
        assert card.locator("[data-same-day]").inner_text() == "Trong ngày" and "còn" in card.inner_text()
        assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
        screenshot(phone_page, "dossier-leader-queue-phone")
        card.locator("button", has_text="Phê duyệt").click()
        phone_page.wait_for_selector("text=Phê duyệt: " + d.code)
        screenshot(phone_page, "dossier-leader-approved-phone")
        d.refresh_from_db()
        assert d.status == Status.APPROVED

        workflow.ready(staff("duc-thanh.specialist"), d)
        clerk_page.goto(f"{live_server.url}/ho-so/{d.code}/")
        clerk_page.click("text=Trả kết quả…")
        clerk_page.click("text=Xác nhận đã trả kết quả")
        clerk_page.wait_for_selector("text=Đã trả kết quả hồ sơ")
        screenshot(clerk_page, "dossier-returned")
        d.refresh_from_db()
        assert d.status == Status.RETURNED and d.outcome == "on_time"

        # The citizen scans the receipt's QR code with a phone and rates the service.
        citizen = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN").new_page()
        citizen.goto(f"{live_server.url}{tracking_path}")
        assert "Đã trả kết quả" in citizen.content() and "Nguyễn T. H. N." in citizen.content()
        assert "051190001234" not in citizen.content() and "0912345678" not in citizen.content()
        assert citizen.evaluate("document.documentElement.scrollWidth") <= 390
        citizen.check("input[name=score][value='5']")
        citizen.fill("textarea[name=comment]", "Nhận kết quả ngay trong buổi chiều, cán bộ rất nhiệt tình.")
        screenshot(citizen, "dossier-citizen-rating-phone")
        citizen.click("text=Gửi đánh giá")
        citizen.wait_for_selector("text=Cảm ơn ông/bà đã đánh giá")
        screenshot(citizen, "dossier-citizen-rated-phone")
        assert d.rating.score == 5 and "nhiệt tình" in d.rating.comment
        assert "Gửi đánh giá" not in citizen.content()  # once per dossier
        citizen.context.close()

        traveller.move_to(dt.datetime(2026, 11, 25, 15, 5, tzinfo=VN))
        receive_at_the_counter(clerk_page, live_server, proc)
        assert not clerk_page.locator(".alert-success").count()
        clerk_page.click("button[value=receive]")
        clerk_page.wait_for_selector("text=hẹn trả lúc")
        screenshot(clerk_page, "dossier-received-normal")
        late = Dossier.objects.exclude(pk=d.pk).get()
        assert late.track == Track.NORMAL and late.due_at.date() > WEDNESDAY_1450.date()
        slip = late.papers.exclude(kind=PaperKind.FEE_RECEIPT).get()
        assert (
            slip.kind == PaperKind.APPOINTMENT_SLIP
            and slip.title == "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"
        )
        assert "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" in clerk_page.content()
        when = timezone.localtime(late.due_at)
        assert f"{when:%H:%M} ngày {when:%d/%m/%Y}" in clerk_page.content()


def receipt_tracking_path(paper) -> str:
    """The path and query of the tracking URL in the QR code of a stored receipt (as a phone reads it)."""
    from urllib.parse import urlsplit

    from dossiers import papers
    from tests.pdftools import decode_qr, pdf_to_pngs

    paper = papers.ensure_rendered(paper)  # the clerk prints it at once, worker or not
    with paper.pdf.open("rb") as f:
        pngs = pdf_to_pngs(f.read(), "dossier-browser-receipt")
    urls = decode_qr(pngs[0])
    assert len(urls) == 1 and "secret=" in urls[0]
    url = urlsplit(urls[0])
    return f"{url.path}?{url.query}"


def test_worklist_and_dossier_page_fit_a_phone(phone_page, live_server, demo):
    from tests.dossier_helpers import received_dossier

    office = Office.objects.get(slug="duc-thanh")
    proc = marriage_status_procedure(office)
    no_appointment_day(office, proc)
    d = received_dossier(office, proc, received_at=WEDNESDAY_1450)  # before the 15:00 cutoff: same-day
    assert d.track == Track.SAME_DAY
    received_dossier(
        office, proc, received_at=WEDNESDAY_1450, full_name="Trần Văn An", needs_verification=True
    )
    login(phone_page, live_server, "duc-thanh.clerk")
    phone_page.goto(f"{live_server.url}/ho-so/?loc=same_day")
    assert d.code in phone_page.content() and "Trần Văn An" not in phone_page.content()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone_page, "dossier-worklist-phone")
    phone_page.click(f"text={d.code}")
    phone_page.wait_for_selector("text=Quá trình xử lý")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone_page, "dossier-detail-phone")


def test_leader_queue_with_a_letter_to_sign_on_a_phone(phone_page, live_server, demo):
    from tests.dossier_helpers import received_dossier

    office = Office.objects.get(slug="duc-thanh")
    proc = marriage_status_procedure(office)
    d = received_dossier(office, proc)
    letter = workflow.apologise(
        staff("duc-thanh.specialist"),
        d,
        reason="Chờ kết quả xác minh của Công an xã",
        responsible_unit="Công chức Tư pháp - Hộ tịch",
        responsible_person="Lê Văn Hùng",
        new_due_at=d.due_at + dt.timedelta(days=2),
    )
    login(phone_page, live_server, "duc-thanh.leader")
    phone_page.goto(f"{live_server.url}/ho-so/trinh-ky/")
    assert "Phiếu xin lỗi chờ ký" in phone_page.content()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone_page, "dossier-leader-letter-phone")
    phone_page.click("text=Ký phiếu xin lỗi")
    phone_page.wait_for_selector("text=Đã ký phiếu xin lỗi số 1/PXL")
    letter.refresh_from_db()
    assert letter.status == "signed"
