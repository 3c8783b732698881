"""Papers: numbered records rendered once to PDF in the NĐ 30/2020 layout; downloads for the office only."""

import datetime as dt
from urllib.parse import parse_qs, urlparse

import pytest
import time_machine
from django.urls import reverse

from dossiers import papers, workflow
from dossiers.models import Paper, PaperKind, Track
from mocua.models import Office
from tests.conftest import VN, at
from tests.dossier_helpers import marriage_status_procedure, no_appointment_day, received_dossier
from tests.pdftools import decode_qr, pdf_text, pdf_to_pngs

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("paper_media")]
K = PaperKind


@pytest.fixture
def office(demo):
    o = Office.objects.get(slug="duc-thanh")
    o.address, o.phone = "Thôn Phước Thạnh, xã Đức Thạnh", "0255 3800 123"
    o.save()
    return o


def make_dossier(office, people, **data):
    """Received on Monday 16/11/2026 at 09:30 and marked for verification (3 working days): due on
    Thursday 19/11 at 09:30. `data` changes the intake."""
    proc = marriage_status_procedure(office)
    data = {"needs_verification": True, **data}
    return received_dossier(office, proc, received_at=at(2026, 11, 16, 9, 30), by=people["clerk"], **data)


def pdf_of(paper: Paper) -> bytes:
    paper = papers.ensure_rendered(paper)  # issuing leaves it pending; no worker in these tests
    with paper.pdf.open("rb") as f:
        return f.read()


def test_appointment_slip_has_number_qr_with_tracking_url_and_due_time(office, people):
    d = make_dossier(office, people)
    with time_machine.travel(dt.datetime(2026, 11, 16, 9, 35, tzinfo=VN)):
        paper = papers.issue_paper(d, K.APPOINTMENT_SLIP)
    assert paper.number == "01/TNHS" and paper.issued_on == dt.date(2026, 11, 16)
    assert paper.title == "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"
    pdf = pdf_of(paper)
    text = pdf_text(pdf, "paper-appointment-slip")
    for expected in (
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 01/TNHS",
        "Đức Thạnh, ngày 16 tháng 11 năm 2026",
        f"Mã hồ sơ: {d.code}",
        "09 giờ 30 phút, ngày 19/11/2026",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        d.secret,
    ):
        assert expected in text, expected
    assert d.id_number not in text
    pngs = pdf_to_pngs(pdf, "paper-appointment-slip")
    assert len(pngs) == 1
    urls = decode_qr(pngs[0])
    assert len(urls) == 1
    url = urlparse(urls[0])
    assert url.netloc == "motcua.example.vn" and url.path == reverse("dossiers:track")
    assert parse_qs(url.query) == {"code": [d.code], "secret": [d.secret]}
    assert d.id_number not in urls[0]


def test_issuing_twice_returns_the_stored_paper(office, people):
    d = make_dossier(office, people)
    first = papers.issue_paper(d, K.APPOINTMENT_SLIP)
    again = papers.issue_paper(d, K.APPOINTMENT_SLIP)
    assert again.pk == first.pk and again.pdf.name == first.pdf.name
    assert Paper.objects.filter(dossier=d).count() == 1
    # Numbers run per office and kind: the next dossier's slip is 02.
    assert papers.issue_paper(make_dossier(office, people), K.APPOINTMENT_SLIP).number.startswith("02/")


def test_same_day_receipt_says_today_and_has_no_appointment(office, people):
    model = no_appointment_day(office, marriage_status_procedure(office))
    model.weekdays = [0]  # on Mondays too
    model.save()
    d = make_dossier(office, people, needs_verification=False)
    assert d.track == Track.SAME_DAY and d.due_at == at(2026, 11, 16, 17)
    with pytest.raises(papers.PaperError):
        papers.issue_paper(d, K.APPOINTMENT_SLIP)
    paper = papers.issue_paper(d, papers.receipt_kind(d))
    assert paper.kind == K.RECEIPT
    text = pdf_text(pdf_of(paper), "paper-receipt-same-day")
    assert "Kết quả được trả ngay trong ngày" in text and "Không viết giấy hẹn" in text
    assert "Thời gian trả kết quả giải quyết hồ sơ" not in text
    pdf_to_pngs(pdf_of(paper), "paper-receipt-same-day")


