"""Factories for report tests: dossiers made directly with the ORM (reports only read them)."""

import datetime as dt
import itertools

from django.utils import timezone

from mocua.models import Office, OfficeKind

_serial = itertools.count(1)


def office(slug: str = "xa-thu", supervisor: Office | None = None, **extra) -> Office:
    n = next(_serial)
    obj, _ = Office.objects.get_or_create(
        slug=slug,
        defaults={
            "name": f"UBND xã {slug}",
            "short_name": slug,
            "kind": OfficeKind.COMMUNE,
            "province": "Đồng Tháp",
            "parent_body": "ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP",
            "unit_code": f"000.{n % 1000:03d}.53.H{n % 100:02d}",
            "supervisor": supervisor,
            **extra,
        },
    )
    return obj


def at(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def dossier(office: Office, procedure, received_at: dt.datetime, **fields):
    from dossiers.models import Dossier

    n = next(_serial)
    defaults = {
        "full_name": "Nguyễn Văn An",
        "id_number": "051190001234",
        "phone": "0912345678",
        "address": "Ấp 1",
        "secret": "abcd",
        "due_at": received_at + dt.timedelta(days=3),
    }
    return Dossier.objects.create(
        office=office,
        procedure=procedure,
        code=f"T-{office.pk}-{n}",
        received_at=received_at,
        **{**defaults, **fields},
    )
