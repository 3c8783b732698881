"""Roster pages, the weekly PDF and the roster API."""

import datetime as dt

import pytest
from rest_framework.authtoken.models import Token

from mocua.models import Office, Staff
from schedules.models import Shift
from schedules.roster import generate_month
from tests.pdftools import pdf_text, pdf_to_pngs

pytestmark = pytest.mark.django_db


@pytest.fixture
def rosters(demo):
    from schedules.demo import load

    load()
    return Office.objects.get(slug="duc-thanh")


def test_month_view_shows_counts_and_no_conflicts(staff_client, rosters):
    page = staff_client("duc-thanh.clerk").get("/lich-truc/?thang=2026-12").content.decode()
    assert "Lịch trực tháng này không có xung đột." in page
    assert "Số ca của mỗi người" in page and "Hồ Thị Thanh" in page
    assert "Lập lịch trực tháng này" not in page  # a clerk reads only


def test_secretary_edits_with_bad_input_then_good(staff_client, rosters):
    client = staff_client("duc-thanh.secretary")
    shift = Shift.objects.filter(office=rosters, date=dt.date(2026, 12, 1)).get()
    foreign = Staff.objects.get(user__username="luan-thanh.leader")
    data = {"date": "2026-12-01", "start": "07:30", "end": "17:00", "leader": foreign.pk}
    response = client.post(f"/lich-truc/ca/{shift.pk}/", data)
    assert (
        response.status_code == 400 and "Người được chọn không thuộc đơn vị này." in response.content.decode()
    )
    response = client.post("/lich-truc/ca/moi/", {"date": "2026-12-01", "start": "16:00", "end": "18:00"})
    assert (
        response.status_code == 400
        and "Ca trực chồng lên ca 07:30–17:00 ngày 01/12/2026." in response.content.decode()
    )
    assert Shift.objects.filter(office=rosters, date=dt.date(2026, 12, 1)).count() == 1
    own = Staff.objects.get(user__username="duc-thanh.leader2")
    data["leader"] = own.pk
    assert client.post(f"/lich-truc/ca/{shift.pk}/", data).status_code == 302
    shift.refresh_from_db()
    assert shift.leader == own and shift.edited_by_hand


def test_other_offices_shift_is_404(staff_client, rosters):
    other = Shift.objects.filter(office__slug="luan-thanh").first()
    client = staff_client("duc-thanh.secretary")
    assert client.get(f"/lich-truc/ca/{other.pk}/").status_code == 404
    assert client.get("/lich-truc/ca/999999/").status_code == 404


def test_swap_via_the_page(staff_client, rosters):
    a, b = Shift.objects.filter(office=rosters, date__month=12, date__year=2026).order_by("start")[:2]
    response = staff_client("duc-thanh.secretary").post(
        "/lich-truc/doi-ca/?thang=2026-12", {"first": a.pk, "second": b.pk}
    )
    assert response.status_code == 302
    assert Shift.objects.get(pk=a.pk).leader_id == b.leader_id


def test_roster_api_needs_a_token_of_the_office(client, rosters):
    url = "/api/v1/offices/duc-thanh/roster/?from=2026-12-01&to=2026-12-07"
    assert client.get(url).status_code in (401, 403)
    token = Token.objects.create(user=Staff.objects.get(user__username="duc-thanh.clerk").user)
    response = client.get(url, HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    shifts = response.json()["shifts"]
    assert len(shifts) == 5 and shifts[0]["leader"]
    foreign = Token.objects.create(user=Staff.objects.get(user__username="luan-thanh.clerk").user)
    assert client.get(url, HTTP_AUTHORIZATION=f"Token {foreign.key}").status_code == 404
    bad = client.get(
        "/api/v1/offices/duc-thanh/roster/?from=2026-12-07&to=2026-12-01",
        HTTP_AUTHORIZATION=f"Token {token.key}",
    )
    assert bad.status_code == 400 and "Khoảng ngày bị ngược" in bad.json()["detail"]


@pytest.mark.parametrize("slug", ["duc-thanh", "thanh-binh-thinh", "luan-thanh", "dong-thanh", "sa-dec-p1"])
def test_december_2026_week_pdf_of_each_seed_office(staff_client, rosters, slug):
    office = Office.objects.get(slug=slug)
    assert generate_month(office, 2026, 12)
    response = staff_client(f"{slug}.clerk").get("/lich-truc/tuan/2026-12-16.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, f"roster-week-{slug}")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text.upper()
    assert "Tuần từ ngày 14/12/2026 đến ngày 20/12/2026" in text
    pngs = pdf_to_pngs(response.content, f"roster-week-{slug}")
    assert pngs


def test_secretary_records_leave_and_volunteers(staff_client, rosters):
    client = staff_client("duc-thanh.secretary")
    leader = Staff.objects.get(user__username="duc-thanh.leader")
    bad = client.post(
        "/lich-truc/nghi-phep/",
        {"person": f"staff:{leader.pk}", "first_day": "2027-01-10", "last_day": "2027-01-05"},
    )
    assert (
        bad.status_code == 400
        and "Ngày kết thúc nghỉ phải sau hoặc trùng ngày bắt đầu." in bad.content.decode()
    )
    foreign = Staff.objects.get(user__username="luan-thanh.leader")
    bad = client.post(
        "/lich-truc/nghi-phep/",
        {"person": f"staff:{foreign.pk}", "first_day": "2027-01-01", "last_day": "2027-01-31"},
    )
    assert bad.status_code == 400 and "Người được chọn không thuộc đơn vị này." in bad.content.decode()
    assert not leader.absences.exists()
    good = client.post(
        "/lich-truc/nghi-phep/",
        {"person": f"staff:{leader.pk}", "first_day": "2027-01-01", "last_day": "2027-01-31"},
    )
    assert good.status_code == 302
    assert all(s.leader_id != leader.pk for s in generate_month(rosters, 2027, 1, replace=True))
    org = rosters.organisations.first()
    assert (
        client.post("/lich-truc/thanh-vien/", {"organisation": org.pk, "full_name": "Mai Văn Tư"}).status_code
        == 302
    )
    again = client.post("/lich-truc/thanh-vien/", {"organisation": org.pk, "full_name": " Mai  Văn Tư "})
    assert again.status_code == 400 and "Mai Văn Tư đã có trong danh sách" in again.content.decode()
    other_org = Office.objects.get(slug="luan-thanh").organisations.first()
    assert (
        client.post("/lich-truc/thanh-vien/", {"organisation": other_org.pk, "full_name": "X"}).status_code
        == 400
    )
    assert staff_client("duc-thanh.clerk").get("/lich-truc/nguoi-truc/").status_code == 403
