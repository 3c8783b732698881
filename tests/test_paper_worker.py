"""Real worker processes render papers, on the file-system broker and on Redis, and after a crash.

Each test gives its workers a queue of their own (CELERY_QUEUE), so runs sharing a broker do not
mix, and the test's MEDIA_ROOT, so the test sees the files the worker writes. The file-system
broker lives in the test's own folder.
"""

import datetime as dt
import signal

import pytest
from django.conf import settings as django_settings

from dossiers import papers
from dossiers.models import Paper, PaperKind, PaperState
from tests.conftest import start_celery_worker, stop_celery_worker, wait_for
from tests.paper_helpers import duc_thanh, people, slip_dossier

pytestmark = pytest.mark.worker
RENDER_DELAY = 120  # seconds the doomed worker would spend "rendering": it is killed long before


@pytest.fixture(params=["filesystem", "redis"])
def workers(request, transactional_db, demo, private_broker, tmp_path):
    """start(name, **env) starts a worker on this test's broker, queue and media folder."""
    broker = request.param
    if broker == "redis":
        request.getfixturevalue("require_redis")
    env = private_broker(broker)
    if broker == "redis":
        env["CELERY_VISIBILITY_TIMEOUT"] = "3"  # a killed worker's task comes back after 3 s
    started = []

    def start(name: str, **extra):
        log = tmp_path / f"{name}.log"
        started.append(start_celery_worker({**env, **extra}, log, name=name))
        return {"proc": started[-1], "log": log, "broker": broker}

    yield start
    for proc in started:
        stop_celery_worker(proc)


def issue() -> Paper:
    """Issue a paper in a committed transaction: render_paper_task is sent on commit."""
    who = people()
    return papers.issue_paper(slip_dossier(duc_thanh(), who["clerk"]), PaperKind.APPOINTMENT_SLIP)


def state_of(paper: Paper) -> str:
    return Paper.objects.values_list("state", flat=True).get(pk=paper.pk)


def pdf_files() -> list:
    return sorted(p for p in django_settings.MEDIA_ROOT.rglob("*") if p.is_file())


def wait_ready(paper: Paper, worker: dict):
    try:
        wait_for(lambda: state_of(paper) == PaperState.READY, timeout=90)
    except AssertionError:
        print(worker["log"].read_text())
        raise


def test_a_worker_renders_a_pending_paper(workers):
    worker = workers("render")
    paper = issue()
    wait_ready(paper, worker)
    paper.refresh_from_db()
    assert paper.pdf.read().startswith(b"%PDF") and not paper.error
    assert [p.name for p in pdf_files()] == [papers.pdf_name(paper).rsplit("/", 1)[1]]
    assert "render_paper_task[" in worker["log"].read_text()


def test_a_worker_killed_in_the_middle_of_a_render_leaves_one_pdf(workers):
    doomed = workers("doomed", MOCUA_TEST_RENDER_DELAY=str(RENDER_DELAY))
    paper = issue()
    wait_for(lambda: "test render delay" in doomed["log"].read_text(), timeout=90)
    stop_celery_worker(doomed["proc"], signal.SIGKILL)  # a crash in the middle of the render
    assert state_of(paper) == PaperState.PENDING and pdf_files() == []
    survivor = workers("survivor")
    if doomed["broker"] == "filesystem":
        # kombu's file-system broker drops a message once fetched: the sweep sends it again.
        late = Paper.objects.get(pk=paper.pk).enqueued_at + papers.PENDING_GRACE + dt.timedelta(seconds=1)
        assert papers.heal_pending(late) == 1
    # On Redis the broker itself redelivers the unacknowledged task (acks_late) to the survivor.
    wait_ready(paper, survivor)
    assert [p.name for p in pdf_files()] == [papers.pdf_name(paper).rsplit("/", 1)[1]]
    assert "render_paper_task[" in survivor["log"].read_text()
