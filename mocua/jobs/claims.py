"""What sweeps share: claiming a piece of work once, and which offices can be swept."""

from django.db import IntegrityError, transaction

from mocua.jobs.models import SweepClaim
from mocua.models import SUPERVISOR_KINDS, Office, OfficeHours


def claim(kind: str, key: str, office: Office | None = None) -> bool:
    """True for the one caller that claims (kind, key); False for every later or concurrent one.

    Call inside the transaction that does the work, so a failure releases the claim. On
    PostgreSQL a concurrent claimer waits for the first transaction and then gets False.
    """
    try:
        with transaction.atomic():
            SweepClaim.objects.create(kind=kind, key=key, office=office)
    except IntegrityError:
        return False
    return True


def split_offices() -> tuple[list[Office], list[Office]]:
    """(counter offices with working hours configured, those without).

    Sweeps apply each office's own rules through its calendar; an office whose hours were
    never entered is skipped and listed on the job-health page rather than guessed at.
    """
    with_hours = set(OfficeHours.objects.values_list("office_id", flat=True).distinct())
    offices = list(Office.objects.exclude(kind__in=SUPERVISOR_KINDS).order_by("name"))
    return [o for o in offices if o.pk in with_hours], [o for o in offices if o.pk not in with_hours]


def slugs(offices: list[Office]) -> list[str]:
    """How skipped offices are recorded on a JobRun (the page shows only those the reader may see)."""
    return [o.slug for o in offices]
