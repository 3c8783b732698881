"""The sweeps called directly, with time travel at the edges: 14:59:59 / 15:00:00 for the cutoff
follow-up, 17:00:00 / 17:00:01 for the close, a holiday on a model day, three days of beat down
healed by one run, and every sweep run twice giving the same result.

Xã Đức Thạnh runs "Ngày không hẹn" on Wednesdays (same-day results for intake until 15:00);
its default hours close at 17:00. 25/11/2026 is a Wednesday; 02/09/2026 (Quốc khánh) too.
"""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from dossiers import papers, sweeps, workflow
from dossiers.models import ApologyLetter, ApologyStatus, AuditEvent, Dossier, PaperKind, Status, Track
from mocua.jobs import runner
from mocua.jobs.models import JobRun, Notification, SweepClaim
from mocua.jobs.registry import Sweep
from mocua.models import Office, OfficeKind, Role, Staff, StaffRole
from reports import sweeps as report_sweeps
from schedules.models import Shift
from tests.conftest import at
from tests.dossier_helpers import (
    marriage_status_procedure,
    moved_to,
    no_appointment_day,
    planted_dossier,
    received_dossier,
)

WED = dt.date(2026, 11, 25)
pytestmark = pytest.mark.django_db


THU, FRI, SAT = (WED + dt.timedelta(days=n) for n in (1, 2, 3))


@pytest.fixture
def office(demo):
    office = Office.objects.get(slug="duc-thanh")
    no_appointment_day(office, marriage_status_procedure(office))
    return office


def same_day(office, people, received: dt.datetime, status: str = Status.PROCESSING) -> Dossier:
    """A dossier received at `received` on a model day before the cutoff, so same-day and due at the
    close, then taken to `status` (by default being processed by the specialist) at that moment."""
    d = received_dossier(office, marriage_status_procedure(office), received_at=received)
    assert d.track == Track.SAME_DAY and d.due_at == at(received.date(), 17)
    return moved_to(d, status, at=received)


def normal(
    office, people, received: dt.datetime, due: dt.datetime, status: str = Status.PROCESSING
) -> Dossier:
    """A dossier marked for verification (3 working days) received at `received`, so due at `due`,
    being processed by the specialist."""
    d = received_dossier(
        office, marriage_status_procedure(office), received_at=received, needs_verification=True
    )
    assert d.track == Track.NORMAL and d.due_at == due
    return moved_to(d, status, at=received)


def run(fn, moment: dt.datetime) -> dict:
    with time_machine.travel(moment, tick=False):
        return fn(moment)


def inbox(person: Staff) -> list[str]:
    return list(Notification.objects.filter(recipient=person).order_by("id").values_list("text", flat=True))


# --- cutoff follow-up -----------------------------------------------------------------------------


def test_follow_up_waits_for_the_cutoff_and_alerts_once(office, people):
    same_day(office, people, at(WED, 10))
    before = run(sweeps.cutoff_follow_up, at(WED, 14, 59, 59))
    assert before["offices"] == 0 and Notification.objects.count() == 0

    counts = run(sweeps.cutoff_follow_up, at(WED, 15))
    assert counts["offices"] == 1 and counts["dossiers"] == 1
    leader_text = inbox(people["leader"])
    assert len(leader_text) == 1 and "Đã qua giờ chốt 15:00 ngày 25/11/2026" in leader_text[0]
    assert "trước 17:00" in leader_text[0]
    assert len(inbox(people["specialist"])) == 1 and "bạn đang giải quyết" in inbox(people["specialist"])[0]

    again = run(sweeps.cutoff_follow_up, at(WED, 16, 30))
    assert again["offices"] == 0 and Notification.objects.count() == 2


