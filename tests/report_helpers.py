"""Factories for report tests: dossiers made directly with the ORM (reports only read them)."""

import datetime as dt
import itertools

from mocua.models import Office, OfficeKind
from tests.conftest import at

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


def populate(first: dt.date, days: int, per_day: int = 3, seed: int = 7) -> int:
    """A realistic mix of dossiers for every demo commune over `days` days from `first`.

    Needs the demo offices and the catalog demo (procedures and reform models). Returns the count.
    """
    import random

    from dossiers.models import (
        ApologyLetter,
        AssistedWriting,
        Channel,
        Outcome,
        Rating,
        Status,
        SupplementRequest,
        Track,
    )
    from mocua.models import Organisation, Role, Staff
    from models_catalog.models import Procedure, ReformModel

    rng = random.Random(seed)
    procedures = list(Procedure.objects.select_related("field").order_by("code")[:12])
    made = 0
    for o in Office.objects.filter(supervisor__isnull=False).order_by("slug"):
        staff = list(Staff.objects.filter(office=o, roles__role__in=[Role.CLERK, Role.SPECIALIST]).distinct())
        org = Organisation.objects.filter(office=o).first()
        models = list(ReformModel.objects.filter(office=o))
        for offset in range(days):
            day = first + dt.timedelta(days=offset)
            if day.weekday() >= 5:
                continue
            for _ in range(per_day):
                received = at(day, rng.randint(7, 16), rng.choice([0, 15, 30, 45]))
                model = next((m for m in models if m.applies_on(day)), None)
                same_day = model is not None and model.same_day_result and rng.random() < 0.7
                due = (
                    received.replace(hour=17, minute=0)
                    if same_day
                    else received + dt.timedelta(days=rng.randint(1, 7))
                )
                fate = rng.random()
                fields = {
                    "channel": rng.choices([Channel.COUNTER, Channel.ONLINE, Channel.POST], [6, 3, 1])[0],
                    "due_at": due,
                    "reform_model": model,
                    "track": Track.SAME_DAY if same_day else Track.NORMAL,
                    "specialist": rng.choice(staff) if staff else None,
                    "received_by": rng.choice(staff) if staff else None,
                    "online_help": rng.random() < 0.2,
                    "in_extra_hour": model is not None and model.extra_hour and received.hour >= 16,
                }
                if model is not None and rng.random() < 0.3:
                    if org is not None and rng.random() < 0.5:
                        fields.update(assisted_writing=AssistedWriting.VOLUNTEER, assisted_organisation=org)
                    elif staff:
                        fields.update(assisted_writing=AssistedWriting.STAFF, assisted_by=rng.choice(staff))
                if fate < 0.8:
                    late = rng.random() < 0.08
                    returned = (
                        due + dt.timedelta(hours=rng.randint(1, 48))
                        if late
                        else due - dt.timedelta(hours=rng.randint(0, 6) if same_day else rng.randint(1, 72))
                    )
                    returned = max(returned, received + dt.timedelta(minutes=20))
                    outcome = (
                        Outcome.LATE
                        if late
                        else (Outcome.EARLY if returned.date() < due.date() else Outcome.ON_TIME)
                    )
                    fields.update(status=Status.RETURNED, returned_at=returned, outcome=outcome)
                elif fate < 0.84:
                    fields.update(status=Status.REFUSED)
                else:
                    fields.update(status=Status.PROCESSING)
                d = dossier(o, procedures[rng.randrange(len(procedures))], received, **fields)
                made += 1
                if fields.get("outcome") == Outcome.LATE:
                    ApologyLetter.objects.create(
                        dossier=d,
                        missed_due_at=due,
                        reason=rng.choice(["Hồ sơ cần xác minh thêm", "Cán bộ phụ trách đi công tác"]),
                        responsible_unit=rng.choice(["Công chức Tư pháp - Hộ tịch", "Công chức Địa chính"]),
                        new_due_at=due + dt.timedelta(days=2),
                        created_at=due,
                    )
                if fields["status"] == Status.PROCESSING and rng.random() < 0.3 and staff:
                    SupplementRequest.objects.create(
                        dossier=d,
                        stage="processing",
                        issued_at=received + dt.timedelta(hours=2),
                        issued_by=staff[0],
                    )
                if fields["status"] == Status.RETURNED and rng.random() < 0.4:
                    r = Rating.objects.create(
                        dossier=d, score=rng.choices([5, 4, 3, 2, 1], [6, 3, 1, 0.5, 0.3])[0]
                    )
                    Rating.objects.filter(pk=r.pk).update(created_at=fields["returned_at"])
    return made
