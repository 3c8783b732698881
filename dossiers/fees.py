"""Fees and charges (phí, lệ phí) at the counter (issue 20).

`check` validates what the intake screen or the API says was collected, against the catalog's fee
(`Procedure.fee_amount`) and the procedure's legal exemptions and reductions (`FeeExemption`); a
different amount needs an exemption or a written reason. `record` writes it inside the intake
transaction and issues the fee receipt (biên lai thu phí, lệ phí), numbered …/BLTP in a gap-free
series per office and year (`papers.issue_paper`). Refunds go through `workflow.refund`.

`cash_book` is the daily book (sổ theo dõi thu phí, lệ phí) of an office, or of one clerk: its
total is the sum of the receipts issued that day.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Sum
from django.utils import timezone

from dossiers import papers, payments
from dossiers.models import Dossier, FeePayment, FeeRefund, PaperKind, PaymentMethod
from mocua.models import Office, Staff
from models_catalog.models import Procedure


def money(amount: int | None) -> str:
    """12000 → '12.000' (Vietnamese thousands separator)."""
    return f"{amount or 0:,}".replace(",", ".")


def parse_amount(value) -> int | None:
    """'50.000', '50 000', 50000 → 50000; None for anything that is not a whole number of đồng ≥ 0."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    text = str(value or "").strip().replace(".", "").replace(" ", "").replace(",", "")
    if text.endswith("đồng"):
        text = text[:-4]
    return int(text) if text.isdigit() and len(text) <= 12 else None


@dataclass
class FeeIn:
    """What was collected at intake (the screen's fee block, the API's `fee` object)."""

    amount: int | str | None = None
    exemption: int | None = None  # FeeExemption id of the procedure
    reason: str = ""  # written reason for an amount other than the catalog's
    method: str = PaymentMethod.CASH
    reference: str = ""  # online: transaction code; post: the carrier's number


def catalog_fee(procedure: Procedure) -> int:
    return procedure.fee_amount or 0


def check(procedure: Procedure | None, data, errors: dict) -> None:
    """Validate `data.fee` (a FeeIn, a dict or None) into a FeeIn carrying the exemption row and
    the amount as an int; problems go into `errors` with a Vietnamese message."""
    fee = data.fee
    if fee is None or procedure is None:
        return
    if isinstance(fee, dict):
        try:
            fee = FeeIn(**fee)
        except TypeError:
            errors["fee_amount"] = "Thông tin thu phí, lệ phí không hợp lệ."
            return
    data.fee = fee
    amount = parse_amount(fee.amount)
    if amount is None:
        errors["fee_amount"] = "Số tiền thu phải là số đồng, không âm (ví dụ 8.000)."
        return
    fee.amount = amount
    exemption = None
    if fee.exemption not in (None, "", 0, "0"):
        exemption = procedure.fee_exemptions.filter(pk=_int(fee.exemption)).first()
        if exemption is None:
            errors["fee_exemption"] = "Trường hợp miễn, giảm không thuộc thủ tục này."
            return
    fee.exemption = exemption
    fee.reason = (fee.reason or "").strip()
    if len(fee.reason) > 1000:
        errors["fee_reason"] = "Lý do thu khác mức quy định dài quá 1000 ký tự."
    expected = exemption.amount_due(catalog_fee(procedure)) if exemption else catalog_fee(procedure)
    if amount != expected and not fee.reason:
        basis = f"mức sau miễn, giảm “{exemption.name}”" if exemption else "mức phí, lệ phí của thủ tục"
        errors["fee_amount"] = (
            f"Số tiền thu ({money(amount)} đồng) khác {basis} ({money(expected)} đồng): "
            "cần chọn trường hợp miễn, giảm theo quy định hoặc ghi rõ lý do."
        )
    if fee.method not in PaymentMethod.values:
        errors["fee_method"] = "Hình thức nộp tiền không hợp lệ."
        return
    fee.reference = (fee.reference or "").strip()
    if len(fee.reference) > 60:
        errors["fee_reference"] = "Mã giao dịch / số hiệu dài quá 60 ký tự."
    elif fee.method == PaymentMethod.ONLINE and not fee.reference:
        errors["fee_reference"] = "Thanh toán trực tuyến cần mã giao dịch người nộp cung cấp."
    elif fee.method == PaymentMethod.POST and not fee.reference:
        errors["fee_reference"] = "Nộp tiền qua bưu chính cần số hiệu bưu gửi của nhân viên bưu chính."
    elif (
        fee.method != PaymentMethod.CASH
        and amount
        and "fee_amount" not in errors
        and (message := payments.gateway().confirm(fee.method, fee.reference, amount))
    ):
        errors["fee_reference"] = message


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def record(actor: Staff, dossier: Dossier, fee: FeeIn, *, now: dt.datetime) -> FeePayment:
    """Write what was collected (inside the intake transaction) and issue the fee receipt when
    money changed hands. Call `check` first."""
    exemption = fee.exemption
    payment = FeePayment.objects.create(
        dossier=dossier,
        office=dossier.office,
        catalog_amount=catalog_fee(dossier.procedure),
        amount=fee.amount,
        exemption=exemption,
        legal_ground=exemption.legal_ground if exemption else "",
        reason=fee.reason,
        method=fee.method,
        reference=fee.reference if fee.method != PaymentMethod.CASH else "",
        collected_by=actor,
        collected_at=now,
    )
    if payment.amount > 0:
        payment.receipt = papers.issue_paper(dossier, PaperKind.FEE_RECEIPT, now=now)
        payment.save(update_fields=["receipt"])
    return payment


