"""Outreach sessions (issue 18, item 1): scheduling with the calendar and the roster, intake at a
session through the intake door (screen and API), the session's list, the PDF and the public page."""

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from dossiers.models import SessionIntake
from schedules import outreach, roster
from schedules.models import OutreachKind, OutreachSession, Shift
from tests.conftest import VN
from tests.dossier_helpers import APPLICANT, api, received_dossier

ARTIFACTS = Path(__file__).parent / "artifacts"
pytestmark = pytest.mark.django_db
WED = dt.date(2026, 12, 2)  # an ordinary Wednesday
T = dt.time


MORNING = (T(7, 30), T(11, 0))


def _session(office, people, day=WED, start=MORNING[0], end=MORNING[1], **over):
    return outreach.save_session(
        office,
        **{
            "kind": OutreachKind.CIVIL_REGISTRATION,
            "place": "Văn phòng ấp Tân Hòa",
            "address": "Ấp Tân Hòa",
            "date": day,
            "start": start,
            "end": end,
            "staff": [people["specialist"]],
            **over,
        },
    )


def test_a_session_on_a_holiday_is_refused_and_nothing_saved(office, people):
    with pytest.raises(ValidationError, match=r"Ngày 02/09/2026 là ngày nghỉ"):
        _session(office, people, day=dt.date(2026, 9, 2))
    with pytest.raises(ValidationError, match="ngày nghỉ"):
        _session(office, people, day=dt.date(2026, 12, 6))  # a Sunday
    assert not OutreachSession.objects.exists()


def test_a_person_in_two_sessions_at_once_is_refused(office, people):
    _session(office, people)
    with pytest.raises(ValidationError, match="đã có buổi lưu động tại Văn phòng ấp Tân Hòa 07:30–11:00"):
        _session(office, people, start=T(10, 0), end=T(11, 30), place="Khóm 2")
    _session(office, people, start=T(13, 30), end=T(16, 0), place="Khóm 2")  # the afternoon is free
    assert OutreachSession.objects.count() == 2


def test_a_person_on_the_counter_roster_cannot_go_to_a_session_at_the_same_time(office, people):
    roster.save_shift(
        office, date=WED, start=T(7, 30), end=T(17, 0), counter_staff=people["clerk"], leader=people["leader"]
    )
    with pytest.raises(ValidationError, match="có tên trong lịch trực tại quầy 07:30–17:00 ngày 02/12/2026"):
        _session(office, people, staff=[people["clerk"]])
    assert not OutreachSession.objects.exists()
    # And the other way round: the roster refuses a shift for someone out at a session.
    _session(office, people, day=dt.date(2026, 12, 3))
    with pytest.raises(ValidationError, match="đã có buổi lưu động"):
        roster.save_shift(
            office,
            date=dt.date(2026, 12, 3),
            start=T(7, 30),
            end=T(17, 0),
            counter_staff=people["specialist"],
        )
    assert not Shift.objects.filter(date=dt.date(2026, 12, 3)).exists()


def test_a_weekly_rule_skips_days_off_and_names_them(office, people):
    rule, sessions, skipped = outreach.create_rule(
        office,
        kind=OutreachKind.LAND_ADVICE,
        place="Văn phòng khóm 3",
        first_day=dt.date(2026, 12, 29),  # Tuesdays; 2027 has no shipped calendar: an estimate
        last_day=dt.date(2027, 1, 12),
        start=T(8, 0),
        end=T(11, 0),
        staff=[people["specialist"]],
    )
    assert [s.date for s in sessions] == [dt.date(2026, 12, 29), dt.date(2027, 1, 5), dt.date(2027, 1, 12)]
    assert skipped == [] and all(s.rule == rule for s in sessions)
    _, sessions, skipped = outreach.create_rule(
        office,
        kind=OutreachKind.OTHER,
        place="Ấp 4",
        first_day=dt.date(2026, 8, 26),
        last_day=dt.date(2026, 9, 9),  # Wednesday 2/9 is National Day
        start=T(8, 0),
        end=T(11, 0),
        staff=[people["leader"]],
    )
    assert [s.date for s in sessions] == [dt.date(2026, 8, 26), dt.date(2026, 9, 9)]
    assert len(skipped) == 1 and "02/09/2026" in skipped[0]


def _client(username):
    c = Client()
    c.force_login(get_user_model().objects.get(username=username))
    return c


def test_the_screen_refuses_an_overlap_with_a_clear_message(office, people):
    _session(office, people)
    data = {
        "kind": "civil_registration",
        "place": "Khóm 2",
        "date": "02/12/2026",
        "start": "09:00",
        "end": "10:00",
        "staff": [people["specialist"].pk],
    }
    r = _client("duc-thanh.secretary").post(reverse("schedules:outreach_create"), data)
    assert r.status_code == 400 and "đã có buổi lưu động" in r.content.decode()
    assert OutreachSession.objects.count() == 1
    r = _client("duc-thanh.secretary").post(
        reverse("schedules:outreach_create"), {**data, "date": "31/02/2026"}
    )
    assert r.status_code == 400 and "Giá trị không hợp lệ" in r.content.decode()