def test_supplement_request_lists_everything_missing(office, people):
    d = make_dossier(office, people)
    workflow.request_supplement(people["clerk"], d, ["Tờ khai có xác nhận", "Bản sao trích lục ly hôn"])
    paper = d.papers.get(kind=K.SUPPLEMENT_REQUEST)  # issued by the door
    assert paper.number == "01/HDHS"
    text = pdf_text(pdf_of(paper), "paper-supplement")
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text
    assert "Tờ khai có xác nhận" in text and "Bản sao trích lục ly hôn" in text and "NGƯỜI HƯỚNG DẪN" in text
    pdf_to_pngs(pdf_of(paper), "paper-supplement")
    assert papers.issue_paper(d, K.SUPPLEMENT_REQUEST).pk == paper.pk


def test_refusal_and_stop_notice(office, people):
    d = workflow.refuse(people["clerk"], make_dossier(office, people), "Thủ tục thuộc thẩm quyền cấp tỉnh.")
    refusal = papers.issue_paper(d, K.REFUSAL)
    text = pdf_text(pdf_of(refusal), "paper-refusal")
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text and "Thủ tục thuộc thẩm quyền cấp tỉnh." in text
    pdf_to_pngs(pdf_of(refusal), "paper-refusal")
    with pytest.raises(papers.PaperError):
        papers.issue_paper(d, K.STOP_NOTICE)
    s = workflow.stop(
        people["clerk"], make_dossier(office, people), "Người nộp xin rút hồ sơ để bổ sung sau."
    )
    with time_machine.travel(dt.datetime(2026, 11, 17, 10, 0, tzinfo=VN)):
        notice = papers.issue_paper(s, K.STOP_NOTICE)
    text = pdf_text(pdf_of(notice), "paper-stop")
    assert "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" in text and "Mẫu 05" in text and "03/2025" in text
    pdf_to_pngs(pdf_of(notice), "paper-stop")


@pytest.mark.parametrize(
    "day, title",
    [
        (dt.date(2025, 9, 14), "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"),
        (dt.date(2025, 9, 15), "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT"),
    ],
)
def test_apology_letter_title_follows_the_form_set_in_force(office, people, day, title):
    d = make_dossier(office, people)
    with pytest.raises(papers.PaperError):
        papers.issue_paper(d, K.APOLOGY)  # nothing signed yet
    letter = workflow.apologise(
        people["clerk"],
        d,
        reason="Phải xác minh thêm tại nơi cư trú trước đây.",
        responsible_unit="Công chức Tư pháp - Hộ tịch",
        responsible_person="Lê Văn Hùng",
        new_due_at=dt.datetime(2026, 11, 23, 16, 0, tzinfo=VN),
    )
    with time_machine.travel(dt.datetime.combine(day, dt.time(10, 0), tzinfo=VN)):
        workflow.sign_apology(people["leader"], letter)
    paper = papers.issue_paper(d, K.APOLOGY)
    assert paper.number == "01/PXL" and paper.issued_on == day
    text = pdf_text(pdf_of(paper), f"paper-apology-{day.year}{day.month}{day.day}")
    assert title in " ".join(text.split())
    for expected in (
        "Kính gửi: Ông/bà Nguyễn Thị Hồng Nhung",
        "Ủy ban nhân dân xã Đức Thạnh trân trọng xin lỗi",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Nguyễn Văn Bình",
    ):
        assert expected in text, expected
    assert "BỘ PHẬN MỘT CỬA" not in text.split("CỘNG HÒA")[0]  # the deciding body heads the letter
    pdf_to_pngs(pdf_of(paper), f"paper-apology-{day.year}{day.month}{day.day}")


