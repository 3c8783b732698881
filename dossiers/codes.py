"""Dossier codes and running numbers.

A dossier code is `<office unit code>-<YYMMDD>-<NNNN>` (TT 01/2018/TT-VPCP art. 19):
a four-digit running number per office per day. Numbers come from `Sequence`
rows bumped by one atomic upsert inside the caller's transaction, so they are
unique and gap-free under concurrent intake (a rolled-back intake gives its
number back).
"""

import datetime as dt
import secrets

from django.db import connection, transaction
from django.utils import timezone

from dossiers.models import Sequence

SECRET_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY34679"  # no look-alikes (0/O, 1/I, 5/S, 8/B, 2/Z)
SECRET_LENGTH = 6

_UPSERT = (
    f"INSERT INTO {Sequence._meta.db_table} (office_id, key, last) VALUES (%s, %s, 1) "
    f"ON CONFLICT (office_id, key) DO UPDATE SET last = {Sequence._meta.db_table}.last + 1 "
    "RETURNING last"
)


def next_number(office, key: str) -> int:
    """The next number of `key` at `office`; must run inside the transaction that uses it."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number must run inside transaction.atomic()")
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT, [office.pk, key])
        return cursor.fetchone()[0]


def dossier_code(office, day: dt.date, number: int) -> str:
    return f"{office.unit_code}-{day:%y%m%d}-{number:04d}"


def next_dossier_code(office, at: dt.datetime | None = None) -> str:
    """A new dossier code for an intake at `at` (local date), inside the intake transaction."""
    day = timezone.localdate(at or timezone.now())
    return dossier_code(office, day, next_number(office, f"dossier:{day.isoformat()}"))


def new_secret() -> str:
    """The short tracking secret printed on the receipt."""
    return "".join(secrets.choice(SECRET_ALPHABET) for _ in range(SECRET_LENGTH))
