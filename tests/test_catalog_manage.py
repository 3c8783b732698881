"""Secretaries manage their office's procedures and reform models; bad input changes nothing."""

import io

import pytest
from django.core.management import call_command

from mocua.models import Office
from models_catalog.models import Procedure, ReformModel
from models_catalog.transfer import export_xlsx

MODEL = {
    "kind": "no_appointment",
    "name": "Ngày thứ Sáu không hẹn",
    "weekdays": ["4"],
    "cutoff": "15:00",
    "valid_from": "2026-12-01",
    "all_procedures": "on",
    "is_active": "on",
    "same_day_result": "on",
}

PROCEDURE = {
    "code": "1.009999",
    "name": "Thủ tục thử nghiệm của xã",
    "field": "",
    "processing_time": "3",
    "time_unit": "working_days",
    "online_level": "none",
    "documents-TOTAL_FORMS": "1",
    "documents-INITIAL_FORMS": "0",
    "documents-0-position": "1",
    "documents-0-name": "Đơn đề nghị",
    "documents-0-form": "original",
    "documents-0-quantity": "1",
}


def test_secretary_creates_a_model_for_own_office(staff_client, catalog):
    client = staff_client("duc-thanh.secretary")
    r = client.post("/quan-ly/mo-hinh/them/", MODEL)
    assert r.status_code == 302
    model = ReformModel.objects.get(name="Ngày thứ Sáu không hẹn")
    assert model.office.slug == "duc-thanh" and model.weekdays == [4]
    assert "Thứ Sáu: trả kết quả trong ngày" in client.get("/quan-ly/mo-hinh/").content.decode()


@pytest.mark.parametrize(
    "change, message",
    [
        ({"weekdays": []}, "Chọn ít nhất một thứ trong tuần áp dụng mô hình."),
        ({"window_start": "17:30", "window_end": "16:30"}, "Giờ kết thúc khung giờ phải sau giờ bắt đầu."),
        ({"valid_to": "2026-11-01"}, "Ngày kết thúc phải sau ngày bắt đầu."),
        ({"all_procedures": ""}, "Chọn các thủ tục áp dụng"),
    ],
)
def test_bad_model_input_is_refused_in_vietnamese(staff_client, catalog, change, message):
    before = ReformModel.objects.count()
    data = {k: v for k, v in {**MODEL, **change}.items() if v != ""}
    r = staff_client("duc-thanh.secretary").post("/quan-ly/mo-hinh/them/", data)
    assert r.status_code == 400
    assert message in r.content.decode()
    assert ReformModel.objects.count() == before


def test_another_offices_model_is_404_and_other_roles_are_refused(staff_client, catalog):
    foreign = ReformModel.objects.get(office__slug="luan-thanh")
    client = staff_client("duc-thanh.secretary")
    assert client.get(f"/quan-ly/mo-hinh/{foreign.pk}/sua/").status_code == 404
    assert client.post(f"/quan-ly/mo-hinh/{foreign.pk}/sua/", MODEL).status_code == 404
    assert client.get("/quan-ly/mo-hinh/999999/sua/").status_code == 404
    assert staff_client("duc-thanh.clerk").get("/quan-ly/mo-hinh/").status_code == 403
    foreign.refresh_from_db()
    assert foreign.name == "Giải quyết TTHC giờ thứ 9"


def test_secretary_adds_a_procedure_and_bad_codes_or_times_are_refused(staff_client, catalog):
    client = staff_client("duc-thanh.secretary")
    data = {**PROCEDURE, "field": str(Procedure.objects.get(code="1.001193").field_id)}
    for change, message in [
        ({"code": "1.99"}, "Mã thủ tục phải có dạng 1.004873 hoặc 1.004873.000.00.00.H48."),
        ({"processing_time": "-1"}, "Không được là số âm."),
        ({"processing_time": "0"}, "Thời hạn giải quyết phải lớn hơn 0."),
    ]:
        r = client.post("/quan-ly/thu-tuc/them/", {**data, **change})
        assert r.status_code == 400 and message in r.content.decode()
    assert not Procedure.objects.filter(code__in=["1.009999", "1.99"]).exists()
    assert client.post("/quan-ly/thu-tuc/them/", data).status_code == 302
    created = Procedure.objects.get(code="1.009999")
    assert list(created.offices.values_list("slug", flat=True)) == ["duc-thanh"]
    assert created.documents.get().name == "Đơn đề nghị"
    # A procedure shared with other offices is not edited by one office.
    r = client.get("/quan-ly/thu-tuc/1.001193/sua/", follow=True)
    assert "dùng chung với đơn vị khác" in r.content.decode()


