"""The written evaluation of a periodic report (issue 17, item 3): sentences pre-filled from the
report's own figures (made through the real doors), edited by the secretary, approved by a leader
into one archived PDF and XLSX, refused once approved; the supervisor reads it beside the figures."""

import datetime as dt
import re
import subprocess
from io import BytesIO

import pytest
import time_machine
from openpyxl import load_workbook

from reports import hooks, narrative, narrative_services
from reports.models import Narrative, Report, ReportEvent
from tests import narrative_helpers as nh
from tests.conftest import at, require_tool
from tests.dossier_helpers import staff
from tests.pdftools import pdf_to_pngs, save_pdf

EDITED = "Bộ phận Một cửa giữ vững tỷ lệ trả kết quả đúng hẹn nhờ mô hình Ngày không hẹn."


@pytest.fixture
def world(office):
    with time_machine.travel(at(nh.AFTER_Q3, 9), tick=False):
        w = nh.two_quarters(office)
        yield w


def _texts(**over) -> dict:
    base = {k: f"Nội dung phần {title.lower()}." for k, title in narrative.SECTIONS}
    return {**base, **over}


def _plain_text(pdf: bytes, name: str) -> str:
    require_tool("pdftotext")
    path = save_pdf(pdf, name)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", " ", out)


@pytest.mark.parametrize(
    ("value", "text"),
    [(1234, "1.234"), (97.8, "97,8"), (1234.56, "1.234,6"), (0, "0"), (12.0, "12,0"), (1000000, "1.000.000")],
)
def test_vietnamese_number_format(value, text):
    assert narrative.vn_number(value) == text


def test_sentences_are_drawn_from_the_figures_and_compared_with_the_previous_quarter(world, office):
    data = narrative_services.selectors.report_for(office, world["q3"])
    before = narrative_services.selectors.report_for(office, world["q2"])
    # The figures the sentences must say, read from the report itself.
    assert data["bieu_ii06a"]["resolved"] == {"total": 9, "early": 0, "on_time": 8, "late": 1}
    assert data["late_letters"] == {"late": 1, "with_letter": 1}
    assert before["late_letters"] == {"late": 1, "with_letter": 0}
    rate, prev = data["indicators"][0]["value"], before["indicators"][0]["value"]
    assert (rate, prev) == (88.9, 80.0)

    texts = narrative_services.prefilled(office, world["q3"])
    assert (
        "Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn 88,9 %, tăng 8,9 điểm so với quý trước; "
        "1 hồ sơ trễ hạn, đã có văn bản xin lỗi." in texts["limitations"]
    )
    assert (
        "tiếp nhận mới 9 hồ sơ (trực tuyến 0, trực tiếp và qua bưu chính công ích 9), tăng 4 hồ sơ so với quý trước"
        in texts["highlights"]
    )
    assert f"- {nh.REASON} ({nh.UNIT}): 1 phiếu; chưa có biện pháp khắc phục." in texts["causes"]
    assert "đạt từ 98 % trở lên" in texts["proposals"]

    # The previous quarter says the opposite about its letter, and has nothing to compare with.
    q2 = narrative_services.prefilled(office, world["q2"])
    assert "80,0 %; 1 hồ sơ trễ hạn, chưa có văn bản xin lỗi." in q2["limitations"]
    assert "so với quý trước" not in q2["limitations"]


def test_more_late_dossiers_all_with_letters_say_so(office):
    with time_machine.travel(at(nh.AFTER_Q3, 9), tick=False):
        proc = nh.other_procedure(office)
        for i in range(3):
            nh.late(office, proc, dt.date(2026, 7, 7) + dt.timedelta(days=i))
        texts = narrative_services.prefilled(office, nh.periods.parse_period(nh.Q3))
    assert "3 hồ sơ trễ hạn, đều đã có văn bản xin lỗi." in texts["limitations"]
    assert "0,0 %" in texts["limitations"]


