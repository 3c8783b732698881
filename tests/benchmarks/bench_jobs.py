"""Benchmark of the overdue sweep on PostgreSQL (run by `make bench`, never by the normal suite).

2,000,000 dossiers (MOCUA_BENCH_DOSSIERS), of which 10,000 open and overdue (MOCUA_BENCH_OVERDUE)
and 1% open and not yet due; the rest returned. Rows are made with INSERT … SELECT generate_series.

Figures, as ratios to a floor measured in the same run:
- the sweep's candidate query (ORM, with the NOT EXISTS on apology letters) vs a raw SQL select of
  the same rows; its EXPLAIN plan must use a partial index of the open dossiers by due date
  (dossier_open_due, or the worklist's dossier_office_open_due: the planner picks);
- the first sweep (drafts every letter) per letter;
- a second sweep, with nothing left to do (the steady state beat pays every five minutes), vs the
  raw select.
"""

import datetime as dt
import os
import time

import pytest
from django.db import connection

from dossiers import sweeps
from dossiers.models import OPEN_STATUSES, ApologyLetter
from mocua.demo import ensure_default_hours
from mocua.models import Office
from tests.conftest import VN, need
from tests.dossier_helpers import marriage_status_procedure

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=VN)
TOTAL = int(os.environ.get("MOCUA_BENCH_DOSSIERS", "2000000"))
OVERDUE = int(os.environ.get("MOCUA_BENCH_OVERDUE", str(max(1, TOTAL // 200))))
pytestmark = pytest.mark.django_db

INSERT = """
INSERT INTO dossiers_dossier (
    office_id, code, procedure_id, full_name, id_number, birth_date, phone, address, email,
    organisation_name, channel, channel_ref, status, track, received_at, due_at, returned_at,
    returned_to, outcome, in_extra_hour, needs_verification, assisted_writing, online_help, secret,
    created_at, search_name, promised_same_day, closed_at
)
SELECT
    %(office)s, 'BENCH-' || g, %(procedure)s, 'Nguyễn Văn A', '051190001234', NULL, '0912345678',
    'Thôn 1', '', '', 'counter', '',
    CASE WHEN g <= %(overdue)s OR g > %(total)s - %(future)s THEN 'processing' ELSE 'returned' END,
    'normal',
    %(now)s - make_interval(days => 10 + g %% 700),
    CASE WHEN g <= %(overdue)s THEN %(now)s - make_interval(mins => 1 + g %% 5000)
         WHEN g > %(total)s - %(future)s THEN %(now)s + make_interval(days => 3 + g %% 20)
         ELSE %(now)s - make_interval(days => 5 + g %% 700) END,
    CASE WHEN g <= %(overdue)s OR g > %(total)s - %(future)s THEN NULL
         ELSE %(now)s - make_interval(days => 6 + g %% 700) END,
    '',
    CASE WHEN g <= %(overdue)s OR g > %(total)s - %(future)s THEN '' ELSE 'on_time' END,
    false, false, '', false, 'bench', %(now)s, 'nguyen van a', false,
    CASE WHEN g <= %(overdue)s OR g > %(total)s - %(future)s THEN NULL
         ELSE %(now)s - make_interval(days => 6 + g %% 700) END
FROM generate_series(1, %(total)s) AS g
"""

RAW = """
SELECT id, office_id FROM dossiers_dossier
WHERE status IN ('received', 'assigned', 'processing', 'submitted', 'approved', 'result_ready')
  AND due_at < %s AND track <> 'same_day'
ORDER BY due_at, id
"""


def timed(fn):
    begin = time.perf_counter()
    value = fn()
    return time.perf_counter() - begin, value


def test_overdue_sweep_over_millions_of_dossiers():
    need(connection.vendor == "postgresql", "the overdue benchmark needs PostgreSQL: set DATABASE_URL")
    office = Office.objects.create(
        name="UBND xã Đo Hiệu Năng",
        short_name="Đo Hiệu Năng",
        slug="do-hieu-nang",
        kind="commune",
        province="Vùng thử",
        unit_code="000.98.53.H99",
    )
    ensure_default_hours(office)
    procedure = marriage_status_procedure(office)
    future = TOTAL // 100
    with connection.cursor() as cursor:
        generate, _ = timed(
            lambda: cursor.execute(
                INSERT,
                {
                    "office": office.pk,
                    "procedure": procedure.pk,
                    "overdue": OVERDUE,
                    "total": TOTAL,
                    "future": future,
                    "now": NOW,
                },
            )
        )
        cursor.execute("ANALYZE dossiers_dossier")
        cursor.execute("ANALYZE dossiers_apologyletter")

        query = sweeps.overdue_candidates(NOW).order_by("due_at", "id").values_list("id", "office_id")
        sql, params = query.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        orm_times, raw_times = [], []
        for _ in range(5):
            orm_times.append(timed(lambda: list(query.all()))[0])
            raw_times.append(timed(lambda: cursor.execute(RAW, [NOW]) or cursor.fetchall())[0])
        cursor.execute(RAW, [NOW])
        assert len(cursor.fetchall()) == OVERDUE

    first, counts = timed(lambda: sweeps.overdue(NOW))
    assert counts["letters"] == OVERDUE and ApologyLetter.objects.count() == OVERDUE
    second, again = timed(lambda: sweeps.overdue(NOW))
    assert again["letters"] == 0

    orm, raw = min(orm_times), min(raw_times)
    print()
    print(
        f"{TOTAL:,} dossiers, {OVERDUE:,} overdue, {future:,} open not yet due; rows made in {generate:.1f} s"
    )
    print("EXPLAIN of the candidate query:")
    print(plan)
    print(f"{'benchmark':<62} {'figure':>12} {'floor':>12} {'ratio':>8}")
    rows = [
        ("candidate query (ORM, NOT EXISTS letters), best of 5", orm, raw),
        ("second sweep, nothing to do (steady state)", second, raw),
        ("first sweep, per letter drafted (+ notification)", first / OVERDUE, raw),
    ]
    for name, figure, floor in rows:
        print(f"{name:<62} {figure * 1e3:>10.2f}ms {floor * 1e3:>10.2f}ms {figure / floor:>8.2f}")
    print(f"first sweep total: {first:.1f} s for {OVERDUE:,} letters")
    assert "dossier_open_due" in plan or "dossier_office_open_due" in plan, plan
    assert OPEN_STATUSES  # the index predicate is the sweep's status filter
