"""Done-when of issue 7 in Chromium: the Sở Nội vụ picks quý III/2026, sees every demo office's
figures and model sections, downloads the PDF and the XLSX; both are opened and read back."""

import datetime as dt
import subprocess
from io import BytesIO

import pytest
import time_machine
from openpyxl import load_workbook

from mocua.demo import COMMUNES
from reports.figures import KEYS
from tests.conftest import ARTIFACTS, VN, login, require_tool, screenshot
from tests.report_helpers import populate

NOW = dt.datetime(2026, 12, 3, 9, 0, tzinfo=VN)
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def download(page, link_text: str) -> bytes:
    with page.expect_download() as info:
        page.click(f"a:has-text('{link_text}')")
    return open(info.value.path(), "rb").read()  # noqa: SIM115 (a temporary file Playwright removes)


def test_supervisor_picks_a_quarter_and_downloads_the_pdf_and_xlsx(desktop_page, live_server, demo):
    from models_catalog import demo as catalog_demo

    catalog_demo.load()
    page = desktop_page
    with time_machine.travel(NOW, tick=True):
        made = populate(dt.date(2026, 6, 10), 100, per_day=2)  # its own dossiers in quý III/2026
        assert made > 0
        login(page, live_server, "noi-vu.supervisor")
        page.goto(f"{live_server.url}/bao-cao/")
        with page.expect_navigation():
            page.select_option("#ky", "2026-Q3")
        assert "ky=2026-Q3" in page.url
        page.wait_for_selector("text=Xếp hạng các đơn vị")
        ranking = page.inner_text("table >> nth=0")
        models = page.inner_text("table:has(th:text('Mô hình'))")
        for spec in COMMUNES:
            assert spec.name in ranking
        # Every office has its rows in the model sections (Luận Thành's "giờ thứ 9" ended in March).
        for short in ("Đức Thạnh", "Thanh Bình Thịnh", "Luận Thành", "Đông Thanh", "Phường 1"):
            assert short in models, short
        assert "Ngày không hẹn" in models and "Luận Thành\tKhông có mô hình áp dụng trong kỳ" in models
        assert page.locator("svg").count() >= 1
        screenshot(page, "report-browser-area-2026-Q3")

        pdf = download(page, "Tải PDF")
        xlsx = download(page, "Tải Excel")
        api = page.request.get(f"{live_server.url}/api/v1/reports/?office=noi-vu&period=2026-Q3").json()

    # The PDF: opened as PNG pages (looked at: tests/artifacts/report-browser-*.png) and as text.
    assert pdf.startswith(b"%PDF")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / "report-browser.pdf"
    path.write_bytes(pdf)
    for old in ARTIFACTS.glob("report-browser-page-*.png"):
        old.unlink()
    subprocess.run(
        [require_tool("pdftoppm"), "-r", "60", "-png", str(path), str(ARTIFACTS / "report-browser-page")],
        check=True,
    )
    assert len(list(ARTIFACTS.glob("report-browser-page-*.png"))) >= 2
    text = " ".join(
        subprocess.run(
            [require_tool("pdftotext"), "-layout", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "Kết quả thực hiện công tác cải cách hành chính quý III năm 2026" in text
    for spec in COMMUNES:
        assert spec.short_name in text  # table cells wrap long names; the chart has them on one line
    assert "KẾT QUẢ THỰC HIỆN CÁC MÔ HÌNH CẢI CÁCH HÀNH CHÍNH" in text

    # The XLSX: read back with openpyxl; its Biểu II.06a total is the API's.
    wb = load_workbook(BytesIO(xlsx))
    ws = wb["Biểu II.06a"]
    names = [row[0] for row in ws.iter_rows(min_row=8, values_only=True)]
    for spec in COMMUNES:
        assert spec.name in names
    total = next(row for row in ws.iter_rows(min_row=8, values_only=True) if row[0] == "Tổng cộng")
    bieu = api["bieu_ii06a"]
    assert list(total[1:15]) == [
        bieu[k] if "." not in k else bieu[k.split(".")[0]][k.split(".")[1]] for k in KEYS
    ]
    (ARTIFACTS / "report-browser.xlsx").write_bytes(xlsx)