def test_follow_up_goes_to_the_leader_on_duty_else_all_leaders(office, people):
    second = Staff.objects.create(
        user=type(people["leader"].user).objects.create(username="pho-chu-tich"),
        office=office,
        full_name="Trần Văn Phó",
    )
    StaffRole.objects.create(staff=second, role=Role.LEADER)
    same_day(office, people, at(WED, 9))
    run(sweeps.cutoff_follow_up, at(WED, 15, 5))
    assert len(inbox(people["leader"])) == 1 and len(inbox(second)) == 1  # nobody on duty: all leaders

    Shift.objects.create(office=office, date=THU, start=at(THU, 13, 30), end=at(THU, 17), leader=second)
    model = no_appointment_day(office, marriage_status_procedure(office))
    model.weekdays = [2, 3]
    model.save()
    same_day(office, people, at(THU, 9))
    run(sweeps.cutoff_follow_up, at(THU, 15, 1))
    assert len(inbox(people["leader"])) == 1 and len(inbox(second)) == 2  # only the leader on duty


def test_no_follow_up_on_a_holiday_model_day(office, people):
    holiday = dt.date(2026, 9, 2)  # Wednesday, Quốc khánh: the model is off, the counter closed
    d = received_dossier(office, marriage_status_procedure(office), received_at=at(holiday, 9))
    assert d.track == Track.NORMAL  # intake on the holiday (say, online) is not a same-day one
    counts = run(sweeps.cutoff_follow_up, at(holiday, 15, 0, 1))
    assert counts["offices"] == 0 and Notification.objects.count() == 0


def test_no_follow_up_on_a_day_without_a_same_day_model(office, people):
    counts = run(sweeps.cutoff_follow_up, at(THU, 15, 30))  # Thursday: no model
    assert counts["offices"] == 0


# --- end of day -----------------------------------------------------------------------------------


def test_end_of_day_converts_after_the_close_with_one_apology_letter(office, people):
    d = same_day(office, people, at(WED, 14, 59))
    assert run(sweeps.end_of_day, at(WED, 17))["converted"] == 0  # the close itself: still on time

    counts = run(sweeps.end_of_day, at(WED, 17, 0, 1))
    assert counts == {"converted": 1, "letters": 1, "notifications": 1, "skipped_offices": []}
    d.refresh_from_db()
    assert d.track == Track.NORMAL and d.due_at == at(THU, 17)
    letter = ApologyLetter.objects.get(dossier=d)
    assert letter.missed_due_at == at(WED, 17) and letter.new_due_at == at(THU, 17)
    assert letter.status == ApologyStatus.AWAITING_SIGNATURE and letter.created_by is None
    event = AuditEvent.objects.get(dossier=d, action="convert_to_normal")
    assert event.actor is None and "Hẹn trả 17:00 ngày 26/11/2026" in event.note
    assert "phiếu xin lỗi đang chờ lãnh đạo ký" in inbox(people["leader"])[0]

    assert run(sweeps.end_of_day, at(WED, 17, 5))["converted"] == 0
    assert run(sweeps.overdue, at(WED, 17, 5))["letters"] == 0  # the letter covers the deadline
    assert ApologyLetter.objects.count() == 1


def test_convert_to_normal_defaults_to_the_next_working_days_close_and_is_idempotent(office, people):
    d = same_day(office, people, at(WED, 10))
    d = workflow.convert_to_normal(d, "Quá giờ trả trong ngày.", now=at(WED, 17, 1))
    assert d.track == Track.NORMAL and d.due_at == at(THU, 17)
    again = workflow.convert_to_normal(d, "Quá giờ trả trong ngày.", now=at(WED, 17, 2))
    assert again.due_at == at(THU, 17)
    assert AuditEvent.objects.filter(dossier=d, action="convert_to_normal").count() == 1


def test_returned_in_time_is_left_alone(office, people):
    d = same_day(office, people, at(WED, 9), status=Status.RESULT_READY)
    with time_machine.travel(at(WED, 16, 59), tick=False):
        workflow.return_result(people["clerk"], d, "Nguyễn Thị Hồng Nhung")
    assert run(sweeps.end_of_day, at(WED, 17, 30))["converted"] == 0
    assert not ApologyLetter.objects.exists()


