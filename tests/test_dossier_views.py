"""Staff screens: worklist and search, dossier page, actions, leader queue, return; offices are walls."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from dossiers import workflow
from dossiers.models import Status, Track
from mocua.models import Office
from tests.conftest import at, frozen
from tests.dossier_helpers import (
    marriage_status_procedure,
    moved,
    no_appointment_day,
    received_dossier,
    staff,
)

pytestmark = pytest.mark.django_db
MONDAY, WEDNESDAY = dt.date(2026, 11, 23), dt.date(2026, 11, 25)


@pytest.fixture
def proc(office):
    return marriage_status_procedure(office)


def submitted(d):
    d = workflow.assign(staff("duc-thanh.clerk"), d, staff("duc-thanh.specialist"))
    d = workflow.start(staff("duc-thanh.specialist"), d)
    return workflow.submit(staff("duc-thanh.specialist"), d)


def test_worklist_searches_by_code_name_and_phone(staff_client, office, proc):
    a = received_dossier(office, proc, full_name="Trần Văn An")
    b = received_dossier(office, proc, full_name="Lê Thị Bích", phone="0387654321")
    client = staff_client("duc-thanh.clerk")
    url = reverse("dossiers:worklist")
    page = client.get(url, {"q": "Văn An"}).content.decode()
    assert a.code in page and b.code not in page
    page = client.post(url, {"q": "0387 654 321"}).content.decode()
    assert b.code in page and a.code not in page
    assert "0387" not in "".join(re.findall(r'href="([^"]*)"', page))  # never in a link
    page = client.get(url, {"q": b.code}).content.decode()
    assert reverse("dossiers:detail", args=[b.code]) in page and a.code not in page


def test_worklist_finds_names_typed_without_diacritics(staff_client, office, proc):
    a = received_dossier(office, proc, full_name="Đặng Thị Hồng Nhung")
    b = received_dossier(office, proc, full_name="Đỗ Văn Hùng")
    assert a.search_name == "dang thi hong nhung"
    client = staff_client("duc-thanh.clerk")
    url = reverse("dossiers:worklist")
    for typed in ("dang thi hong", "ĐẶNG THỊ", "hong  nhung", "Hồng Nhung"):
        page = client.get(url, {"q": typed}).content.decode()
        assert a.code in page and b.code not in page, typed
    page = client.get(url, {"q": "van hung"}).content.decode()
    assert b.code in page and a.code not in page


def test_worklist_filters(staff_client, office, proc):
    no_appointment_day(office, proc)  # Wednesdays: same-day results for intake until 15:00
    overdue = received_dossier(office, proc, received_at=at(MONDAY, 9))  # due on Monday at 17:00
    later = received_dossier(office, proc, received_at=at(WEDNESDAY, 9), needs_verification=True)
    same_day = received_dossier(office, proc, received_at=at(WEDNESDAY, 9))
    assert (later.track, same_day.track) == (Track.NORMAL, Track.SAME_DAY)
    url = reverse("dossiers:worklist")
    with frozen(WEDNESDAY, 10):  # logged in and browsing on Wednesday morning
        client = staff_client("duc-thanh.clerk")
        pages = {loc: client.get(url, {"loc": loc}).content.decode() for loc in ("overdue", "same_day")}
        refused = client.get(url, {"trang_thai": Status.REFUSED}).content.decode()
    assert overdue.code in pages["overdue"] and later.code not in pages["overdue"]
    assert same_day.code in pages["same_day"] and later.code not in pages["same_day"]
    assert "Không có hồ sơ phù hợp" in refused


def test_another_office_sees_nothing(staff_client, office, proc):
    d = received_dossier(office, proc)
    client = staff_client("luan-thanh.clerk")
    assert (
        "Không có hồ sơ phù hợp" in client.get(reverse("dossiers:worklist"), {"q": d.code}).content.decode()
    )
    assert client.get(reverse("dossiers:detail", args=[d.code])).status_code == 404
    assert client.get(reverse("dossiers:detail", args=["000.00.00.H00-000000-0000"])).status_code == 404
    r = client.post(reverse("dossiers:act", args=[d.code, "stop"]), {"note": "x"})
    assert r.status_code == 404
    d.refresh_from_db()
    assert d.status == Status.RECEIVED


def test_dossier_page_shows_timeline_and_actions(staff_client, office, proc):
    d = submitted(received_dossier(office, proc))
    page = staff_client("duc-thanh.leader").get(reverse("dossiers:detail", args=[d.code])).content.decode()
    assert "Trình lãnh đạo" in page and "Phê duyệt" in page and "Chờ lãnh đạo duyệt" in page


def test_a_forbidden_action_is_a_message_not_a_500(staff_client, office, proc):
    d = submitted(received_dossier(office, proc))
    client = staff_client("duc-thanh.clerk")
    r = client.post(reverse("dossiers:act", args=[d.code, "approve"]), follow=True)
    assert r.status_code == 200
    assert "Bạn không có quyền “phê duyệt”" in r.content.decode()
    d.refresh_from_db()
    assert d.status == Status.SUBMITTED
    assert client.post(reverse("dossiers:act", args=[d.code, "nonsense"])).status_code == 404


def test_leader_queue_puts_same_day_first_and_sends_back_with_a_reason(staff_client, office, proc):
    no_appointment_day(office, proc)
    # Verified: 3 working days from Friday 15:00, due on Wednesday at 15:00, before the same-day one.
    normal = received_dossier(
        office, proc, received_at=at(WEDNESDAY - dt.timedelta(days=5), 15), needs_verification=True
    )
    same_day = received_dossier(office, proc, received_at=at(WEDNESDAY, 9))  # due at 17:00
    assert normal.due_at == at(WEDNESDAY, 15) and same_day.due_at == at(WEDNESDAY, 17)
    normal, same_day = (
        moved(d, "assign", "start", "submit", at=at(WEDNESDAY, 13)) for d in (normal, same_day)
    )
    with frozen(WEDNESDAY, 14):  # the leader at work on Wednesday afternoon
        client = staff_client("duc-thanh.leader")
        page = client.get(reverse("dossiers:leader_queue")).content.decode()
        assert page.index(same_day.code) < page.index(normal.code)
        assert "còn 3 giờ" in page
        r = client.post(
            reverse("dossiers:act", args=[normal.code, "send_back"]),
            {"note": "Bổ sung xác minh", "next": reverse("dossiers:leader_queue")},
        )
        assert r.url == reverse("dossiers:leader_queue")
        normal.refresh_from_db()
        assert normal.status == Status.PROCESSING
        assert normal.events.last().note == "Bổ sung xác minh"
        r = client.post(
            reverse("dossiers:act", args=[same_day.code, "send_back"]), {"note": " "}, follow=True
        )
        assert "Cần ghi lý do trả lại" in r.content.decode()


def test_leader_queue_only_for_leaders(staff_client):
    assert staff_client("duc-thanh.clerk").get(reverse("dossiers:leader_queue")).status_code == 403


def test_apology_letter_signed_from_the_queue(staff_client, office, proc):
    d = received_dossier(office, proc)
    letter = workflow.apologise(
        staff("duc-thanh.clerk"),
        d,
        reason="Chờ xác minh",
        responsible_unit="Tư pháp",
        new_due_at=d.due_at + dt.timedelta(days=1),
    )
    client = staff_client("duc-thanh.leader")
    assert "Phiếu xin lỗi chờ ký" in client.get(reverse("dossiers:leader_queue")).content.decode()
    client.post(reverse("dossiers:sign_apology", args=[letter.pk]))
    letter.refresh_from_db()
    assert letter.number == "1/PXL"
    foreign = staff_client("luan-thanh.leader")
    assert foreign.post(reverse("dossiers:sign_apology", args=[letter.pk])).status_code == 404


def test_return_screen(staff_client, office, proc):
    d = submitted(received_dossier(office, proc))
    d = workflow.approve(staff("duc-thanh.leader"), d)
    d = workflow.ready(staff("duc-thanh.specialist"), d)
    client = staff_client("duc-thanh.clerk")
    url = reverse("dossiers:return", args=[d.code])
    assert "Nếu trả bây giờ" in client.get(url).content.decode()
    r = client.post(url, {"returned_to": "Nguyễn Thị Hồng Nhung"}, follow=True)
    assert "Đã trả kết quả hồ sơ" in r.content.decode()
    d.refresh_from_db()
    assert d.status == Status.RETURNED and d.returned_to == "Nguyễn Thị Hồng Nhung"
    r = client.post(url, {"returned_to": "x"}, follow=True)
    assert "chưa thể trả kết quả" in r.content.decode()


def test_actions_from_the_dossier_page_forms(staff_client, office, proc):
    d = received_dossier(office, proc)
    client = staff_client("duc-thanh.clerk")

    def act(action, **post):
        return client.post(reverse("dossiers:act", args=[d.code, action]), post, follow=True)

    assert "Cần chọn công chức chuyên môn" in act("assign", specialist="abc").content.decode()
    act("assign", specialist=str(staff("duc-thanh.specialist").pk))
    d.refresh_from_db()
    assert d.status == Status.ASSIGNED and d.specialist == staff("duc-thanh.specialist")
    assert (
        "không hợp lệ"
        in act("apologise", note="Chờ", responsible_unit="Tư pháp", new_due_at="x").content.decode()
    )
    act("apologise", note="Chờ xác minh", responsible_unit="Tư pháp", new_due_at="2099-01-05T10:00")
    letter = d.apology_letters.get()
    assert timezone.localtime(letter.new_due_at).hour == 10 and letter.reason == "Chờ xác minh"
    act("request_supplement", note="Tờ khai có chữ ký\n\nẢnh chân dung")
    assert d.supplement_requests.get().missing == ["Tờ khai có chữ ký", "Ảnh chân dung"]


def glance(page: str) -> dict[str, str]:
    """The home page's figures: label → count."""
    cards = re.findall(
        r'<div class="fs-3 fw-bold[^"]*">(\d+)</div><div class="small text-body">([^<]+)</div>', page
    )
    return {label: int(count) for count, label in cards}


