"""Benchmarks of the paper pipeline (run by `make bench`, never by the normal suite).

Figures are ratios to a floor measured in the same run:
- the receipt render task (render_paper_task: lock, context, template, WeasyPrint, file write,
  state update) vs a bare WeasyPrint render of the same HTML;
- an intake POST through the API that enqueues the receipt's render after commit, vs the same
  POST with the send stubbed out (the overhead of enqueueing), and vs the same POST with the
  receipt rendered inline (what the request cost when papers were rendered synchronously).
"""

import datetime as dt
import gc
import os
import statistics
import time
import uuid

import pytest
import time_machine
from django.template.loader import render_to_string
from weasyprint import HTML

from dossiers import papers
from dossiers.models import Paper, PaperKind
from mocua import enqueue, pdf
from mocua.celery import app
from mocua.pdf import STATIC_DIR
from tests.benchmarks.timing import alternate, load_average, p50, p95, report
from tests.conftest import VN
from tests.paper_helpers import duc_thanh, people, slip_dossier

pytestmark = pytest.mark.django_db
RUNS = int(os.environ.get("MOCUA_BENCH_RUNS", "20"))
RENDERS = int(os.environ.get("MOCUA_BENCH_RENDERS", "500"))


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


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def test_receipt_render_against_bare_and_minimal_pages(demo):
    """render() of a receipt (lock, context, template, WeasyPrint, file, state) alternately with
    a bare render of the same HTML (same fonts), a one-line page with the same fonts, and the
    same HTML with a new FontConfiguration per render (how papers were rendered before)."""
    who = people()
    office = duc_thanh()
    slips = [
        papers.issue_paper(slip_dossier(office, who["clerk"]), PaperKind.APPOINTMENT_SLIP)
        for _ in range(RUNS + 2)
    ]
    html = papers._html_of(slips[0])
    minimal = render_to_string("papers/warm_up.html")
    base = STATIC_DIR.as_uri() + "/"
    pdf.warm_up()
    ours, bare = alternate(lambda i: papers.render(slips[i].pk), lambda i: pdf.html_to_pdf(html), RUNS)
    _, one_line = alternate(lambda i: None, lambda i: pdf.html_to_pdf(minimal), RUNS)
    _, fresh_fonts = alternate(lambda i: None, lambda i: HTML(string=html, base_url=base).write_pdf(), RUNS)
    assert all(p.state == "ready" for p in Paper.objects.filter(pk__in=[s.pk for s in slips]))
    report(
        f"papers: receipt render, {len(html):,} B of HTML, QR as PNG, fixed tables",
        [
            ("receipt render() p50", p50(ours), p50(bare), "html_to_pdf of the same HTML"),
            ("receipt render() p95", p95(ours), p95(bare), "same"),
            ("receipt render() p50 / one-line page, same fonts", p50(ours), p50(one_line), "one-line page"),
            ("same HTML, new FontConfiguration per render (before) p50", p50(fresh_fonts), p50(bare)),
        ],
    )


def test_memory_flat_over_500_renders(demo):
    """The process's resident memory over RENDERS renders of the receipt HTML with the shared font
    configuration: after the first 50 it must not keep growing."""
    who = people()
    paper = papers.issue_paper(slip_dossier(duc_thanh(), who["clerk"]), PaperKind.APPOINTMENT_SLIP)
    html = papers._html_of(paper)
    gc.collect()
    start = _rss_mb()
    marks = {}
    for i in range(1, RENDERS + 1):
        pdf.html_to_pdf(html)
        if i in (50, 100, 250, RENDERS):
            gc.collect()
            marks[i] = _rss_mb()
    print(f"\n== papers: resident memory over {RENDERS} receipt renders — load average {load_average()}")
    print(f"start {start:.1f} MB; " + "; ".join(f"after {n}: {mb:.1f} MB" for n, mb in marks.items()))
    growth = marks[RENDERS] - marks[50]
    print(f"growth from render 50 to {RENDERS}: {growth:+.1f} MB")
    assert growth < 10


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
    report(
        "papers: intake POST through the API, receipt render enqueued after commit",
        [
            (f"intake POST, receipt render enqueued ({broker})", p95(with_send), p95(without_send)),
            (
                "  same, medians",
                statistics.median(with_send),
                statistics.median(without_send),
            ),
            ("intake POST + receipt rendered inline (old way)", p95(inline), p95(without_send)),
        ],
    )
