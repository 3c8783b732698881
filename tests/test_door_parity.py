"""The staff screens and the API are one door: every action done through either leaves the same
status, audit events, papers (kinds and states), letters and notifications on twin dossiers, and
every step issues the paper `dossiers.transitions` says it does.

The twins are received and brought to the action's starting state through the real doors
(intake.receive, workflow), at one frozen moment, then one is acted on through the screens and the
other through the API.
"""

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from dossiers import actions, workflow
from dossiers.models import Dossier, FeeRefund, PaperKind, Status
from dossiers.transitions import TRANSITIONS
from mocua.jobs.models import Notification
from mocua.models import Office
from tests.conftest import VN
from tests.dossier_helpers import api, marriage_status_procedure, moved_to, received_dossier, staff
from tests.handover_helpers import marriage_registration_procedure

MOMENT = dt.datetime(2026, 11, 26, 9, 30, tzinfo=VN)  # a Thursday morning, counter open
NEW_DUE = dt.datetime(2026, 12, 3, 16, 0, tzinfo=VN)
pytestmark = pytest.mark.django_db


@pytest.fixture
def proc(demo, paper_media):
    return marriage_status_procedure(Office.objects.get(slug="duc-thanh"))


def people():
    return {r: staff(f"duc-thanh.{r}") for r in ("clerk", "specialist", "leader")}


def received(proc, key: str) -> Dossier:
    return received_dossier(proc.offices.get(slug="duc-thanh"), proc, received_at=MOMENT, intake_key=key)


# How each action's starting state is reached, through the doors (tests.dossier_helpers.moved_to).
def _to(status: str):
    return lambda d, p: moved_to(d, status, at=MOMENT)


def _awaiting(d, p):
    workflow.request_supplement(p["clerk"], d, ["Tờ khai có chữ ký"], now=MOMENT)
    return d


def _refused_paid(d, p):
    """Refused after 15.000 đồng was collected at the counter (the intake's fee service)."""
    from dossiers import fees

    fees.record(p["clerk"], d, fees.FeeIn(amount=15000, reason="Thu theo mức của tỉnh"), now=MOMENT)
    return workflow.refuse(p["clerk"], d, "Không thuộc thẩm quyền", now=MOMENT)


def _letter(d, p):
    workflow.apologise(
        p["specialist"], d, reason="Phải xác minh", responsible_unit="Tư pháp", new_due_at=NEW_DUE, now=MOMENT
    )
    return d


_assign, _start, _submit, _approve, _ready = (
    _to(x) for x in ("assigned", "processing", "submitted", "approved", "result_ready")
)


APOLOGY = {"responsible_unit": "Tư pháp - Hộ tịch", "new_due_at": NEW_DUE.isoformat()}
# action: (who, how to get there, what the screen posts, what an API caller posts)
SCENARIOS = {
    "assign": ("clerk", None, {"specialist": "{specialist}"}, {"specialist": "{specialist}"}),
    "start": ("specialist", _assign, {}, {}),
    "submit": ("specialist", _start, {}, {"note": ""}),
    "approve": ("leader", _submit, {}, {}),
    "send_back": ("leader", _submit, {"note": "Thiếu chữ ký"}, {"reason": "Thiếu chữ ký"}),
    "ready": ("specialist", _approve, {}, {}),
    "return": (
        "clerk",
        _ready,
        {"returned_to": "Nguyễn Thị Hồng Nhung"},
        {"returned_to": "Nguyễn Thị Hồng Nhung"},
    ),
    "request_supplement": (
        "clerk",
        None,
        {"documents": "{document}", "note": "Tờ khai có chữ ký\nBản sao giấy ly hôn"},
        {"documents": ["{document}"], "missing": ["Tờ khai có chữ ký", "Bản sao giấy ly hôn"]},
    ),
    "supplement": ("clerk", _awaiting, {}, {}),
    "refuse": ("clerk", None, {"note": "Không thuộc thẩm quyền"}, {"reasons": "Không thuộc thẩm quyền"}),
    "stop": ("clerk", _start, {"note": "Người nộp xin rút"}, {"reason": "Người nộp xin rút"}),
    "apologise": (
        "specialist",
        _start,
        {"note": "Phải xác minh", **APOLOGY},
        {"reason": "Phải xác minh", **APOLOGY},
    ),
    "sign_apology": ("leader", _letter, {"letter": "{letter}"}, {"letter": "{letter}"}),
    "amend_apology": (
        "leader",
        _letter,
        {"letter": "{letter}", "note": "Chờ kết quả xác minh của Công an xã"},
        {"letter": "{letter}", "reason": "Chờ kết quả xác minh của Công an xã"},
    ),
    "refund": (
        "clerk",
        _refused_paid,
        {"amount": "5.000", "note": "Từ chối tiếp nhận"},
        {"amount": 5000, "reason": "Từ chối tiếp nhận"},
    ),
    # On a marriage registration (received with MARRIAGE_ACTIONS' procedure).
    "schedule_ceremony": (
        "clerk",
        _approve,
        {"ceremony_date": "03/12/2026", "ceremony_time": "08:30", "room": "Hội trường", "leader": "{leader}"},
        {"ceremony_at": "2026-12-03T08:30:00+07:00", "room": "Hội trường", "leader": "{leader}"},
    ),
}
MARRIAGE_ACTIONS = {"schedule_ceremony"}


