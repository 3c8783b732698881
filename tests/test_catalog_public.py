"""Public catalog pages: no login, search without diacritics, field filter, sizes, a phone."""

import datetime as dt
import gzip
import io
import re
from pathlib import Path

import pytest
import time_machine
from django.contrib.staticfiles import finders
from django.core.management import call_command

from tests.conftest import VN, screenshot


def names(response):
    return re.findall(r'<li><a href="/thu-tuc/[^"]+">([^<]+)</a>', response.content.decode())


def test_search_ignores_diacritics_and_case(client, catalog):
    r = client.get("/thu-tuc/duc-thanh/", {"q": "xac nhan tinh trang hon nhan"})
    assert r.status_code == 200
    assert names(r) == ["Cấp Giấy xác nhận tình trạng hôn nhân"]
    assert names(client.get("/thu-tuc/duc-thanh/", {"q": "ĐĂNG KÝ KHAI SINH"}))[0].startswith(
        "Đăng ký khai sinh"
    )
    assert names(client.get("/thu-tuc/duc-thanh/", {"q": "1.004873"})) == [
        "Cấp Giấy xác nhận tình trạng hôn nhân"
    ]
    empty = client.get("/thu-tuc/duc-thanh/", {"q": "khong co thu tuc nay"})
    assert "Không tìm thấy thủ tục phù hợp" in empty.content.decode()


def test_filter_by_field(client, catalog):
    r = client.get("/thu-tuc/duc-thanh/", {"linh-vuc": "chung-thuc"})
    got = names(r)
    assert got and all(n.startswith(("Chứng thực", "Cấp bản sao có chứng thực")) for n in got)


def test_unknown_office_procedure_and_supervisor_are_404(client, catalog):
    assert client.get("/thu-tuc/khong-co/").status_code == 404
    assert client.get("/thu-tuc/noi-vu/").status_code == 404
    assert client.get("/thu-tuc/duc-thanh/9.999999/").status_code == 404


@time_machine.travel(dt.datetime(2026, 11, 25, 14, 18, tzinfo=VN), tick=False)
def test_procedure_page_says_what_the_office_does_on_which_day(client, catalog):
    r = client.get("/thu-tuc/duc-thanh/1.004873/")
    html = r.content.decode()
    assert r.status_code == 200
    assert "Thứ Tư: trả kết quả trong ngày, không viết giấy hẹn" in html
    assert "nhận hồ sơ đến 15:00" in html
    assert "Ngày không hẹn — nhận hồ sơ trả kết quả trong ngày đến 15:00, còn 42 phút" in html
    assert "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân" in html
    assert "Thứ Hai" in html and "07:30–11:30, 13:30–17:00" in html
    assert len(r.content) <= 30 * 1024
    css = Path(finders.find("css/catalog-public.css")).read_bytes()
    assert len(gzip.compress(r.content)) + len(gzip.compress(css)) <= 60 * 1024
    assert "<script" not in html


@time_machine.travel(dt.datetime(2026, 9, 2, 9, tzinfo=VN), tick=False)
def test_holiday_banner(client, catalog):
    html = client.get("/thu-tuc/duc-thanh/1.004873/").content.decode()
    assert "Bộ phận Một cửa không tiếp nhận hồ sơ" in html
    assert "còn" not in html.split("<main>")[1].split("</div>")[0]


def test_list_page_size(client, catalog):
    r = client.get("/thu-tuc/sa-dec-p1/")
    assert len(names(r)) >= 30
    assert len(r.content) <= 30 * 1024


@pytest.mark.django_db(transaction=True)
def test_phone_search_and_open_a_procedure(live_server, phone_page):
    from mocua.demo import load

    load()
    call_command("load_demo", stdout=io.StringIO())
    page = phone_page
    page.goto(f"{live_server.url}/thu-tuc/sa-dec-p1/")
    page.fill("input[name=q]", "dang ky ket hon")
    page.click("button[type=submit]")
    screenshot(page, "catalog-public-list-phone")
    links = page.locator("ul.procs a")
    # Ranked by match (models_catalog.text.rank_procedures): the phrase, the nearest name first.
    assert links.all_inner_texts()[:4] == [
        "Đăng ký kết hôn",
        "Đăng ký kết hôn lưu động",
        "Đăng ký kết hôn có yếu tố nước ngoài",
        "Đăng ký lại kết hôn",
    ]
    page.get_by_role("link", name="Đăng ký kết hôn", exact=True).click()
    assert page.locator("h2").inner_text() == "Đăng ký kết hôn"
    body = page.inner_text("main")
    assert "Đăng ký kết hôn “hai không”" in body
    assert (
        "Thứ Năm: trả kết quả trong ngày, không viết giấy hẹn, viết hộ tờ khai, nhận hồ sơ đến 15:00\n"
        "Thứ Bảy: trả kết quả trong ngày, không viết giấy hẹn, viết hộ tờ khai, nhận hồ sơ đến 11:00"
    ) in body
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "catalog-public-phone")


