"""Papers match the official forms: header lines break between body and place name, the control
slip names who hands the dossier over and who takes it, the supplement request asks for counts by
form, and page 2 onwards carries its number."""

import datetime as dt
import subprocess

import pytest
import time_machine

from dossiers import papers, workflow
from dossiers.models import PaperKind
from mocua.templatetags.mocua_tags import keep_names
from models_catalog.models import DocumentForm, RequiredDocument
from tests.conftest import VN, require_tool
from tests.dossier_helpers import marriage_status_procedure
from tests.paper_helpers import duc_thanh, people, slip_dossier
from tests.pdftools import pdf_to_pngs, save_pdf

NBSP = "\u00a0"
K = PaperKind
pytestmark = pytest.mark.usefixtures("paper_media")


@pytest.fixture
def who(demo):
    return people()


def pdf_of(paper) -> bytes:
    paper = papers.ensure_rendered(paper)
    with paper.pdf.open("rb") as f:
        return f.read()


def flat(text: str) -> str:
    return " ".join(text.replace(NBSP, " ").split())


def plain_text(pdf: bytes, name: str) -> str:
    """The PDF's text in reading order (each table cell's lines together, unlike pdftotext -layout)."""
    require_tool("pdftotext")
    path = save_pdf(pdf, name)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def left_header_lines(pdf: bytes, name: str) -> list[str]:
    """The text lines of the left header column of page 1 (pdftotext cropped to it, in points)."""
    require_tool("pdftotext")
    path = save_pdf(pdf, name)
    crop = ["-f", "1", "-l", "1", "-x", "80", "-y", "30", "-W", "205", "-H", "110"]
    out = subprocess.run(["pdftotext", *crop, str(path), "-"], capture_output=True, text=True, check=True)
    return [" ".join(line.replace(NBSP, " ").split()) for line in out.stdout.splitlines() if line.strip()]


@pytest.mark.parametrize(
    "name, expected",
    [
        ("ỦY BAN NHÂN DÂN XÃ ĐỨC THẠNH", "ỦY BAN NHÂN DÂN XÃ\u00a0ĐỨC\u00a0THẠNH"),
        ("Bộ phận Một cửa xã Thanh Bình Thịnh", "Bộ phận Một cửa xã\u00a0Thanh\u00a0Bình\u00a0Thịnh"),
        (
            "ỦY BAN NHÂN DÂN PHƯỜNG 1, THÀNH PHỐ SA ĐÉC",
            "ỦY BAN NHÂN DÂN PHƯỜNG\u00a01, THÀNH\u00a0PHỐ\u00a0SA\u00a0ĐÉC",
        ),
        ("ỦY BAN NHÂN DÂN THỊ XÃ AN NHƠN", "ỦY BAN NHÂN DÂN THỊ\u00a0XÃ\u00a0AN\u00a0NHƠN"),
        ("ỦY BAN NHÂN DÂN TỈNH", "ỦY BAN NHÂN DÂN TỈNH"),
        ("Sở Nội vụ", "Sở Nội vụ"),
    ],
)
def test_keep_names_binds_the_place_name_to_its_unit_and_nothing_else(name, expected):
    assert keep_names(name) == expected


def test_header_breaks_between_body_and_place_name_only(who):
    office = duc_thanh()
    d = slip_dossier(office, who["clerk"])
    html = papers.paper_html(d, K.APPOINTMENT_SLIP, number="01/TNHS", issued_on=dt.date(2026, 11, 16))
    assert "ỦY BAN NHÂN DÂN XÃ\u00a0ĐỨC\u00a0THẠNH" in html
    assert "Bộ phận Một cửa xã\u00a0Đức\u00a0Thạnh" in html
    paper = papers.issue_paper(d, K.APPOINTMENT_SLIP)
    lines = left_header_lines(pdf_of(paper), "layout-header")
    assert lines[:4] == ["ỦY BAN NHÂN DÂN", "XÃ ĐỨC THẠNH", "BỘ PHẬN MỘT CỬA", "XÃ ĐỨC THẠNH"], lines