def test_every_offered_action_has_a_scenario_and_no_system_step_is_offered():
    assert set(SCENARIOS) == set(actions.ACTIONS) == set(actions.DOORS)
    assert {"receive", "convert_to_normal"}.isdisjoint(actions.ACTIONS)


def _fill(params: dict, d: Dossier, p: dict) -> dict:
    letter = d.apology_letters.order_by("-id").first()
    document = d.procedure.documents.order_by("position").first()
    values = {
        "specialist": p["specialist"].pk,
        "letter": letter.pk if letter else 0,
        "document": document.pk,
        "leader": p["leader"].pk,
    }

    def fill(v):
        if isinstance(v, list):
            return [fill(x) for x in v]
        return values[v[1:-1]] if isinstance(v, str) and v[:1] == "{" else v

    return {k: fill(v) for k, v in params.items()}


def _screen(d: Dossier, action: str, params: dict, username: str):
    """Post the form the staff page posts for `action`."""
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    if action == "return":
        url = reverse("dossiers:return", args=[d.code])
    elif action == "sign_apology":
        url = reverse("dossiers:sign_apology", args=[params.pop("letter")])
    else:
        url = reverse("dossiers:act", args=[d.code, action])
    return client.post(url, params)


def _api(d: Dossier, action: str, params: dict, username: str):
    return api(username).post(f"/api/v1/dossiers/{d.code}/actions/{action}/", params, format="json")


def signature(d: Dossier) -> dict:
    """What an action left behind, with the dossier's own code and numbers taken out."""
    d = Dossier.objects.get(pk=d.pk)

    def norm(text: str) -> str:
        return re.sub(r"\b\d+/PXL\b", "<số>/PXL", text.replace(d.code, "<mã>"))

    return {
        "status": d.status,
        "track": d.track,
        "due_at": d.due_at,
        "outcome": d.outcome,
        "specialist": d.specialist_id,
        "events": [
            (e.action, e.from_status, e.to_status, e.actor_id, norm(e.note), e.at)
            for e in d.events.order_by("at", "id")
        ],
        "papers": sorted((p.kind, p.state, p.issued_on) for p in d.papers.all()),
        "letters": [
            (x.status, x.new_due_at, x.reason, x.responsible_unit, x.signed_by_id)
            for x in d.apology_letters.order_by("id")
        ],
        "supplements": [
            (r.missing, r.is_breach, r.resolved_at) for r in d.supplement_requests.order_by("id")
        ],
        "refunds": [
            (r.amount, r.reason, r.refunded_by_id) for r in FeeRefund.objects.filter(payment__dossier=d)
        ],
        "notifications": sorted(
            (n.recipient_id, norm(n.text), norm(n.link))
            for n in Notification.objects.filter(text__contains=d.code)
        ),
    }


