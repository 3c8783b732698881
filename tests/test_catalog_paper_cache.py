"""Posters and handbooks (issue 16, point 11): each model names the procedures it covers, and the
rendered PDF is kept until the catalog, the models or the calendar change."""

import datetime as dt

import pytest

from mocua.models import Office
from models_catalog import papers, services
from models_catalog.models import Procedure, ReformModel
from schedules.models import CalendarDay, DayKind
from tests.conftest import screenshot
from tests.pdftools import pdf_text, pdf_to_pngs

POSTER = "/thu-tuc/duc-thanh/ap-phich.pdf"
HANDBOOK = "/thu-tuc/duc-thanh/cam-nang.pdf"


@pytest.fixture
def renders(monkeypatch):
    """Every PDF the catalog papers render, counted (the real rendering still runs)."""
    calls = []
    real = papers.html_to_pdf

    def counting(html, *args, **kwargs):
        calls.append(html)
        return real(html, *args, **kwargs)

    monkeypatch.setattr(papers, "html_to_pdf", counting)
    return calls


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_poster_names_the_procedures_each_model_covers(catalog):
    office = Office.objects.get(slug="duc-thanh")
    no_appointment = ReformModel.objects.get(office=office, kind="no_appointment")
    covered = [p.name for p in no_appointment.procedures.all()]
    assert covered and not no_appointment.all_procedures
    for kind, pdf in (("poster", papers.poster_pdf(office)), ("handbook", papers.handbook_pdf(office))):
        text = " ".join(pdf_text(pdf, f"catalog-{kind}-models").split())
        line = text[text.index("Ngày không hẹn") :][:600]
        assert "Áp dụng cho" in line
        for name in covered:
            assert name in line, (kind, name)
        pdf_to_pngs(pdf, f"catalog-{kind}-models", dpi=60)


def test_second_request_does_not_render_and_a_change_does(catalog, client, renders, media):
    office = Office.objects.get(slug="duc-thanh")
    first = client.get(POSTER)
    assert first.status_code == 200 and first.content.startswith(b"%PDF") and len(renders) == 1
    second = client.get(POSTER)
    assert second.content == first.content and len(renders) == 1  # read back, not rendered

    handbook = client.get(HANDBOOK)
    assert handbook.content.startswith(b"%PDF") and len(renders) == 2
    client.get(HANDBOOK)
    assert len(renders) == 2

    # A reform model changed through the secretary's service: both papers are rendered afresh.
    model = ReformModel.objects.get(office=office, kind="no_appointment")
    model.name = "Ngày thứ Tư không hẹn"
    model.save()
    assert b"%PDF" in client.get(POSTER).content and len(renders) == 3
    assert "Ngày thứ Tư không hẹn" in renders[-1]
    client.get(HANDBOOK)
    assert len(renders) == 4
    client.get(POSTER)
    assert len(renders) == 4

    # The catalog: a procedure renamed, then one more procedure offered by the office.
    proc = office.procedures.get(code__startswith="1.004873")
    proc.name = "Cấp Giấy xác nhận tình trạng hôn nhân (mẫu mới)"
    proc.save()
    client.get(POSTER)
    assert len(renders) == 5 and "(mẫu mới)" in renders[-1]
    extra = Procedure.objects.exclude(offices=office).first() or Procedure.objects.create(
        code="1.009997", name="Thủ tục thêm", field=proc.field, processing_time=2, time_unit="working_days"
    )
    services.set_offered(_secretary(office), extra, True)
    client.get(POSTER)
    assert len(renders) == 6 and extra.name in renders[-1]

    # The calendar: a local day off changes the models' days, so the papers are rendered again.
    CalendarDay.objects.create(
        office=office, date=dt.date(2026, 12, 30), kind=DayKind.LOCAL_DAY_OFF, name="Nghỉ bù địa phương"
    )
    client.get(POSTER)
    assert len(renders) == 7
    client.get(POSTER)
    assert len(renders) == 7


def _secretary(office):
    from tests.dossier_helpers import staff

    return staff(f"{office.slug}.secretary")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_poster_opened_twice_in_a_browser_is_rendered_once(browser, live_server, catalog, renders, media):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    page = context.new_page()
    first = page.request.get(f"{live_server.url}{POSTER}")
    assert first.ok and first.headers["content-type"] == "application/pdf"
    again = page.request.get(f"{live_server.url}{POSTER}")
    assert again.body() == first.body() and len(renders) == 1
    ReformModel.objects.filter(office__slug="duc-thanh", kind="no_appointment").first().save()
    page.request.get(f"{live_server.url}{POSTER}")
    assert len(renders) == 2
    page.goto(f"{live_server.url}/thu-tuc/duc-thanh/")
    screenshot(page, "catalog-public-list-1366")
    context.close()
