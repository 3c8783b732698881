"""Beyond one province (make bench, PostgreSQL): the quarterly Biểu II.06a query on dossiers
partitioned by the year they were received, against the same rows in one table (issue 19).

The benchmark builds its own two tables in the test database with generate_series —
MOCUA_BENCH_PARTITION_ROWS rows (2,000,000 by default) over five years, 150 offices, 8 % of them
still open — with the indexes the report uses (office, received_at) and (closed_at, received_at):
- `bench_dossier_flat`, one table (the floor: what mocua has today);
- `bench_dossier_part`, PARTITION BY RANGE (received_at), one partition per year.
Then the quarter's figures per office and procedure (received in the quarter, carried over from
before it, resolved early / on time / late, still open at its end) are timed alternately on both,
best of RUNS each, and both plans are printed. The tables go with the test's transaction.
"""

import os

import pytest
from django.db import connection

from tests.benchmarks.timing import alternate, report

ROWS = int(os.environ.get("MOCUA_BENCH_PARTITION_ROWS", "2000000"))
RUNS = 5
YEARS = range(2022, 2027)  # received 2022 … 2026; the quarter asked for is 2026-Q3
COLUMNS = """
    id bigint NOT NULL, office_id int NOT NULL, procedure_id int NOT NULL, channel text NOT NULL,
    status text NOT NULL, outcome text NOT NULL, received_at timestamptz NOT NULL,
    due_at timestamptz, returned_at timestamptz, closed_at timestamptz
"""
FILL = """
    INSERT INTO {table}
    SELECT g, 1 + g %% 150, 1 + g %% 40, CASE WHEN g %% 5 = 0 THEN 'online' ELSE 'counter' END,
           CASE WHEN open THEN 'processing' ELSE 'returned' END,
           CASE WHEN open THEN '' WHEN g %% 10 = 0 THEN 'late' WHEN g %% 3 = 0 THEN 'early' ELSE 'on_time' END,
           received, received + interval '3 days',
           CASE WHEN open THEN NULL ELSE received + (g %% 9) * interval '1 day' END,
           CASE WHEN open THEN NULL ELSE received + (g %% 9) * interval '1 day' END
    FROM (SELECT g, timestamptz '2022-01-01 07:00+07' + (g::float8 / %(rows)s) * interval '1825 days' AS received,
                 (g %% 100 < 8 AND g > %(rows)s * 0.97) OR g %% 1000 = 0 AS open
          FROM generate_series(1, %(rows)s) g) s
"""
QUARTER = """
    SELECT office_id, procedure_id,
           count(*) FILTER (WHERE received_at >= %(s)s),
           count(*) FILTER (WHERE received_at >= %(s)s AND channel = 'online'),
           count(*) FILTER (WHERE received_at < %(s)s),
           count(*) FILTER (WHERE status = 'returned' AND closed_at < %(e)s),
           count(*) FILTER (WHERE status = 'returned' AND closed_at < %(e)s AND outcome = 'early'),
           count(*) FILTER (WHERE status = 'returned' AND closed_at < %(e)s AND outcome = 'on_time'),
           count(*) FILTER (WHERE status = 'returned' AND closed_at < %(e)s AND outcome = 'late'),
           count(*) FILTER (WHERE closed_at IS NULL OR closed_at >= %(e)s),
           sum(returned_at - received_at) FILTER (WHERE status = 'returned' AND closed_at < %(e)s)
    FROM {table}
    WHERE (received_at >= %(s)s AND received_at < %(e)s)
       OR (received_at < %(s)s AND closed_at >= %(s)s)
       OR (received_at < %(s)s AND closed_at IS NULL)
    GROUP BY office_id, procedure_id
"""
PERIOD = {"s": "2026-07-01 00:00+07", "e": "2026-10-01 00:00+07"}


def build(cursor) -> None:
    cursor.execute(f"CREATE TABLE bench_dossier_flat ({COLUMNS})")
    cursor.execute(f"CREATE TABLE bench_dossier_part ({COLUMNS}) PARTITION BY RANGE (received_at)")
    for year in YEARS:
        cursor.execute(
            f"CREATE TABLE bench_dossier_part_{year} PARTITION OF bench_dossier_part "
            f"FOR VALUES FROM ('{year}-01-01 00:00+07') TO ('{year + 1}-01-01 00:00+07')"
        )
    for table in ("bench_dossier_flat", "bench_dossier_part"):
        cursor.execute(FILL.format(table=table), {"rows": ROWS})
        cursor.execute(f"CREATE INDEX ON {table} (office_id, received_at)")
        cursor.execute(f"CREATE INDEX ON {table} (closed_at, received_at)")
        cursor.execute(f"CREATE INDEX ON {table} (received_at) WHERE closed_at IS NULL")
        cursor.execute(f"ANALYZE {table}")


def plan(cursor, table: str) -> list[str]:
    cursor.execute(
        "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) " + QUARTER.format(table=table), PERIOD
    )
    keep = ("Scan", "Append", "Aggregate", "BitmapOr", "Execution Time", "Subplans Removed")
    return [r[0] for r in cursor.fetchall() if any(k in r[0] for k in keep)]


@pytest.mark.django_db
def test_ii06a_on_a_partitioned_table(require_postgres):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        build(cursor)

        def run(table):
            cursor.execute(QUARTER.format(table=table), PERIOD)
            return cursor.fetchall()

        assert sorted(run("bench_dossier_part")) == sorted(run("bench_dossier_flat"))
        part, flat = alternate(lambda i: run("bench_dossier_part"), lambda i: run("bench_dossier_flat"), RUNS)
        report(
            f"beyond a province: Biểu II.06a of 2026-Q3 over {ROWS:,} dossiers received 2022–2026, "
            "PostgreSQL, JIT off, best of 5",
            [
                (
                    "partitioned by received year (5 partitions)",
                    min(part),
                    min(flat),
                    "the same rows and indexes in one table",
                )
            ],
        )
        for table in ("bench_dossier_part", "bench_dossier_flat"):
            print(f"plan on {table}:")
            for line in plan(cursor, table):
                print("   ", line)
