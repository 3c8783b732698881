"""The shared PDF and QR helpers: official layout, bundled font, decodable QR, no network."""

import datetime as dt

import pytest

from mocua.models import Staff
from mocua.pdf import LocalOnlyFetcher, render_pdf
from mocua.templatetags.mocua_tags import vn_date_line
from tests.pdftools import decode_qr, pdf_fonts, pdf_to_pngs


def test_paper_renders_with_bundled_font_and_a_decodable_qr(demo):
    office_signer = Staff.objects.select_related("office").get(user__username="duc-thanh.leader")
    url = "http://127.0.0.1:8000/tra-cuu/000.21.53.H48-260225-0001/"
    pdf = render_pdf(
        "papers/samples/kernel_check.html",
        {
            "office": office_signer.office,
            "signer": office_signer,
            "issued_on": dt.date(2026, 2, 5),
            "number": "01/TTPVHCC",
            "url": url,
        },
    )
    assert pdf.startswith(b"%PDF")
    fonts = pdf_fonts(pdf, "kernel-check")
    assert fonts, "no font embedded"
    assert all("Paper-Serif" in line for line in fonts), fonts  # only the bundled Liberation Serif
    pages = pdf_to_pngs(pdf, "kernel-check")
    assert len(pages) == 1
    assert decode_qr(pages[0]) == [url]


def test_date_line_pads_day_and_first_two_months():
    assert vn_date_line(dt.date(2026, 2, 5), "Đức Thạnh") == "Đức Thạnh, ngày 05 tháng 02 năm 2026"
    assert vn_date_line(dt.date(2026, 11, 22)) == "ngày 22 tháng 11 năm 2026"


@pytest.mark.parametrize("url", ["http://example.com/x.css", "file:///etc/passwd"])
def test_renderer_fetches_nothing_outside_static(url):
    with pytest.raises(ValueError):
        LocalOnlyFetcher().fetch(url)
