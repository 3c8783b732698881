"""The fees and signatures demo (issue 20): a day of intakes at Sa Đéc Phường 1 whose receipts and
cash book add up, and an apology letter signed by the Chủ tịch that verifies."""

import datetime as dt

import pytest
import time_machine

from dossiers import demo_money, fees, signing
from dossiers.models import FeePayment, Paper, PaperKind
from mocua.models import Office
from mocua.signing import verify_pdf
from tests.conftest import VN
from tests.pdftools import pdf_to_pngs
from tests.signing_helpers import certificates

NOW = dt.datetime(2026, 11, 26, 8, 0, tzinfo=VN)  # a Thursday: the day of intakes is Wednesday 25/11
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("paper_media")]


def test_a_day_of_fees_and_a_signed_letter_at_sa_dec(settings, tmp_path):
    from mocua import demo as office_demo
    from models_catalog import demo as catalog_demo

    with time_machine.travel(NOW, tick=False):
        office_demo.load()
        catalog_demo.load()
        certificates(settings, tmp_path)
        result = demo_money.load(force=True)
        assert demo_money.load(force=True)["received"] == 0  # a second load adds nothing
    office = Office.objects.get(slug="sa-dec-p1")
    day = result["day"]
    assert day == dt.date(2026, 11, 25) and result["received"] == len(demo_money.DAY)
    book = fees.cash_book(office, day)
    receipts = Paper.objects.filter(office=office, kind=PaperKind.FEE_RECEIPT, issued_on=day)
    assert book.total == fees.receipts_total(office, day) == result["total"] > 0
    assert len(book.payments) == receipts.count() == len(demo_money.DAY) - 1  # one exempted
    exempted = FeePayment.objects.get(office=office, amount=0)
    assert exempted.exemption.name == demo_money.POOR and exempted.legal_ground == demo_money.GROUND
    assert len({p.collected_by_id for p in book.payments}) == 2
    letter = Paper.objects.get(office=office, kind=PaperKind.APOLOGY)
    assert letter.apology_letter.signed_by.leader_title == "chairman"
    signed = signing.signed_file(letter)
    assert signed is not None
    data = signed.open("rb").read()
    assert verify_pdf(data).ok
    # Look at them: the first receipt, the cash book, the signed letter.
    from dossiers import papers
    from dossiers.views_fees import TITLE
    from mocua.pdf import render_pdf

    first = papers.ensure_rendered(book.payments[0].receipt)
    assert pdf_to_pngs(first.pdf.open("rb").read(), "demo-fee-receipt", dpi=60)
    context = {"book": book, "office": office, "issued_on": day, "title": TITLE}
    assert pdf_to_pngs(render_pdf("papers/cash_book.html", context), "demo-cash-book", dpi=60)
    assert pdf_to_pngs(data, "demo-signed-apology", dpi=60)
