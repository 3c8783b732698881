"""Fees and charges collected in a period, by field (issue 20): one SQL aggregate."""

from django.db.models import Count, Q, Sum

from dossiers.models import FeePayment, FeeRefund
from mocua.models import Office
from reports.periods import Period


def fee_totals(office: Office, period: Period) -> list[dict]:
    """Per field: dossiers with a fee recorded, collected, exempted or reduced, the amount collected
    and the amount refunded in the period (by the moment of collection / refund)."""
    s, e = period.start_at, period.end_at
    rows = (
        FeePayment.objects.filter(office=office, collected_at__gte=s, collected_at__lt=e)
        .values("dossier__procedure__field__name")
        .annotate(
            dossiers=Count("pk"),
            paid=Count("pk", filter=Q(amount__gt=0)),
            exempted=Count("pk", filter=Q(exemption__isnull=False)),
            amount=Sum("amount"),
        )
        .order_by("dossier__procedure__field__name")
    )
    refunds = dict(
        FeeRefund.objects.filter(payment__office=office, refunded_at__gte=s, refunded_at__lt=e)
        .values_list("payment__dossier__procedure__field__name")
        .annotate(total=Sum("amount"))
    )
    out = [
        {
            "field": r["dossier__procedure__field__name"],
            "dossiers": r["dossiers"],
            "paid": r["paid"],
            "exempted": r["exempted"],
            "amount": r["amount"] or 0,
            "refunded": refunds.pop(r["dossier__procedure__field__name"], 0),
        }
        for r in rows
    ]
    out += [
        {"field": f, "dossiers": 0, "paid": 0, "exempted": 0, "amount": 0, "refunded": v}
        for f, v in refunds.items()
    ]
    return out
