"""Writes of the reports app: archiving a generated report."""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from mocua.models import Office, Staff
from reports.models import Report
from reports.periods import Period
from reports.selectors import report_for
from reports.signing import request_signature


def generate_report(
    office_or_supervisor: Office,
    period: Period,
    by: Staff | None = None,
    *,
    figures: dict | None = None,
    files: dict | None = None,
) -> Report:
    """Compute the report of an office (or of a supervisor's area) for `period` and archive it.

    Stable signature, called by the period-close sweep (`by=None`: the system) and by the
    "Lập báo cáo" button. Each call adds a new immutable version; earlier versions stay as
    they were sent. Safe to call concurrently: a lost race on the version number retries.
    `figures` and `files` ({"pdf": ContentFile, "xlsx": ContentFile}) are given by the approval of
    a narrative (reports.narrative_services), which archives what the leader approved.
    """
    figures = figures if figures is not None else report_for(office_or_supervisor, period)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                last = Report.objects.filter(office=office_or_supervisor, period=period.key).aggregate(
                    v=Max("version")
                )["v"]
                report = Report.objects.create(
                    office=office_or_supervisor,
                    period=period.key,
                    period_label=period.label,
                    official_period=period.official,
                    version=(last or 0) + 1,
                    figures=figures,
                    generated_at=timezone.now(),
                    generated_by=by,
                    **(files or {}),
                )
                request_signature(report)  # signed digitally by the worker after commit (issue 20)
                return report
        except IntegrityError:
            continue
    raise RuntimeError("could not allocate a report version after 5 attempts")