@pytest.mark.parametrize("action", sorted(SCENARIOS))
def test_screen_and_api_leave_the_same_trace(proc, action):
    who, path, screen_params, api_params = SCENARIOS[action]
    p = people()
    if action in MARRIAGE_ACTIONS:
        proc = marriage_registration_procedure(proc.offices.get(slug="duc-thanh"))
    twins = [received(proc, f"parity-{action}-{side}") for side in ("screen", "api")]
    if path is not None:
        twins = [path(d, p) for d in twins]
    before = signature(twins[0])
    with time_machine.travel(MOMENT + dt.timedelta(minutes=5), tick=False):
        r = _screen(twins[0], action, _fill(screen_params, twins[0], p), f"duc-thanh.{who}")
        assert r.status_code == 302
        r = _api(twins[1], action, _fill(api_params, twins[1], p), f"duc-thanh.{who}")
        assert r.status_code == 200, r.json()
    by_screen, by_api = signature(twins[0]), signature(twins[1])
    assert by_screen != before, "the screen did nothing"
    assert by_screen == by_api
    if action == "request_supplement":  # the ticked document comes first, by its catalog name
        assert by_api["supplements"][0][0][0] == proc.documents.order_by("position").first().name
    # The step's own consequence: the paper the table names is there, on both.
    paper = TRANSITIONS[action].paper
    if paper:
        assert (paper, "pending", dt.date(2026, 11, 26)) in by_api["papers"]


@pytest.mark.parametrize("decision", ["complete", "incomplete", "refuse"])
def test_intake_through_the_screen_and_the_api_issues_the_same_papers(proc, decision):
    doc = proc.documents.order_by("position").first()
    person = {
        "full_name": "Nguyễn Thị Hồng Nhung",
        "id_number": "051190001234",
        "phone": "0912345678",
        "address": "Thôn 1, xã Đức Thạnh",
        "channel": "counter",
    }
    form = {**person, "procedure": proc.code, "intake_key": f"screen-{decision}", "decision": "receive"}
    body = {**person, "procedure": proc.code, "intake_key": f"api-{decision}", "documents": []}
    if decision != "incomplete":
        form[f"doc_{doc.pk}"], form[f"doc_{doc.pk}_count"] = "original", 1
        body["documents"] = [{"document": doc.pk, "form": "original", "count": 1}]
    if decision == "refuse":
        form.update(decision="refuse", refusal_reasons="Không thuộc thẩm quyền")
        body["refusal_reasons"] = "Không thuộc thẩm quyền"
    client = Client()
    client.force_login(get_user_model().objects.get(username="duc-thanh.clerk"))
    with time_machine.travel(MOMENT, tick=False):
        assert client.post(reverse("dossiers:intake"), form).status_code == 302
        r = _api_intake(body)
    assert r.status_code == 201, r.json()
    by_screen = signature(Dossier.objects.get(intake_key=f"screen-{decision}"))
    by_api = signature(Dossier.objects.get(code=r.json()["code"]))
    assert by_screen == by_api
    expected = {
        "complete": PaperKind.APPOINTMENT_SLIP,  # no same-day model on Thursday: an appointment
        "incomplete": PaperKind.SUPPLEMENT_REQUEST,
        "refuse": PaperKind.REFUSAL,
    }[decision]
    assert [k for k, _, _ in by_api["papers"]] == [expected]
    assert {p["kind"] for p in r.json()["papers"]} == {expected}


def _api_intake(body: dict):
    return api("duc-thanh.clerk").post("/api/v1/dossiers/", body, format="json")


@pytest.mark.parametrize("action", sorted(TRANSITIONS))
def test_both_doors_know_the_same_actions(proc, action):
    """An action offered on one side only fails here: both answer 'no such action' for the same set."""
    d = received(proc, f"known-{action}")
    client = Client()
    client.force_login(get_user_model().objects.get(username="duc-thanh.clerk"))
    screen = client.post(reverse("dossiers:act", args=[d.code, action]), {})
    api = _api(d, action, {}, "duc-thanh.clerk")
    unknown_on_screen = screen.status_code == 404
    unknown_on_api = api.status_code == 404 and api.json()["detail"] == "Thao tác không tồn tại."
    assert unknown_on_screen == unknown_on_api == (action not in actions.ACTIONS)


