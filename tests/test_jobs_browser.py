"""In Chromium: the job-health page shows a stopped beat as late jobs; after the close of a model
day, the leader's queue on a phone shows the apology letter drafted by the end-of-day sweep and
the nav shows the unread notification."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from dossiers.models import Status, Track
from mocua.jobs import runner
from mocua.jobs.models import JobRun
from mocua.jobs.registry import sweeps
from mocua.models import Office
from tests.conftest import VN, login, screenshot
from tests.dossier_helpers import (
    marriage_status_procedure,
    moved_to,
    no_appointment_day,
    received_dossier,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_job_health_page_shows_the_late_jobs(desktop_page, live_server, demo):
    finished = timezone.now() - dt.timedelta(minutes=47)  # the worker stopped 47 minutes ago
    for s in sweeps():
        JobRun.objects.create(
            name=s.name,
            started_at=finished - dt.timedelta(seconds=3),
            finished_at=finished,
            counts={"letters": 1, "notifications": 1} if s.name == "overdue" else {},
        )
    page = desktop_page
    login(page, live_server, "duc-thanh.leader")
    page.click("text=Công việc tự động")
    page.wait_for_selector("#jobs-late")
    assert f"Có {len(sweeps())} công việc bị trễ" in page.inner_text("#jobs-late")
    row = page.inner_text("tr[data-job=overdue]")
    assert "Trễ" in row and "47 phút" in row and "phiếu / thư đã lập" not in row  # totals: operator only
    screenshot(page, "jobs-health-late")

    runner.run_all()  # the worker is back: the next run turns every line green
    page.reload()
    assert "Mọi công việc tự động đều chạy đúng lịch" in page.inner_text("main")
    screenshot(page, "jobs-health-ok")


def test_leader_queue_shows_the_apology_draft_after_the_close(phone_page, live_server, demo):
    office = Office.objects.get(slug="duc-thanh")
    proc = marriage_status_procedure(office)
    no_appointment_day(office, proc)
    wednesday_1459 = dt.datetime(2026, 11, 25, 14, 59, tzinfo=VN)
    d = received_dossier(office, proc, received_at=wednesday_1459)
    assert d.track == Track.SAME_DAY and d.due_at == dt.datetime(2026, 11, 25, 17, tzinfo=VN)
    d = moved_to(d, Status.SUBMITTED, at=wednesday_1459)
    moment = dt.datetime(2026, 11, 25, 17, 5, tzinfo=VN)
    with time_machine.travel(moment, tick=False):
        runner.run_all(moment)
    page = phone_page
    login(page, live_server, "duc-thanh.leader")
    # the follow-up (run late, after 15:00) and the end-of-day notice
    assert page.inner_text("#nav-notifications").split() == ["Thông", "báo", "2"]
    page.goto(f"{live_server.url}/ho-so/trinh-ky/")
    card = page.locator(f".card[data-code='{d.code}']", has_text="Phiếu xin lỗi chờ ký")
    text = card.inner_text()
    assert "Hẹn lại: 17:00 26/11/2026" in text and "Ký phiếu xin lỗi" in text
    screenshot(page, "jobs-leader-queue-apology")
    page.goto(f"{live_server.url}/thong-bao/")
    assert "phiếu xin lỗi đang chờ lãnh đạo ký" in page.inner_text("main")
    screenshot(page, "jobs-notifications")
