"""Benchmarks of the paper pipeline (run by `make bench`, never by the normal suite).

Figures are ratios to a floor measured in the same run:
- the receipt render task (render_paper_task: lock, context, template, WeasyPrint, file write,
  state update) vs a bare WeasyPrint render of the same HTML;
- an intake POST through the API that enqueues the receipt's render after commit, vs the same
  POST with the send stubbed out (the overhead of enqueueing), and vs the same POST with the
  receipt rendered inline (what the request cost when papers were rendered synchronously).
"""

import datetime as dt
import statistics
import time
import uuid

import pytest
import time_machine
from weasyprint import HTML

from dossiers import papers
from dossiers.models import Paper, PaperKind
from dossiers.tasks import render_paper_task
from mocua import enqueue
from mocua.celery import app
from mocua.pdf import STATIC_DIR
from tests.benchmarks.timing import p95, timings
from tests.paper_helpers import VN, duc_thanh, people, slip_dossier

pytestmark = pytest.mark.django_db
RUNS = 20


def table(rows):
    print()
    print(f"{'benchmark':<52} {'p95':>10} {'floor':>10} {'ratio':>7}")
    for name, figure, floor in rows:
        print(f"{name:<52} {figure * 1e3:>8.1f}ms {floor * 1e3:>8.1f}ms {figure / floor:>7.2f}")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def private_queue():
    """Messages the benchmark sends go to a queue of its own, purged at the end."""
    saved = app.conf.task_default_queue
    app.conf.task_default_queue = queue = f"bench-papers-{uuid.uuid4().hex[:8]}"
    yield queue
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(queue)
    app.conf.task_default_queue = saved


def test_receipt_render_task_vs_bare_weasyprint(demo):
    who = people()
    office = duc_thanh()
    slips = [
        papers.issue_paper(slip_dossier(office, who["clerk"]), PaperKind.APPOINTMENT_SLIP)
        for _ in range(RUNS)
    ]
    html = papers._html_of(slips[0])
    base = STATIC_DIR.as_uri() + "/"
    HTML(string=html, base_url=base).write_pdf()  # warm fonts
    task = timings(lambda i: render_paper_task.run(slips[i].pk), RUNS)
    bare = timings(lambda i: HTML(string=html, base_url=base).write_pdf(), RUNS)
    assert all(p.state == "ready" for p in Paper.objects.filter(pk__in=[s.pk for s in slips]))
    table([("render_paper_task, appointment slip (p95)", p95(task), p95(bare))])


def test_intake_overhead_of_enqueueing(demo, private_queue, monkeypatch, django_capture_on_commit_callbacks):
    from tests.dossier_helpers import api
    from tests.dossier_helpers import api_body as body
    from tests.paper_helpers import family_procedure

    procedure = family_procedure(duc_thanh(), "1.000894")
    client = api("duc-thanh.clerk")
    real_send = enqueue.enqueue
    mode = {"send": True}
    monkeypatch.setattr(enqueue, "enqueue", lambda task, *a: real_send(task, *a) if mode["send"] else True)

    def post(send: bool, render: bool = False) -> float:
        mode["send"] = send
        begin = time.perf_counter()
        with django_capture_on_commit_callbacks(execute=True):
            r = client.post("/api/v1/dossiers/", body(procedure), format="json")
        if render:
            papers.ensure_rendered(Paper.objects.latest("id"))
        elapsed = time.perf_counter() - begin
        assert r.status_code == 201
        return elapsed

    with time_machine.travel(dt.datetime(2026, 11, 16, 9, 0, tzinfo=VN), tick=True):
        post(True), post(False)  # warm
        # Interleaved, so that the load of a shared machine falls on both alike.
        runs = [(post(True), post(False)) for _ in range(RUNS * 2)]
        inline = [post(False, render=True) for _ in range(RUNS)]
    with_send, without_send = [r[0] for r in runs], [r[1] for r in runs]
    broker = app.conf.broker_url.split(":", 1)[0]
    table(
        [
            (f"intake POST, receipt render enqueued ({broker})", p95(with_send), p95(without_send)),
            (
                "  same, medians",
                statistics.median(with_send),
                statistics.median(without_send),
            ),
            ("intake POST + receipt rendered inline (old way)", p95(inline), p95(without_send)),
        ]
    )
