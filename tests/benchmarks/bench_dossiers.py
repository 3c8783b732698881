"""Dossier benchmarks (make bench): the intake POST and the clerk's worklist at scale.

Each figure is timed alternately with its floor, through the same middleware with the same
logged-in client (tests/benchmarks/timing.alternate), and printed with the ratio and load average:
- intake: a bare view writing the same rows by raw SQL in one transaction (the dossier's number,
  the dossier, its document, the audit event, the receipt's number and the receipt: INSERT …
  SELECT copies of the first intake's rows);
- worklist: a bare view running the page's two statements by hand (the bounded count and the
  50 rows with procedure and assignee names, in the page's order).

The worklist runs on PostgreSQL with MOCUA_BENCH_DOSSIERS dossiers (200 000 by default),
bulk-inserted across the five seed offices; the clerk sees his office's share.
"""

import datetime as dt
import os
import random
import time
import uuid

import pytest
from django.db import connection, transaction
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import include, path
from django.utils import timezone

from dossiers import codes, selectors
from dossiers.models import OPEN_STATUSES, Channel, Dossier, Outcome, Status, Track
from mocua.models import Office, Staff
from models_catalog.text import fold
from tests.benchmarks.timing import alternate, p50, p95, report
from tests.dossier_helpers import marriage_status_procedure, other_procedure

REQUESTS = int(os.environ.get("MOCUA_BENCH_REQUESTS", "100"))
DOSSIERS = int(os.environ.get("MOCUA_BENCH_DOSSIERS", "200000"))


def _columns(model) -> list[str]:
    return [f.column for f in model._meta.concrete_fields if not f.primary_key]


def _copy(cursor, model, pk: int, **replace) -> int:
    """INSERT … SELECT a copy of row `pk` of `model` with some columns replaced; returns the new id."""
    table = model._meta.db_table
    cols = _columns(model)
    values = ", ".join("%s" if c in replace else f'"{c}"' for c in cols)
    params = [replace[c] for c in cols if c in replace]
    quoted = ", ".join(f'"{c}"' for c in cols)
    cursor.execute(
        f'INSERT INTO "{table}" ({quoted}) SELECT {values} FROM "{table}" WHERE id = %s RETURNING id',
        [*params, pk],
    )
    return cursor.fetchone()[0]


def raw_intake(request):
    """The floor of the intake POST: the rows an intake writes, by raw SQL in one transaction."""
    from dossiers.models import AuditEvent, DossierDocument, Paper

    model = Dossier.objects.filter(intake_key=request.POST["like"]).values_list("pk", flat=True).first()
    n = uuid.uuid4().hex
    with transaction.atomic(), connection.cursor() as cursor:
        office = request.POST["office"]
        cursor.execute(codes._UPSERT, [office, "bench:dossier"])
        number = cursor.fetchone()[0]
        pk = _copy(cursor, Dossier, model, code=f"BENCH-{n[:12]}-{number}", intake_key=f"raw-{n}")
        doc = DossierDocument.objects.filter(dossier_id=model).values_list("pk", flat=True).first()
        _copy(cursor, DossierDocument, doc, dossier_id=pk)
        event = AuditEvent.objects.filter(dossier_id=model).values_list("pk", flat=True).first()
        _copy(cursor, AuditEvent, event, dossier_id=pk)
        cursor.execute(codes._UPSERT, [office, "bench:paper"])
        paper = Paper.objects.filter(dossier_id=model).values_list("pk", flat=True).first()
        _copy(cursor, Paper, paper, dossier_id=pk, number=f"{cursor.fetchone()[0]}/BENCH")
    return HttpResponse("ok")