def test_dossiers_received_at_a_session_carry_it_screen_and_api(office, people, proc, paper_media):
    session = _session(office, people, staff=[people["specialist"]], start=T(7, 30), end=T(11, 0))
    moment = dt.datetime(2026, 12, 2, 9, 0, tzinfo=VN)
    by_door = received_dossier(office, proc, received_at=moment, outreach_session=session.pk)
    assert by_door.session_intake.session == session
    with time_machine.travel(moment, tick=False):
        body = {
            **APPLICANT,
            "procedure": proc.code,
            "outreach_session": session.pk,
            "documents": [{"document": d.pk} for d in proc.documents.filter(is_optional=False)],
        }
        r = api("duc-thanh.clerk").post("/api/v1/dossiers/", body, format="json")
        assert r.status_code == 201, r.json()
        form = {
            **APPLICANT,
            "procedure": proc.code,
            "intake_key": "screen-session",
            "channel": "counter",
            "decision": "receive",
            "outreach_session": session.pk,
            **{f"doc_{d.pk}": d.form for d in proc.documents.filter(is_optional=False)},
        }
        r = _client("duc-thanh.clerk").post(reverse("dossiers:intake"), form)
        assert r.status_code == 302, r.content.decode()[:2000]
        page = _client("duc-thanh.clerk").get(reverse("dossiers:outreach_session", args=[session.pk]))
    assert SessionIntake.objects.filter(session=session).count() == 3
    assert "Hồ sơ tiếp nhận tại buổi (3)" in page.content.decode()
    # Another day's session is refused, nothing saved.
    with time_machine.travel(moment + dt.timedelta(days=1), tick=False):
        r = api("duc-thanh.clerk").post("/api/v1/dossiers/", {**body, "intake_key": "late"}, format="json")
    assert r.status_code == 400 and "chỉ ghi nơi tiếp nhận" in r.json()["detail"]
    assert SessionIntake.objects.filter(session=session).count() == 3


def test_printed_month_and_public_page(office, people, paper_media):
    _session(office, people)
    pdf = _client("duc-thanh.clerk").get(reverse("schedules:outreach_month_pdf", args=["2026-12"]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "outreach_month.pdf").write_bytes(pdf.content)
    with time_machine.travel(dt.datetime(2026, 12, 1, 8, 0, tzinfo=VN), tick=False):
        page = Client().get(reverse("schedules:outreach_public", args=[office.slug]))
    text = page.content.decode()
    assert page.status_code == 200 and "Văn phòng ấp Tân Hòa" in text and "02/12/2026" in text
    assert people["specialist"].full_name not in text  # no staff names in public


def test_the_report_counts_sessions_and_dossiers_per_kind(office, people, proc, paper_media):
    from reports.outreach import beyond_counter
    from reports.periods import Period

    first = _session(office, people)
    _session(office, people, day=dt.date(2026, 12, 3), kind=OutreachKind.LAND_ADVICE)
    for minute in (0, 10):
        moment = dt.datetime(2026, 12, 2, 9, minute, tzinfo=VN)
        received_dossier(office, proc, received_at=moment, outreach_session=first.pk, intake_key=f"r{minute}")
    period = Period("2026-12", "month", 2026, dt.date(2026, 12, 1), dt.date(2026, 12, 31), False)
    data = beyond_counter(office, period)
    kinds = {k["kind"]: (k["sessions"], k["dossiers"]) for k in data["by_kind"]}
    assert kinds == {"civil_registration": (1, 2), "land_advice": (1, 0), "other": (0, 0)}
    assert [r["dossiers"] for r in data["sessions"]] == [2, 0]


def test_the_demo_fills_sessions_ceremonies_postal_returns_and_tuesday_specialists(catalog, paper_media):
    from django.utils import timezone

    from dossiers import demo_beyond
    from dossiers.models import MarriageCeremony, PostalReturn
    from mocua.models import Office
    from models_catalog.models import ReformModel
    from schedules.models import ShiftMember

    added = demo_beyond.load(today=timezone.localdate())
    office = Office.objects.get(slug="sa-dec-p1")
    assert added > 10 and demo_beyond.load() == 0  # a second load adds nothing
    assert SessionIntake.objects.filter(session__office=office).count() >= 20
    assert MarriageCeremony.objects.filter(office=office, held_at__isnull=False).count() >= 2
    assert PostalReturn.objects.filter(dossier__office=office).count() == 3
    tbt = Office.objects.get(slug="thanh-binh-thinh")
    no_writing = ReformModel.objects.get(office=tbt, kind="no_writing")
    assert no_writing.procedures.filter(code__startswith="1.001776").exists()
    tuesdays = ShiftMember.objects.filter(shift__office=tbt, role="specialist")
    assert tuesdays.exists() and {m.shift.date.weekday() for m in tuesdays} == {1}
    per_shift = Counter(m.shift_id for m in tuesdays)
    assert set(per_shift.values()) == {2}  # the social affairs specialist and the civil status one
