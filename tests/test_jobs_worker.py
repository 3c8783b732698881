"""The sweeps on real Celery worker processes (file-system broker by default, Redis with REDIS_URL),
and a dead Redis failing fast.

The task takes the moment to sweep as of (`at`), as an operator may after an outage, so the
worker's own clock does not matter; the dossiers are received in the past with time travel.
"""

import datetime as dt
import os
import socket
import subprocess
import sys

import pytest
import time_machine

from dossiers import intake
from dossiers.intake import DocumentIn, IntakeData
from dossiers.models import ApologyLetter, AuditEvent, Dossier, Status, Track
from mocua.jobs.models import JobRun
from mocua.jobs.tasks import run_sweeps_task
from mocua.models import Office
from tests.conftest import ROOT, VN, at, require_tool, start_celery_worker, stop_celery_worker, wait_for
from tests.dossier_helpers import (
    marriage_status_procedure,
    moved_to,
    no_appointment_day,
    planted_dossier,
    received_dossier,
    staff,
)

WED_1459 = dt.datetime(2026, 11, 25, 14, 59, tzinfo=VN)
WED_1705 = dt.datetime(2026, 11, 25, 17, 5, tzinfo=VN)
SAT_0900 = dt.datetime(2026, 11, 28, 9, 0, tzinfo=VN)
pytestmark = pytest.mark.worker


def sweep_on_worker(state, at: dt.datetime, names=None) -> dict:
    result = run_sweeps_task.apply_async(kwargs={"names": names, "at": at.isoformat()})
    try:
        return result.get(timeout=120)
    except Exception:
        print(state["log"].read_text())
        raise


def receive_at_1459(office) -> Dossier:
    proc = marriage_status_procedure(office)
    no_appointment_day(office, proc)
    with time_machine.travel(WED_1459, tick=False):
        d = intake.receive(
            staff("duc-thanh.clerk"),
            IntakeData(
                procedure=proc.code,
                full_name="Nguyễn Thị Hồng Nhung",
                id_number="051190001234",
                phone="0912 345 678",
                address="Thôn 1, xã Đức Thạnh",
                documents=[DocumentIn(proc.documents.order_by("position").first().pk)],
            ),
        )
    assert d.track == Track.SAME_DAY  # decided at intake: before 15:00 on a Wednesday
    return d


def test_same_day_dossier_at_1459_left_open_gets_exactly_one_apology_letter(celery_worker_process, demo):
    office = Office.objects.get(slug="duc-thanh")
    d = receive_at_1459(office)
    before = sweep_on_worker(celery_worker_process, dt.datetime(2026, 11, 25, 16, 59, tzinfo=VN))
    assert set(before) >= {"cutoff_follow_up", "end_of_day", "overdue"}
    assert not ApologyLetter.objects.exists()

    sweep_on_worker(celery_worker_process, WED_1705)
    sweep_on_worker(celery_worker_process, WED_1705)  # twice: the same
    letter = ApologyLetter.objects.get()
    assert letter.dossier_id == d.pk and letter.created_by is None
    assert letter.missed_due_at == dt.datetime(2026, 11, 25, 17, tzinfo=VN)
    d.refresh_from_db()
    assert d.track == Track.NORMAL and d.due_at == dt.datetime(2026, 11, 26, 17, tzinfo=VN)
    assert AuditEvent.objects.filter(dossier=d, action="convert_to_normal").count() == 1

    # The worker then stops for three days; another dossier falls overdue meanwhile. One run heals.
    # Marked for verification on Friday at 10:00: 3 working days, due on Wednesday at 10:00.
    late = received_dossier(
        office, marriage_status_procedure(office), received_at=at(2026, 11, 20, 10), needs_verification=True
    )
    assert late.due_at == at(2026, 11, 25, 10)
    late = moved_to(late, Status.PROCESSING, at=at(2026, 11, 20, 10))
    runs = sweep_on_worker(celery_worker_process, SAT_0900)
    sweep_on_worker(celery_worker_process, SAT_0900)
    assert JobRun.objects.get(pk=runs["overdue"]).counts["letters"] == 1
    assert ApologyLetter.objects.count() == 2 and ApologyLetter.objects.filter(dossier=late).count() == 1
    assert not JobRun.objects.filter(ok=False).exists()


# --- two workers at once ----------------------------------------------------------------------------


def test_two_workers_sweeping_overdue_at_once_write_one_letter_each(
    celery_worker_process, require_postgres, demo, tmp_path
):
    office = Office.objects.get(slug="duc-thanh")
    proc = marriage_status_procedure(office)
    n = 150
    for i in range(n):
        planted_dossier(
            office,
            proc,
            received_at=dt.datetime(2026, 11, 20, 9, tzinfo=VN) + dt.timedelta(minutes=i),
            due_at=dt.datetime(2026, 11, 24, 9, tzinfo=VN) + dt.timedelta(minutes=i),
            status=Status.PROCESSING,
        )
    second = start_celery_worker(celery_worker_process["env"], tmp_path / "worker2.log", name="second")
    try:
        logs = [celery_worker_process["log"], tmp_path / "worker2.log"]
        wait_for(lambda: all("ready." in p.read_text() for p in logs), timeout=60)
        results = [
            run_sweeps_task.apply_async(kwargs={"names": ["overdue"], "at": WED_1705.isoformat()})
            for _ in range(2)
        ]
        try:
            ids = [r.get(timeout=180)["overdue"] for r in results]
        except Exception:
            print(*(p.read_text() for p in logs), sep="\n----\n")
            raise
    finally:
        stop_celery_worker(second)
    a, b = JobRun.objects.filter(pk__in=ids).order_by("started_at")
    assert a.started_at < b.finished_at and b.started_at < a.finished_at, "the two runs did not overlap"
    assert a.ok and b.ok, (a.error, b.error)
    assert a.counts["letters"] + b.counts["letters"] == n
    assert ApologyLetter.objects.count() == n
    assert ApologyLetter.objects.values("dossier").distinct().count() == n


# --- broker down ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


ENQUEUE = """
import time, django
django.setup()
from mocua.tasks import ping
started = time.monotonic()
try:
    ping.delay()
    outcome = "sent"
except Exception as e:
    outcome = "failed:" + type(e).__name__
print(outcome, round(time.monotonic() - started, 2))
"""


def enqueue_once(port: int) -> tuple[str, float]:
    env = {
        **os.environ,
        "REDIS_URL": f"redis://127.0.0.1:{port}/1",
        "DJANGO_SETTINGS_MODULE": "mocua.settings",
    }
    out = subprocess.run(
        [sys.executable, "-c", ENQUEUE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    outcome, seconds = out.stdout.split()[-2:]
    return outcome, float(seconds)


def test_a_dead_redis_fails_fast_and_a_live_one_takes_the_task():
    server = require_tool("redis-server")
    port = free_port()
    outcome, seconds = enqueue_once(port)
    assert outcome.startswith("failed:") and seconds < 5, (outcome, seconds)
    redis = subprocess.Popen([server, "--port", str(port), "--save", "", "--appendonly", "no"])
    try:
        wait_for(lambda: listening(port), timeout=10)
        assert enqueue_once(port)[0] == "sent"
    finally:
        redis.terminate()
        redis.wait(timeout=10)