def raw_worklist(request):
    """The floor of a worklist page: its bounded count and its 50 rows, by hand-written SQL."""
    office, open_only = request.GET["office"], request.GET.get("open_only")
    opened = ", ".join(f"'{s.value}'" for s in OPEN_STATUSES)
    where = f"d.office_id = %s AND d.status IN ({opened})" if open_only else "d.office_id = %s"
    order = (
        "d.due_at, d.received_at DESC"
        if open_only
        else f"CASE WHEN d.status IN ({opened}) THEN 0 ELSE 1 END, "
        f"CASE WHEN d.status IN ({opened}) THEN d.due_at END, d.due_at DESC, d.received_at DESC"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM dossiers_dossier d WHERE {where} LIMIT 1001) t", [office]
        )
        cursor.fetchone()
        cursor.execute(
            "SELECT d.id, d.code, d.full_name, d.status, d.track, d.due_at, d.received_at, p.name, s.full_name "
            "FROM dossiers_dossier d JOIN models_catalog_procedure p ON p.id = d.procedure_id "
            f"LEFT JOIN mocua_staff s ON s.id = d.specialist_id WHERE {where} ORDER BY {order} LIMIT 50",
            [office],
        )
        rows = cursor.fetchall()
    return HttpResponse(str(len(rows)))


urlpatterns = [
    path("bench/raw-intake/", raw_intake),
    path("bench/raw-worklist/", raw_worklist),
    path("", include("mocua.urls")),
]


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


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


def test_intake_post_against_raw_sql(clerk_client):
    client, clerk = clerk_client
    proc = marriage_status_procedure(clerk.office)
    first = intake_post(proc, 0)
    assert client.post("/ho-so/tiep-nhan/", first).status_code == 302  # the rows the floor copies
    floor_post = {"office": clerk.office.pk, "like": first["intake_key"]}

    def post(n):
        assert client.post("/ho-so/tiep-nhan/", intake_post(proc, n)).status_code == 302

    ours, floor = alternate(post, lambda n: client.post("/bench/raw-intake/", floor_post), REQUESTS)
    assert Dossier.objects.filter(intake_key__startswith="bench-").count() == REQUESTS + 3
    form = intake_post(proc, REQUESTS)  # built outside the count (it reads the procedure's documents)
    with CaptureQueriesContext(connection) as queries:
        assert client.post("/ho-so/tiep-nhan/", form).status_code == 302
    statements = [
        q
        for q in queries.captured_queries
        if q["sql"] not in ("BEGIN", "COMMIT") and "SAVEPOINT" not in q["sql"]
    ]
    report(
        f"dossiers: intake POST, logged-in clerk, {connection.vendor}, {len(statements)} statements",
        [
            ("intake POST p95", p95(ours), p95(floor), "raw SQL of the same rows, one transaction"),
            ("intake POST p50", p50(ours), p50(floor)),
        ],
    )


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
    rows, counts = [], {}
    for name, (method, params) in pages.items():
        call = getattr(client, method)
        response = call("/ho-so/", params)
        assert response.status_code == 200
        if name.startswith("search by code") or name.startswith("search by phone"):
            assert sample.code in response.content.decode()
        with CaptureQueriesContext(connection) as queries:
            call("/ho-so/", params)
        # Without the savepoints of the test's own transaction (a request has none).
        counts[name] = sum(1 for q in queries.captured_queries if "SAVEPOINT" not in q["sql"])
        db_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
        if os.environ.get("MOCUA_BENCH_SQL"):
            for q in queries.captured_queries:
                print(name, q["time"], q["sql"][:300])
        floor_params = {"office": clerk.office_id}
        if params.get("loc") in selectors.OPEN_ONLY:
            floor_params["open_only"] = "1"
        ours, floor = alternate(
            lambda i, call=call, params=params: call("/ho-so/", params),
            lambda i, fp=floor_params: client.get("/bench/raw-worklist/", fp),
            REQUESTS,
        )
        rows.append((f"{name} p95, {counts[name]} queries, db {db_ms:.1f} ms", p95(ours), p95(floor)))
    report(
        f"dossiers: worklist, {DOSSIERS:,} dossiers, {connection.vendor} "
        "(floor: the bounded count and the 50 rows by hand-written SQL, same client)",
        rows,
    )
    office_rows = Dossier.objects.filter(office=clerk.office).count()
    print(f"the clerk's office holds {office_rows} of {DOSSIERS} dossiers")
    print("plan of the first page, no filter:\n" + selectors.worklist(clerk.user)[:50].explain())
    plan = selectors.worklist(clerk.user, q=given).explain()
    print("plan of a name search:\n" + plan)
    assert max(counts.values()) <= 8
