"""The one door: every transition checks role, office and state, and writes one audit event."""

import datetime as dt

import pytest

from dossiers import workflow
from dossiers.models import ApologyStatus, AuditEvent, Dossier, Outcome, Status
from dossiers.workflow import WorkflowError
from mocua.models import Office
from tests.conftest import VN, at, frozen
from tests.dossier_helpers import marriage_status_procedure, moved, received_dossier, staff

pytestmark = pytest.mark.django_db


MONDAY_0930 = at(2026, 11, 16, 9, 30)


@pytest.fixture
def dossier(demo):
    """Received at the counter on Monday 16/11/2026 at 09:30: a same-day procedure, due at 17:00."""
    office = Office.objects.get(slug="duc-thanh")
    d = received_dossier(office, marriage_status_procedure(office), received_at=MONDAY_0930)
    assert d.due_at == at(2026, 11, 16, 17)
    return d


def test_the_whole_way_writes_one_event_per_step(people):
    office, leader = people["clerk"].office, people["leader"]
    # Marked for verification: 3 working days, due on Thursday at 09:30.
    dossier = received_dossier(
        office, marriage_status_procedure(office), received_at=MONDAY_0930, needs_verification=True
    )
    assert dossier.due_at == at(2026, 11, 19, 9, 30)
    with frozen(2026, 11, 17, 10):  # Tuesday: the result is ready two days early
        d = _the_whole_way(people, dossier)
    assert d.status == Status.RETURNED and d.returned_at and d.outcome == Outcome.EARLY
    events = list(d.events.values_list("action", "from_status", "to_status"))
    assert [e[0] for e in events] == [
        "receive",
        "assign",
        "start",
        "submit",
        "send_back",
        "submit",
        "approve",
        "ready",
        "return",
    ]
    assert events[4] == ("send_back", Status.SUBMITTED, Status.PROCESSING)
    assert d.events.get(action="send_back").note == "Thiếu chữ ký người khai"
    assert d.events.get(action="send_back").actor == leader


def test_returned_on_the_due_day_is_on_time(people, dossier):
    with frozen(2026, 11, 16, 16, 30):
        d = _the_whole_way(people, dossier)
    assert d.outcome == Outcome.ON_TIME


def _the_whole_way(people, dossier):
    clerk, specialist, leader = people["clerk"], people["specialist"], people["leader"]
    d = workflow.assign(clerk, dossier, specialist)
    d = workflow.start(specialist, d)
    d = workflow.submit(specialist, d)
    d = workflow.send_back(leader, d, "Thiếu chữ ký người khai")
    assert d.status == Status.PROCESSING
    d = workflow.submit(specialist, d)
    d = workflow.approve(leader, d)
    d = workflow.ready(specialist, d)
    return workflow.return_result(clerk, d, "Nguyễn Thị Hồng Nhung")


def test_a_clerk_cannot_approve(people, dossier):
    d = workflow.assign(people["clerk"], dossier, people["specialist"])
    d = workflow.start(people["specialist"], d)
    d = workflow.submit(people["specialist"], d)
    with pytest.raises(WorkflowError, match="Bạn không có quyền “phê duyệt”"):
        workflow.approve(people["clerk"], d)
    d.refresh_from_db()
    assert d.status == Status.SUBMITTED
    assert not d.events.filter(action="approve").exists()


def test_a_volunteer_cannot_move_a_dossier(people, dossier):
    with pytest.raises(WorkflowError, match="không có quyền"):
        workflow.assign(people["volunteer"], dossier, people["specialist"])


def test_a_transition_from_the_wrong_state_is_refused(people, dossier):
    with pytest.raises(WorkflowError, match="đang ở trạng thái “mới tiếp nhận”"):
        workflow.approve(people["leader"], dossier)
    with pytest.raises(WorkflowError, match="Không thể “trả kết quả”"):
        workflow.return_result(people["clerk"], dossier, "Ai đó")
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["receive"]


def test_staff_of_another_office_cannot_touch_it(demo, dossier):
    foreign = staff("luan-thanh.leader")
    with pytest.raises(WorkflowError, match="Không tìm thấy hồ sơ"):
        workflow.stop(foreign, dossier, "không")


def test_send_back_and_refusal_need_a_reason(people, dossier):
    with pytest.raises(WorkflowError, match="Cần ghi lý do từ chối"):
        workflow.refuse(people["clerk"], dossier, "  ")
    d = workflow.refuse(people["clerk"], dossier, "Không thuộc thẩm quyền")
    assert d.status == Status.REFUSED


def test_assign_only_to_a_specialist_of_the_office(demo, people, dossier):
    with pytest.raises(WorkflowError, match="không phải công chức chuyên môn"):
        workflow.assign(people["clerk"], dossier, people["clerk"])
    with pytest.raises(WorkflowError, match="phải thuộc đơn vị"):
        workflow.assign(people["clerk"], dossier, staff("luan-thanh.specialist"))


def test_stop_at_the_citizens_request(people, dossier):
    d = workflow.stop(people["clerk"], dossier, "Người nộp rút hồ sơ")
    assert d.status == Status.STOPPED
    with pytest.raises(WorkflowError):
        workflow.stop(people["clerk"], d, "lần nữa")


