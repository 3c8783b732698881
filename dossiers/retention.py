"""Personal data retention: closed dossiers past the retention period are anonymised, once.

A dossier closed (returned, refused, stopped) on day D is kept whole until the end of the day
D + MOCUA_RETENTION_YEARS years; from the next day on it is past retention. `anonymise_due` is the
one service that anonymises: the `retention` sweep (dossiers/jobs.py) and
`manage.py anonymise_dossiers` both call it.

What anonymising does, per dossier, in one transaction per batch:
- the applicant's fields are erased: the name becomes "Đã ẩn danh"; the folded search name, ID
  number, birth date, phone, address, e-mail, organisation and the name of whoever took the
  result are emptied; `anonymised_at` is set (the flag that makes a second run skip it);
- audit events keep their action, actor, moment and statuses; only a non-empty note (free text)
  is redacted, never deleted; a rating keeps its score, its comment is redacted; a leader's
  override reason on a second supplement request (free text) is redacted;
- its papers keep their row (kind, number, date, title) and become "anonymised": their PDFs
  (which print the applicant's name, ID number, address...) are deleted from storage after the
  transaction commits (`purge_files`, which also finishes any deletion a crash interrupted), and
  the download answers a Vietnamese page instead;
- an office's dossier register (which lists names) goes the same way once its whole period is past
  retention and every dossier received in that period is anonymised.

Kept unchanged: status, dates, procedure, channel, outcome, counts of received documents (the
DossierDocument rows hold no personal data), apology letters (their reason is the office's delay,
grouped by the reports) and the archived reports (reports.Report, frozen figures): the figures
of a period do not depend on any erased field.
"""

import datetime as dt
import itertools
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from dossiers.models import (
    CLOSED_STATUSES,
    AuditEvent,
    Dossier,
    Paper,
    PaperKind,
    PaperState,
    Rating,
    SupplementRequest,
)
from dossiers.models_citizen import NotifyConsent, OutboundMessage

log = logging.getLogger(__name__)

ANONYMISED_NAME = "Đã ẩn danh"
REDACTED = "[Đã ẩn danh]"
ERASED = {
    "full_name": ANONYMISED_NAME,
    "search_name": "",
    "id_number": "",
    "birth_date": None,
    "phone": "",
    "address": "",
    "email": "",
    "organisation_name": "",
    "returned_to": "",
}
COUNTS = ("anonymised", "notes", "comments", "papers", "files")


class RetentionError(Exception):
    """A request the retention rule refuses; `str(error)` is the Vietnamese message."""


