"""The ticket queue's screens: kiosk, printed ticket, display, the seat's call page, intake from a ticket."""

import re

import pytest
from django.urls import reverse

from dossiers import intake, queue
from dossiers.models import Dossier, Ticket, TicketStatus
from tests.conftest import at, frozen
from tests.dossier_helpers import api, api_body, intake_data, staff
from tests.queue_helpers import TUESDAY, no_wait_days, queue_office


@pytest.fixture
def office(demo):
    office = queue_office()
    no_wait_days(office)
    return office


def kiosk(office):
    return reverse("dossiers:queue_kiosk", args=[office.slug])


def test_the_kiosk_gives_a_number_and_its_printable_ticket(client, office):
    with frozen(TUESDAY, 9, 0):
        page = client.get(kiosk(office)).content.decode()
        assert "Hộ tịch" in page and "Chứng thực" in page and "trong vòng 15 phút" in page
        r = client.post(kiosk(office), {"field": "ho-tich"})
        assert r.status_code == 302
        ticket_page = client.get(r.url).content.decode()
    ticket = Ticket.objects.get(office=office)
    assert ticket.field.code == "ho-tich" and ticket.taken_at == at(TUESDAY, 9, 0)
    assert ">001<" in ticket_page and "chậm nhất lúc 09:15" in ticket_page
    assert "24/11/2026" in ticket_page and "data-print" in ticket_page and "queue.css" in ticket_page
    # The ticket's address is signed: another office's slug or a changed token finds nothing.
    token = r.url.rstrip("/").rsplit("/", 1)[1]
    assert client.get(reverse("dossiers:queue_ticket", args=["duc-thanh", token])).status_code == 404
    assert (
        client.get(reverse("dossiers:queue_ticket", args=[office.slug, token[:-2] + "xx"])).status_code == 404
    )


def test_the_kiosk_refuses_outside_opening_hours_with_nothing_saved(client, office):
    with frozen(TUESDAY, 17, 0):
        page = client.get(kiosk(office)).content.decode()
        assert (
            "Ngoài giờ tiếp nhận" in page
            and "kiosk-button" not in page.split("</form>")[0].split("<main>")[1]
        )
        r = client.post(kiosk(office), {"field": "ho-tich"})
    assert r.status_code == 400
    assert "Mời ông/bà quay lại lúc 07:30 Thứ Tư, ngày 25/11/2026" in r.content.decode()
    assert not Ticket.objects.exists()


@pytest.mark.parametrize("post", [{}, {"field": ""}, {"field": "khong-co"}, {"field": "x" * 5000}])
def test_bad_kiosk_input_is_a_message(client, office, post):
    with frozen(TUESDAY, 9, 0):
        r = client.post(kiosk(office), post)
    assert r.status_code == 400 and queue.NO_FIELD in r.content.decode()
    assert not Ticket.objects.exists()


def test_the_kiosk_is_limited_per_address(client, office, settings):
    settings.MOCUA_QUEUE_KIOSK_LIMIT = 2
    with frozen(TUESDAY, 9, 0):
        codes = [client.post(kiosk(office), {"field": "ho-tich"}).status_code for _ in range(3)]
    assert codes == [302, 302, 429]
    assert Ticket.objects.count() == 2


def test_kiosk_and_display_of_a_supervisor_or_missing_office_are_not_found(client, demo):
    for slug in ("noi-vu", "khong-co"):
        assert client.get(reverse("dossiers:queue_kiosk", args=[slug])).status_code == 404
        assert client.get(reverse("dossiers:queue_display", args=[slug])).status_code == 404


def test_the_call_page_calls_recalls_and_serves_and_the_display_follows(staff_client, client, office):
    seat = staff_client("sa-dec-p1.clerk")
    with frozen(TUESDAY, 9, 0):
        queue.take(office, "ho-tich", now=at(TUESDAY, 8, 50))
        queue.take(office, "chung-thuc", now=at(TUESDAY, 8, 55))
        page = seat.get(reverse("dossiers:queue_seat", args=[2])).content.decode()
        assert "Gọi số tiếp theo (2 đang chờ)" in page
        r = seat.post(reverse("dossiers:queue_seat_action", args=[2, "next"]), {"field": "chung-thuc"})
        assert r.url == reverse("dossiers:queue_seat", args=[2])
        page = seat.get(r.url).content.decode()
        assert "Đã gọi số 002 (Chứng thực) đến quầy 2." in page and 'id="current-number">002<' in page
        display = client.get(reverse("dossiers:queue_display", args=[office.slug])).content.decode()
        assert re.search(r"Mời số <strong[^>]*>002</strong> đến <strong>quầy 2</strong>", display)
        assert 'http-equiv="refresh"' in display and "<script" not in display
        seat.post(reverse("dossiers:queue_seat_action", args=[2, "recall"]))
        seat.post(reverse("dossiers:queue_seat_action", args=[2, "done"]))
    ticket = Ticket.objects.get(number=2, office=office)
    assert (
        ticket.status == TicketStatus.DONE
        and ticket.recalls == 1
        and ticket.called_by.user.username == "sa-dec-p1.clerk"
    )


