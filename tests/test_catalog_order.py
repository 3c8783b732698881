"""One Vietnamese alphabetical order for every procedure list, and the same-day unit label."""

import csv
import io
import re

import pytest

from mocua.models import Office
from models_catalog.models import Field, Procedure, TimeUnit
from models_catalog.text import sort_procedures, vi_key
from models_catalog.transfer import export_csv


def test_vietnamese_alphabet_with_tones_secondary():
    words = [
        "Đăng ký",
        "Dịch vụ",
        "đá",
        "da",
        "dạ",
        "dà",
        "Ăn",
        "Anh",
        "Ân",
        "ba",
        "Ơn",
        "Ôn",
        "On",
        "Ưu",
        "Uy",
    ]
    assert sorted(words, key=vi_key) == [
        "Anh", "Ăn", "Ân", "ba", "da", "dà", "dạ", "Dịch vụ", "đá", "Đăng ký", "On", "Ôn", "Ơn", "Uy", "Ưu",
    ]  # fmt: skip
    # Tone marks only break ties: "Đăng" < "Đi" (ă before i) although "ă" carries no tone.
    assert vi_key("Đăng ký") < vi_key("Đi")
    # Tones in the order ngang, huyền, hỏi, ngã, sắc, nặng.
    assert sorted(["má", "mạ", "mã", "ma", "mả", "mà"], key=vi_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]
    # Precomposed and decomposed input sort the same.
    assert vi_key("Đăng ký")[:2] == vi_key("Đăng ký")[:2]


@pytest.fixture
def catalog(catalog):
    field = Field.objects.get(name="Hộ tịch")
    office = Office.objects.get(slug="duc-thanh")
    # A name starting with D (not Đ) must come before every "Đăng ký …".
    extra = Procedure.objects.create(
        code="1.009998",
        name="Dịch thuật giấy tờ hộ tịch",
        field=field,
        processing_time=1,
        time_unit="working_days",
    )
    extra.offices.add(office)
    return office


def expected_names(office):
    return [p.name for p in sort_procedures(Procedure.objects.filter(offices=office))]


def public_names(html: str) -> list[str]:
    return re.findall(r'<li><a href="/thu-tuc/[^"]+">([^<]+)</a>', html)


def test_every_list_uses_the_one_order(client, staff_client, catalog):
    office = catalog
    names = expected_names(office)
    assert len(names) >= 30
    first_d = names.index("Dịch thuật giấy tờ hộ tịch")
    first_dd = next(i for i, n in enumerate(names) if n.startswith("Đ"))
    assert first_d < first_dd
    assert all(not n.startswith("Đ") for n in names[:first_dd]) and names[first_dd:][0].startswith("Đ")

    import html as html_lib

    page = client.get("/thu-tuc/duc-thanh/").content.decode()
    assert [html_lib.unescape(n) for n in public_names(page)] == names
    api = client.get("/api/v1/offices/duc-thanh/procedures/").json()
    assert [p["name"] for p in api] == names
    staff = staff_client("duc-thanh.secretary")
    manage = staff.get("/quan-ly/thu-tuc/").content.decode()
    managed = [
        html_lib.unescape(n)
        for n in re.findall(
            r'<td class="text-nowrap">[^<]+</td><td>(?:<span class="procedure-name">)?([^<]+)<', manage
        )
    ]
    assert managed[: len(names)] == names
    exported = staff.get("/quan-ly/thu-tuc/xuat.csv")
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert [r[1] for r in rows[1:]] == names
    # The file-level export (all procedures) uses the same helper.
    all_rows = list(csv.reader(io.StringIO(export_csv().decode("utf-8-sig"))))
    assert [r[1] for r in all_rows[1:]] == [p.name for p in sort_procedures(Procedure.objects.all())]


def test_same_day_unit_reads_trong_ngay_everywhere(client, staff_client, catalog):
    assert TimeUnit.SAME_DAY.label == "trong ngày"
    code = "1.004873"
    api = client.get("/api/v1/offices/duc-thanh/procedures/", {"q": code}).json()[0]
    assert api["time_unit"] == "same_day" and api["time_unit_label"] == "trong ngày"
    detail = client.get(f"/api/v1/offices/duc-thanh/procedures/{code}/").json()
    assert detail["time_unit_label"] == "trong ngày"
    assert detail["time_text"].startswith("Trong ngày (nhận hồ sơ trước 15:00")
    page = client.get(f"/thu-tuc/duc-thanh/{code}/").content.decode()
    assert "same_day" not in page and "Trong ngày (nhận hồ sơ trước 15:00" in page
    rows = list(csv.reader(io.StringIO(export_csv().decode("utf-8-sig"))))
    row = next(r for r in rows if r[0] == code)
    assert row[4] == "trong ngày"
    form = staff_client("duc-thanh.secretary").get("/quan-ly/thu-tuc/them/").content.decode()
    assert '<option value="same_day">trong ngày</option>' in form
