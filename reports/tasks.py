"""Celery tasks of the reports app."""

from celery import shared_task
from django.db import OperationalError


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OSError, OperationalError),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=8,
)
def sign_report_task(report_id: int) -> str:
    """Sign an archived report's PDF (issue 20; idempotent); returns the signature's state."""
    from reports.signing import sign_report

    sig = sign_report(report_id)
    return sig.state if sig is not None else "missing"
