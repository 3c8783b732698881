"""Return by post and marriage ceremonies (issue 18, items 2 and 4): both go through the return
door and the transitions table, so the screens and the API agree; bad input saves nothing."""

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from dossiers import actions, papers, tracking, workflow
from dossiers.models import AuditEvent, MarriageCeremony, PaperKind, PostalReturn, Status
from dossiers.paper_rows import control_rows
from tests.conftest import VN
from tests.dossier_helpers import api, moved_to, received_dossier
from tests.handover_helpers import marriage_registration_procedure

ARTIFACTS = Path(__file__).parent / "artifacts"
MOMENT = dt.datetime(2026, 11, 26, 9, 30, tzinfo=VN)  # a Thursday
LATER = MOMENT + dt.timedelta(minutes=5)
pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(office, proc, paper_media):
    return moved_to(received_dossier(office, proc, received_at=MOMENT), Status.RESULT_READY, at=MOMENT)


def _screen(d, data, username="duc-thanh.clerk"):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client.post(reverse("dossiers:return", args=[d.code]), data, follow=True)


def test_postal_return_without_parcel_number_is_refused_and_nothing_is_saved(ready, people):
    events = AuditEvent.objects.filter(dossier=ready).count()
    with pytest.raises(workflow.WorkflowError, match="số hiệu bưu gửi"):
        actions.perform(
            people["clerk"],
            ready,
            "return",
            {"returned_to": "Nguyễn Thị Hồng Nhung", "by_post": "1"},
            now=LATER,
        )
    r = _screen(ready, {"returned_to": "Nguyễn Thị Hồng Nhung", "by_post": "1", "posted_on": "26/11/2026"})
    assert "Trả kết quả qua bưu chính cần số hiệu bưu gửi" in r.content.decode()
    body = api("duc-thanh.clerk").post(
        f"/api/v1/dossiers/{ready.code}/actions/return/",
        {"returned_to": "Nguyễn Thị Hồng Nhung", "by_post": True, "posted_on": "2026-11-26"},
        format="json",
    )
    assert body.status_code == 400 and "số hiệu bưu gửi" in body.json()["detail"]
    ready.refresh_from_db()
    assert ready.status == Status.RESULT_READY
    assert AuditEvent.objects.filter(dossier=ready).count() == events
    assert not PostalReturn.objects.exists()
    assert not ready.papers.filter(kind=PaperKind.CONTROL_SLIP).exists()


@pytest.mark.parametrize(
    "posted_on, message",
    [
        ("", "cần ngày gửi"),
        ("31/02/2026", "không hợp lệ"),
        ("27/11/2026", "chưa tới"),
        ("01/01/2026", "trước ngày"),
    ],
)
def test_postal_return_with_a_bad_date_is_refused(ready, people, posted_on, message):
    params = {
        "returned_to": "Nguyễn Thị Hồng Nhung",
        "by_post": "1",
        "parcel_number": "EB123",
        "posted_on": posted_on,
    }
    with pytest.raises(workflow.WorkflowError, match=message):
        actions.perform(people["clerk"], ready, "return", params, now=LATER)
    assert not PostalReturn.objects.exists()


def _trace(d):
    d.refresh_from_db()
    sent = d.postal_return
    return (
        d.status,
        d.outcome,
        [(e.action, e.note.replace(d.code, "")) for e in d.events.order_by("at", "id")],
        (sent.carrier, sent.parcel_number, sent.posted_on, sent.fee),
        sorted(p.kind for p in d.papers.all()),
    )


def test_postal_return_through_the_screen_and_the_api_leaves_the_same_trace(
    office, proc, paper_media, settings
):
    settings.MOCUA_POSTAL_RETURN_FEE = 25000
    twins = [
        moved_to(
            received_dossier(office, proc, received_at=MOMENT, intake_key=k), Status.RESULT_READY, at=MOMENT
        )
        for k in ("post-screen", "post-api")
    ]
    with time_machine.travel(LATER, tick=False):
        r = _screen(
            twins[0],
            {
                "returned_to": "Nguyễn Thị Hồng Nhung",
                "by_post": "1",
                "parcel_number": "EB123456789VN",
                "posted_on": "26/11/2026",
            },
        )
        assert r.status_code == 200
        r = api("duc-thanh.clerk").post(
            f"/api/v1/dossiers/{twins[1].code}/actions/return/",
            {
                "returned_to": "Nguyễn Thị Hồng Nhung",
                "by_post": True,
                "parcel_number": "EB123456789VN",
                "posted_on": "2026-11-26",
            },
            format="json",
        )
        assert r.status_code == 200, r.json()
    assert _trace(twins[0]) == _trace(twins[1])
    status, _, events, sent, kinds = _trace(twins[0])
    assert status == Status.RETURNED and sent[1:] == ("EB123456789VN", dt.date(2026, 11, 26), 25000)
    assert PaperKind.CONTROL_SLIP in kinds
    # The control slip and public tracking show the parcel number.
    rows = control_rows(twins[0])
    assert any("EB123456789VN" in " ".join(r["notes"]) for r in rows if r["event"].action == "return")
    assert tracking.public_view(twins[0])["postal_return"]["parcel_number"] == "EB123456789VN"


