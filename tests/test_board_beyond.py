"""The counter board's wide panel (dossiers.board_panels.beyond_counter, issue 18): the numbers being
served when the office took tickets today, the next outreach sessions and the coming ceremonies; no
panel at all on a day with none of them."""

import datetime as dt

import pytest
from django.urls import reverse

from dossiers import queue
from schedules import outreach
from schedules.models_outreach import OutreachKind
from tests.conftest import at, frozen

pytestmark = pytest.mark.django_db
WEDNESDAY = dt.date(2026, 12, 2)


def board(client, office, day, hour) -> str:
    with frozen(day, hour):
        response = client.get(reverse("models_catalog:public_board", args=[office.slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_wide_panel_shows_tickets_and_sessions_only_when_there_are_some(client, office, people, proc):
    quiet = board(client, office, WEDNESDAY, 9)
    assert "board-beyond" not in quiet and "Số đang được phục vụ" not in quiet

    field = queue.kiosk_fields(office, WEDNESDAY)[0]
    queue.take(office, field, now=at(WEDNESDAY, 8, 0))
    outreach.save_session(
        office,
        kind=OutreachKind.CIVIL_REGISTRATION,
        place="Văn phòng ấp Tân Hòa",
        address="Ấp Tân Hòa",
        date=WEDNESDAY + dt.timedelta(days=1),
        start=dt.time(7, 30),
        end=dt.time(11, 0),
        staff=[people["specialist"]],
        procedures=[proc],
    )
    busy = board(client, office, WEDNESDAY, 9)
    assert "Số đang được phục vụ" in busy and "Đang chờ" in busy
    assert "Lịch lưu động sắp tới" in busy and "Văn phòng ấp Tân Hòa" in busy
