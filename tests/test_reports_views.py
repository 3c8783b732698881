"""Report screens and exports on the demo: a supervisor picks a quarter, drills down, downloads."""

import datetime as dt
from io import BytesIO
from pathlib import Path

import pytest
import time_machine
from openpyxl import load_workbook

from mocua.demo import COMMUNES
from reports.figures import KEYS
from tests.report_helpers import populate

NOW = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
ARTIFACTS = Path(__file__).parent / "artifacts"


@pytest.fixture
def quarter(demo):
    from models_catalog import demo as catalog_demo

    catalog_demo.load()
    with time_machine.travel(NOW, tick=False):
        populate(dt.date(2026, 6, 10), 100, per_day=2)
    return "2026-Q3"


def dig(data, key):
    for part in key.split("."):
        data = data[part]
    return data


@time_machine.travel(NOW, tick=False)
def test_supervisor_sees_every_office_and_drills_down(staff_client, quarter):
    client = staff_client("noi-vu.supervisor")
    assert client.get("/bao-cao/").url == "/bao-cao/noi-vu/"
    page = client.get(f"/bao-cao/noi-vu/?ky={quarter}")
    assert page.status_code == 200
    html = page.content.decode()
    for spec in COMMUNES:
        assert spec.name in html
    assert "<svg" in html and "Ước tính nội bộ" in html
    assert "Kết quả thực hiện các mô hình cải cách hành chính" in html
    office = client.get(f"/bao-cao/duc-thanh/?ky={quarter}")
    assert office.status_code == 200 and "Ngày không hẹn" in office.content.decode()
    api = client.get(f"/api/v1/reports/?office=duc-thanh&period={quarter}").json()
    late = client.get(f"/bao-cao/duc-thanh/ho-so/?ky={quarter}&cot=resolved.late")
    assert late.status_code == 200
    assert f"{api['bieu_ii06a']['resolved']['late']} hồ sơ" in late.content.decode()


@time_machine.travel(NOW, tick=False)
def test_leader_cannot_open_another_office_report_or_its_exports(staff_client, quarter):
    client = staff_client("duc-thanh.leader")
    for url in (
        "/bao-cao/dong-thanh/",
        "/bao-cao/noi-vu/",
        "/bao-cao/dong-thanh/tai-ve.pdf",
        "/bao-cao/dong-thanh/ho-so/?cot=refused",
    ):
        assert client.get(url).status_code == 404
    assert client.get("/bao-cao/duc-thanh/ho-so/?cot=khong-co").status_code == 404
    assert client.get("/bao-cao/duc-thanh/tai-ve.doc").status_code == 404


@time_machine.travel(NOW, tick=False)
def test_a_bad_period_in_the_picker_explains_and_falls_back(staff_client, quarter):
    page = staff_client("duc-thanh.leader").get("/bao-cao/duc-thanh/?ky=2026-Q7")
    assert page.status_code == 200
    assert "Kỳ báo cáo “2026-Q7” không hợp lệ" in page.content.decode()