def years_before(day: dt.date, years: int) -> dt.date:
    """The same day `years` years earlier (29 February falls back to the 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def retention_limit(now: dt.datetime) -> dt.date | None:
    """The first day whose closings are still kept: dossiers closed before it are past retention.
    None when anonymisation is off (MOCUA_RETENTION_YEARS=0)."""
    years = settings.MOCUA_RETENTION_YEARS
    return years_before(timezone.localdate(now), years) if years else None


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def due(limit: dt.date) -> QuerySet:
    """Closed dossiers not yet anonymised, closed before the day `limit` (local time)."""
    return Dossier.objects.filter(
        status__in=[s.value for s in CLOSED_STATUSES],
        anonymised_at__isnull=True,
        closed_at__isnull=False,
        closed_at__lt=_start_of(limit),
    )


def _limit(now: dt.datetime, before: dt.date | None) -> dt.date | None:
    limit = retention_limit(now)
    if limit is None:
        if before is not None:
            raise RetentionError(
                "Chưa bật ẩn danh hồ sơ (MOCUA_RETENTION_YEARS=0) nên không ẩn danh hồ sơ nào."
            )
        return None
    if before is not None and before > limit:
        raise RetentionError(
            f"Hồ sơ kết thúc từ ngày {limit:%d/%m/%Y} trở đi vẫn còn trong thời hạn lưu trữ "
            f"({settings.MOCUA_RETENTION_YEARS} năm): chỉ được ẩn danh hồ sơ kết thúc trước ngày "
            f"{limit:%d/%m/%Y}."
        )
    return before or limit


def _registers(limit: dt.date) -> QuerySet:
    """Dossier registers of periods before `limit` in which every dossier received is anonymised."""
    kept = Dossier.objects.filter(
        office=OuterRef("office"),
        received_at__date__gte=OuterRef("period_first"),
        received_at__date__lte=OuterRef("period_last"),
        anonymised_at__isnull=True,
    )
    return (
        Paper.objects.filter(kind=PaperKind.REGISTER, dossier=None, period_last__lt=limit)
        .exclude(state=PaperState.ANONYMISED)
        .exclude(Exists(kept))
    )


def _preview(limit: dt.date) -> dict:
    """What a run would do now, changing nothing (--dry-run)."""
    dossiers = due(limit)
    papers = Paper.objects.filter(dossier__in=dossiers).exclude(state=PaperState.ANONYMISED)
    return {
        "anonymised": dossiers.count(),
        "notes": AuditEvent.objects.filter(dossier__in=dossiers).exclude(note__in=["", REDACTED]).count(),
        "comments": Rating.objects.filter(dossier__in=dossiers).exclude(comment__in=["", REDACTED]).count(),
        "papers": papers.count(),
        "files": papers.exclude(pdf="").count(),
    }


def _anonymise_batch(now: dt.datetime, limit: dt.date, size: int, counts: dict) -> int:
    """Anonymise up to `size` dossiers due, in one transaction; returns how many."""
    with transaction.atomic():
        # Locked rows are skipped (PostgreSQL), so two runs at once never take the same dossier;
        # anonymised_at, set below, makes every later run skip it.
        ids = list(
            due(limit)
            .select_for_update(skip_locked=True)
            .order_by("closed_at", "id")
            .values_list("pk", flat=True)[:size]
        )
        if not ids:
            return 0
        # Audit events are append-only (AuditEvent.save refuses updates): the retention rule is
        # the one exception, and it only redacts the free-text note.
        counts["notes"] += (
            AuditEvent.objects.filter(dossier__in=ids).exclude(note__in=["", REDACTED]).update(note=REDACTED)
        )
        counts["comments"] += (
            Rating.objects.filter(dossier__in=ids)
            .exclude(comment__in=["", REDACTED])
            .update(comment=REDACTED)
        )
        SupplementRequest.objects.filter(dossier__in=ids).exclude(override_reason__in=["", REDACTED]).update(
            override_reason=REDACTED
        )
        # The citizen's contact for notifications and the texts sent to it (issue 17).
        NotifyConsent.objects.filter(dossier__in=ids).update(phone="", email="")
        OutboundMessage.objects.filter(dossier__in=ids).exclude(body=REDACTED).update(
            recipient="", body=REDACTED
        )
        counts["papers"] += (
            Paper.objects.filter(dossier__in=ids)
            .exclude(state=PaperState.ANONYMISED)
            .update(state=PaperState.ANONYMISED, error="")
        )
        done = Dossier.objects.filter(pk__in=ids, anonymised_at__isnull=True).update(
            **ERASED, anonymised_at=now
        )
        counts["anonymised"] += done
    return done


def purge_files(limit: int | None = None) -> int:
    """Delete the stored PDFs of anonymised papers, then forget their names; returns how many.

    Run after the marking transaction commits, so a rollback never leaves a paper without its
    file; a crash in between leaves names that the next run deletes.
    """
    storage = Paper._meta.get_field("pdf").storage
    rows = Paper.objects.filter(state=PaperState.ANONYMISED).exclude(pdf="").order_by("id")
    deleted = 0
    for pk, name in rows.values_list("pk", "pdf")[:limit]:
        storage.delete(name)  # a file already gone is fine
        deleted += Paper.objects.filter(pk=pk, state=PaperState.ANONYMISED, pdf=name).update(pdf="")
    return deleted


def anonymise_due(
    now: dt.datetime | None = None,
    *,
    before: dt.date | None = None,
    dry_run: bool = False,
    max_batches: int | None = None,
) -> dict:
    """Anonymise the closed dossiers past retention as of `now` (only those closed before `before`,
    when given; it may narrow the rule, never widen it), MOCUA_RETENTION_BATCH per transaction, at
    most `max_batches` batches (None: until none is left). Returns the counts (COUNTS).

    Idempotent: an anonymised dossier is never taken again, so a second run does nothing.
    Raises RetentionError when `before` is still inside retention.
    """
    now = now or timezone.now()
    limit = _limit(now, before)
    if limit is None:
        return {}
    if dry_run:
        return _preview(limit)
    counts = dict.fromkeys(COUNTS, 0)
    batches = range(max_batches) if max_batches is not None else itertools.count()
    for _ in batches:
        if not _anonymise_batch(now, limit, settings.MOCUA_RETENTION_BATCH, counts):
            break
    counts["papers"] += _registers(limit).update(state=PaperState.ANONYMISED, error="")
    counts["files"] += purge_files()
    if counts["anonymised"]:
        log.info("retention: %s", " ".join(f"{k}={v}" for k, v in counts.items()))
    return counts
