"""In Chromium, at 1366 and 390 px: the intake's fee block, the cash book page, and the public
verification page answering a signed letter and a file that is not a PDF (issue 20)."""

import datetime as dt

import pytest

from dossiers import papers, signing
from mocua.models import Office
from tests.conftest import VN, login, screenshot
from tests.dossier_helpers import received_dossier
from tests.fee_helpers import MERIT, cash, exemption, fee_procedure
from tests.signing_helpers import certificates, signed_apology

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TODAY = dt.datetime.now(VN).replace(hour=9, minute=0, second=0, microsecond=0)


@pytest.fixture(params=[(1366, 900), (390, 844)], ids=["1366", "390"])
def page(browser, request):
    context = browser.new_context(
        viewport={"width": request.param[0], "height": request.param[1]}, locale="vi-VN"
    )
    p = context.new_page()
    p.width = request.param[0]
    yield p
    context.close()


def test_intake_fee_block_and_cash_book(page, live_server, demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    office = Office.objects.get(slug="duc-thanh")
    proc = fee_procedure(office)
    for i, fee in enumerate(
        [cash(), cash(7500, exemption=exemption(proc, MERIT).pk), cash(method="post", reference="EMS1")]
    ):
        received_dossier(office, proc, received_at=TODAY + dt.timedelta(minutes=10 * i), fee=fee)
    login(page, live_server, "duc-thanh.clerk")
    page.goto(f"{live_server.url}/ho-so/tiep-nhan/?thu_tuc={proc.code}")
    page.wait_for_selector("#fee-block")
    assert "15.000 đồng" in page.inner_text("#fee-block")
    screenshot(page, f"fees-intake-{page.width}")
    page.goto(f"{live_server.url}/ho-so/so-thu-phi/?ngay={TODAY:%d/%m/%Y}")
    assert page.inner_text("#cash-book-total") == "37.500"
    screenshot(page, f"fees-cash-book-{page.width}")


def test_public_verification_page(page, live_server, demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    certificates(settings, tmp_path, "duc-thanh")
    _, _, paper = signed_apology()
    papers.render(paper.pk)
    signing.sign_paper(paper.pk)
    page.goto(f"{live_server.url}/xac-minh/{signing.verify_token(paper)}/")
    assert "Chữ ký số hợp lệ" in page.inner_text("main")
    screenshot(page, f"verify-paper-{page.width}")
    bad = tmp_path / "khong-phai-pdf.pdf"
    bad.write_bytes(b"day khong phai la PDF")
    page.goto(f"{live_server.url}/xac-minh/")
    page.set_input_files("#tep", str(bad))
    page.click("button[type=submit]")
    page.wait_for_selector("#verify-error")
    assert "không phải là tệp PDF" in page.inner_text("#verify-error")
    screenshot(page, f"verify-not-pdf-{page.width}")