def test_ready_by_the_close_but_not_collected_is_not_a_broken_promise(office, people):
    """The result was ready at 16:30; the citizen comes the next morning. The office kept its word:
    no conversion, no apology letter, and the dossier counts as on time (decision time)."""
    d = same_day(office, people, at(WED, 9), status=Status.APPROVED)
    with time_machine.travel(at(WED, 16, 30), tick=False):
        workflow.ready(people["specialist"], d)
    late_ready = same_day(office, people, at(WED, 10), status=Status.PROCESSING)
    counts = run(sweeps.end_of_day, at(THU, 8))
    assert counts["converted"] == 1  # only the dossier still being processed at the close
    d.refresh_from_db()
    assert d.track == Track.SAME_DAY and not d.apology_letters.exists()
    assert late_ready.apology_letters.count() == 1
    with time_machine.travel(at(THU, 8, 15), tick=False):
        workflow.return_result(people["clerk"], d, "Nguyễn Thị Hồng Nhung")
    d.refresh_from_db()
    assert d.outcome == "on_time"


def test_overdue_leaves_a_result_ready_in_time_alone(office, people):
    tuesday = WED - dt.timedelta(days=1)
    d = normal(office, people, at(tuesday, 9), due=at(FRI, 9), status=Status.APPROVED)
    with time_machine.travel(at(THU, 15), tick=False):
        workflow.ready(people["specialist"], d)
    late = normal(office, people, at(tuesday, 9), due=at(FRI, 9))
    counts = run(sweeps.overdue, at(FRI, 10))
    assert counts["letters"] == 1 and not d.apology_letters.exists() and late.apology_letters.count() == 1


def test_end_of_day_before_a_weekend_moves_to_monday(office, people):
    friday = dt.date(2026, 11, 27)
    model = no_appointment_day(office, marriage_status_procedure(office))
    model.weekdays = [4]
    model.save()
    d = same_day(office, people, at(friday, 10))
    run(sweeps.end_of_day, at(friday, 18))
    d.refresh_from_db()
    assert d.due_at == at(dt.date(2026, 11, 30), 17)  # Monday's close, from the calendar


# --- overdue --------------------------------------------------------------------------------------


def test_overdue_letter_once_per_deadline_in_force(office, people):
    d = normal(office, people, at(dt.date(2026, 11, 20), 10), due=at(WED, 10))
    assert run(sweeps.overdue, at(WED, 10))["letters"] == 0
    counts = run(sweeps.overdue, at(WED, 10, 0, 1))
    assert counts["letters"] == 1
    letter = ApologyLetter.objects.get(dossier=d)
    assert letter.missed_due_at == at(WED, 10) and letter.new_due_at == at(THU, 17)
    assert "đã quá hạn trả 10:00 ngày 25/11/2026" in inbox(people["leader"])[0]
    assert run(sweeps.overdue, at(THU, 9))["letters"] == 0  # a letter awaits signature

    with time_machine.travel(at(THU, 9), tick=False):
        workflow.sign_apology(people["leader"], letter)
    assert run(sweeps.overdue, at(THU, 16))["letters"] == 0  # the new date is still ahead
    assert run(sweeps.overdue, at(FRI, 8))["letters"] == 1  # the new date passed too
    second = ApologyLetter.objects.filter(dossier=d).order_by("id").last()
    assert second.missed_due_at == at(THU, 17) and second.is_second_postponement
    assert second.new_due_at == at(FRI, 17)


def test_warning_to_the_specialist_once_per_deadline(office, people):
    normal(office, people, at(dt.date(2026, 11, 23), 10), due=at(THU, 10))
    normal(office, people, at(dt.date(2026, 11, 24), 10), due=at(FRI, 10))  # beyond Thursday's close
    counts = run(sweeps.overdue, at(WED, 9))
    assert counts["warnings"] == 1
    text = inbox(people["specialist"])
    assert len(text) == 1 and "đến hạn trả lúc 10:00 ngày 26/11/2026" in text[0]
    assert run(sweeps.overdue, at(WED, 11))["warnings"] == 0
    assert run(sweeps.overdue, at(THU, 9))["warnings"] == 1  # Friday's is now within reach


def test_same_day_dossiers_are_left_to_the_end_of_day_sweep(office, people):
    same_day(office, people, at(WED, 9))
    assert run(sweeps.overdue, at(WED, 17, 30))["letters"] == 0


# --- outage: three days of beat down, then one run ------------------------------------------------