def test_home_page_shows_what_waits_for_each_person_in_its_office_only(staff_client, office, proc):
    received_dossier(office, proc, received_at=at(MONDAY, 9))  # due on Monday at 17:00: overdue
    received_dossier(office, proc, received_at=at(MONDAY, 10))
    moved(
        received_dossier(office, proc, received_at=at(WEDNESDAY, 9)),
        "assign",
        "start",
        "submit",
        at=at(WEDNESDAY, 9),
    )
    other = Office.objects.get(slug="luan-thanh")
    received_dossier(other, marriage_status_procedure(other), received_at=at(MONDAY, 9))
    with frozen(WEDNESDAY, 10):  # the figures count from the clock
        page = staff_client("duc-thanh.leader").get(reverse("home")).content.decode()
        figures = glance(page)
        assert figures["Chờ lãnh đạo duyệt, ký"] == 1 and figures["Quá hạn"] == 2
        assert reverse("dossiers:leader_queue") in page and "?loc=overdue" in page
        clerk = glance(staff_client("duc-thanh.clerk").get(reverse("home")).content.decode())
        assert "Chờ lãnh đạo duyệt, ký" not in clerk and clerk["Quá hạn"] == 2
        assert glance(staff_client("luan-thanh.clerk").get(reverse("home")).content.decode())["Quá hạn"] == 1
        assert glance(staff_client("duc-thanh.volunteer").get(reverse("home")).content.decode()) == {}


def test_worklist_lists_open_soonest_due_first_then_closed_newest_first(staff_client, office, proc):
    open_later = received_dossier(office, proc, received_at=at(WEDNESDAY, 9), needs_verification=True)
    open_sooner = received_dossier(office, proc, received_at=at(WEDNESDAY, 9, 5))  # due today at 17:00
    closed_old, closed_new = (
        moved(received_dossier(office, proc, received_at=day), "refuse", at=day)
        for day in (at(WEDNESDAY - dt.timedelta(days=60)), at(MONDAY))
    )
    with frozen(WEDNESDAY, 10):
        page = staff_client("duc-thanh.clerk").get(reverse("dossiers:worklist")).content.decode()
    positions = [page.index(d.code) for d in (open_sooner, open_later, closed_new, closed_old)]
    assert positions == sorted(positions)