def test_public_pages_make_few_queries(client, catalog, django_assert_max_num_queries):
    from schedules import calendar

    pages = ["/thu-tuc/sa-dec-p1/1.000894/", "/thu-tuc/duc-thanh/1.004873/", "/thu-tuc/luan-thanh/"]
    calendar.clear_memo()
    with django_assert_max_num_queries(10):  # cold: the office calendar is read once, then memoised
        assert client.get(pages[0]).status_code == 200
    for page in pages:
        client.get(page)
        with django_assert_max_num_queries(5):  # office, procedure, documents, models, their procedures
            assert client.get(page).status_code == 200


def test_saturday_morning_page_at_the_edges(client, catalog):
    """Sa Đéc opens 07:30–11:30 on Saturday: same-day marriage intake until 11:00, not 15:00."""
    page = "/thu-tuc/sa-dec-p1/1.000894/"
    with time_machine.travel(dt.datetime(2026, 11, 28, 10, 59, 59, tzinfo=VN), tick=False):
        html = client.get(page).content.decode()
    assert (
        "Thứ Bảy: trả kết quả trong ngày, không viết giấy hẹn, viết hộ tờ khai, nhận hồ sơ đến 11:00" in html
    )
    assert (
        "Thứ Năm: trả kết quả trong ngày, không viết giấy hẹn, viết hộ tờ khai, nhận hồ sơ đến 15:00" in html
    )
    assert "nhận hồ sơ trả kết quả trong ngày đến 11:00, còn 1 phút" in html
    assert (
        "Thứ Bảy: trả kết quả trong ngày, không viết giấy hẹn, viết hộ tờ khai, nhận hồ sơ đến 15:00"
        not in html
    )
    with time_machine.travel(dt.datetime(2026, 11, 28, 11, 0, 0, tzinfo=VN), tick=False):
        html = client.get(page).content.decode()
    assert "đã qua 11:00: hồ sơ nhận sau giờ này được giải quyết theo quy trình thông thường" in html
    with time_machine.travel(dt.datetime(2026, 11, 29, 9, tzinfo=VN), tick=False):
        html = client.get(page).content.decode()
    assert "Chủ nhật — Bộ phận Một cửa không tiếp nhận hồ sơ" in html
    # The API's model summary says the same.
    models = client.get("/api/v1/offices/sa-dec-p1/procedures/1.000894/").json()["reform_models"]
    two_no = next(m for m in models if m["kind"] == "marriage_two_no")
    assert two_no["summary"].endswith(
        "; Thứ Bảy: trả kết quả trong ngày, không viết giấy hẹn, viết hộ tờ khai, nhận hồ sơ đến 11:00"
    )


@pytest.mark.django_db(transaction=True)
def test_first_load_on_a_360px_phone_is_small(live_server, browser):
    from mocua.demo import load

    load()
    call_command("load_demo", stdout=io.StringIO())
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    page = context.new_page()
    loaded = []
    page.on("requestfinished", lambda request: loaded.append(request))
    page.goto(f"{live_server.url}/thu-tuc/sa-dec-p1/1.000894/")
    bodies = {r.url: r.response().body() for r in loaded if r.response() and r.response().ok}
    assert sorted(u.rsplit("/", 2)[-2] + "/" + u.rsplit("/", 1)[-1] for u in bodies) == [
        "1.000894/",
        "css/catalog-public.css",
    ]
    assert sum(len(gzip.compress(b)) for b in bodies.values()) <= 60 * 1024
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert "Thứ Bảy: trả kết quả trong ngày" in page.inner_text("main")
    screenshot(page, "catalog-public-360")
    context.close()
