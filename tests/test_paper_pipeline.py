"""The paper pipeline: numbered in the request, rendered after commit, idempotent, healed, retried."""

import copy
import datetime as dt
import logging

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

from dossiers import papers
from dossiers.models import Paper, PaperKind, PaperState
from dossiers.tasks import render_paper_task
from mocua import enqueue
from mocua.celery import app
from tests.conftest import VN
from tests.paper_helpers import duc_thanh, family_procedure, people, returned_dossier, slip_dossier
from tests.pdftools import pdf_text, pdf_to_pngs

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("paper_media")]
K = PaperKind
BROKEN = '{% extends "papers/base.html" %}{% block content %}{% if %}{% endblock %}'


@pytest.fixture
def who(demo):
    return people()


@pytest.fixture
def sent(monkeypatch):
    """Records what is sent to the broker instead of sending it."""
    calls = []
    monkeypatch.setattr(render_paper_task, "apply_async", lambda args, **kw: calls.append(tuple(args)))
    return calls


@pytest.fixture
def broken_receipt(settings, tmp_path):
    """A receipt template with a syntax error, found before the real one; `fix()` restores it."""
    (tmp_path / "broken" / "papers").mkdir(parents=True)
    (tmp_path / "broken" / "papers" / "receipt.html").write_text(BROKEN)
    original = copy.deepcopy(django_settings.TEMPLATES)
    broken = copy.deepcopy(original)
    broken[0]["DIRS"] = [tmp_path / "broken", *broken[0]["DIRS"]]
    settings.TEMPLATES = broken

    def fix():
        settings.TEMPLATES = original

    return fix


@pytest.fixture
def dead_broker():
    """The Celery app points at a closed port, failing fast, as when Redis is down."""
    saved = {k: app.conf[k] for k in ("broker_url", "broker_transport_options", "task_always_eager")}

    def reset_pools():
        app._pool = None
        app.__dict__.get("amqp") and setattr(app.amqp, "_producer_pool", None)

    app.conf.broker_url = "redis://127.0.0.1:1/0"
    app.conf.broker_transport_options = {"socket_connect_timeout": 1, "socket_timeout": 1}
    app.conf.task_always_eager = False
    reset_pools()
    yield
    app.conf.update(saved)
    reset_pools()


def files_of(paper: Paper) -> list:
    folder = (django_settings.MEDIA_ROOT / papers.pdf_name(paper)).parent
    return sorted(p.name for p in folder.iterdir())


