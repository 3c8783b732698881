"""No input reaches the database unchecked (issue 15, item 2): control characters, lengths, names."""

import datetime as dt
import unicodedata

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from dossiers import intake
from dossiers.models import AuditEvent, Dossier, Paper, Status
from mocua.models import Office
from models_catalog.models import DocumentForm
from tests.conftest import VN
from tests.dossier_helpers import api, api_body, marriage_status_procedure, no_appointment_day, staff

WEDNESDAY_MORNING = dt.datetime(2026, 11, 25, 9, 30, tzinfo=VN)

pytestmark = pytest.mark.django_db

OFFICE = "duc-thanh"


@pytest.fixture
def proc(demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    office = Office.objects.get(slug=OFFICE)
    p = marriage_status_procedure(office)
    no_appointment_day(office, p)
    return p


# The NUL probes of the issue: each answered 500 (PostgreSQL refuses NUL in a string).
NUL_PROBES = [
    ("public", f"/thu-tuc/{OFFICE}/?q=%00"),
    ("public", f"/thu-tuc/{OFFICE}/%00/"),
    ("public", f"/api/v1/offices/{OFFICE}/procedures/?q=%00"),
    ("public", f"/api/v1/offices/{OFFICE}/today/?procedure=%00"),
    ("public", "/api/v1/track/?code=%00&secret=x"),
    ("public", "/tra-cuu/?code=%00&secret=x"),
    ("staff", "/ho-so/?q=%00"),
    ("staff", "/api/v1/dossiers/%00/"),
    ("leader", "/api/v1/reports/?office=%00"),
    ("staff", "/ho-so/%00/"),
    ("public", f"/api/v1/offices/{OFFICE}/procedures/%1F/"),
    ("public", f"/thu-tuc/{OFFICE}/?q=a%7Fb"),
]


@pytest.mark.parametrize("who,url", NUL_PROBES, ids=[u for _, u in NUL_PROBES])
def test_control_characters_in_path_or_query_answer_400(client, proc, who, url):
    if who != "public":
        user = get_user_model().objects.get(username=f"{OFFICE}.{'clerk' if who == 'staff' else who}")
        client.force_login(user)
        token, _ = Token.objects.get_or_create(user=user)
        headers = {"Authorization": f"Token {token.key}"} if url.startswith("/api/") else {}
    else:
        headers = {}
    r = client.get(url, headers=headers)
    assert r.status_code == 400, (url, r.status_code)
    if url.startswith("/api/"):
        assert r["Content-Type"].startswith("application/json")
        assert "ký tự điều khiển" in r.json()["detail"]
    else:
        assert r["Content-Type"].startswith("text/html")
        assert "ký tự điều khiển" in r.content.decode()


def body(proc, **over):
    """An intake as a partner sends it: each paper in the form the catalog asks for."""
    return api_body(proc, form=None, **over)


@pytest.fixture
def morning():
    with time_machine.travel(WEDNESDAY_MORNING, tick=False):
        yield


def rows():
    return (Dossier.objects.count(), AuditEvent.objects.count(), Paper.objects.count())


# --- control characters in bodies: forms and JSON ------------------------------------------------


def test_nul_in_a_form_body_is_a_400_page_and_changes_nothing(client, proc):
    client.force_login(get_user_model().objects.get(username=f"{OFFICE}.clerk"))
    before = rows()
    r = client.post(
        "/ho-so/tiep-nhan/", {"procedure": proc.code, "full_name": "Nguyễn\x00Văn A", "intake_key": "k"}
    )
    assert r.status_code == 400 and r["Content-Type"].startswith("text/html")
    page = r.content.decode()
    assert "Yêu cầu không hợp lệ" in page and "ký tự điều khiển" in page and "navbar" in page
    assert rows() == before


def test_nul_in_a_json_body_is_a_400_json_and_changes_nothing(proc, morning):
    before = rows()
    r = api(f"{OFFICE}.clerk").post("/api/v1/dossiers/", body(proc, address="Thôn 1\u0000"), format="json")
    assert r.status_code == 400 and "ký tự điều khiển" in r.json()["detail"]
    r = api(f"{OFFICE}.clerk").post(
        "/api/v1/dossiers/", body(proc, missing=["Giấy \x1b[31m đỏ"]), format="json"
    )
    assert r.status_code == 400 and "ký tự điều khiển" in r.json()["detail"]
    assert rows() == before


def test_tabs_and_line_breaks_are_free_text_not_control_characters(proc, morning):
    r = api(f"{OFFICE}.clerk").post(
        "/api/v1/dossiers/",
        body(proc, refusal_reasons="Không thuộc thẩm quyền.\r\n\tHướng dẫn nộp tại huyện."),
        format="json",
    )
    assert r.status_code == 201 and r.json()["status"] == Status.REFUSED


def test_login_form_with_nul_is_refused_before_authentication(client, demo):
    r = client.post("/dang-nhap/", {"username": f"{OFFICE}.clerk\x00", "password": "x"})
    assert r.status_code == 400 and "ký tự điều khiển" in r.content.decode()


# --- free-text limits ------------------------------------------------------------------------


def test_a_million_character_refusal_reason_is_refused_by_api_and_screen(client, proc, morning):
    clerk = api(f"{OFFICE}.clerk")
    code = clerk.post("/api/v1/dossiers/", body(proc), format="json").json()["code"]
    before = rows()
    huge = "x" * 1_000_000
    r = clerk.post(f"/api/v1/dossiers/{code}/actions/refuse/", {"reasons": huge}, format="json")
    assert r.status_code == 400
    assert r.json()["detail"] == "Lý do từ chối quá dài: tối đa 2.000 ký tự (đang có 1.000.000 ký tự)."
    client.force_login(get_user_model().objects.get(username=f"{OFFICE}.clerk"))
    r = client.post(f"/ho-so/{code}/thao-tac/refuse/", {"reasons": huge}, follow=True)
    assert "Lý do từ chối quá dài: tối đa 2.000 ký tự (đang có 1.000.000 ký tự)." in r.content.decode()
    assert rows() == before and Dossier.objects.get(code=code).status == Status.RECEIVED


@pytest.mark.parametrize(
    "params,message",
    [
        ({"note": "x" * 2001}, "Ghi chú quá dài"),
        ({"returned_to": "x" * 201}, "Người nhận kết quả quá dài"),
        ({"missing": ["Giấy tờ"] * 31}, "tối đa 30 giấy tờ"),
        ({"missing": ["x" * 301]}, "Tên giấy tờ cần bổ sung quá dài"),
        ({"responsible_person": "Nguyễn\tVăn A"}, "ký tự điều khiển"),
        ({"reason": "x" * 2001}, "Lý do quá dài"),
    ],
)
def test_action_parameters_have_limits_for_screens_and_api_alike(proc, morning, params, message):
    from dossiers import actions
    from dossiers.workflow import WorkflowError

    code = api(f"{OFFICE}.clerk").post("/api/v1/dossiers/", body(proc), format="json").json()["code"]
    d = Dossier.objects.get(code=code)
    before = rows()
    for action in ("refuse", "request_supplement", "return", "apologise"):
        with pytest.raises(WorkflowError, match=message):
            actions.perform(staff(f"{OFFICE}.clerk"), d, action, params)
    assert rows() == before


def test_intake_free_text_limits(proc, morning):
    before = rows()
    r = api(f"{OFFICE}.clerk").post(
        "/api/v1/dossiers/", body(proc, refusal_reasons="x" * 2001, missing=["y"] * 31), format="json"
    )
    assert r.status_code == 400
    errors = r.json()["errors"]
    assert "Lý do từ chối tiếp nhận quá dài" in errors["refusal_reasons"]
    assert "tối đa 30 giấy tờ" in errors["missing"]
    assert rows() == before


# --- names and birth dates: one validator, used by intake.receive ----------------------------------


@pytest.mark.parametrize(
    "name",
    ["\u200b\u200b", "\u200b \ufeff", "...", "12345", "Nguyễn <b>A</b>", "Nguyễn\x07Văn A", "x" * 121],
)
def test_names_without_letters_or_with_odd_characters_are_refused(proc, morning, name):
    with pytest.raises(ValidationError) as e:
        intake.receive(staff(f"{OFFICE}.clerk"), body(proc, documents=[], full_name=name))
    assert "full_name" in e.value.message_dict
    assert not Dossier.objects.exists()


def test_zero_width_name_refused_by_the_api_with_a_vietnamese_message(proc, morning):
    r = api(f"{OFFICE}.clerk").post("/api/v1/dossiers/", body(proc, full_name="\u200b\u200b"), format="json")
    assert r.status_code == 400 and "Họ và tên phải có chữ cái" in r.json()["errors"]["full_name"]


def test_names_are_stored_nfc_with_invisible_characters_removed(proc, morning):
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Hồng Nhung")
    assert nfd != "Nguyễn Thị Hồng Nhung"
    typed = f"  {nfd[:6]}\u200b{nfd[6:]}  "
    r = api(f"{OFFICE}.clerk").post(
        "/api/v1/dossiers/",
        body(proc, full_name=typed, address=unicodedata.normalize("NFD", "Thôn Đức")),
        format="json",
    )
    assert r.status_code == 201, r.json()
    d = Dossier.objects.get(code=r.json()["code"])
    assert d.full_name == "Nguyễn Thị Hồng Nhung" and d.address == "Thôn Đức"
    assert d.search_name == "nguyen thi hong nhung"
    assert Dossier.objects.filter(full_name__contains="Nguyễn").exists()


def test_ethnic_minority_names_with_apostrophes_and_hyphens_are_accepted(proc, morning):
    for name in ("H'Hen Niê", "Ksor H’Bla", "Rơ Mah-Đào", "Nguyễn Văn A (ủy quyền)"):
        d = intake.receive(staff(f"{OFFICE}.clerk"), body(proc, documents=[], full_name=name))
        assert d.full_name == name


@pytest.mark.parametrize(
    "birth_date,ok",
    [
        ("0001-01-01", False),
        ("1899-12-31", False),
        ("1900-01-01", True),
        ("2026-11-25", True),
        ("2026-11-26", False),
    ],
)
def test_birth_dates_must_be_plausible(proc, morning, birth_date, ok):
    r = api(f"{OFFICE}.clerk").post("/api/v1/dossiers/", body(proc, birth_date=birth_date), format="json")
    if ok:
        assert r.status_code == 201, r.json()
    else:
        assert r.status_code == 400 and "Ngày sinh" in r.json()["errors"]["birth_date"]
        assert not Dossier.objects.exists()


def test_birth_date_on_the_intake_screen(client, proc, morning):
    client.force_login(get_user_model().objects.get(username=f"{OFFICE}.clerk"))
    first = proc.documents.order_by("position").first()
    r = client.post(
        "/ho-so/tiep-nhan/",
        {
            "procedure": proc.code,
            "intake_key": "screen-1",
            "full_name": "Nguyễn Văn An",
            "id_number": "051190001234",
            "phone": "0912345678",
            "address": "Thôn 1",
            "birth_date": "01/01/0001",
            "channel": "counter",
            f"doc_{first.pk}": first.form,
            f"doc_{first.pk}_count": 1,
        },
    )
    assert r.status_code == 200 and "không thể trước năm 1900" in r.content.decode()
    assert not Dossier.objects.exists()


# --- one list of document forms --------------------------------------------------------------


def test_every_form_the_catalog_api_advertises_is_accepted_by_the_intake_api(proc, morning):
    doc = proc.documents.order_by("position").first()
    for form in DocumentForm.values:
        doc.form = form
        doc.save()
        listed = APIClient().get(f"/api/v1/offices/{OFFICE}/procedures/{proc.code}/").json()
        advertised = next(d["form"] for d in listed["documents"] if d["id"] == doc.pk)
        assert advertised == form
        r = api(f"{OFFICE}.clerk").post(
            "/api/v1/dossiers/",
            body(proc, documents=[{"document": doc.pk, "form": advertised, "count": 1}]),
            format="json",
        )
        assert r.status_code == 201, (form, r.json())
    assert Dossier.objects.count() == len(DocumentForm.values)


# --- the schema says what the API answers ------------------------------------------------------


def test_schema_declares_times_of_day_and_error_statuses(client, db):
    schema = client.get("/api/schema/?format=json").json()
    cutoff = schema["components"]["schemas"]["Office"]["properties"]["same_day_cutoff"]
    assert cutoff.get("format") != "time" and cutoff["type"] == "string"
    detail = schema["paths"]["/api/v1/dossiers/{code}/"]["get"]["responses"]
    assert {"200", "400", "401", "403", "404"} <= set(detail)
    track = schema["paths"]["/api/v1/track/"]["get"]["responses"]
    assert {"200", "400", "404", "429"} <= set(track) and "401" not in track


def test_api_validation_messages_are_vietnamese(proc, morning):
    clerk = api(f"{OFFICE}.clerk")
    r = clerk.post("/api/v1/dossiers/", {"procedure": proc.code, "full_name": "x" * 121}, format="json")
    errors = r.json()["errors"]
    assert r.status_code == 400 and errors["id_number"] == "Cần nhập mục này."
    assert errors["full_name"] == "Trường này có tối đa 120 ký tự."
    r = clerk.post("/api/v1/dossiers/", body(proc, documents=[{"document": "một"}]), format="json")
    assert "Cần một số nguyên hợp lệ." in str(r.json()["errors"]["documents"])
    r = APIClient().get("/api/v1/dossiers/", HTTP_AUTHORIZATION="Token sai")
    # mocua.tokens says why a token is refused, in Vietnamese, before REST framework would
    assert r.status_code == 401 and r.json()["detail"].startswith("Mã truy cập API không hợp lệ")


# --- uploads: the middleware sees a file's name, not its content --------------------------------


def test_calendar_upload_with_a_nul_is_refused_in_vietnamese(client, demo):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from schedules.models import CalendarDay

    client.force_login(get_user_model().objects.get(username=f"{OFFICE}.secretary"))
    upload = SimpleUploadedFile("lich.csv", "01/12/2026,local_day_off,Lễ\x00 hội\n".encode())
    r = client.post("/lich-lam-viec/nhap/", {"file": upload})
    assert r.status_code == 400 and "ký tự điều khiển" in r.content.decode()
    assert not CalendarDay.objects.filter(office__slug=OFFICE).exists()


def test_catalog_upload_with_a_control_character_is_refused(proc):
    from models_catalog.models import Procedure
    from models_catalog.transfer import ImportRejected, export_csv, import_catalog

    content = export_csv(Procedure.objects.all()[:1]).decode("utf-8-sig")
    header, first = content.splitlines()[:2]
    before = list(Procedure.objects.values())
    with pytest.raises(ImportRejected) as e:
        bad = first.replace(",", ",\x00", 1)
        import_catalog("danh-muc.csv", f"{header}\n{bad}\n".encode(), by=None)
    assert "ký tự điều khiển" in " ".join(e.value.errors)
    assert list(Procedure.objects.values()) == before


def test_json_nested_too_deep_is_a_400_not_a_500(demo):
    r = APIClient().post(
        "/api/v1/auth/token/", "[" * 100_000 + "]" * 100_000, content_type="application/json"
    )
    assert r.status_code == 400 and r.json()["detail"] == "Dữ liệu JSON gửi lên lồng nhau quá sâu."


def test_unknown_api_paths_answer_json(client, db):
    r = client.get("/api/v1/khong-co/")
    assert r.status_code == 404 and r.json() == {"detail": "Không tìm thấy."}
    r = client.get("/khong-co/")
    assert r.status_code == 404 and r["Content-Type"].startswith("text/html")
