"""Papers drawn cheaply (issue 19): the QR code as a small PNG that still scans from a 200 dpi print,
one font configuration per worker thread."""

import subprocess

import pytest

from dossiers import papers
from dossiers.models import PaperKind
from mocua import pdf
from mocua.qr import qr_img, qr_png
from tests.conftest import require_tool
from tests.paper_helpers import duc_thanh, people, slip_dossier
from tests.pdftools import decode_qr, pdf_to_pngs, save_pdf

pytestmark = pytest.mark.django_db


def test_qr_png_is_small_and_cached():
    url = "https://motcua.example.vn/tra-cuu/?code=000.21.53.H48-261116-0001&secret=FTCLTE"
    png = qr_png(url)
    assert png.startswith(b"\x89PNG") and len(png) < 2000
    assert qr_png(url) is png
    assert qr_img(url).startswith('<img class="qr-img" src="data:image/png;base64,')


def test_receipt_qr_is_an_image_that_scans_at_200_dpi(demo, paper_media):
    d = slip_dossier(duc_thanh(), people()["clerk"])
    paper = papers.render(papers.issue_paper(d, PaperKind.APPOINTMENT_SLIP).pk)
    data = paper.pdf.read()
    path = save_pdf(data, "perf-receipt")
    images = subprocess.run(
        [require_tool("pdfimages"), "-list", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert len(images) == 1  # the QR code, drawn as one image rather than a path per module
    for dpi in (200, 150):
        pages = pdf_to_pngs(data, f"perf-receipt-{dpi}", dpi=dpi)
        assert decode_qr(pages[0]) == [papers.tracking_url(d)]


def test_one_font_configuration_per_thread():
    first = pdf.font_config()
    pdf.warm_up()
    assert pdf.font_config() is first