def test_export_is_own_office_and_import_reports_errors(staff_client, catalog):
    client = staff_client("duc-thanh.secretary")
    office = Office.objects.get(slug="duc-thanh")
    office.procedures.remove(Procedure.objects.get(code="1.001193"))
    r = client.get("/quan-ly/thu-tuc/xuat.csv")
    text = r.content.decode("utf-8-sig")
    assert "1.004873" in text and "1.001193" not in text
    assert client.get("/quan-ly/thu-tuc/xuat.pdf").status_code == 404
    assert client.post("/quan-ly/thu-tuc/nhap/", {"file": io.BytesIO(export_xlsx())}).status_code == 403
    admin = staff_client("duc-thanh.admin")
    bad = io.BytesIO(b"%PDF")
    bad.name = "danh-muc.pdf"
    r = admin.post("/quan-ly/thu-tuc/nhap/", {"file": bad}, follow=True)
    assert "Chỉ nhận tệp CSV (.csv) hoặc Excel (.xlsx)." in r.content.decode()
    good = io.BytesIO(export_xlsx())
    good.name = "danh-muc.xlsx"
    r = admin.post("/quan-ly/thu-tuc/nhap/", {"file": good}, follow=True)
    assert "thêm 0, cập nhật 0, giữ nguyên" in r.content.decode()


@pytest.mark.django_db(transaction=True)
def test_secretary_model_form_on_a_phone(live_server, phone_page):
    from mocua.demo import DEMO_PASSWORD, load
    from tests.conftest import screenshot

    load()
    call_command("load_demo", stdout=io.StringIO())
    page = phone_page
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("input[name=username]", "sa-dec-p1.secretary")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/quan-ly/mo-hinh/")
    assert (
        "Thứ Năm: trả kết quả trong ngày, không viết giấy hẹn, viết hộ tờ khai, nhận hồ sơ đến 15:00; Thứ Bảy:"
        in page.inner_text("main")
    )
    page.click("text=Thêm mô hình")
    page.fill("input[name=name]", "Ngày thứ Hai không chờ")
    page.fill("input[name=window_start]", "17:30")
    page.fill("input[name=window_end]", "16:30")
    page.fill("input[name=valid_from]", "2026-12-01")
    page.click("main button[type=submit]")
    body = page.inner_text("main")
    assert body.count("Chọn ít nhất một thứ trong tuần áp dụng mô hình.") == 1
    assert "Giờ kết thúc khung giờ phải sau giờ bắt đầu." in body
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "catalog-model-form-phone")
    assert not ReformModel.objects.filter(name="Ngày thứ Hai không chờ").exists()


def test_blank_form_uploaded_by_the_secretary_is_downloadable_by_citizens(
    staff_client, catalog, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client = staff_client("duc-thanh.secretary")
    data = {**PROCEDURE, "field": str(Procedure.objects.get(code="1.001193").field_id)}
    data["documents-0-blank_form"] = SimpleUploadedFile("to-khai.docx", b"mau to khai")
    assert client.post("/quan-ly/thu-tuc/them/", data).status_code == 302
    document = Procedure.objects.get(code="1.009999").documents.get()
    client.logout()
    page = client.get("/thu-tuc/duc-thanh/1.009999/").content.decode()
    url = f"/thu-tuc/duc-thanh/1.009999/mau/{document.pk}/"
    assert f'href="{url}">Tải mẫu' in page
    response = client.get(url)
    assert b"".join(response.streaming_content) == b"mau to khai"
    assert client.get(f"/thu-tuc/luan-thanh/1.009999/mau/{document.pk}/").status_code == 404