@time_machine.travel(NOW, tick=False)
def test_xlsx_first_sheet_is_bieu_ii06a_with_the_api_figures(staff_client, quarter):
    client = staff_client("noi-vu.supervisor")
    api = client.get(f"/api/v1/reports/?office=noi-vu&period={quarter}").json()
    r = client.get(f"/bao-cao/noi-vu/tai-ve.xlsx?ky={quarter}")
    assert r.status_code == 200
    wb = load_workbook(BytesIO(r.content))
    ws = wb.worksheets[0]
    assert ws.title == "Biểu II.06a"
    assert ws["A1"].value == "Biểu số II.06a/VPCP/KSTT"
    assert ws["B5"].value == "Số hồ sơ tiếp nhận" and ws["F5"].value == "Số hồ sơ đã giải quyết"
    numbers = next(ws.iter_rows(min_row=7, max_row=7, values_only=True))
    assert list(numbers[:15]) == [f"({n})" for n in range(1, 16)]
    total_row = [row for row in ws.iter_rows(min_row=7, values_only=True) if row[0] == "Tổng cộng"][0]
    assert list(total_row[1:15]) == [dig(api["bieu_ii06a"], k) for k in KEYS]
    assert len(wb.worksheets) >= 3
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "report-area.xlsx").write_bytes(r.content)


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    "user, slug, issuer_place",
    [
        ("noi-vu.supervisor", "noi-vu", "SỞ NỘI VỤ"),
        ("duc-thanh.leader", "duc-thanh", "XÃ ĐỨC THẠNH"),
        ("sa-dec-p1.leader", "sa-dec-p1", "PHƯỜNG 1"),
    ],
)
def test_pdf_is_the_official_report(staff_client, quarter, user, slug, issuer_place):
    from tests.pdftools import pdf_text, pdf_to_pngs

    r = staff_client(user).get(f"/bao-cao/{slug}/tai-ve.pdf?ky={quarter}")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(r.content, f"report-{slug}").split())
    assert "BÁO CÁO" in text
    # The issuing body is named once, its place name never split across lines.
    assert issuer_place in text and "PHƯỜNG PHƯỜNG" not in text
    assert "Kết quả thực hiện công tác cải cách hành chính quý III năm 2026" in text
    assert "Nơi nhận:" in text and "ước tính nội bộ" in text
    ARTIFACTS.mkdir(exist_ok=True)
    pngs = pdf_to_pngs(r.content, f"report-{slug}")
    assert len(pngs) >= 2


@time_machine.travel(NOW, tick=False)
def test_leader_archives_and_downloads_a_frozen_version(staff_client, quarter):
    from reports.models import Report

    client = staff_client("duc-thanh.leader")
    r = client.post(f"/bao-cao/duc-thanh/lap/?ky={quarter}", follow=True)
    assert "Đã lập báo cáo quý III năm 2026, phiên bản 1." in r.content.decode()
    report = Report.objects.get()
    assert client.get(f"/bao-cao/luu-tru/{report.pk}.xlsx").status_code == 200
    assert staff_client("dong-thanh.leader").get(f"/bao-cao/luu-tru/{report.pk}.pdf").status_code == 404


@time_machine.travel(NOW, tick=False)
def test_assisted_writing_by_each_volunteer_organisation(staff_client, quarter):
    client = staff_client("duc-thanh.leader")
    practices = client.get(f"/api/v1/reports/?office=duc-thanh&period={quarter}").json()["practices"]
    orgs = practices["assisted_by_organisation"]
    assert orgs and sum(o["count"] for o in orgs) == practices["assisted_by_volunteers"]
    html = client.get(f"/bao-cao/duc-thanh/?ky={quarter}").content.decode()
    assert "Viết hộ theo từng tổ chức MTTQ, đoàn thể" in html and orgs[0]["organisation"] in html


def test_office_admin_enters_online_targets_for_its_own_office_only(staff_client):
    from django.urls import reverse

    from mocua.models import Office
    from models_catalog.models import Field
    from reports.models import OnlineTarget

    field = Field.objects.get(code="ho-tich")
    foreign = OnlineTarget.objects.create(
        office=Office.objects.get(slug="dong-thanh"), field=field, year=2026, monthly_count=9
    )
    client = staff_client("duc-thanh.admin")
    own = Office.objects.get(slug="duc-thanh")
    r = client.post(
        reverse("admin:reports_onlinetarget_add"),
        {"office": own.pk, "field": field.pk, "year": 2026, "monthly_count": 12},
    )
    assert r.status_code == 302
    assert OnlineTarget.objects.get(office=own).monthly_count == 12
    page = client.get(reverse("admin:reports_onlinetarget_changelist")).content.decode()
    assert "UBND xã Đức Thạnh" in page and "UBND phường Đông Thanh" not in page
    assert client.get(reverse("admin:reports_onlinetarget_change", args=[foreign.pk])).status_code in (
        302,
        404,
    )
    # Another office cannot be chosen.
    r = client.post(
        reverse("admin:reports_onlinetarget_add"),
        {"office": foreign.office_id, "field": field.pk, "year": 2027, "monthly_count": 5},
    )
    assert r.status_code == 200 and not OnlineTarget.objects.filter(year=2027).exists()