def test_control_slip_judges_each_step(office, people):
    clerk, specialist, leader = people["clerk"], people["specialist"], people["leader"]
    d = make_dossier(office, people)
    steps = [
        (dt.datetime(2026, 11, 16, 10, 0), lambda d: workflow.assign(clerk, d, specialist)),
        (dt.datetime(2026, 11, 17, 8, 0), lambda d: workflow.start(specialist, d)),
        (dt.datetime(2026, 11, 19, 9, 0), lambda d: workflow.submit(specialist, d)),
        (dt.datetime(2026, 11, 19, 9, 30), lambda d: workflow.approve(leader, d)),
        (dt.datetime(2026, 11, 19, 9, 31), lambda d: workflow.ready(specialist, d)),
        (
            dt.datetime(2026, 11, 19, 14, 0),
            lambda d: workflow.return_result(clerk, d, "Nguyễn Thị Hồng Nhung"),
        ),
    ]
    for moment, step in steps:
        with time_machine.travel(moment.replace(tzinfo=VN)):
            d = step(d)
    paper = papers.issue_paper(d, K.CONTROL_SLIP)
    rows = papers.control_rows(d)
    # One row per hand-over ("start" goes into the note of the assignment), in the form's words.
    assert [(r["label"], r["verdict"]) for r in rows] == [
        ("Tiếp nhận hồ sơ", "Trước hạn"),  # written by the intake
        ("Chuyển công chức chuyên môn", "Trước hạn"),
        ("Trình lãnh đạo", "Đúng hạn"),
        ("Phê duyệt", "Đúng hạn"),
        ("Có kết quả", "Quá hạn"),
        ("Trả kết quả", "Quá hạn"),
    ]
    text = pdf_text(pdf_of(paper), "paper-control-slip")
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text and "Quá hạn" in text
    pdf_to_pngs(pdf_of(paper), "paper-control-slip")


def test_register_is_landscape_and_stored_once_per_period(office, people):
    for _ in range(3):
        make_dossier(office, people)
    first = papers.issue_register(office, dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert papers.issue_register(office, dt.date(2026, 11, 1), dt.date(2026, 11, 30)).pk == first.pk
    pdf = pdf_of(first)
    text = pdf_text(pdf, "paper-register")
    assert "SỔ THEO DÕI HỒ SƠ" in text and text.count("000.21.53.H48-261116-") == 3
    pngs = pdf_to_pngs(pdf, "paper-register")
    from PIL import Image

    with Image.open(pngs[0]) as im:
        assert im.width > im.height  # landscape
    with pytest.raises(papers.PaperError):
        papers.issue_register(office, dt.date(2026, 11, 30), dt.date(2026, 11, 1))


def test_download_for_own_office_only(office, people, staff_client):
    d = make_dossier(office, people)
    paper = papers.issue_paper(d, K.APPOINTMENT_SLIP)
    url = reverse("dossiers:paper", args=[d.code, paper.pk])
    response = staff_client("duc-thanh.clerk").get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    foreign = staff_client("luan-thanh.clerk").get(url)
    missing = staff_client("luan-thanh.clerk").get(reverse("dossiers:paper", args=[d.code, paper.pk + 999]))
    assert foreign.status_code == missing.status_code == 404


def test_register_screen_prints_and_rejects_bad_dates(office, people, staff_client):
    make_dossier(office, people)
    client = staff_client("duc-thanh.clerk")
    bad = client.get(reverse("dossiers:register"), {"tu": "31/02/2026", "den": "01/03/2026", "in": "1"})
    assert bad.status_code == 400 and "Ngày không hợp lệ" in bad.content.decode()
    ok = client.get(reverse("dossiers:register"), {"tu": "01/11/2026", "den": "30/11/2026", "in": "1"})
    assert ok.status_code == 302
    assert client.get(ok["Location"]).status_code == 200
    assert staff_client("luan-thanh.clerk").get(ok["Location"]).status_code == 404


def test_celery_task_issues_by_ids(office, people):
    from dossiers.tasks import issue_paper_task

    d = make_dossier(office, people)
    pk = issue_paper_task.run(d.pk, K.APPOINTMENT_SLIP)
    assert issue_paper_task.run(d.pk, K.APPOINTMENT_SLIP) == pk
