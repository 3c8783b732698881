"""Dossier benchmarks (make bench): the intake POST and the clerk's worklist at scale.

Floors measured in the same run, through the same middleware with the same logged-in client:
- intake: a bare view doing one INSERT (defined here, with its own urlconf);
- worklist: a bare view doing one SELECT of a dossier by primary key.

The worklist runs on PostgreSQL with MOCUA_BENCH_DOSSIERS dossiers (200 000 by default),
bulk-inserted across the five seed offices; the clerk sees his office's share.
"""

import datetime as dt
import os
import random
import statistics
import time
import uuid

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import include, path
from django.utils import timezone

from dossiers import codes, selectors
from dossiers.models import OPEN_STATUSES, Channel, Dossier, Outcome, Sequence, Status, Track
from mocua.models import Office, Staff
from models_catalog.text import fold
from tests.benchmarks.timing import p95
from tests.dossier_helpers import marriage_status_procedure, other_procedure

REQUESTS = int(os.environ.get("MOCUA_BENCH_REQUESTS", "100"))
DOSSIERS = int(os.environ.get("MOCUA_BENCH_DOSSIERS", "200000"))


def bare_insert(request):
    """The floor of the intake POST: one INSERT."""
    Sequence.objects.create(office_id=request.POST["office"], key=uuid.uuid4().hex[:40])
    return HttpResponse("ok")


def bare_select(request):
    """The floor of a worklist page: one SELECT by primary key."""
    return HttpResponse(Dossier.objects.filter(pk=request.GET["pk"]).values_list("code", flat=True).first())


urlpatterns = [
    path("bench/bare-insert/", bare_insert),
    path("bench/bare-select/", bare_select),
    path("", include("mocua.urls")),
]


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def table(rows):
    print()
    print(f"{'benchmark':<72} {'figure':>10} {'floor':>10} {'ratio':>7}")
    for name, figure, floor in rows:
        print(f"{name:<72} {figure:>10.2f} {floor:>10.2f} {figure / floor:>7.1f}")


@pytest.fixture
def clerk_client(client, demo, settings):
    settings.ROOT_URLCONF = __name__
    clerk = Staff.objects.select_related("office", "user").get(user__username="duc-thanh.clerk")
    client.force_login(clerk.user)
    return client, clerk


def intake_post(proc, n: int) -> dict:
    first = proc.documents.order_by("position").first()
    return {
        "procedure": proc.code,
        "intake_key": f"bench-{n}-{uuid.uuid4().hex[:8]}",
        "full_name": "Nguyễn Thị Hồng Nhung",
        "id_number": "051190001234",
        "phone": "0912345678",
        "address": "Thôn 1, xã Đức Thạnh",
        "channel": "counter",
        f"doc_{first.pk}": "original",
        f"doc_{first.pk}_count": "1",
        "decision": "receive",
    }


def test_intake_post_against_one_insert(clerk_client):
    client, clerk = clerk_client
    proc = marriage_status_procedure(clerk.office)
    for n in range(5):  # warm up
        assert client.post("/ho-so/tiep-nhan/", intake_post(proc, -n)).status_code == 302
        assert client.post("/bench/bare-insert/", {"office": clerk.office.pk}).status_code == 200
    intake = [
        timed(lambda n=n: client.post("/ho-so/tiep-nhan/", intake_post(proc, n))) for n in range(REQUESTS)
    ]
    bare = [
        timed(lambda: client.post("/bench/bare-insert/", {"office": clerk.office.pk}))
        for _ in range(REQUESTS)
    ]
    assert Dossier.objects.count() == REQUESTS + 5
    with CaptureQueriesContext(connection) as queries:
        client.post("/ho-so/tiep-nhan/", intake_post(proc, REQUESTS))
    table(
        [
            (f"intake POST p95 (ms), {connection.vendor}", p95(intake), p95(bare)),
            (
                f"intake POST p50 (ms), {connection.vendor}",
                statistics.median(intake),
                statistics.median(bare),
            ),
        ]
    )
    print(f"queries per intake POST: {len(queries)}")


# --- the worklist with many dossiers --------------------------------------------------------

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Hữu", "Ngọc", "Minh", "Thanh", "Quốc", "Thu", "Kim", "Đức"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Hà", "Hải", "Hương", "Khánh", "Lan", "Linh", "Long", "Mai", "Nam"]
GIVEN += ["Nga", "Nhung", "Phúc", "Sơn", "Tài", "Thảo", "Trung", "Yến", "Quang", "Tuấn", "Vy"]