def test_a_registered_sentence_provider_adds_to_its_section(world, office):
    def feedback(data, previous):
        return {"highlights": [f"Phản ánh, kiến nghị: thử nghiệm cho {data['office']['short_name']}."]}

    hooks.register_sentences(feedback)
    try:
        texts = narrative_services.prefilled(office, world["q3"])
    finally:
        hooks.SENTENCES.remove(feedback)
    assert texts["highlights"].endswith(f"Phản ánh, kiến nghị: thử nghiệm cho {office.short_name}.")


def test_the_editor_offers_the_prefilled_text_and_only_the_secretary_saves(world, staff_client, office):
    url = f"/bao-cao/{office.slug}/danh-gia/?ky={nh.Q3}"
    with time_machine.travel(at(nh.AFTER_Q3, 10), tick=False):
        page = staff_client("duc-thanh.secretary").get(url)
        assert page.status_code == 200
        assert "88,9 %, tăng 8,9 điểm so với quý trước" in page.content.decode()
        for who, status in (("duc-thanh.clerk", 403), ("duc-thanh.leader", 403), ("noi-vu.supervisor", 404)):
            answer = staff_client(who).post(url, _texts())
            assert answer.status_code == status, who
        assert not Narrative.objects.exists()
        answer = staff_client("duc-thanh.secretary").post(url, _texts(highlights=EDITED))
        assert answer.status_code == 302
    n = Narrative.objects.get(office=office, period=nh.Q3)
    assert (
        n.highlights == EDITED and n.status == "draft" and n.edited_by.user.username == "duc-thanh.secretary"
    )
    assert ReportEvent.objects.filter(narrative=n, kind="narrative_saved").count() == 1


def test_approval_is_the_leaders_and_archives_once(world, staff_client, office):
    secretary = staff("duc-thanh.secretary")
    approve = f"/bao-cao/{office.slug}/danh-gia/phe-duyet/?ky={nh.Q3}"
    with time_machine.travel(at(nh.AFTER_Q3, 10), tick=False):
        narrative_services.save_narrative(secretary, office, world["q3"], _texts(highlights=EDITED))
        assert staff_client("duc-thanh.secretary").post(approve).status_code == 403
        assert staff_client("duc-thanh.clerk").post(approve).status_code == 403
        assert (
            staff_client("dong-thanh.leader")
            .post(f"/bao-cao/duc-thanh/danh-gia/phe-duyet/?ky={nh.Q3}")
            .status_code
            == 404
        )
        assert staff_client("noi-vu.supervisor").post(approve).status_code == 404
        assert not Report.objects.filter(office=office).exists()
        answer = staff_client("duc-thanh.leader").post(approve, follow=True)
        assert "Đã phê duyệt và lưu trữ báo cáo quý III năm 2026" in answer.content.decode()
        again = staff_client("duc-thanh.leader").post(approve, follow=True)
        assert "đã được" in again.content.decode() and "không thể sửa" in again.content.decode()
    n = Narrative.objects.get(office=office, period=nh.Q3)
    (report,) = Report.objects.filter(office=office, period=nh.Q3)
    assert n.approved and n.report == report and n.approved_by.user.username == "duc-thanh.leader"
    assert report.figures["narrative"]["highlights"] == EDITED and report.pdf and report.xlsx
    assert list(ReportEvent.objects.filter(narrative=n).values_list("kind", flat=True)) == [
        "narrative_saved",
        "narrative_approved",
    ]


@pytest.mark.parametrize(
    ("texts", "message"),
    [
        (_texts(causes="x" * 6001), "Phần “Nguyên nhân” dài quá 6000 ký tự"),
        (_texts(proposals="Kiến nghị\x00"), "có ký tự điều khiển không hợp lệ"),
    ],
)
def test_bad_narrative_input_saves_nothing(world, staff_client, office, texts, message):
    url = f"/bao-cao/{office.slug}/danh-gia/?ky={nh.Q3}"
    with time_machine.travel(at(nh.AFTER_Q3, 10), tick=False):
        answer = staff_client("duc-thanh.secretary").post(url, texts)
    assert answer.status_code == 400
    assert message in answer.content.decode() or "ký tự điều khiển" in answer.content.decode()
    assert not Narrative.objects.exists() and not ReportEvent.objects.exists()


