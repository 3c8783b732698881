"""Archived reports signed digitally (issue 20): after a report is generated (`services.generate_report`)
the worker renders its PDF once, signs it with the office's certificate in the report's signature
block (`mocua.signing`) and keeps it; the archive then serves that signed copy. Idempotent, retried
on disk or database errors; a certificate that cannot be opened leaves the report unsigned with the
Vietnamese reason on the job-health page, and the `report_signatures` sweep tries again."""

import datetime as dt
import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from mocua import signing
from mocua.enqueue import enqueue, enqueue_on_commit
from mocua.pdf import html_to_pdf_with_box
from mocua.storage import store_exactly
from reports import exports
from reports.models import Narrative, Report, ReportSignature

SIGN_TASK = "reports.tasks.sign_report_task"
ANCHOR = "chu-ky-so"
RETRY_AFTER = dt.timedelta(minutes=5)
logger = logging.getLogger(__name__)


def request_signature(report: Report) -> None:
    """Inside the transaction that archives `report`: sign it after commit."""
    ReportSignature.objects.get_or_create(report=report)
    enqueue_on_commit(SIGN_TASK, report.pk)


def signed_file(report: Report):
    sig = ReportSignature.objects.filter(report=report).first()
    return sig.signed_pdf if sig is not None and sig.is_signed else None


def _store(name: str, data: bytes) -> str:
    return store_exactly(ReportSignature._meta.get_field("signed_pdf").storage, name, data)


def sign_report(report_id: int, *, now: dt.datetime | None = None) -> ReportSignature | None:
    with transaction.atomic():
        sig = ReportSignature.objects.select_for_update().filter(report_id=report_id).first()
        if sig is None or sig.is_signed:
            return sig
        report = Report.objects.select_related("office").get(pk=report_id)
        office = report.office
        now = now or timezone.now()
        sig.attempted_at = now
        approved = Narrative.objects.select_related("approved_by").filter(report=report).first()
        if approved is not None and approved.approved_by is not None:  # issue 17: as the leader approved it
            issued_on, leader = timezone.localdate(approved.approved_at), approved.approved_by
            signer = leader.full_name
        else:
            issued_on, leader = None, None
            signer = exports._signer(office)["name"] or office.name
        html = exports.paper_html(report.figures, issued_on=issued_on, signer=leader)
        pdf, box = html_to_pdf_with_box(html, ANCHOR)
        try:
            data = signing.sign_pdf(
                pdf,
                slug=office.slug,
                signer_name=signer,
                office_name=office.name,
                box=box,
                at=now,
                reason="Ký ban hành báo cáo",
            )
        except signing.SigningError as error:
            logger.warning("report %s not signed: %s", report.pk, error)
            sig.state, sig.error = ReportSignature.State.FAILED, str(error)
            sig.save(update_fields=["state", "error", "attempted_at"])
            return sig
        name = (
            f"reports/signed/{office.slug}/bao-cao-{report.period}-ban-{report.version}-{report.pk}-ky-so.pdf"
        )
        sig.signed_pdf.name = _store(name, data)
        sig.state, sig.error, sig.signed_at, sig.signer_name = ReportSignature.State.SIGNED, "", now, signer
        sig.save()
    return sig


def sign_pending(now: dt.datetime) -> dict:
    """Sweep: reports still to sign are sent again (inline when the broker refuses)."""
    stale = Q(attempted_at__isnull=True) | Q(attempted_at__lt=now - RETRY_AFTER)
    todo = ReportSignature.objects.filter(stale).exclude(state=ReportSignature.State.SIGNED)
    sent = 0
    for pk in todo.order_by("id").values_list("report_id", flat=True)[:50]:
        if not todo.filter(report_id=pk).update(attempted_at=now):
            continue
        if not enqueue(SIGN_TASK, pk):
            sign_report(pk, now=now)
        sent += 1
    return {"signatures": sent}


def health_problems(offices) -> list[str]:
    failed = ReportSignature.objects.filter(state=ReportSignature.State.FAILED, report__office__in=offices)
    lines = []
    for office_id in failed.values_list("report__office", flat=True).distinct():
        rows = (
            failed.filter(report__office=office_id).select_related("report__office").order_by("-attempted_at")
        )
        first = rows.first()
        lines.append(
            f"Ký số: {rows.count()} báo cáo của {first.report.office.name} chưa được ký số. {first.error}"
        )
    return lines