def test_issuing_numbers_and_dates_in_the_transaction_and_renders_after_commit(
    who, sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        d = slip_dossier(duc_thanh(), who["clerk"])  # the intake door issues the appointment slip
        paper = d.papers.get(kind=K.APPOINTMENT_SLIP)
        assert papers.issue_paper(d, K.APPOINTMENT_SLIP).pk == paper.pk
        assert sent == []  # nothing is sent before the transaction commits
    assert sent == [(paper.pk,)]
    paper.refresh_from_db()
    assert (paper.state, paper.pdf.name, paper.rendered_at) == (PaperState.PENDING, "", None)
    assert paper.number == "01/TNHS" and paper.issued_on == timezone.localdate(
        d.received_at
    )  # the intake day
    assert render_paper_task.run(paper.pk) == PaperState.READY
    paper.refresh_from_db()
    assert paper.state == PaperState.READY and paper.rendered_at is not None and not paper.error
    assert paper.pdf.name == papers.pdf_name(paper) and paper.pdf.read().startswith(b"%PDF")
    # The same call again returns the same record and sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        assert papers.issue_paper(d, K.APPOINTMENT_SLIP).pk == paper.pk
    assert sent == [(paper.pk,)]


def test_rendering_is_idempotent_and_a_redelivered_render_leaves_one_file(who, sent, monkeypatch):
    paper = papers.issue_paper(slip_dossier(duc_thanh(), who["clerk"]), K.APPOINTMENT_SLIP)
    renders = []
    real = papers.html_to_pdf
    monkeypatch.setattr(papers, "html_to_pdf", lambda html: renders.append(1) or real(html))
    first = papers.render(paper.pk)
    again = papers.render(paper.pk)  # a ready paper is not rendered again
    assert len(renders) == 1 and again.rendered_at == first.rendered_at
    # A worker killed after writing the file but before its commit: the paper is still pending.
    Paper.objects.filter(pk=paper.pk).update(state=PaperState.PENDING, rendered_at=None)
    assert papers.render(paper.pk).state == PaperState.READY
    assert len(renders) == 2
    assert files_of(paper) == [papers.pdf_name(paper).rsplit("/", 1)[1]]  # one PDF, no leftovers


def test_staff_opening_a_pending_paper_get_it_at_once(who, staff_client):
    d = slip_dossier(duc_thanh(), who["clerk"])
    paper = papers.issue_paper(d, K.APPOINTMENT_SLIP)  # no worker: the on-commit send never ran
    response = staff_client("duc-thanh.clerk").get(reverse("dossiers:paper", args=[d.code, paper.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    paper.refresh_from_db()
    assert paper.state == PaperState.READY
    assert (
        staff_client("luan-thanh.clerk").get(reverse("dossiers:paper", args=[d.code, paper.pk])).status_code
        == 404
    )


def test_a_transient_error_is_retried_and_the_paper_stays_pending(who, staff_client, monkeypatch):
    d = slip_dossier(duc_thanh(), who["clerk"])
    paper = papers.issue_paper(d, K.APPOINTMENT_SLIP)

    def disk_full(html):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(papers, "html_to_pdf", disk_full)
    with pytest.raises(OSError):
        papers.render(paper.pk)
    paper.refresh_from_db()
    assert paper.state == PaperState.PENDING and not paper.error
    assert OSError in render_paper_task.autoretry_for and render_paper_task.acks_late
    assert render_paper_task.reject_on_worker_lost and render_paper_task.retry_backoff
    response = staff_client("duc-thanh.clerk").get(reverse("dossiers:paper", args=[d.code, paper.pk]))
    assert response.status_code == 503 and "Giấy tờ đang được tạo" in response.content.decode()


def test_template_error_fails_shows_on_the_page_and_tao_lai_renders_it_once_fixed(
    who, staff_client, broken_receipt, sent, django_capture_on_commit_callbacks
):
    d = slip_dossier(duc_thanh(), who["clerk"])
    paper = papers.issue_paper(d, K.APPOINTMENT_SLIP)
    # The worker's task: a template error is not retried, the paper is failed with the message.
    result = render_paper_task.apply(args=[paper.pk])
    assert result.successful() and result.result == PaperState.FAILED
    paper.refresh_from_db()
    assert paper.state == PaperState.FAILED and "TemplateSyntaxError" in paper.error and not paper.pdf
    clerk = staff_client("duc-thanh.clerk")
    page = clerk.get(reverse("dossiers:detail", args=[d.code])).content.decode()
    assert "Không tạo được tệp PDF của giấy tờ này" in page and "TemplateSyntaxError" in page
    assert "Tạo lại" in page
    opened = clerk.get(reverse("dossiers:paper", args=[d.code, paper.pk]))
    assert opened.status_code == 409 and "Không tạo được giấy tờ" in opened.content.decode()
    retry = reverse("dossiers:paper_rerender", args=[d.code, paper.pk])
    assert clerk.get(retry).status_code == 405
    assert staff_client("luan-thanh.clerk").post(retry).status_code == 404
    broken_receipt()  # the template is fixed
    clerk = staff_client("duc-thanh.clerk")
    with django_capture_on_commit_callbacks(execute=True):
        response = clerk.post(retry)
    assert response.status_code == 302 and sent == [(paper.pk,)]
    paper.refresh_from_db()
    assert paper.state == PaperState.PENDING and not paper.error
    assert render_paper_task.apply(args=[paper.pk]).result == PaperState.READY
    page = clerk.get(reverse("dossiers:detail", args=[d.code])).content.decode()
    assert "Không tạo được tệp PDF" not in page
    assert clerk.get(reverse("dossiers:paper", args=[d.code, paper.pk])).status_code == 200


def test_broker_down_intake_commits_paper_pending_and_heal_pending_heals_it(
    demo, dead_broker, caplog, django_capture_on_commit_callbacks
):
    from tests.dossier_helpers import api
    from tests.dossier_helpers import api_body as body

    procedure = family_procedure(duc_thanh(), "1.000894")
    now = dt.datetime(2026, 11, 16, 9, 30, tzinfo=VN)
    with (
        caplog.at_level(logging.WARNING, logger="mocua.enqueue"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = api("duc-thanh.clerk").post("/api/v1/dossiers/", body(procedure), format="json")
    assert response.status_code == 201, response.content
    assert "could not enqueue dossiers.tasks.render_paper_task" in caplog.text
    paper = Paper.objects.get(dossier__code=response.json()["code"])
    assert paper.state == PaperState.PENDING
    Paper.objects.filter(pk=paper.pk).update(enqueued_at=now)
    assert papers.heal_pending(now + papers.PENDING_GRACE) == 0  # not late yet
    healed_at = now + papers.PENDING_GRACE + dt.timedelta(seconds=1)
    assert papers.heal_pending(healed_at) == 1  # the broker still refuses: rendered by the sweep
    paper.refresh_from_db()
    assert paper.state == PaperState.READY and paper.pdf
    assert papers.heal_pending(healed_at + dt.timedelta(hours=1)) == 0


def test_heal_pending_sends_each_late_paper_once(who, sent):
    paper = papers.issue_paper(slip_dossier(duc_thanh(), who["clerk"]), K.APPOINTMENT_SLIP)
    later = timezone.now() + dt.timedelta(minutes=6)
    assert papers.heal_pending(later) == 1 and sent == [(paper.pk,)]
    assert papers.heal_pending(later) == 0  # claimed: a second sweep at once sends nothing
    assert papers.heal_pending(later + dt.timedelta(minutes=6)) == 1  # still pending later: sent again
    papers.render(paper.pk)
    assert papers.heal_pending(later + dt.timedelta(hours=1)) == 0


def test_enqueue_logs_and_swallows_broker_errors(dead_broker, caplog):
    with caplog.at_level(logging.WARNING, logger="mocua.enqueue"):
        assert enqueue.enqueue(render_paper_task, 1) is False
    assert "could not enqueue" in caplog.text


@pytest.mark.parametrize(
    "code, kind, expected",
    [
        ("1.000894", K.CONGRATULATION, "đăng ký kết hôn"),
        ("1.001193", K.CONGRATULATION, "đón chào thành viên mới"),
        ("1.000656", K.CONDOLENCE, "lời chia buồn sâu sắc"),
    ],
)
def test_letters_to_families(who, code, kind, expected):
    office = duc_thanh()
    procedure = family_procedure(office, code)
    open_one = slip_dossier(office, who["clerk"], procedure)
    with pytest.raises(papers.PaperError, match="sau khi đã trả kết quả"):
        papers.issue_paper(open_one, kind)
    d = returned_dossier(office, who, procedure)
    other = K.CONDOLENCE if kind == K.CONGRATULATION else K.CONGRATULATION
    with pytest.raises(papers.PaperError, match="không có"):
        papers.issue_paper(d, other)
    paper = papers.issue_paper(d, kind)
    assert papers.issue_paper(d, kind).pk == paper.pk  # once per dossier
    assert paper.number == "01/TC-UBND" and paper.title == K(kind).label
    paper = papers.ensure_rendered(paper)
    pdf = paper.pdf.read()
    name = f"paper-{kind}-{code}"
    text = " ".join(pdf_text(pdf, name).split())
    for line in (
        K(kind).label.upper(),
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 01/TC-UBND",
        "Kính gửi: Ông/bà Nguyễn Thị Hồng Nhung và gia đình",
        expected,
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Nguyễn Văn Bình",
    ):
        assert line in text, line
    assert d.id_number not in text and d.phone not in text
    pdf_to_pngs(pdf, name)


def test_a_procedure_without_a_family_event_has_no_letter(who):
    from tests.dossier_helpers import marriage_status_procedure

    office = duc_thanh()
    d = returned_dossier(office, who, marriage_status_procedure(office))
    for kind in (K.CONGRATULATION, K.CONDOLENCE):
        with pytest.raises(papers.PaperError, match="không có"):
            papers.issue_paper(d, kind)
    assert not d.papers.filter(kind__in=(K.CONGRATULATION, K.CONDOLENCE)).exists()  # the control slip only


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_failed_paper_and_tao_lai_in_a_browser(desktop_page, live_server, demo, broken_receipt, sent):
    from tests.conftest import screenshot
    from tests.test_dossier_browser import login

    who = people()
    d = slip_dossier(duc_thanh(), who["clerk"])
    paper = papers.render(papers.issue_paper(d, K.APPOINTMENT_SLIP).pk)
    assert paper.state == PaperState.FAILED
    page = desktop_page
    login(page, live_server, "duc-thanh.clerk")
    page.goto(f"{live_server.url}{reverse('dossiers:detail', args=[d.code])}")
    alert = page.inner_text(".alert-danger")
    assert "Không tạo được tệp PDF của giấy tờ này" in alert and "TemplateSyntaxError" in alert
    screenshot(page, "paper-failed-on-dossier-page")
    broken_receipt()  # the template is fixed
    page.click("text=Tạo lại")
    page.wait_for_selector("text=Đã gửi yêu cầu tạo lại")
    assert sent[-1] == (paper.pk,) and page.locator(".alert-danger").count() == 0
    assert "Đang tạo" in page.inner_text("body")
    screenshot(page, "paper-tao-lai-pending")
    papers.render(paper.pk)  # the worker's turn
    page.reload()
    assert "Đang tạo" not in page.inner_text("body")


def test_heal_pending_clears_a_backlog_larger_than_a_batch_in_one_run(who, sent, monkeypatch):
    monkeypatch.setattr(papers, "HEAL_BATCH", 2)
    slips = [
        papers.issue_paper(slip_dossier(duc_thanh(), who["clerk"]), K.APPOINTMENT_SLIP) for _ in range(5)
    ]
    later = timezone.now() + dt.timedelta(minutes=6)
    assert papers.heal_pending(later) == 5 and sorted(sent) == sorted((p.pk,) for p in slips)
    assert papers.heal_pending(later) == 0
    # With no time left, a run stops between batches; the next one takes the rest.
    assert papers.heal_pending(later + dt.timedelta(minutes=6), budget=0) == 0
