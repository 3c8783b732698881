"""The secretary's screens in an English browser (issue 16, point 7): only the buttons the secretary
may use, every switch of a reform model explained, procedures in Vietnamese order, dates dd/mm/yyyy
and times 24-hour whatever the browser's language, and online targets per field."""

import datetime as dt

import pytest
from django.utils import timezone

from mocua.models import Office
from models_catalog.models import Field, Procedure, ReformModel
from models_catalog.text import vi_key
from reports.models import OnlineTarget
from tests.conftest import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
OWN_CODE = "1.009998"


@pytest.fixture
def english_pages(browser):
    """A desktop (1366) and a phone (390) page whose browser speaks American English."""
    pages = {}
    contexts = []
    for name, width, height in (("desktop", 1366, 900), ("phone", 390, 844)):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="en-US")
        contexts.append(context)
        pages[name] = context.new_page()
    yield pages
    for context in contexts:
        context.close()


def own_procedure(office) -> Procedure:
    """A procedure only this office offers: its secretary may change it."""
    p = Procedure.objects.create(
        code=OWN_CODE,
        name="Thủ tục riêng của xã",
        field=Field.objects.first(),
        processing_time=3,
        time_unit="working_days",
    )
    p.offices.add(office)
    return p


def test_catalog_offers_only_what_the_secretary_may_do(english_pages, live_server, catalog):
    office = Office.objects.get(slug="duc-thanh")
    own_procedure(office)
    page = english_pages["desktop"]
    login(page, live_server, "duc-thanh.secretary")
    page.goto(f"{live_server.url}/quan-ly/thu-tuc/")
    edit_links = page.locator("a:text-is('Sửa')")
    assert edit_links.count() == 1  # the shared procedures offer "Xem", not a "Sửa" that bounces back
    assert edit_links.first.get_attribute("href").endswith(f"/quan-ly/thu-tuc/{OWN_CODE}/sua/")
    assert page.locator("a:text-is('Xem')").count() == Procedure.objects.filter(offices=office).count() - 1
    names = page.locator("table").first.locator(".procedure-name").all_inner_texts()
    assert len(names) > 5
    assert names == sorted(names, key=vi_key)
    screenshot(page, "secretary-procedures-1366")
    phone = english_pages["phone"]
    login(phone, live_server, "duc-thanh.secretary")
    phone.goto(f"{live_server.url}/quan-ly/thu-tuc/")
    screenshot(phone, "secretary-procedures-390")


def test_reform_model_form_in_an_english_browser(english_pages, live_server, catalog):
    office = Office.objects.get(slug="duc-thanh")
    model = ReformModel.objects.filter(office=office, kind="no_appointment").first()
    page = english_pages["desktop"]
    login(page, live_server, "duc-thanh.secretary")
    page.goto(f"{live_server.url}/quan-ly/mo-hinh/{model.pk}/sua/")
    # Dates and times are text in dd/mm/yyyy and 24-hour form, not the browser's mm/dd/yyyy pickers.
    start = page.locator("input[name=valid_from]")
    assert start.get_attribute("type") == "text"
    assert start.input_value() == model.valid_from.strftime("%d/%m/%Y")
    assert page.locator("input[name=cutoff]").get_attribute("type") == "text"
    assert page.locator("input[type=date], input[type=time], input[type=datetime-local]").count() == 0
    # Every switch says what it does.
    for name in (*ReformModel.PROMISES, "all_procedures", "is_active"):
        help_text = page.locator(f"#id_{name}_helptext")
        assert help_text.count() == 1 and len(help_text.inner_text()) > 30, name
    # Procedures in Vietnamese alphabetical order.
    labels = page.locator("#div_id_procedures label.form-check-label").all_inner_texts()
    names = [label.rsplit(" (", 1)[0] for label in labels]  # "Tên thủ tục (mã)"
    assert len(names) > 5 and names == sorted(names, key=vi_key)
    assert names.index("Cấp bản sao trích lục hộ tịch") < names.index("Công nhận tổ trưởng tổ hòa giải")
    screenshot(page, "secretary-model-form-1366")
    # Typed the Vietnamese way, saved as meant.
    page.fill("input[name=valid_from]", "15/08/2026")
    page.fill("input[name=cutoff]", "14:30")
    page.click("button[type=submit]:text-is('Lưu')")
    page.wait_for_selector("text=Đã lưu mô hình")
    model.refresh_from_db()
    assert model.valid_from == dt.date(2026, 8, 15) and model.cutoff == dt.time(14, 30)
    # A date the browser's language would write is refused in Vietnamese, nothing saved.
    page.goto(f"{live_server.url}/quan-ly/mo-hinh/{model.pk}/sua/")
    page.fill("input[name=valid_from]", "08/15/2026")
    page.fill("input[name=cutoff]", "03:00 PM")
    page.click("button[type=submit]:text-is('Lưu')")
    page.wait_for_selector("text=ngày/tháng/năm")
    assert page.locator("text=giờ:phút (24 giờ)").count() >= 1
    model.refresh_from_db()
    assert model.valid_from == dt.date(2026, 8, 15)
    phone = english_pages["phone"]
    login(phone, live_server, "duc-thanh.secretary")
    phone.goto(f"{live_server.url}/quan-ly/mo-hinh/{model.pk}/sua/")
    screenshot(phone, "secretary-model-form-390")


def test_shift_form_takes_vietnamese_dates_and_times(english_pages, live_server, catalog):
    page = english_pages["desktop"]
    login(page, live_server, "duc-thanh.secretary")
    page.goto(f"{live_server.url}/lich-truc/ca/moi/")
    for name in ("date", "start", "end"):
        assert page.locator(f"input[name={name}]").get_attribute("type") == "text"
    assert page.locator("input[type=date], input[type=time]").count() == 0


def test_online_targets_are_set_on_the_secretary_screen(english_pages, live_server, catalog):
    office = Office.objects.get(slug="duc-thanh")
    year = timezone.localdate().year
    assert OnlineTarget.objects.filter(office=office, year=year).exists()  # the demo sets them
    page = english_pages["desktop"]
    login(page, live_server, "duc-thanh.secretary")
    page.click("nav >> text=Chỉ tiêu trực tuyến")
    field = Field.objects.get(name="Hộ tịch")
    box = page.locator(f"input[name=f{field.pk}]")
    assert box.input_value() == str(
        OnlineTarget.objects.get(office=office, year=year, field=field).monthly_count
    )
    box.fill("25")
    page.click("button:has-text('Lưu chỉ tiêu')")
    page.wait_for_selector("text=Đã lưu chỉ tiêu")
    assert OnlineTarget.objects.get(office=office, year=year, field=field).monthly_count == 25
    page.locator(f"input[name=f{field.pk}]").fill("-3")
    page.click("button:has-text('Lưu chỉ tiêu')")
    page.wait_for_selector("text=số nguyên không âm")
    assert OnlineTarget.objects.get(office=office, year=year, field=field).monthly_count == 25
    screenshot(page, "secretary-targets-1366")
    phone = english_pages["phone"]
    login(phone, live_server, "duc-thanh.secretary")
    phone.goto(f"{live_server.url}/quan-ly/chi-tieu-truc-tuyen/")
    screenshot(phone, "secretary-targets-390")
