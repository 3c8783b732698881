"""The A4 poster and the handbook: every QR code decodes to the right public page."""

import io

import pytest
from django.core.management import call_command

from mocua.models import Office
from models_catalog import selectors
from models_catalog.papers import handbook_pdf, poster_pdf
from tests.conftest import screenshot
from tests.pdftools import decode_qr, pdf_text, pdf_to_pngs


@pytest.fixture
def catalog(catalog, settings):
    settings.SITE_URL = "https://mocua.example.vn"


def expected_urls(office):
    return sorted(selectors.public_url(office, p) for p in selectors.office_procedures(office))


def decoded_urls(pdf, name):
    pages = pdf_to_pngs(pdf, name, dpi=200)  # a print scanned at 200 dpi, as issue 19 asks of papers
    return pages, sorted(url for page in pages for url in decode_qr(page))


def test_poster_qr_codes_decode_to_every_procedure_page(catalog, client):
    office = Office.objects.get(slug="duc-thanh")
    pdf = poster_pdf(office)
    pages, urls = decoded_urls(pdf, "catalog-poster-duc-thanh")
    assert urls == expected_urls(office)
    assert len(urls) >= 30 and len(pages) <= 3
    text = pdf_text(pdf, "catalog-poster-duc-thanh")
    assert "DANH MỤC THỦ TỤC HÀNH CHÍNH" in text
    assert "Ngày không hẹn" in text and "Thứ Tư" in text
    for url in urls:
        response = client.get(url.removeprefix("https://mocua.example.vn"))
        assert response.status_code == 200
        code = url.rstrip("/").rsplit("/", 1)[1]
        assert f"Mã thủ tục: {code}" in response.content.decode()


def test_handbook_qr_codes_decode(catalog):
    office = Office.objects.get(slug="sa-dec-p1")
    pdf = handbook_pdf(office)
    _, urls = decoded_urls(pdf, "catalog-handbook-sa-dec")
    assert urls == expected_urls(office)
    text = pdf_text(pdf, "catalog-handbook-sa-dec")
    assert "CẨM NANG THỦ TỤC HÀNH CHÍNH" in text
    assert "Đăng ký kết hôn “hai không”" in text


def test_poster_and_handbook_urls_are_public(catalog, client):
    assert client.get("/thu-tuc/duc-thanh/ap-phich.pdf")["Content-Type"] == "application/pdf"
    assert client.get("/thu-tuc/duc-thanh/cam-nang.pdf").content.startswith(b"%PDF")
    assert client.get("/thu-tuc/noi-vu/ap-phich.pdf").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_qr_from_printed_poster_opens_the_page_on_a_phone(live_server, phone_page, settings):
    from mocua.demo import load

    settings.SITE_URL = live_server.url
    load()
    call_command("load_demo", stdout=io.StringIO())
    office = Office.objects.get(slug="duc-thanh")
    _, urls = decoded_urls(poster_pdf(office), "catalog-poster-live")
    url = next(u for u in urls if u.endswith("/1.004873/"))
    phone_page.goto(url)
    assert phone_page.locator("h2").inner_text() == "Cấp Giấy xác nhận tình trạng hôn nhân"
    assert "Thứ Tư: trả kết quả trong ngày, không viết giấy hẹn" in phone_page.inner_text("main")
    screenshot(phone_page, "catalog-qr-phone")
    # The Sa Đéc ward's poster: its marriage page says Thursday until 15:00, Saturday until 11:00.
    pdf = poster_pdf(Office.objects.get(slug="sa-dec-p1"))
    assert (
        "Thứ Bảy: trả kết quả trong ngày, không viết giấy hẹn, viết hộ tờ khai, nhận hồ sơ đến 11:00"
        in " ".join(pdf_text(pdf, "catalog-poster-sa-dec").split())
    )
    _, urls = decoded_urls(pdf, "catalog-poster-sa-dec")
    phone_page.goto(next(u for u in urls if u.endswith("/sa-dec-p1/1.000894/")))
    body = phone_page.inner_text("main")
    assert phone_page.locator("h2").inner_text() == "Đăng ký kết hôn"
    assert (
        "Thứ Năm: trả kết quả trong ngày, không viết giấy hẹn, viết hộ tờ khai, nhận hồ sơ đến 15:00" in body
    )
    assert (
        "Thứ Bảy: trả kết quả trong ngày, không viết giấy hẹn, viết hộ tờ khai, nhận hồ sơ đến 11:00" in body
    )
    screenshot(phone_page, "catalog-qr-phone-sa-dec")
