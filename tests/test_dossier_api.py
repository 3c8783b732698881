"""The REST API: token auth for staff, intake, detail with trail and papers, actions through the door, tracking."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from dossiers.models import Dossier, Paper, PaperKind, Status
from mocua.demo import DEMO_PASSWORD
from tests.conftest import VN, frozen
from tests.dossier_helpers import api, staff
from tests.dossier_helpers import api_body as body

WEDNESDAY = dt.date(2026, 11, 25)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_token_for_staff_only(demo):
    ok = APIClient().post("/api/v1/auth/token/", {"username": "duc-thanh.clerk", "password": DEMO_PASSWORD})
    assert ok.status_code == 200 and len(ok.json()["token"]) == 40
    bad = APIClient().post("/api/v1/auth/token/", {"username": "duc-thanh.clerk", "password": "sai"})
    assert bad.status_code == 400 and bad.json()["detail"] == "Tên đăng nhập hoặc mật khẩu không đúng."
    assert APIClient().post("/api/v1/dossiers/", {}, format="json").status_code in (401, 403)


def test_intake_same_day_before_cutoff_and_normal_after(proc):
    client = api("duc-thanh.clerk")
    with frozen(WEDNESDAY, 14, 50):
        r = client.post("/api/v1/dossiers/", body(proc), format="json")
    assert r.status_code == 201, r.json()
    same_day = r.json()
    assert same_day["track"] == "same_day" and same_day["status"] == "received"
    receipt = Paper.objects.get(kind=PaperKind.RECEIPT)
    assert same_day["receipt_url"].endswith(f"/api/v1/dossiers/{same_day['code']}/papers/{receipt.pk}/")
    with frozen(WEDNESDAY, 15, 5):
        r = client.post("/api/v1/dossiers/", body(proc), format="json")
    normal = r.json()
    assert r.status_code == 201 and normal["track"] == "normal"
    assert Paper.objects.filter(kind=PaperKind.APPOINTMENT_SLIP, dossier__code=normal["code"]).count() == 1
    assert dt.datetime.fromisoformat(normal["due_at"]) > dt.datetime.fromisoformat(same_day["due_at"])
    # The receipt downloads for this office's staff only.
    pdf = client.get(same_day["receipt_url"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert api("luan-thanh.clerk").get(same_day["receipt_url"]).status_code == 404


def test_incomplete_intake_has_no_receipt_and_a_supplement_request(proc):
    with frozen(WEDNESDAY, 10, 0):
        r = api("duc-thanh.clerk").post("/api/v1/dossiers/", body(proc, documents=[]), format="json")
    assert r.status_code == 201 and r.json()["status"] == Status.AWAITING_SUPPLEMENT
    assert r.json()["receipt_url"] is None and r.json()["due_at"] is None
    assert Paper.objects.get(dossier__code=r.json()["code"]).kind == PaperKind.SUPPLEMENT_REQUEST


def test_bad_input_is_a_vietnamese_400_and_saves_nothing(proc):
    client = api("duc-thanh.clerk")
    r = client.post("/api/v1/dossiers/", body(proc, id_number="12345"), format="json")
    assert (
        r.status_code == 400
        and "id_number" in r.json()["errors"]
        and "Hồ sơ chưa hợp lệ" in r.json()["detail"]
    )
    r = client.post("/api/v1/dossiers/", body(proc, documents=[{"document": 999999}]), format="json")
    assert r.status_code == 400 and "không thuộc thành phần hồ sơ" in r.json()["errors"]["documents"]
    r = client.post("/api/v1/dossiers/", {"procedure": proc.code}, format="json")
    assert r.status_code == 400 and "full_name" in r.json()["errors"]
    r = client.post("/api/v1/dossiers/", body(proc, office="luan-thanh"), format="json")
    assert r.status_code == 403 and "đơn vị của mình" in r.json()["detail"]
    r = api("duc-thanh.specialist").post("/api/v1/dossiers/", body(proc), format="json")
    assert r.status_code == 403
    assert not Dossier.objects.exists()


def test_same_intake_key_twice_is_one_dossier(proc):
    client = api("duc-thanh.clerk")
    with frozen(WEDNESDAY, 9, 0):
        a = client.post("/api/v1/dossiers/", body(proc, intake_key="k-1"), format="json").json()
        b = client.post("/api/v1/dossiers/", body(proc, intake_key="k-1"), format="json").json()
    assert a["code"] == b["code"] and Dossier.objects.count() == 1 and Paper.objects.count() == 1


@pytest.fixture
def wednesday_morning():
    with frozen(WEDNESDAY, 9, 0):
        yield


def test_the_whole_way_through_actions_and_offices_as_walls(proc, wednesday_morning):
    clerk, specialist, leader = (api(f"duc-thanh.{r}") for r in ("clerk", "specialist", "leader"))
    code = clerk.post("/api/v1/dossiers/", body(proc), format="json").json()["code"]
    url = f"/api/v1/dossiers/{code}/"

    def act(client, action, **data):
        return client.post(f"{url}actions/{action}/", data, format="json")

    assert act(clerk, "assign", specialist=staff("duc-thanh.specialist").pk).status_code == 200
    assert act(specialist, "start").status_code == 200
    r = act(specialist, "approve")
    assert r.status_code == 403 and "phê duyệt" in r.json()["detail"]
    assert act(specialist, "submit").status_code == 200
    r = act(leader, "send_back")
    assert r.status_code == 400 and r.json()["detail"] == "Cần ghi lý do trả lại."
    assert act(leader, "send_back", reason="Thiếu chữ ký").json()["status"] == Status.PROCESSING
    assert act(specialist, "submit").status_code == 200
    assert act(leader, "approve").status_code == 200
    r = act(clerk, "return", returned_to="Chị Nhung")
    assert r.status_code == 400 and "đang ở trạng thái" in r.json()["detail"]
    assert act(specialist, "ready").status_code == 200
    r = act(clerk, "return", returned_to="Nguyễn Thị Hồng Nhung")
    assert r.status_code == 200 and r.json()["status"] == Status.RETURNED
    assert act(clerk, "fly").status_code == 404

    detail = clerk.get(url).json()
    assert [e["action"] for e in detail["events"]][:3] == ["receive", "assign", "start"]
    assert {p["kind"] for p in detail["papers"]} == {PaperKind.RECEIPT, PaperKind.CONTROL_SLIP}
    # Another office: the same 404 as a missing dossier, for reading and for acting.
    other = api("luan-thanh.clerk")
    foreign, missing = other.get(url), other.get("/api/v1/dossiers/000.23.53.H99-261125-9999/")
    assert foreign.status_code == missing.status_code == 404 and foreign.json() == missing.json()
    assert act(api("luan-thanh.leader"), "approve").status_code == 404


def test_apology_supplement_refuse_and_stop_through_the_api(proc, wednesday_morning):
    clerk, leader = api("duc-thanh.clerk"), api("duc-thanh.leader")
    codes = [clerk.post("/api/v1/dossiers/", body(proc), format="json").json()["code"] for _ in range(3)]
    a, b, c = (f"/api/v1/dossiers/{x}/actions/" for x in codes)
    new_due = dt.datetime(2026, 12, 4, 16, 0, tzinfo=VN).isoformat()
    r = clerk.post(
        a + "apologise/", {"reason": "Phải xác minh", "responsible_unit": "Tư pháp", "new_due_at": new_due}
    )
    assert r.status_code == 200 and r.json()["events"][-1]["action"] == "apologise"
    letter = Dossier.objects.get(code=codes[0]).apology_letters.get()
    r = leader.post(a + "sign_apology/", {"letter": letter.pk})
    assert r.status_code == 200 and any(p["kind"] == PaperKind.APOLOGY for p in r.json()["papers"])
    assert r.json()["due_at"].startswith("2026-12-04T16:00")
    r = clerk.post(b + "request_supplement/", {"missing": ["Tờ khai có chữ ký"]}, format="json")
    assert r.status_code == 200 and r.json()["status"] == Status.AWAITING_SUPPLEMENT
    r = clerk.post(b + "request_supplement/", {"missing": ["Giấy khác"]}, format="json")
    assert r.status_code == 400 and "một lần" in r.json()["detail"]
    assert clerk.post(b + "supplement/", {}).json()["status"] == Status.RECEIVED
    assert clerk.post(b + "refuse/", {"reasons": "Không thuộc thẩm quyền"}).json()["status"] == Status.REFUSED
    r = clerk.post(c + "stop/", {"reason": "Người nộp rút hồ sơ"})
    assert r.status_code == 200 and any(p["kind"] == PaperKind.STOP_NOTICE for p in r.json()["papers"])


def test_public_track_api(proc):
    with frozen(WEDNESDAY, 9, 0):
        code = api("duc-thanh.clerk").post("/api/v1/dossiers/", body(proc), format="json").json()["code"]
    d = Dossier.objects.get(code=code)
    r = APIClient().get("/api/v1/track/", {"code": code, "secret": d.secret})
    assert r.status_code == 200 and r.json()["masked_name"] == "Nguyễn T. H. N."
    assert d.id_number not in r.content.decode() and d.phone not in r.content.decode()
    wrong_code = APIClient().get("/api/v1/track/", {"code": code + "0", "secret": d.secret})
    wrong_secret = APIClient().get("/api/v1/track/", {"code": code, "secret": "AAAAAA"})
    assert (
        wrong_code.status_code == wrong_secret.status_code == 404 and wrong_code.json() == wrong_secret.json()
    )


def test_schema_lists_the_dossier_endpoints(client):
    schema = client.get("/api/schema/").content.decode()
    for path in (
        "/api/v1/auth/token/",
        "/api/v1/dossiers/",
        "/api/v1/dossiers/{code}/actions/{action}/",
        "/api/v1/track/",
    ):
        assert path in schema