def world(office, people):
    return {
        "same_day": same_day(office, people, at(WED, 14, 59)),
        "late": normal(office, people, at(dt.date(2026, 11, 20), 10), due=at(WED, 10)),
        "fine": normal(office, people, at(WED, 9), due=at(dt.date(2026, 11, 30), 9)),
    }


def snapshot():
    letters = sorted(
        ApologyLetter.objects.values_list("dossier__code", "missed_due_at", "new_due_at", "reason", "status")
    )
    dossiers = sorted(Dossier.objects.values_list("code", "track", "due_at", "status"))
    return letters, dossiers


def test_three_days_down_then_one_run_heals_like_timely_runs(office, people):
    timely = world(office, people)
    for moment in (at(WED, 9), at(WED, 15, 5), at(WED, 17, 5), at(THU, 9), at(FRI, 9), at(SAT, 9)):
        with time_machine.travel(moment, tick=False):
            runner.run_all(moment)
    expected = snapshot()
    expected_letters = expected[0]
    assert len(expected_letters) == 2  # the broken same-day promise and the overdue one

    # The same world again, nobody ran anything from Wednesday 08:00 to Saturday 09:00.
    codes = {k: d.code for k, d in timely.items()}
    ApologyLetter.objects.all().delete()
    AuditEvent.objects.filter(action__in=["apologise", "convert_to_normal"]).delete()
    Dossier.objects.filter(code=codes["same_day"]).update(track=Track.SAME_DAY, due_at=at(WED, 17))
    SweepClaim.objects.all().delete()
    with time_machine.travel(at(SAT, 9), tick=False):
        runs = runner.run_all(at(SAT, 9))
        again = runner.run_all(at(SAT, 9, 5))
    assert all(r.ok for r in runs + again), [r.error for r in runs + again]
    assert snapshot() == expected
    assert {r.name: r.counts.get("letters") for r in again} == {
        "cutoff_follow_up": None,
        "end_of_day": 0,
        "overdue": 0,
        "family_letters": 0,
        "periodic_reports": None,
    } | ({"papers_heal": None} if hasattr(papers, "heal_pending") else {}) | {
        "retention": None,
        "outbox": None,
        "signatures": None,  # issue 20: papers and reports left unsigned
        "report_signatures": None,
    }


def test_run_twice_is_the_same(office, people):
    world(office, people)
    moment = at(THU, 9)
    with time_machine.travel(moment, tick=False):
        runner.run_all(moment)
        first = snapshot(), Notification.objects.count(), SweepClaim.objects.count()
        runner.run_all(moment)
        assert (snapshot(), Notification.objects.count(), SweepClaim.objects.count()) == first


# --- offices, runner, command ---------------------------------------------------------------------


def test_an_office_without_hours_is_skipped_and_reported(office, people):
    bare = Office.objects.create(
        name="UBND xã Chưa Khai Báo",
        short_name="Chưa Khai Báo",
        slug="chua-khai-bao",
        kind=OfficeKind.COMMUNE,
        province="Vùng thử",
        unit_code="000.99.53.H99",
    )
    # No hours: intake cannot compute a due date there, so the dossier is planted.
    planted_dossier(bare, marriage_status_procedure(bare), received_at=at(WED, 8), due_at=at(WED, 10))
    with time_machine.travel(at(THU, 9), tick=False):
        runs = {r.name: r for r in runner.run_all(at(THU, 9))}
    assert runs["overdue"].ok and "chua-khai-bao" in runs["overdue"].skipped_offices
    assert not ApologyLetter.objects.filter(dossier__office=bare).exists()


def test_one_failing_sweep_does_not_stop_the_others(office, people, monkeypatch):
    def broken(now):
        raise RuntimeError("hỏng")

    from mocua.jobs import registry

    real = registry.sweeps()
    monkeypatch.setattr(runner, "sweeps", lambda: [Sweep("broken", "Hỏng", broken, 300), *real])
    normal(office, people, at(dt.date(2026, 11, 20), 10), due=at(WED, 10))
    with time_machine.travel(at(THU, 9), tick=False):
        runs = runner.run_all(at(THU, 9))
    assert runs[0].name == "broken" and not runs[0].ok and "RuntimeError: hỏng" in runs[0].error
    assert all(r.ok for r in runs[1:]) and ApologyLetter.objects.count() == 1


