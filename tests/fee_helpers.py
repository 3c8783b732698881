"""Fees at the counter (issue 20): a fee-bearing procedure with its exemptions, and a payment
gateway double (no gateway is reachable from the tests)."""

from dossiers.fees import FeeIn
from dossiers.models import PaymentMethod
from models_catalog.models import FeeExemption
from tests.dossier_helpers import marriage_status_procedure

FEE = 15000
POOR = "Miễn lệ phí cho người thuộc hộ nghèo"
MERIT = "Giảm 50% cho người thuộc gia đình có công với cách mạng"
GROUND = "Thông tư số 85/2019/TT-BTC; Nghị quyết của HĐND tỉnh về lệ phí hộ tịch"


def fee_procedure(office):
    """The marriage status certificate with a fee of 15.000 đồng, an exemption and a reduction."""
    proc = marriage_status_procedure(office)
    proc.fee_amount, proc.fee_text = FEE, "15.000 đồng/bản (theo Nghị quyết HĐND tỉnh)"
    proc.save(update_fields=["fee_amount", "fee_text"])
    FeeExemption.objects.get_or_create(
        procedure=proc, name=POOR, defaults={"legal_ground": GROUND, "reduction_percent": 100, "position": 1}
    )
    FeeExemption.objects.get_or_create(
        procedure=proc, name=MERIT, defaults={"legal_ground": GROUND, "reduction_percent": 50, "position": 2}
    )
    return proc


def exemption(proc, name: str) -> FeeExemption:
    return proc.fee_exemptions.get(name=name)


def cash(amount: int = FEE, **over) -> FeeIn:
    return FeeIn(**{"amount": amount, "method": PaymentMethod.CASH, **over})


class FakeGateway:
    """A payment gateway double: knows the references in KNOWN (reference → amount)."""

    KNOWN: dict[str, int] = {"VNPAY-000123": FEE}

    def confirm(self, method: str, reference: str, amount: int) -> str | None:
        if reference not in self.KNOWN:
            return f"Cổng thanh toán không tìm thấy giao dịch {reference}."
        if self.KNOWN[reference] != amount:
            return "Số tiền của giao dịch khác số tiền thu."
        return None