def test_the_receipt_shows_the_postal_return_fee_only_when_configured(office, proc, paper_media, settings):
    d = received_dossier(office, proc, received_at=MOMENT)
    (receipt,) = d.papers.all()
    html = papers.paper_html(d, receipt.kind, number="01/TNHS", issued_on=MOMENT.date())
    assert "phí chuyển trả" not in html
    settings.MOCUA_POSTAL_RETURN_FEE = 25000
    html = papers.paper_html(d, receipt.kind, number="01/TNHS", issued_on=MOMENT.date())
    assert "phí chuyển trả 25.000 đồng" in html


# --- marriage ceremony -----------------------------------------------------------------------


@pytest.fixture
def marriage(office, paper_media):
    return marriage_registration_procedure(office)


CEREMONY = {"ceremony_date": "03/12/2026", "ceremony_time": "08:30", "room": "Hội trường UBND xã"}


def test_a_ceremony_cannot_be_set_before_the_result_is_approved(office, marriage, people):
    d = moved_to(received_dossier(office, marriage, received_at=MOMENT), Status.SUBMITTED, at=MOMENT)
    params = {**CEREMONY, "leader": people["leader"].pk}
    with pytest.raises(workflow.WorkflowError, match="chưa được lãnh đạo phê duyệt"):
        actions.perform(people["clerk"], d, "schedule_ceremony", params, now=LATER)
    r = api("duc-thanh.clerk").post(
        f"/api/v1/dossiers/{d.code}/actions/schedule_ceremony/",
        {"ceremony_at": "2026-12-03T08:30:00+07:00", "room": "Hội trường", "leader": people["leader"].pk},
        format="json",
    )
    assert r.status_code == 400 and "chưa được lãnh đạo phê duyệt" in r.json()["detail"]
    assert not MarriageCeremony.objects.exists()
    assert not d.papers.filter(kind=PaperKind.CEREMONY_INVITATION).exists()


@pytest.mark.parametrize(
    "change, message",
    [
        ({"ceremony_date": "20/11/2026"}, "sau thời điểm hiện tại"),
        ({"room": "  "}, "phòng"),
        ({"leader": 0}, "Lãnh đạo chủ trì"),
        ({"ceremony_time": "25:00"}, "Giờ tổ chức lễ không hợp lệ"),
    ],
)
def test_bad_ceremony_input_is_refused(office, marriage, people, change, message):
    d = moved_to(received_dossier(office, marriage, received_at=MOMENT), Status.APPROVED, at=MOMENT)
    params = {**CEREMONY, "leader": people["leader"].pk, **change}
    with pytest.raises(workflow.WorkflowError, match=message):
        actions.perform(people["clerk"], d, "schedule_ceremony", params, now=LATER)
    assert not MarriageCeremony.objects.exists()


def test_only_a_marriage_registration_has_a_ceremony(office, proc, people, paper_media):
    d = moved_to(received_dossier(office, proc, received_at=MOMENT), Status.APPROVED, at=MOMENT)
    with pytest.raises(workflow.WorkflowError, match="Chỉ hồ sơ đăng ký kết hôn"):
        actions.perform(
            people["clerk"], d, "schedule_ceremony", {**CEREMONY, "leader": people["leader"].pk}, now=LATER
        )


def test_ceremony_invitation_and_return_at_the_ceremony(office, marriage, people):
    d = moved_to(received_dossier(office, marriage, received_at=MOMENT), Status.APPROVED, at=MOMENT)
    actions.perform(
        people["clerk"], d, "schedule_ceremony", {**CEREMONY, "leader": people["leader"].pk}, now=LATER
    )
    ceremony = MarriageCeremony.objects.get(dossier=d)
    assert ceremony.at == dt.datetime(2026, 12, 3, 8, 30, tzinfo=VN) and ceremony.leader == people["leader"]
    (invitation,) = d.papers.filter(kind=PaperKind.CEREMONY_INVITATION)
    html = papers.paper_html(d, invitation.kind, number=invitation.number, issued_on=invitation.issued_on)
    assert "08 giờ 30 phút, ngày 03/12/2026" in html and "Hội trường UBND xã" in html
    rendered = papers.render(invitation.pk)
    assert rendered.state == "ready"
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "ceremony_invitation.pdf").write_bytes(rendered.pdf.read())
    with pytest.raises(workflow.WorkflowError, match="đã có lịch"):
        actions.perform(
            people["clerk"], d, "schedule_ceremony", {**CEREMONY, "leader": people["leader"].pk}, now=LATER
        )
    workflow.ready(people["specialist"], d, now=LATER)
    at_ceremony = dt.datetime(2026, 12, 3, 8, 45, tzinfo=VN)
    d = actions.perform(
        people["clerk"],
        d,
        "return",
        {"returned_to": "Nguyễn Thị Hồng Nhung", "at_ceremony": "1"},
        now=at_ceremony,
    )
    ceremony.refresh_from_db()
    assert d.status == Status.RETURNED and ceremony.held_at == at_ceremony
    assert "tại lễ trao Giấy chứng nhận kết hôn" in d.events.get(action="return").note