def test_the_citizen_opens_the_signed_apology_letter_from_tracking(proc):
    p = people()
    d = _letter(_start(received(proc, "apology-tracking"), p), p)
    client = Client()
    client.force_login(get_user_model().objects.get(username="duc-thanh.leader"))
    letter = d.apology_letters.get()
    with time_machine.travel(MOMENT + dt.timedelta(hours=1), tick=False):
        assert client.post(reverse("dossiers:sign_apology", args=[letter.pk])).status_code == 302
    public = Client()
    track = reverse("dossiers:track_apology") + f"?code={d.code}&secret={d.secret}"
    r = public.get(track)
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert b"".join(r.streaming_content).startswith(b"%PDF")
    page = public.get(reverse("dossiers:track") + f"?code={d.code}&secret={d.secret}")
    assert Status(d.status) != Status.RETURNED and "xin-loi" in page.content.decode()


def test_a_partner_makes_a_whole_intake_and_assignment_with_the_api_alone(proc):
    """A kiosk or the provincial system reads every id it needs through the API: the procedure's
    documents, the office's specialists, the tracking secret of the dossier it made."""
    client = api("duc-thanh.clerk")
    procedure = APIClient().get(f"/api/v1/offices/duc-thanh/procedures/{proc.code}/").json()
    required = [d["id"] for d in procedure["documents"] if not d["is_optional"]]
    assert required
    people_list = client.get("/api/v1/staff/").json()
    specialist = next(s["id"] for s in people_list if "specialist" in s["roles"])
    assert {s["full_name"] for s in people_list} >= {"Trần Thị Mai", "Lê Văn Hùng"}
    with time_machine.travel(MOMENT, tick=False):
        made = client.post(
            "/api/v1/dossiers/",
            {
                "procedure": proc.code,
                "full_name": "Nguyễn Thị Hồng Nhung",
                "id_number": "051190001234",
                "phone": "0912345678",
                "address": "Thôn 1, xã Đức Thạnh",
                "documents": [{"document": pk} for pk in required],
            },
            format="json",
        ).json()
        assert made["papers"][0]["kind"] == PaperKind.APPOINTMENT_SLIP
        detail = client.post(f"/api/v1/dossiers/{made['code']}/actions/assign/", {"specialist": specialist})
    assert detail.status_code == 200 and detail.json()["status"] == Status.ASSIGNED
    assert "assign" in detail.json()["actions"]  # the clerk may still hand it to someone else
    tracked = APIClient().get("/api/v1/track/", {"code": made["code"], "secret": made["secret"]})
    assert tracked.status_code == 200 and tracked.json()["status"] == Status.ASSIGNED
    assert made["tracking_url"].endswith(f"code={made['code']}&secret={made['secret']}")


def test_a_staff_drafted_apology_letter_tells_the_leader(proc):
    p = people()
    d = _letter(_start(received(proc, "apology-notice"), p), p)
    notes = Notification.objects.filter(text__contains=d.code)
    assert [n.recipient_id for n in notes] == [p["leader"].pk]
    assert "chờ lãnh đạo ký" in notes.get().text


def test_a_dossier_completed_by_supplement_gets_its_receipt_then(proc):
    """Incomplete at intake: mẫu 02 only; once the papers are brought, the appointment slip."""
    office = proc.offices.get(slug="duc-thanh")
    d = received_dossier(office, proc, received_at=MOMENT, documents=[], intake_key="late-receipt")
    assert [p.kind for p in d.papers.all()] == [PaperKind.SUPPLEMENT_REQUEST]
    d = workflow.supplement(people()["clerk"], d, now=MOMENT + dt.timedelta(hours=1))
    assert d.due_at is not None
    assert sorted(p.kind for p in d.papers.all()) == sorted(
        [PaperKind.SUPPLEMENT_REQUEST, PaperKind.APPOINTMENT_SLIP]
    )