def test_control_slip_has_the_hand_over_columns_and_names(who):
    clerk, specialist, leader = who["clerk"], who["specialist"], who["leader"]
    office = duc_thanh()
    d = slip_dossier(office, clerk)  # the intake writes the first hand-over, citizen → clerk
    steps = [
        (dt.datetime(2026, 11, 16, 10, 0), lambda d: workflow.assign(clerk, d, specialist)),
        (dt.datetime(2026, 11, 17, 8, 0), lambda d: workflow.start(specialist, d)),
        (dt.datetime(2026, 11, 18, 9, 0), lambda d: workflow.submit(specialist, d)),
        (dt.datetime(2026, 11, 19, 9, 0), lambda d: workflow.approve(leader, d)),
        (dt.datetime(2026, 11, 19, 10, 0), lambda d: workflow.ready(specialist, d)),
        (dt.datetime(2026, 11, 19, 14, 0), lambda d: workflow.return_result(clerk, d, "Phan Văn Tú")),
    ]
    for at, step in steps:
        with time_machine.travel(at.replace(tzinfo=VN)):
            d = step(d)
    rows = papers.control_rows(d)
    assert [(r["label"], r["giver"], r["taker"], r["verdict"]) for r in rows] == [
        ("Tiếp nhận hồ sơ", "Nguyễn Thị Hồng Nhung", "Trần Thị Mai", "Trước hạn"),
        ("Chuyển công chức chuyên môn", "Trần Thị Mai", "Lê Văn Hùng", "Trước hạn"),
        ("Trình lãnh đạo", "Lê Văn Hùng", "Nguyễn Văn Bình", "Trước hạn"),
        ("Phê duyệt", "Nguyễn Văn Bình", "Lê Văn Hùng", "Đúng hạn"),
        ("Có kết quả", "Lê Văn Hùng", "Trần Thị Mai", "Quá hạn"),
        ("Trả kết quả", "Trần Thị Mai", "Phan Văn Tú", "Quá hạn"),
    ]
    assert rows[1]["taker_unit"] == "Công chức chuyên môn"
    assert rows[2]["taker_unit"] == "Lãnh đạo UBND xã Đức Thạnh"
    assert any(n.startswith("Bắt đầu xử lý: 08 giờ 00 phút, ngày 17/11/2026") for n in rows[1]["notes"])
    pdf = pdf_of(papers.issue_paper(d, K.CONTROL_SLIP))
    text = flat(plain_text(pdf, "layout-control-slip"))
    for expected in (
        "Tên cơ quan, bộ phận giao, nhận hồ sơ",
        "Thời gian giao, nhận hồ sơ",
        "Người giao",
        "Người nhận",
        "Kết quả giải quyết hồ sơ (Trước hạn/ Đúng hạn/ Quá hạn)",
        "Ghi chú",
        "1. Giao: Bộ phận Một cửa xã Đức Thạnh",
        "2. Nhận: Công chức chuyên môn",
        "Phan Văn Tú",
        "Nguyễn Văn Bình",
        "Quá hạn",
    ):
        assert expected in text, expected
    assert "Trễ hạn" not in text  # the form's word is "Quá hạn"
    pdf_to_pngs(pdf, "layout-control-slip", dpi=70)


def test_supplement_request_asks_for_counts_by_form(who):
    office = duc_thanh()
    proc = marriage_status_procedure(office)
    RequiredDocument.objects.filter(procedure=proc, position=2).update(
        form=DocumentForm.CERTIFIED_COPY, quantity=2
    )
    d = slip_dossier(office, who["clerk"], proc)
    first, second = (doc.name for doc in proc.documents.order_by("position"))
    workflow.request_supplement(who["clerk"], d, [first, second, "Văn bản ủy quyền có chứng thực"])
    rows = papers.supplement_rows(d, d.supplement_requests.get())
    assert [(r["original"], r["certified_copy"], r["copy"]) for r in rows] == [
        ("01", "", ""),
        ("", "02", ""),
        ("", "", ""),  # typed in by the clerk: counts written by hand
    ]
    paper = papers.issue_paper(d, K.SUPPLEMENT_REQUEST)
    html = papers._html_of(paper)
    assert f'{second}</td><td class="c"></td><td class="c">02</td>' in html
    assert f'{first}</td><td class="c">01</td>' in html
    assert "https://motcua.example.vn/thu-tuc/duc-thanh/1.004873.000.00.00.H48/" in html  # the rules
    pdf = pdf_of(paper)
    text = flat(plain_text(pdf, "layout-supplement"))
    for expected in (
        "Tên giấy tờ cần bổ sung, hoàn thiện",
        "Số lượng",
        "Bản chính",
        "Bản sao có chứng thực",
        first,
    ):
        assert expected in text, expected
    assert "Văn bản ủy quyền có chứng thực" in text
    pdf_to_pngs(pdf, "layout-supplement", dpi=70)


def test_page_two_onwards_is_numbered_at_the_top(who):
    clerk, specialist, leader = who["clerk"], who["specialist"], who["leader"]
    d = slip_dossier(duc_thanh(), clerk)
    at = dt.datetime(2026, 11, 16, 10, 0, tzinfo=VN)
    with time_machine.travel(at, tick=False) as traveller:
        d = workflow.assign(clerk, d, specialist)
        d = workflow.start(specialist, d)
        for _ in range(12):  # sent back again and again: a slip longer than one page
            traveller.shift(dt.timedelta(minutes=30))
            d = workflow.submit(specialist, d)
            d = workflow.send_back(leader, d, "Bổ sung ý kiến xác minh của công an xã.")
    pdf = pdf_of(papers.issue_paper(d, K.CONTROL_SLIP))
    pages = pdf_to_pngs(pdf, "layout-control-slip-long", dpi=70)
    assert len(pages) >= 2
    path = save_pdf(pdf, "layout-control-slip-long")

    def page_top(n: int) -> str:
        crop = ["-f", str(n), "-l", str(n), "-x", "0", "-y", "0", "-W", "600", "-H", "56"]
        return subprocess.run(["pdftotext", *crop, str(path), "-"], capture_output=True, text=True).stdout

    assert page_top(2).split() == ["2"]
    assert "1" not in page_top(1).split()  # NĐ 30/2020: no number on page 1
