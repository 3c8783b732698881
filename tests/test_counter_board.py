"""The public screen at the counter: today's hours, the models in force, who is on duty now."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from schedules.models import Shift
from schedules.roster import generate_month
from tests.conftest import VN
from tests.dossier_helpers import duty_office

WEDNESDAY = dt.date(2026, 11, 25)
pytestmark = pytest.mark.django_db


@pytest.fixture
def office(demo):
    office = duty_office(leader_on_duty=True)
    generate_month(office, 2026, 11)
    return office


def board(client, office, at: dt.datetime) -> str:
    with time_machine.travel(at, tick=False):
        response = client.get(reverse("models_catalog:public_board", args=[office.slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_board_names_who_is_on_duty_inside_the_shift_only(client, office):
    shift = Shift.objects.select_related("counter_staff", "volunteer__organisation", "leader").get(
        office=office, date=WEDNESDAY
    )
    assert shift.volunteer and shift.leader  # the model day needs both
    page = board(client, office, dt.datetime(2026, 11, 25, 14, 59, 59, tzinfo=VN))
    assert "Thứ Tư, 25/11/2026" in page and ">14:59<" in page
    for name in (shift.counter_staff.full_name, shift.volunteer.full_name, shift.leader.full_name):
        assert name in page
    assert shift.volunteer.organisation.name in page
    assert "Ngày không hẹn" in page and "Ngoài giờ tiếp nhận" not in page
    assert page.count("<svg") == 2  # procedures and tracking QR codes

    after = board(client, office, shift.end.astimezone(VN))
    assert "Giờ này không có ca trực theo lịch." in after and "Ngoài giờ tiếp nhận" in after
    assert shift.volunteer.full_name not in after


def test_board_on_a_public_holiday_says_the_counter_is_closed(client, office):
    page = board(client, office, dt.datetime(2026, 9, 2, 9, 0, tzinfo=VN))
    assert "Ngoài giờ tiếp nhận" in page and "Đang tiếp nhận hồ sơ" not in page
    assert "Hôm nay: Quốc khánh" in page  # the calendar's reason
    assert "mở cửa lúc <strong>07:" in page  # the next opening, from calendar.next_opening


def test_board_is_public_for_counters_only(client, demo):
    assert client.get(reverse("models_catalog:public_board", args=["noi-vu"])).status_code == 404
    assert client.get(reverse("models_catalog:public_board", args=["khong-co"])).status_code == 404


def test_board_on_friday_evening_names_the_open_saturday_morning(client, demo):
    from mocua.models import Office

    office = Office.objects.get(slug="sa-dec-p1")  # opens Saturday mornings
    page = board(client, office, dt.datetime(2026, 11, 27, 18, 0, tzinfo=VN))
    assert "Ngoài giờ tiếp nhận" in page
    assert "mở cửa lúc <strong>07:30 ngày mai, Thứ Bảy, 28/11/2026</strong>" in page
