"""Fees at the counter (issue 20): what intake records, the fee receipt and its numbering, the
refund door, the daily cash book, and bad input refused with nothing saved."""

import datetime as dt
import io
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from dossiers import fees, intake, workflow
from dossiers.models import Dossier, FeePayment, FeeRefund, Paper, PaperKind, PaymentMethod, Status
from dossiers.views_fees import xlsx
from tests.conftest import VN
from tests.dossier_helpers import api, api_body, moved, received_dossier, staff
from tests.fee_helpers import FEE, GROUND, MERIT, POOR, cash, exemption, fee_procedure

MOMENT = dt.datetime(2026, 11, 24, 9, 0, tzinfo=VN)  # a Tuesday morning
pytestmark = pytest.mark.django_db


@pytest.fixture
def fproc(office, paper_media):
    return fee_procedure(office)


def test_intake_records_the_catalog_fee_and_issues_a_numbered_receipt(office, fproc):
    d = received_dossier(office, fproc, received_at=MOMENT, fee=cash())
    fee = d.fee
    assert (fee.amount, fee.catalog_amount, fee.method) == (FEE, FEE, PaymentMethod.CASH)
    assert fee.collected_by == staff("duc-thanh.clerk") and fee.collected_at == MOMENT
    assert fee.receipt.kind == PaperKind.FEE_RECEIPT and fee.receipt.number == "01/BLTP"
    second = received_dossier(office, fproc, received_at=MOMENT + dt.timedelta(minutes=5), fee=cash())
    assert second.fee.receipt.number == "02/BLTP"


def test_an_exemption_is_recorded_with_its_legal_ground_and_no_receipt(office, fproc):
    poor = exemption(fproc, POOR)
    d = received_dossier(office, fproc, received_at=MOMENT, fee=cash(0, exemption=poor.pk))
    assert d.fee.amount == 0 and d.fee.exemption == poor and d.fee.legal_ground == GROUND
    assert d.fee.receipt is None and not d.papers.filter(kind=PaperKind.FEE_RECEIPT).exists()