# --- the daily cash book (sổ theo dõi thu phí, lệ phí) ---------------------------------------------


@dataclass
class CashBook:
    office: Office
    day: dt.date
    clerk: Staff | None
    payments: list[FeePayment]
    refunds: list[FeeRefund]

    @property
    def total(self) -> int:
        return sum(p.amount for p in self.payments)

    @property
    def refunded(self) -> int:
        return sum(r.amount for r in self.refunds)

    @property
    def net(self) -> int:
        return self.total - self.refunded

    def by_method(self) -> list[tuple[str, int, int]]:
        """(label, count, amount) per payment method."""
        out = []
        for value, label in PaymentMethod.choices:
            rows = [p for p in self.payments if p.method == value]
            if rows:
                out.append((label, len(rows), sum(p.amount for p in rows)))
        return out


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return start, start + dt.timedelta(days=1)


def cash_book(office: Office, day: dt.date, clerk: Staff | None = None) -> CashBook:
    """The receipts issued at `office` on `day` (money collected), by `clerk` when given, in
    receipt order; and the refunds of the day."""
    start, end = _day_bounds(day)
    payments = FeePayment.objects.filter(
        office=office, collected_at__gte=start, collected_at__lt=end, amount__gt=0
    ).select_related("dossier__procedure", "receipt", "collected_by", "exemption")
    refunds = FeeRefund.objects.filter(
        payment__office=office, refunded_at__gte=start, refunded_at__lt=end
    ).select_related("payment__dossier", "payment__receipt", "refunded_by")
    if clerk is not None:
        payments = payments.filter(collected_by=clerk)
        refunds = refunds.filter(refunded_by=clerk)
    return CashBook(office, day, clerk, list(payments.order_by("collected_at", "id")), list(refunds))


def receipts_total(office: Office, day: dt.date) -> int:
    """The sum of the fee receipts issued at `office` on `day` (what the cash book must equal)."""
    return (
        FeePayment.objects.filter(
            receipt__office=office, receipt__kind=PaperKind.FEE_RECEIPT, receipt__issued_on=day
        ).aggregate(total=Sum("amount"))["total"]
        or 0
    )


def collectors(office: Office):
    """Who collected fees at `office` (for the cash book's clerk filter)."""
    return Staff.objects.filter(
        office=office, is_active=True, roles__role__in=["clerk", "volunteer"]
    ).distinct()