def test_approval_refuses_an_empty_section_a_running_period_and_nothing_saved(world, office, staff_client):
    secretary, leader = staff("duc-thanh.secretary"), staff("duc-thanh.leader")
    with time_machine.travel(at(nh.AFTER_Q3, 10), tick=False):
        with pytest.raises(narrative_services.NarrativeError, match="Chưa có phần đánh giá nào được lưu"):
            narrative_services.approve_narrative(leader, office, world["q3"])
        narrative_services.save_narrative(secretary, office, world["q3"], _texts(limitations="  "))
        with pytest.raises(narrative_services.NarrativeError, match="phần “Hạn chế” còn để trống"):
            narrative_services.approve_narrative(leader, office, world["q3"])
        running = nh.periods.current("quarter")
        narrative_services.save_narrative(secretary, office, running, _texts())
        with pytest.raises(narrative_services.NarrativeError, match="chưa kết thúc"):
            narrative_services.approve_narrative(leader, office, running)
    assert not Report.objects.filter(office=office).exists()
    assert not Narrative.objects.filter(status="approved").exists()


def test_editing_after_approval_is_refused_and_nothing_saved(world, staff_client, office):
    secretary, leader = staff("duc-thanh.secretary"), staff("duc-thanh.leader")
    url = f"/bao-cao/{office.slug}/danh-gia/?ky={nh.Q3}"
    with time_machine.travel(at(nh.AFTER_Q3, 10), tick=False):
        narrative_services.save_narrative(secretary, office, world["q3"], _texts(highlights=EDITED))
        narrative_services.approve_narrative(leader, office, world["q3"])
        events = ReportEvent.objects.count()
        answer = staff_client("duc-thanh.secretary").post(url, _texts(highlights="Sửa sau khi duyệt"))
    html = answer.content.decode()
    assert answer.status_code == 400
    assert f"đã được {leader.full_name} phê duyệt lúc 10:00 ngày 21/09/2026" in html
    assert "không thể sửa. Nội dung bạn vừa gửi chưa được lưu." in html
    assert "Sửa sau khi duyệt" not in html  # the approved text is shown, not what was typed
    n = Narrative.objects.get(office=office, period=nh.Q3)
    assert n.highlights == EDITED and ReportEvent.objects.count() == events


