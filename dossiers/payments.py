"""The payment gateway interface (issue 20). No gateway is reachable here: online and postal
payments are recorded with the reference the citizen or the carrier gives, through
`ManualGateway`. A real gateway (the national public-service portal's payment platform) plugs in
by `settings.MOCUA_PAYMENT_GATEWAY`, a dotted path to a class with the `PaymentGateway` methods;
the tests use a double of their own (tests/fee_helpers.py).
"""

from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class PaymentGateway(Protocol):
    def confirm(self, method: str, reference: str, amount: int) -> str | None:
        """None when the payment `reference` of `amount` đồng is confirmed; else the Vietnamese
        message why it is not (unknown reference, another amount)."""


class ManualGateway:
    """Accepts the reference as given (recorded, checked later against the bank statement)."""

    def confirm(self, method: str, reference: str, amount: int) -> str | None:
        return None


def gateway() -> PaymentGateway:
    return import_string(settings.MOCUA_PAYMENT_GATEWAY)()