def test_the_call_page_says_why_an_action_is_refused(staff_client, office):
    seat = staff_client("sa-dec-p1.clerk")
    with frozen(TUESDAY, 9, 0):
        r = seat.post(reverse("dossiers:queue_seat_action", args=[1, "done"]), follow=True)
        assert "Quầy 1 chưa gọi số nào." in r.content.decode()
        r = seat.post(reverse("dossiers:queue_seat_action", args=[1, "next"]), follow=True)
        assert queue.NOBODY in r.content.decode()
        r = seat.post(
            reverse("dossiers:queue_seat_action", args=[1, "next"]), {"field": "khong-co"}, follow=True
        )
        assert "Lĩnh vực không hợp lệ." in r.content.decode()
        assert seat.post(reverse("dossiers:queue_seat_action", args=[99, "next"])).status_code == 404
        assert seat.post(reverse("dossiers:queue_seat_action", args=[1, "xoa"])).status_code == 404
        assert seat.get(reverse("dossiers:queue_seat_action", args=[1, "next"])).status_code == 405
        assert seat.get(reverse("dossiers:queue_seat", args=[7])).status_code == 404
        leader = staff_client("sa-dec-p1.leader")
        assert leader.get(reverse("dossiers:queue_seat", args=[1])).status_code == 403


def test_intake_from_a_ticket_links_the_dossier_by_form_and_by_api(staff_client, office):
    from tests.test_dossier_intake import form_post

    clerk = staff("sa-dec-p1.clerk")
    proc = office.procedures.get(code="1.004873.000.00.00.H48")
    with frozen(TUESDAY, 9, 0):
        for minute in range(3):
            queue.take(office, "ho-tich", now=at(TUESDAY, 8, 40 + minute))
        for seat in (1, 2):
            queue.call_next(clerk, seat)
        r = staff_client("sa-dec-p1.clerk").post(reverse("dossiers:intake"), form_post(proc, ticket="1"))
        assert r.status_code == 302
        body = api_body(proc, ticket=2, address="Khóm 1, Phường 1")
        assert api("sa-dec-p1.clerk").post("/api/v1/dossiers/", body, format="json").status_code == 201
        by_service = intake.receive(clerk, intake_data(proc, ticket=2, intake_key="x2"))
    assert sorted(Dossier.objects.values_list("ticket__number", flat=True)) == [1, 2, 2]
    assert by_service.ticket.number == 2


@pytest.mark.parametrize(
    "ticket,message",
    [
        ("3", "Hôm nay không có số thứ tự 003 đã được gọi tại đơn vị."),
        ("abc", "Số thứ tự phải là một số."),
        ("0", "Số thứ tự không hợp lệ."),
        ("999999", "Số thứ tự không hợp lệ."),
    ],
)
def test_intake_with_a_ticket_not_called_today_is_refused_and_nothing_saved(
    staff_client, office, ticket, message
):
    from tests.test_dossier_intake import form_post

    proc = office.procedures.get(code="1.004873.000.00.00.H48")
    with frozen(TUESDAY, 9, 0):
        for minute in range(3):
            queue.take(office, "ho-tich", now=at(TUESDAY, 8, 40 + minute))
        queue.call_next(staff("sa-dec-p1.clerk"), 1)
        r = staff_client("sa-dec-p1.clerk").post(reverse("dossiers:intake"), form_post(proc, ticket=ticket))
        assert r.status_code == 200 and message in r.content.decode()
        a = api("sa-dec-p1.clerk").post("/api/v1/dossiers/", api_body(proc, ticket=ticket), format="json")
        assert a.status_code == 400 and a.json()["detail"]
    assert not Dossier.objects.exists()
