"""Calendar editing by secretaries, and the public calendar API."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mocua.models import Office
from schedules import calendar as cal
from schedules.models import CalendarDay, DayKind

pytestmark = pytest.mark.django_db


def test_secretary_adds_and_deletes_a_local_day_off(staff_client):
    client = staff_client("duc-thanh.secretary")
    office = Office.objects.get(slug="duc-thanh")
    response = client.post(
        "/lich-lam-viec/ngay-rieng/",
        {"date": "2026-12-15", "kind": DayKind.LOCAL_DAY_OFF, "name": "Lễ hội làng"},
    )
    assert response.status_code == 302
    assert not cal.is_working_day(office, dt.date(2026, 12, 15))
    assert cal.is_working_day(Office.objects.get(slug="luan-thanh"), dt.date(2026, 12, 15))
    page = client.get("/lich-lam-viec/?thang=2026-12")
    assert "Ngày nghỉ của đơn vị: Lễ hội làng" in page.content.decode()
    day = CalendarDay.objects.get(office=office, date=dt.date(2026, 12, 15))
    assert client.post(f"/lich-lam-viec/ngay-rieng/{day.pk}/xoa/").status_code == 302
    assert cal.is_working_day(office, dt.date(2026, 12, 15))


def test_clerk_reads_but_cannot_edit(staff_client):
    client = staff_client("duc-thanh.clerk")
    page = client.get("/lich-lam-viec/?thang=2026-02")
    assert page.status_code == 200 and "Tết Nguyên đán Bính Ngọ" in page.content.decode()
    response = client.post(
        "/lich-lam-viec/ngay-rieng/", {"date": "2026-12-15", "kind": "local_day_off", "name": "x"}
    )
    assert response.status_code == 403
    assert not CalendarDay.objects.filter(office__slug="duc-thanh").exists()


def test_secretary_cannot_delete_another_offices_day(staff_client):
    other = Office.objects.get(slug="luan-thanh")
    day = CalendarDay.objects.create(office=other, date=dt.date(2026, 12, 1), kind="local_day_off", name="Lễ")
    client = staff_client("duc-thanh.secretary")
    client.post(f"/lich-lam-viec/ngay-rieng/{day.pk}/xoa/")
    assert CalendarDay.objects.filter(pk=day.pk).exists()


def test_import_with_malformed_date_shows_vietnamese_error_and_saves_nothing(staff_client):
    client = staff_client("duc-thanh.secretary")
    upload = SimpleUploadedFile(
        "lich.csv", "ngày,loại,tên\n01/12/2026,local_day_off,Lễ hội\n2026-13-40,local_day_off,Sai\n".encode()
    )
    response = client.post("/lich-lam-viec/nhap/", {"file": upload})
    assert response.status_code == 400
    assert "Dòng 3: ngày “2026-13-40” không hợp lệ" in response.content.decode()
    assert not CalendarDay.objects.filter(office__slug="duc-thanh").exists()
    good = SimpleUploadedFile("lich.csv", b"01/12/2026,local_day_off,L\xe1\xbb\x85 h\xe1\xbb\x99i\n")
    assert client.post("/lich-lam-viec/nhap/", {"file": good}).status_code == 302
    assert CalendarDay.objects.get(office__slug="duc-thanh").name == "Lễ hội"


def test_calendar_api_is_public_and_explains_each_day(client, demo):
    response = client.get("/api/v1/offices/duc-thanh/calendar/?from=2026-08-21&to=2026-09-03")
    assert response.status_code == 200
    days = {d["date"]: d for d in response.json()["days"]}
    assert len(days) == 14
    assert days["2026-08-22"]["working"] and days["2026-08-22"]["reason"].startswith("Ngày làm bù")
    assert days["2026-08-22"]["periods"][0]["start"] == "2026-08-22T07:30:00+07:00"
    assert not days["2026-08-23"]["working"] and days["2026-08-23"]["reason"] == "Chủ nhật"
    assert days["2026-09-02"]["reason"] == "Quốc khánh" and days["2026-09-02"]["periods"] == []
    assert days["2026-08-31"]["kind"] == "day_off"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("from=2026-09-03&to=2026-08-21", "Khoảng ngày bị ngược"),
        ("from=03/09/2026&to=2026-09-10", "Tham số from phải có dạng YYYY-MM-DD."),
        ("to=2026-09-10", "Thiếu tham số from."),
        ("from=2026-01-01&to=2027-12-31", "Khoảng ngày tối đa 366 ngày."),
    ],
)
def test_calendar_api_bad_ranges(client, demo, query, message):
    response = client.get(f"/api/v1/offices/duc-thanh/calendar/?{query}")
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_calendar_api_unknown_office_is_404(client, demo):
    assert client.get("/api/v1/offices/khong-co/calendar/?from=2026-01-01&to=2026-01-02").status_code == 404
    assert client.get("/api/v1/offices/noi-vu/calendar/?from=2026-01-01&to=2026-01-02").status_code == 404