def test_the_archived_pdf_and_xlsx_carry_the_figures_narrative_actions_and_signature(
    world, staff_client, office
):
    from reports import corrective

    secretary, leader = staff("duc-thanh.secretary"), staff("duc-thanh.leader")
    with time_machine.travel(at(nh.AFTER_Q3, 10), tick=False):
        corrective.add_action(
            secretary,
            office,
            reason=nh.REASON,
            responsible_unit=nh.UNIT,
            what="Thống nhất với Công an xã trả lời xác minh trong 1 ngày làm việc",
            who="Công chức Tư pháp - Hộ tịch",
            due_on="15/10/2026",
            period=nh.Q3,
        )
        texts = narrative_services.prefilled(office, world["q3"])
        narrative_services.save_narrative(secretary, office, world["q3"], {**texts, "highlights": EDITED})
        n = narrative_services.approve_narrative(leader, office, world["q3"])
        stored = n.report.pdf.read()
        n.report.pdf.close()
        download = staff_client("noi-vu.supervisor").get(f"/bao-cao/luu-tru/{n.report.pk}.pdf")
    assert download.status_code == 200 and download.content == stored  # as archived, not re-rendered

    text = _plain_text(stored, "narrative-archive")
    for expected in (
        "ĐÁNH GIÁ CHUNG",
        "1. Kết quả nổi bật",
        EDITED,
        "tăng 8,9 điểm so với quý trước",
        "Nguyên nhân trễ hạn và biện pháp khắc phục",
        "Thống nhất với Công an xã trả lời xác minh",
        "Đang thực hiện",
        "4. Kiến nghị, đề xuất",
        "Nơi nhận:",
        leader.full_name,
        "Đức Thạnh, ngày 21 tháng 9 năm 2026",
        "Tổng số hồ sơ tiếp nhận: 9 hồ sơ",
    ):
        assert expected in text, expected
    pages = pdf_to_pngs(stored, "narrative-archive", dpi=60)
    assert len(pages) >= 2

    book = load_workbook(
        BytesIO(staff_client("duc-thanh.leader").get(f"/bao-cao/luu-tru/{n.report.pk}.xlsx").content)
    )
    sheet = book["Đánh giá"]
    assert sheet["B3"].value == EDITED and sheet["A6"].value == "Kiến nghị, đề xuất"
    assert "88,9 %" in sheet["B4"].value
    actions = book["Biện pháp khắc phục"]
    assert [c.value for c in actions[4]] == [
        nh.REASON,
        nh.UNIT,
        1,
        "Thống nhất với Công an xã trả lời xác minh trong 1 ngày làm việc",
        "Công chức Tư pháp - Hộ tịch",
        "15/10/2026",
        "Đang thực hiện",
    ]
    assert book["Biểu II.06a"]["A1"].value == "Biểu số II.06a/VPCP/KSTT"


def test_the_supervisor_reads_each_offices_narrative_beside_its_figures(world, staff_client, office):
    secretary, leader = staff("duc-thanh.secretary"), staff("duc-thanh.leader")
    with time_machine.travel(at(nh.AFTER_Q3, 10), tick=False):
        narrative_services.save_narrative(secretary, office, world["q3"], _texts(highlights=EDITED))
        narrative_services.approve_narrative(leader, office, world["q3"])
        narrative_services.save_narrative(
            staff("dong-thanh.secretary"),
            office.__class__.objects.get(slug="dong-thanh"),
            world["q3"],
            _texts(highlights="Bản nháp của Đông Thạnh"),
        )
        html = staff_client("noi-vu.supervisor").get(f"/bao-cao/noi-vu/?ky={nh.Q3}").content.decode()
        own = staff_client("noi-vu.supervisor").get(f"/bao-cao/duc-thanh/danh-gia/?ky={nh.Q3}")
    block = html.split('data-office-narrative="duc-thanh"')[1].split("data-office-narrative=")[0]
    assert EDITED in block and "88,9 %" in block and "Đã phê duyệt" in block
    other = html.split('data-office-narrative="dong-thanh"')[1].split("data-office-narrative=")[0]
    assert "Đang soạn, chưa được lãnh đạo phê duyệt" in other and "Bản nháp" not in other
    assert (
        own.status_code == 200 and EDITED in own.content.decode() and "Số liệu chính" in own.content.decode()
    )
    assert "Lưu đánh giá" not in own.content.decode()


def test_a_draft_stays_inside_its_office_until_approved(world, staff_client, office):
    with time_machine.travel(at(nh.AFTER_Q3, 10), tick=False):
        narrative_services.save_narrative(
            staff("duc-thanh.secretary"), office, world["q3"], _texts(highlights=EDITED)
        )
        outside = (
            staff_client("noi-vu.supervisor").get(f"/bao-cao/duc-thanh/danh-gia/?ky={nh.Q3}").content.decode()
        )
        inside = (
            staff_client("duc-thanh.leader").get(f"/bao-cao/duc-thanh/danh-gia/?ky={nh.Q3}").content.decode()
        )
    assert EDITED not in outside and "nội dung sẽ hiện ở đây khi lãnh đạo đơn vị phê duyệt" in outside
    assert EDITED in inside and "Phê duyệt và lưu trữ" in inside and "Lưu đánh giá" not in inside