def test_run_sweeps_command_prints_what_each_did(office, people, capsys):
    normal(office, people, at(dt.date(2026, 11, 20), 10), due=at(WED, 10))
    with time_machine.travel(at(THU, 9), tick=False):
        call_command("run_sweeps")
    out = capsys.readouterr().out
    assert "overdue" in out and "Hồ sơ quá hạn và sắp đến hạn" in out and "letters=1" in out
    assert JobRun.objects.filter(name="overdue", ok=True).count() == 1


def test_notification_email_when_the_staff_has_an_address(office, people, django_capture_on_commit_callbacks):
    user = people["leader"].user
    user.email = "chutich@ducthanh.example"
    user.save()
    normal(office, people, at(dt.date(2026, 11, 20), 10), due=at(WED, 10))
    with django_capture_on_commit_callbacks(execute=True):
        run(sweeps.overdue, at(THU, 9))
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["chutich@ducthanh.example"]
    assert "đã quá hạn" in mail.outbox[0].body


# --- letters to families, periodic reports --------------------------------------------------------


def test_family_letter_once_per_returned_birth_registration(office, people):
    from models_catalog.models import Field, Procedure, TimeUnit

    birth = Procedure.objects.create(
        code="1.001193.000.00.00.H48",
        name="Đăng ký khai sinh",
        field=Field.objects.get(code="ho-tich"),
        processing_time=0,
        time_unit=TimeUnit.SAME_DAY,
    )
    birth.offices.add(office)
    d = received_dossier(office, birth, received_at=at(WED, 9))
    assert d.due_at == at(WED, 17)  # a same-day procedure the Wednesday model does not cover
    d = moved_to(d, Status.RESULT_READY, at=at(WED, 9, 30))
    workflow.return_result(people["clerk"], d, "Nguyễn Văn Cha", now=at(WED, 10))
    # The return door issues the letter; the sweep only heals one that is missing.
    assert d.papers.filter(kind=PaperKind.CONGRATULATION).count() == 1
    assert run(sweeps.family_letters, at(WED, 11))["letters"] == 0
    d.papers.filter(kind=PaperKind.CONGRATULATION).delete()
    assert run(sweeps.family_letters, at(WED, 12))["letters"] == 1
    assert run(sweeps.family_letters, at(WED, 13))["letters"] == 0
    assert d.papers.filter(kind=PaperKind.CONGRATULATION).count() == 1


def test_periodic_reports_once_per_office_per_period(office, settings):
    from reports.models import Report

    settings.MOCUA_REPORT_PERIOD = "official"
    # 14/12 closes the official month 12 (15/11–14/12) and quarter IV (15/9–14/12).
    counts = run(report_sweeps.periodic_reports, at(dt.date(2026, 12, 15), 7))
    offices = Office.objects.count()
    assert counts["reports"] == 2 * offices
    assert set(Report.objects.values_list("period", flat=True)) == {"2026-12", "2026-Q4"}
    supervisor = Office.objects.get(slug="noi-vu")
    assert Report.objects.filter(office=supervisor, generated_by=None).count() == 2
    assert run(report_sweeps.periodic_reports, at(dt.date(2026, 12, 16), 7))["reports"] == 0


# --- process layout -------------------------------------------------------------------------------


def test_beat_has_one_generic_entry_for_every_sweep_and_office():
    from django.conf import settings

    from mocua.celery import app
    from tests.conftest import ROOT

    schedule = app.conf.beat_schedule
    assert list(schedule) == ["run-sweeps"]
    assert schedule["run-sweeps"]["task"] == "mocua.jobs.run_sweeps" == runner_task_name()
    assert schedule["run-sweeps"]["schedule"] == settings.MOCUA_SWEEP_INTERVAL
    assert "worker -B" in (ROOT / "scripts" / "run.sh").read_text()  # make run: embedded beat
    compose = (ROOT / "docker-compose.yml").read_text()
    assert "celery -A mocua beat" in compose and "celery -A mocua worker" in compose


def runner_task_name() -> str:
    from mocua.jobs.tasks import run_sweeps_task

    return run_sweeps_task.name
