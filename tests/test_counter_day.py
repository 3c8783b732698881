"""Issue 16 rules below the screens: ticked supplement documents, the intake preview, amending an
apology letter's reason (the browser replays are in test_counter_day_browser.py)."""

import datetime as dt

import pytest

from dossiers import actions, workflow
from dossiers.models import Status
from mocua.models import Office
from tests.counter_day_helpers import THURSDAY_0930
from tests.dossier_helpers import marriage_status_procedure, other_procedure, received_dossier, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def duc_thanh(demo):
    return Office.objects.get(slug="duc-thanh")


def test_supplement_takes_only_the_procedures_own_documents(duc_thanh):
    proc = marriage_status_procedure(duc_thanh)
    foreign = other_procedure(duc_thanh).documents.get()
    d = received_dossier(duc_thanh, proc, received_at=THURSDAY_0930)
    clerk = staff("duc-thanh.clerk")
    for bad in ([foreign.pk], ["abc"], []):
        with pytest.raises(workflow.WorkflowError):
            actions.perform(clerk, d, "request_supplement", {"documents": bad}, now=THURSDAY_0930)
    d.refresh_from_db()
    assert d.status == Status.RECEIVED and not d.supplement_requests.exists()
    docs = list(proc.documents.order_by("position"))
    request = actions.perform(
        clerk, d, "request_supplement", {"documents": [docs[1].pk, docs[0].pk]}, now=THURSDAY_0930
    )
    assert request.missing == [docs[0].name, docs[1].name]  # the procedure's order


def test_the_reason_of_a_letter_is_corrected_before_signing_only(duc_thanh):
    from dossiers.models import AuditEvent

    proc = marriage_status_procedure(duc_thanh)
    d = received_dossier(duc_thanh, proc, received_at=THURSDAY_0930)
    letter = workflow.apologise(
        None, d, reason="Lý do chung", responsible_unit="Tư pháp", new_due_at=d.due_at + dt.timedelta(days=1)
    )
    params = {"letter": letter.pk, "reason": "Chờ xác minh nơi cư trú"}
    with pytest.raises(workflow.NotAllowed):
        actions.perform(staff("duc-thanh.specialist"), d, "amend_apology", params)
    actions.perform(staff("duc-thanh.clerk"), d, "amend_apology", params)
    letter.refresh_from_db()
    assert letter.reason == "Chờ xác minh nơi cư trú"
    event = AuditEvent.objects.get(dossier=d, action="amend_apology")
    assert event.note == "Lý do cũ: Lý do chung — lý do mới: Chờ xác minh nơi cư trú"
    with pytest.raises(workflow.WorkflowError):
        actions.perform(staff("duc-thanh.clerk"), d, "amend_apology", {"letter": letter.pk, "reason": " "})
    workflow.sign_apology(staff("duc-thanh.leader"), letter)
    with pytest.raises(workflow.WorkflowError, match="đã được ký"):
        actions.perform(staff("duc-thanh.leader"), d, "amend_apology", {**params, "reason": "Khác"})
    letter.refresh_from_db()
    assert letter.reason == "Chờ xác minh nơi cư trú"


def test_the_leader_queue_puts_every_same_day_dossier_first(duc_thanh):
    """The queue's "same-day first" follows the badge's rule: a dossier due today by the procedure's
    own time comes before an older one due earlier today."""
    from dossiers.selectors import leader_queue
    from tests.conftest import at
    from tests.dossier_helpers import moved

    proc = marriage_status_procedure(duc_thanh)
    older = received_dossier(duc_thanh, proc, received_at=at(2026, 11, 23, 9), needs_verification=True)
    today = received_dossier(duc_thanh, proc, received_at=at(2026, 11, 26, 8))
    assert older.due_at < today.due_at and today.track == "normal"
    for d in (older, today):
        moved(d, "assign", "start", "submit", at=at(2026, 11, 26, 8, 30))
    queue = leader_queue(staff("duc-thanh.leader"), now=at(2026, 11, 26, 8, 45))
    assert [item.dossier.code for item in queue] == [today.code, older.code]
