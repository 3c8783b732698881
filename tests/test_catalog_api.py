"""Read-only public catalog API and the `today` policy at the seed plans' edges."""

import datetime as dt

import pytest
import time_machine

from tests.conftest import VN


@pytest.fixture
def catalog(catalog, settings):
    settings.SITE_URL = "https://mocua.example.vn"


def test_offices_and_procedures_without_login(client, catalog):
    offices = client.get("/api/v1/offices/").json()
    assert {"duc-thanh", "thanh-binh-thinh", "luan-thanh", "dong-thanh", "sa-dec-p1"} == {
        o["slug"] for o in offices
    }
    found = client.get("/api/v1/offices/duc-thanh/procedures/", {"q": "xac nhan tinh trang hon nhan"}).json()
    assert [p["code"] for p in found] == ["1.004873"]
    assert found[0]["public_url"] == "https://mocua.example.vn/thu-tuc/duc-thanh/1.004873/"
    assert client.get("/api/v1/offices/noi-vu/procedures/").status_code == 404


def test_procedure_detail(client, catalog):
    r = client.get("/api/v1/offices/duc-thanh/procedures/1.004873/")
    data = r.json()
    assert r.status_code == 200
    assert data["public_url"] == "https://mocua.example.vn/thu-tuc/duc-thanh/1.004873/"
    assert data["documents"][0]["name"].startswith("Tờ khai")
    assert data["reform_models"][0]["summary"].startswith("Thứ Tư: trả kết quả trong ngày")
    assert client.get("/api/v1/offices/duc-thanh/procedures/1.4873/").status_code == 404


def today(client, slug, at, **extra):
    return client.get(f"/api/v1/offices/{slug}/today/", {"at": at, **extra})


def test_today_at_the_seed_plans_edges(client, catalog):
    from schedules import calendar

    calendar.clear_memo()
    d = today(client, "duc-thanh", "2026-11-25T14:59:59+07:00", procedure="1.004873").json()
    assert d["same_day_until"] == "2026-11-25T15:00:00+07:00" and d["minutes_left"] == 1
    assert [m["kind"] for m in d["models"]] == ["no_appointment"]
    assert d["models"][0]["promises"]["same_day_result"]
    d = today(client, "duc-thanh", "2026-11-25T15:00:00+07:00", procedure="1.004873").json()
    assert d["same_day_until"] is None
    assert today(client, "duc-thanh", "2026-09-02T10:00:00+07:00").json()["office_open"] is False
    assert today(client, "luan-thanh", "2026-02-23T16:29:59+07:00").json()["in_extra_hour"] is False
    d = today(client, "luan-thanh", "2026-02-23T16:30:00+07:00").json()
    assert d["in_extra_hour"] and d["leader_on_duty"]
    assert today(client, "luan-thanh", "2026-03-23T17:30:00+07:00").json()["in_extra_hour"] is False
    assert today(client, "luan-thanh", "2026-03-24T16:30:00+07:00").json()["models"] == []
    sat = today(client, "sa-dec-p1", "2026-11-28T10:00:00+07:00", procedure="1.000894").json()
    assert sat["assisted_writing"] and sat["same_day_until"] == "2026-11-28T11:00:00+07:00"
    sat = today(client, "sa-dec-p1", "2026-11-28T10:59:59+07:00", procedure="1.000894").json()
    assert sat["minutes_left"] == 1 and sat["no_appointment_slip"]
    sat = today(client, "sa-dec-p1", "2026-11-28T11:00:00+07:00", procedure="1.000894").json()
    assert sat["same_day_until"] is None and not sat["no_appointment_slip"] and sat["assisted_writing"]
    thu = today(client, "sa-dec-p1", "2026-11-26T14:59:59+07:00", procedure="1.000894").json()
    assert {m["kind"] for m in thu["models"]} == {"marriage_two_no", "no_appointment"}
    assert thu["same_day_until"] == "2026-11-26T15:00:00+07:00"
    assert today(client, "sa-dec-p1", "2026-11-27T16:59:59+07:00").json()["no_waiting"]  # Friday
    assert not today(client, "sa-dec-p1", "2026-11-29T09:00:00+07:00").json()["office_open"]  # Sunday
    assert today(client, "luan-thanh", "2026-03-23T17:29:59+07:00").json()["in_extra_hour"]  # last day
    assert today(client, "luan-thanh", "2026-02-20T16:30:00+07:00").json()["models"] == []  # Tết, before
    tue = today(client, "thanh-binh-thinh", "2026-12-01T09:00:00+07:00").json()
    assert tue["assisted_writing"] and tue["online_help"] and tue["same_day_until"]
    tue = today(client, "thanh-binh-thinh", "2026-12-01T15:00:00+07:00", procedure="1.001193").json()
    assert tue["assisted_writing"] and tue["same_day_until"] is None
    mon = today(client, "thanh-binh-thinh", "2026-11-30T09:00:00+07:00", procedure="1.001193").json()
    assert mon["online_help"] and not mon["assisted_writing"]
    assert today(client, "dong-thanh", "2026-12-01T09:00:00+07:00").json()["apology_for_late"]
    assert today(client, "dong-thanh", "2026-09-01T09:00:00+07:00").json()["models"] == []  # Quốc khánh
    assert today(client, "duc-thanh", "2024-08-14T09:00:00+07:00").json()["models"] == []  # before 15/8/2024
    first = today(client, "duc-thanh", "2024-08-21T09:00:00+07:00", procedure="1.004873").json()
    assert first["same_day_until"] == "2024-08-21T15:00:00+07:00"  # the first Wednesday
    calendar.clear_memo()


@time_machine.travel(dt.datetime(2026, 11, 25, 14, 18, tzinfo=VN), tick=False)
def test_today_defaults_to_now(client, catalog):
    d = client.get("/api/v1/offices/duc-thanh/today/", {"procedure": "1.004873"}).json()
    assert d["minutes_left"] == 42


def test_today_rejects_a_bad_moment(client, catalog):
    r = today(client, "duc-thanh", "hôm qua")
    assert r.status_code == 400
    assert r.json()["detail"].startswith("Tham số at phải là thời điểm dạng ISO 8601")
    assert today(client, "duc-thanh", "2026-02-30T10:00:00").status_code == 400


def test_schema_lists_the_catalog_api(client):
    schema = client.get("/api/schema/").content.decode()
    for path in (
        "/api/v1/offices/",
        "/api/v1/offices/{slug}/procedures/{code}/",
        "/api/v1/offices/{slug}/today/",
    ):
        assert path in schema