def test_a_reduction_collects_what_is_left_and_the_receipt_names_the_ground(office, fproc):
    merit = exemption(fproc, MERIT)
    d = received_dossier(office, fproc, received_at=MOMENT, fee=cash(FEE // 2, exemption=merit.pk))
    assert d.fee.amount == 7500 and d.fee.exemption == merit
    html = __import__("dossiers.papers", fromlist=["_html_of"])._html_of(d.fee.receipt)
    assert MERIT in html and GROUND in html and "Bảy nghìn năm trăm đồng" in html


@pytest.mark.parametrize(
    ("fee", "field", "words"),
    [
        (cash(10000), "fee_amount", "khác mức phí, lệ phí của thủ tục (15.000 đồng)"),
        (cash(-5), "fee_amount", "không âm"),
        (cash("mười nghìn"), "fee_amount", "số đồng"),
        (cash(FEE, method=PaymentMethod.ONLINE), "fee_reference", "mã giao dịch"),
        (cash(FEE, method=PaymentMethod.POST), "fee_reference", "số hiệu bưu gửi"),
        (cash(FEE, method="bitcoin"), "fee_method", "không hợp lệ"),
        (cash(0, exemption=987654), "fee_exemption", "không thuộc thủ tục"),
    ],
)
def test_a_wrong_fee_is_refused_with_a_vietnamese_message_and_nothing_saved(office, fproc, fee, field, words):
    before = (Dossier.objects.count(), FeePayment.objects.count(), Paper.objects.count())
    with pytest.raises(ValidationError) as e:
        received_dossier(office, fproc, received_at=MOMENT, fee=fee)
    assert words in e.value.message_dict[field][0]
    assert (Dossier.objects.count(), FeePayment.objects.count(), Paper.objects.count()) == before


def test_another_amount_with_a_written_reason_is_accepted(office, fproc):
    d = received_dossier(office, fproc, received_at=MOMENT, fee=cash(30000, reason="Cấp hai bản"))
    assert d.fee.amount == 30000 and d.fee.reason == "Cấp hai bản"


def test_online_payment_goes_through_the_gateway_double(office, fproc, settings):
    settings.MOCUA_PAYMENT_GATEWAY = "tests.fee_helpers.FakeGateway"
    with pytest.raises(ValidationError, match="không tìm thấy giao dịch"):
        received_dossier(office, fproc, received_at=MOMENT, fee=cash(method="online", reference="SAI-001"))
    d = received_dossier(
        office, fproc, received_at=MOMENT, fee=cash(method="online", reference="VNPAY-000123")
    )
    assert d.fee.reference == "VNPAY-000123" and d.fee.receipt is not None


def test_no_fee_is_recorded_when_the_dossier_is_refused_at_intake(office, fproc):
    d = received_dossier(
        office, fproc, received_at=MOMENT, fee=cash(), refusal_reasons="Không thuộc thẩm quyền"
    )
    assert d.status == Status.REFUSED and not FeePayment.objects.filter(dossier=d).exists()


# --- refunds -------------------------------------------------------------------------------------


def test_a_refund_larger_than_what_was_paid_is_refused(office, fproc):
    d = moved(received_dossier(office, fproc, received_at=MOMENT, fee=cash()), "refuse", at=MOMENT)
    clerk = staff("duc-thanh.clerk")
    with pytest.raises(workflow.WorkflowError, match=r"lớn hơn số đã thu còn lại \(15\.000 đồng\)"):
        workflow.refund(clerk, d, FEE + 1, "Từ chối hồ sơ", now=MOMENT)
    assert not FeeRefund.objects.exists()
    workflow.refund(clerk, d, 10000, "Từ chối hồ sơ", now=MOMENT)
    with pytest.raises(workflow.WorkflowError, match=r"còn lại \(5\.000 đồng\)"):
        workflow.refund(clerk, d, 6000, "Hoàn nốt", now=MOMENT)
    workflow.refund(clerk, d, 5000, "Hoàn nốt", now=MOMENT)
    assert d.fee.refunded() == FEE
    assert d.events.filter(action="refund").count() == 2


def test_an_open_dossier_cannot_be_refunded(office, fproc):
    d = received_dossier(office, fproc, received_at=MOMENT, fee=cash())
    with pytest.raises(workflow.WorkflowError, match="Không thể “hoàn trả phí, lệ phí”"):
        workflow.refund(staff("duc-thanh.clerk"), d, 1000, "Thử", now=MOMENT)


def test_refund_through_the_screen_and_the_api_say_the_same(office, fproc, staff_client):
    twins = [
        moved(
            received_dossier(office, fproc, received_at=MOMENT, fee=cash(), intake_key=k), "refuse", at=MOMENT
        )
        for k in ("a", "b")
    ]
    c = staff_client("duc-thanh.clerk")
    page = c.post(
        reverse("dossiers:act", args=[twins[0].code, "refund"]),
        {"amount": "20.000", "note": "X"},
        follow=True,
    )
    assert "lớn hơn số đã thu còn lại" in page.content.decode()
    r = api("duc-thanh.clerk").post(
        reverse("api-dossier-action", args=[twins[1].code, "refund"]),
        {"amount": 20000, "reason": "X"},
        format="json",
    )
    assert r.status_code == 400 and "lớn hơn số đã thu còn lại" in r.json()["detail"]
    assert not FeeRefund.objects.exists()


# --- the screen and the API ---------------------------------------------------------------------


def test_the_intake_screen_shows_the_fee_and_records_it(office, fproc, staff_client):
    c = staff_client("duc-thanh.clerk")
    page = c.get(reverse("dossiers:intake"), {"thu_tuc": fproc.code}).content.decode()
    assert "Phí, lệ phí" in page and "15.000 đồng" in page and POOR in page
    doc = fproc.documents.get(position=1)
    form = {
        "procedure": fproc.code,
        "intake_key": "screen-fee",
        "full_name": "Nguyễn Thị Hồng Nhung",
        "id_number": "087190001234",
        "phone": "0912345678",
        "address": "Khóm 1, Phường 1",
        "channel": "counter",
        f"doc_{doc.pk}": "original",
        f"doc_{doc.pk}_count": "1",
        "fee_amount": "12.000",
        "fee_method": "cash",
        "decision": "receive",
    }
    refused = c.post(reverse("dossiers:intake"), form).content.decode()
    assert "khác mức phí, lệ phí của thủ tục (15.000 đồng)" in refused and not Dossier.objects.exists()
    form |= {"fee_amount": "0", "fee_exemption": str(exemption(fproc, POOR).pk)}
    done = c.post(reverse("dossiers:intake"), form, follow=True)
    d = Dossier.objects.get()
    assert d.fee.exemption.name == POOR and "Miễn lệ phí cho người thuộc hộ nghèo" in done.content.decode()


def test_the_api_takes_the_fee_and_refuses_a_wrong_one(office, fproc, demo):
    client = api("duc-thanh.clerk")
    wrong = client.post(reverse("api-dossier-create"), api_body(fproc, fee={"amount": 1000}), format="json")
    assert wrong.status_code == 400 and "fee_amount" in wrong.json()["errors"]
    ok = client.post(reverse("api-dossier-create"), api_body(fproc, fee={"amount": FEE}), format="json")
    assert ok.status_code == 201
    assert [p["kind"] for p in ok.json()["papers"]][-1] == PaperKind.FEE_RECEIPT
    fee = client.get(reverse("api-dossier", args=[ok.json()["code"]])).json()["fee"]
    assert (fee["amount"], fee["receipt"], fee["method"], fee["refunded"]) == (FEE, "01/BLTP", "cash", 0)


# --- the daily cash book -------------------------------------------------------------------------


def _a_day_of_intakes(office, fproc):
    merit = exemption(fproc, MERIT)
    plan = [cash(), cash(FEE // 2, exemption=merit.pk), cash(0, exemption=exemption(fproc, POOR).pk), cash()]
    plan.append(cash(method="post", reference="EMS123456789VN"))
    return [
        received_dossier(office, fproc, received_at=MOMENT + dt.timedelta(minutes=10 * i), fee=f)
        for i, f in enumerate(plan)
    ]


def test_the_cash_book_of_a_day_equals_its_receipts(office, fproc, staff_client):
    _a_day_of_intakes(office, fproc)
    received_dossier(office, fproc, received_at=MOMENT + dt.timedelta(days=1), fee=cash())  # the next day
    book = fees.cash_book(office, MOMENT.date())
    receipts = Paper.objects.filter(office=office, kind=PaperKind.FEE_RECEIPT, issued_on=MOMENT.date())
    assert len(book.payments) == receipts.count() == 4
    assert (
        book.total
        == sum(p.fee_payment.amount for p in receipts)
        == fees.receipts_total(office, MOMENT.date())
    )
    assert book.total == 3 * FEE + FEE // 2
    page = staff_client("duc-thanh.clerk").get(reverse("dossiers:cash_book"), {"ngay": "24/11/2026"})
    assert f'id="cash-book-total">{fees.money(book.total)}<' in page.content.decode()
    ws = load_workbook(io.BytesIO(xlsx(book))).active
    amounts = [r[7] for r in ws.iter_rows(min_row=5, values_only=True) if isinstance(r[0], int)]
    assert sum(amounts) == book.total
    assert [r for r in ws.iter_rows(values_only=True) if r[6] == "Cộng số tiền đã thu"][0][7] == book.total


def test_the_cash_book_of_one_clerk_and_its_refunds(office, fproc, demo):
    ds = _a_day_of_intakes(office, fproc)
    volunteer = staff("duc-thanh.volunteer")
    received_dossier(office, fproc, received_at=MOMENT + dt.timedelta(hours=1), by=volunteer, fee=cash())
    workflow.refuse(
        staff("duc-thanh.clerk"), ds[0], "Không thuộc thẩm quyền", now=MOMENT + dt.timedelta(hours=2)
    )
    workflow.refund(staff("duc-thanh.clerk"), ds[0], 5000, "Từ chối", now=MOMENT + dt.timedelta(hours=2))
    whole = fees.cash_book(office, MOMENT.date())
    mine = fees.cash_book(office, MOMENT.date(), volunteer)
    assert mine.total == FEE and len(mine.payments) == 1
    assert whole.total == fees.receipts_total(office, MOMENT.date()) and whole.net == whole.total - 5000


def test_cash_book_exports_answer(office, fproc, staff_client):
    _a_day_of_intakes(office, fproc)
    c = staff_client("duc-thanh.clerk")
    pdf = c.get(reverse("dossiers:cash_book_export", args=["pdf"]), {"ngay": "24/11/2026"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    bad = c.get(reverse("dossiers:cash_book"), {"ngay": "31/02/2026", "can_bo": "abc"}).content.decode()
    assert "Ngày không hợp lệ" in bad and "Không tìm thấy cán bộ thu" in bad


# --- numbering under parallel intakes (PostgreSQL) -----------------------------------------------


def test_fee_receipts_are_numbered_without_gaps_or_duplicates_under_parallel_intakes(
    require_postgres, transactional_db, settings, tmp_path
):
    from mocua.demo import load
    from mocua.models import Office

    settings.MEDIA_ROOT = tmp_path
    load()
    office = Office.objects.get(slug="duc-thanh")
    proc = fee_procedure(office)
    clerk = staff("duc-thanh.clerk")
    workers, per_worker = 6, 8
    barrier = threading.Barrier(workers)
    errors = []

    def intake_many(w):
        try:
            barrier.wait()
            for i in range(per_worker):
                data = __import__("tests.dossier_helpers", fromlist=["intake_data"]).intake_data(
                    proc, fee=cash(), intake_key=f"p-{w}-{i}"
                )
                intake.receive(clerk, data, now=MOMENT + dt.timedelta(seconds=w * 100 + i))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=intake_many, args=(w,)) for w in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = sorted(
        int(n.split("/")[0])
        for n in Paper.objects.filter(kind=PaperKind.FEE_RECEIPT).values_list("number", flat=True)
    )
    assert numbers == list(range(1, workers * per_worker + 1))
    assert FeePayment.objects.filter(receipt__isnull=False).count() == workers * per_worker


def test_the_quarterly_report_has_fee_totals_by_field(office, fproc):
    from reports import periods, tables
    from reports.selectors import report_for

    _a_day_of_intakes(office, fproc)
    with __import__("time_machine").travel(dt.datetime(2027, 1, 5, 9, 0, tzinfo=VN), tick=False):
        data = report_for(office, periods.parse_period("2026-Q4"))
    (row,) = data["practices"]["fees"]
    assert row == {
        "field": fproc.field.name,
        "dossiers": 5,
        "paid": 4,
        "exempted": 2,
        "amount": 3 * FEE + FEE // 2,
        "refunded": 0,
    }
    fee_table = {t.key: t for t in tables.all_tables(data)}["fees"]
    assert fee_table.rows[-1] == ["Tổng cộng", 5, 4, 2, 3 * FEE + FEE // 2, 0]


def test_the_one_key_print_button_prints_the_receipt_not_the_fee_receipt(office, fproc, staff_client):
    c = staff_client("duc-thanh.clerk")
    doc = fproc.documents.get(position=1)
    form = {
        "procedure": fproc.code,
        "intake_key": "print-main",
        "full_name": "Nguyễn Thị Hồng Nhung",
        "id_number": "087190001234",
        "phone": "0912345678",
        "address": "Khóm 1, Phường 1",
        "channel": "counter",
        f"doc_{doc.pk}": "original",
        f"doc_{doc.pk}_count": "1",
        "fee_amount": "15.000",
        "fee_method": "cash",
        "decision": "receive",
    }
    page = c.post(reverse("dossiers:intake"), form, follow=True).content.decode()
    d = Dossier.objects.get()
    kinds = dict(d.papers.values_list("kind", "pk"))
    assert PaperKind.FEE_RECEIPT in kinds and len(kinds) == 2  # the fee receipt is the newest paper
    intake_paper = next(pk for kind, pk in kinds.items() if kind != PaperKind.FEE_RECEIPT)
    main = page.split('id="print-main"')[1].split("</div>")[0]
    assert reverse("dossiers:paper", args=[d.code, intake_paper]) in main