def test_only_one_supplement_request_unless_a_leader_overrides(people, dossier):
    req = workflow.request_supplement(people["clerk"], dossier, ["Tờ khai có chữ ký", "Bản sao CCCD"])
    dossier.refresh_from_db()
    assert dossier.status == Status.AWAITING_SUPPLEMENT and req.missing == [
        "Tờ khai có chữ ký",
        "Bản sao CCCD",
    ]
    d = workflow.supplement(people["clerk"], dossier)
    assert d.status == Status.RECEIVED
    with pytest.raises(WorkflowError, match="Chỉ được yêu cầu bổ sung một lần"):
        workflow.request_supplement(people["clerk"], d, ["Giấy khác"])
    with pytest.raises(WorkflowError, match="Cần ghi lý do cho phép"):
        workflow.request_supplement(people["leader"], d, ["Giấy khác"])
    second = workflow.request_supplement(
        people["leader"], d, ["Giấy khác"], override_reason="Luật chuyên ngành yêu cầu"
    )
    assert second.is_breach and second.overridden_by == people["leader"]


def test_supplement_request_lists_something(people, dossier):
    with pytest.raises(WorkflowError, match="liệt kê"):
        workflow.request_supplement(people["clerk"], dossier, ["", " "])


def test_apology_once_per_missed_deadline_and_signed_with_a_number(people, dossier):
    due = dossier.due_at
    letter = workflow.apologise(
        people["specialist"],
        dossier,
        reason="Chờ xác minh",
        responsible_unit="Tư pháp - Hộ tịch",
        new_due_at=due + dt.timedelta(days=2),
    )
    assert letter.status == ApologyStatus.AWAITING_SIGNATURE and letter.missed_due_at == due
    with pytest.raises(WorkflowError, match="Đã có phiếu xin lỗi"):
        workflow.apologise(
            people["clerk"], dossier, reason="x", responsible_unit="y", new_due_at=due + dt.timedelta(days=3)
        )
    assert (
        workflow.apologise(
            None, dossier, reason="x", responsible_unit="y", new_due_at=due + dt.timedelta(days=3)
        )
        == letter
    )
    with pytest.raises(WorkflowError, match="không có quyền"):
        workflow.sign_apology(people["clerk"], letter)
    signed = workflow.sign_apology(people["leader"], letter)
    assert signed.number == "1/PXL" and signed.signed_by == people["leader"]
    # The next deadline is the new date; a second letter is flagged as a second postponement.
    second = workflow.apologise(
        None,
        dossier,
        reason="Lại chậm",
        responsible_unit="y",
        new_due_at=letter.new_due_at + dt.timedelta(days=1),
    )
    assert second.missed_due_at == letter.new_due_at and second.is_second_postponement
    assert workflow.sign_apology(people["leader"], second).number == "2/PXL"


def test_apology_needs_a_later_date(people, dossier):
    with pytest.raises(WorkflowError, match="phải sau hạn trả"):
        workflow.apologise(
            people["clerk"], dossier, reason="x", responsible_unit="y", new_due_at=dossier.due_at
        )


DUE = dt.datetime(2026, 11, 25, 17, 0, tzinfo=VN)


@pytest.mark.parametrize(
    ("finished", "outcome"),
    [
        (dt.datetime(2026, 11, 24, 16, 59, tzinfo=VN), Outcome.EARLY),
        (dt.datetime(2026, 11, 25, 8, 0, tzinfo=VN), Outcome.ON_TIME),
        (dt.datetime(2026, 11, 25, 17, 0, tzinfo=VN), Outcome.ON_TIME),
        (dt.datetime(2026, 11, 25, 17, 0, 1, tzinfo=VN), Outcome.LATE),
    ],
)
def test_outcome_edges(finished, outcome):
    assert workflow.outcome_of(DUE, finished) == outcome


def test_returned_late_after_the_due_moment(people, demo):
    office = Office.objects.get(slug="duc-thanh")
    d = received_dossier(office, marriage_status_procedure(office), received_at=at(2026, 11, 25, 9))
    assert d.due_at == DUE  # a same-day procedure: the close of the day of intake
    d = moved(d, "assign", "start", "submit", "approve", "ready", at=at(2026, 11, 26, 7))
    with frozen(2026, 11, 26, 7, 30):
        d = workflow.return_result(people["clerk"], d, "Nguyễn Thị Hồng Nhung")
    assert d.outcome == Outcome.LATE
    assert Dossier.objects.get(pk=d.pk).outcome == Outcome.LATE


def test_no_bulk_change_of_state(dossier):
    with pytest.raises(Exception, match="chỉ được thay đổi qua các bước xử lý"):
        Dossier.objects.filter(pk=dossier.pk).update(status=Status.RETURNED)
    dossier.refresh_from_db()
    assert dossier.status == Status.RECEIVED


def test_the_admin_reads_but_never_changes_a_dossier(client, dossier):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", "root@example.com", "x")
    client.force_login(admin)
    url = f"/admin/dossiers/dossier/{dossier.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    r = client.post(url, {"status": Status.RETURNED})
    assert r.status_code == 403
    dossier.refresh_from_db()
    assert dossier.status == Status.RECEIVED