def bulk_dossiers(n: int, now: dt.datetime, office: Office) -> Dossier:
    """n dossiers over the last two years across the seed offices, 8 % of them open; returns one of `office`."""
    rng = random.Random(7)
    offices = list(
        Office.objects.filter(
            slug__in=["duc-thanh", "thanh-binh-thinh", "luan-thanh", "dong-thanh", "sa-dec-p1"]
        )
    )
    procs = [marriage_status_procedure(), other_procedure()]
    for proc in procs:
        proc.offices.add(*offices)
    batch, made = [], 0
    per_day: dict = {}
    while made < n:
        office = offices[made % len(offices)]
        received = now - dt.timedelta(minutes=rng.randint(60, 60 * 24 * 730))
        day = timezone.localdate(received)
        number = per_day[(office.pk, day)] = per_day.get((office.pk, day), 0) + 1
        is_open = rng.random() < 0.08
        status = (
            rng.choice(OPEN_STATUSES)
            if is_open
            else rng.choice([Status.RETURNED] * 18 + [Status.REFUSED, Status.STOPPED])
        )
        due = (
            received + dt.timedelta(days=rng.randint(0, 10))
            if not is_open
            else now + dt.timedelta(hours=rng.randint(-72, 120))
        )
        batch.append(
            Dossier(
                office=office,
                code=f"{codes.dossier_code(office, day, number)}",
                procedure=procs[made % 2],
                full_name=(
                    name
                    := f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
                ),
                search_name=fold(name),  # bulk_create does not call save()
                id_number=f"0{rng.randint(10**10, 10**11 - 1)}",
                phone=f"09{rng.randint(0, 99999999):08d}",
                address="Thôn 1",
                channel=rng.choice([Channel.COUNTER] * 7 + [Channel.ONLINE, Channel.ONLINE, Channel.POST]),
                status=status,
                track=Track.SAME_DAY if rng.random() < 0.1 else Track.NORMAL,
                received_at=received,
                due_at=due,
                returned_at=due if status == Status.RETURNED else None,
                closed_at=None if is_open else due,  # bulk_create does not call save()
                outcome=Outcome.ON_TIME if status == Status.RETURNED else "",
                secret="ABCDEF",
            )
        )
        made += 1
        if len(batch) == 5000:
            Dossier.objects.bulk_create(batch)
            batch = []
    Dossier.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Dossier._meta.db_table}")
    return Dossier.objects.filter(office=office).order_by("-received_at").first()


def test_worklist_with_many_dossiers(require_postgres, clerk_client):
    client, clerk = clerk_client
    now = timezone.now()
    started = time.perf_counter()
    sample = bulk_dossiers(DOSSIERS, now, clerk.office)
    print(f"\n{DOSSIERS} dossiers bulk-inserted in {time.perf_counter() - started:.1f} s")
    family, given = sample.full_name.split()[0], sample.full_name.split()[-1]
    pages = {
        "worklist, no filter": ("get", {}),
        "worklist, due today": ("get", {"loc": "due_today"}),
        "worklist, overdue": ("get", {"loc": "overdue"}),
        "search by name": (
            "get",
            {"q": f"{sample.full_name.split()[1]} {sample.full_name.split()[2]} {given}"},
        ),
        "search by family name (many hits)": ("get", {"q": family}),
        "search by code": ("get", {"q": sample.code}),
        "search by phone": ("post", {"q": sample.phone[-7:]}),
    }
    floor_url = f"/bench/bare-select/?pk={sample.pk}"
    for _ in range(5):
        client.get(floor_url)
    floor = [timed(lambda: client.get(floor_url)) for _ in range(REQUESTS)]
    rows, counts = [], {}
    for name, (method, params) in pages.items():
        call = getattr(client, method)
        response = call("/ho-so/", params)
        assert response.status_code == 200
        if name.startswith("search by code") or name.startswith("search by phone"):
            assert sample.code in response.content.decode()
        with CaptureQueriesContext(connection) as queries:
            call("/ho-so/", params)
        counts[name] = len(queries)
        db_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
        if os.environ.get("MOCUA_BENCH_SQL"):
            for q in queries.captured_queries:
                print(name, q["time"], q["sql"][:300])
        samples = [timed(lambda call=call, params=params: call("/ho-so/", params)) for _ in range(REQUESTS)]
        rows.append((f"{name} p95 (ms), {counts[name]} queries, db {db_ms:.1f} ms", p95(samples), p95(floor)))
    table(rows)
    office_rows = Dossier.objects.filter(office=clerk.office).count()
    print(f"the clerk's office holds {office_rows} of {DOSSIERS} dossiers")
    print("plan of the first page, no filter:\n" + selectors.worklist(clerk.user)[:50].explain())
    plan = selectors.worklist(clerk.user, q=given).explain()
    print("plan of a name search:\n" + plan)
    assert max(counts.values()) <= 12
