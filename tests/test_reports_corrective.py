"""Corrective actions for the causes of late results (issue 17, item 4): added by the secretary or a
leader for a cause of the office's apology letters, shown in the report's "nguyên nhân", followed
up on the leader's home page until done, the overdue marked; bad input saves nothing."""

import datetime as dt

import pytest
import time_machine

from reports import corrective, narrative_services
from reports.models import CorrectiveAction, ReportEvent
from tests import narrative_helpers as nh
from tests.conftest import at
from tests.dossier_helpers import staff

ADD = "/bao-cao/duc-thanh/bien-phap/"


@pytest.fixture
def world(office):
    with time_machine.travel(at(nh.AFTER_Q3, 9), tick=False):
        yield nh.two_quarters(office)


def _form(**over):
    return {
        "reason": nh.REASON,
        "responsible_unit": nh.UNIT,
        "what": "Thống nhất thời hạn trả lời xác minh với Công an xã",
        "who": "Công chức Tư pháp - Hộ tịch",
        "due_on": "30/09/2026",
        "ky": nh.Q3,
        **over,
    }


def _cards(client):
    return client.get("/").content.decode()


def test_the_lifecycle_from_the_report_to_the_home_page_until_done(world, staff_client, office):
    secretary = staff_client("duc-thanh.secretary")
    with time_machine.travel(at(nh.AFTER_Q3, 10), tick=False):
        assert "Biện pháp khắc phục chưa hoàn thành" not in _cards(staff_client("duc-thanh.leader"))
        answer = staff_client("duc-thanh.secretary").post(
            ADD, _form(**{"tro-ve": f"/bao-cao/duc-thanh/danh-gia/?ky={nh.Q3}"})
        )
        assert answer.status_code == 302 and answer.url == f"/bao-cao/duc-thanh/danh-gia/?ky={nh.Q3}"
        (action,) = CorrectiveAction.objects.filter(office=office)
        # The report's "nguyên nhân" carries it, with its state.
        texts = narrative_services.prefilled(office, world["q3"])
        assert (
            f"- {nh.REASON} ({nh.UNIT}): 1 phiếu; biện pháp khắc phục: Thống nhất thời hạn trả lời xác minh "
            "với Công an xã (Công chức Tư pháp - Hộ tịch thực hiện, hạn 30/09/2026; đang thực hiện)."
        ) in texts["causes"]
        page = secretary.get(f"/bao-cao/duc-thanh/danh-gia/?ky={nh.Q3}").content.decode()
        assert "Thống nhất thời hạn trả lời xác minh với Công an xã" in page and "Đang thực hiện" in page
        home = _cards(staff_client("duc-thanh.leader"))
        assert "Biện pháp khắc phục chưa hoàn thành" in home and "Biện pháp khắc phục quá hạn" not in home
        assert "Biện pháp khắc phục" not in _cards(staff_client("duc-thanh.clerk"))
        assert "Biện pháp khắc phục" not in _cards(staff_client("dong-thanh.leader"))

    with time_machine.travel(at(2026, 10, 1, 8), tick=False):  # the day after its deadline
        home = _cards(staff_client("duc-thanh.leader"))
        assert "Biện pháp khắc phục quá hạn" in home and "border-danger" in home
        listing = staff_client("duc-thanh.leader").get(ADD + "?loc=qua-han").content.decode()
        assert listing.count("data-overdue") == 1 and "Quá hạn" in listing
        texts = narrative_services.prefilled(office, world["q3"])
        assert "hạn 30/09/2026; quá hạn, chưa hoàn thành" in texts["causes"]
        assert "trong đó 1 biện pháp đã quá hạn." in texts["proposals"]
        done = staff_client("duc-thanh.leader").post(
            f"/bao-cao/bien-phap/{action.pk}/xong/", {"note": "Đã ký quy chế phối hợp"}
        )
        assert done.status_code == 302
        assert "Biện pháp khắc phục" not in _cards(staff_client("duc-thanh.leader"))
        again = staff_client("duc-thanh.secretary").post(f"/bao-cao/bien-phap/{action.pk}/xong/", follow=True)
        assert "đã được xác nhận hoàn thành ngày 01/10/2026" in again.content.decode()
        texts = narrative_services.prefilled(office, world["q3"])
        assert "đã hoàn thành ngày 01/10/2026" in texts["causes"]
    action.refresh_from_db()
    assert action.done_on == dt.date(2026, 10, 1) and action.done_note == "Đã ký quy chế phối hợp"
    assert list(ReportEvent.objects.filter(action=action).values_list("kind", flat=True)) == [
        "action_added",
        "action_done",
    ]


def test_the_list_page_picks_a_cause_as_one_option(world, staff_client, office):
    import json

    with time_machine.travel(at(nh.AFTER_Q3, 10), tick=False):
        page = staff_client("duc-thanh.leader").get(ADD).content.decode()
        assert nh.REASON in page
        form = _form(cause=json.dumps([nh.REASON, nh.UNIT]), reason="", responsible_unit="")
        assert staff_client("duc-thanh.leader").post(ADD, form).status_code == 302
        bad = staff_client("duc-thanh.leader").post(ADD, _form(cause="[1, 2, 3]"))
    assert bad.status_code == 400 and corrective.NO_CAUSE in bad.content.decode()
    assert CorrectiveAction.objects.filter(office=office).count() == 1


@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"reason": "Một nguyên nhân không có trong phiếu nào"}, corrective.NO_CAUSE),
        ({"responsible_unit": "Bộ phận khác"}, corrective.NO_CAUSE),
        ({"what": "   "}, corrective.NO_WHAT),
        ({"who": ""}, corrective.NO_WHO),
        ({"due_on": "31/02/2026"}, corrective.NO_DUE),
        ({"due_on": "ngày mai"}, corrective.NO_DUE),
        ({"due_on": "20/09/2026"}, "Hạn hoàn thành phải từ hôm nay (21/09/2026) trở đi."),
        ({"due_on": "01/01/2030"}, corrective.FAR_DUE),
        ({"what": "x" * 1001}, "dài quá 1000 ký tự"),
    ],
)
def test_bad_input_is_refused_in_vietnamese_and_saves_nothing(world, staff_client, over, message):
    with time_machine.travel(at(nh.AFTER_Q3, 10), tick=False):
        answer = staff_client("duc-thanh.secretary").post(ADD, _form(**over))
    assert answer.status_code == 400
    assert message in answer.content.decode().replace("&quot;", '"').replace("&#x27;", "'")
    assert not CorrectiveAction.objects.exists() and not ReportEvent.objects.exists()


def test_who_may_add_and_complete(world, staff_client, office):
    with time_machine.travel(at(nh.AFTER_Q3, 10), tick=False):
        for who, status in (
            ("duc-thanh.clerk", 403),
            ("duc-thanh.specialist", 403),
            ("noi-vu.supervisor", 404),
        ):
            assert staff_client(who).post(ADD, _form()).status_code == status, who
        assert not CorrectiveAction.objects.exists()
        action = corrective.add_action(
            staff("duc-thanh.leader"), office, **{k: v for k, v in _form().items() if k != "ky"}
        )
        for who, status in (
            ("duc-thanh.clerk", 403),
            ("dong-thanh.leader", 404),
            ("dong-thanh.secretary", 404),
        ):
            assert staff_client(who).post(f"/bao-cao/bien-phap/{action.pk}/xong/").status_code == status, who
        # the supervisor reads the office's actions but changes nothing
        assert staff_client("noi-vu.supervisor").get(ADD).status_code == 200
    action.refresh_from_db()
    assert action.done_on is None
