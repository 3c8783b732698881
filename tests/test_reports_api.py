"""The reports API and the archive: keys, scope, bad input, immutable versions."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from dossiers.models import Channel, Outcome, Status
from mocua.models import Office
from reports.models import Report
from reports.periods import parse_period
from reports.services import generate_report
from tests.dossier_helpers import marriage_status_procedure
from tests.report_helpers import at, dossier, office

NOW = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
KEYS = [
    "received.total",
    "received.online",
    "received.direct_and_post",
    "received.carried_over",
    "resolved.total",
    "resolved.early",
    "resolved.on_time",
    "resolved.late",
    "in_progress.total",
    "in_progress.within_deadline",
    "in_progress.overdue",
    "refused",
    "stopped",
    "awaiting_supplement",
]


def dig(data: dict, key: str):
    for part in key.split("."):
        data = data[part]
    return data


@pytest.fixture
def duc_thanh_q3(demo):
    """Four dossiers of Đức Thạnh in quý III/2026 (15/6–14/9) and one of another commune."""
    own = Office.objects.get(slug="duc-thanh")
    proc = marriage_status_procedure(own)
    dossier(own, proc, at(dt.date(2026, 7, 1)), channel=Channel.ONLINE)
    dossier(
        own,
        proc,
        at(dt.date(2026, 7, 2)),
        status=Status.RETURNED,
        returned_at=at(dt.date(2026, 7, 3)),
        outcome=Outcome.EARLY,
    )
    dossier(own, proc, at(dt.date(2026, 9, 11)), due_at=at(dt.date(2026, 9, 16)))  # within at 14/9
    dossier(own, proc, at(dt.date(2026, 8, 1)), due_at=at(dt.date(2026, 8, 4)))  # overdue at 14/9
    dossier(Office.objects.get(slug="dong-thanh"), proc, at(dt.date(2026, 7, 1)))
    return own


@time_machine.travel(NOW, tick=False)
def test_leader_gets_the_exact_keys_of_its_office(staff_client, duc_thanh_q3):
    r = staff_client("duc-thanh.leader").get("/api/v1/reports/?office=duc-thanh&period=2026-Q3")
    assert r.status_code == 200
    data = r.json()
    got = {k: dig(data["bieu_ii06a"], k) for k in KEYS}
    assert got == {
        **dict.fromkeys(KEYS, 0),
        "received.total": 4,
        "received.online": 1,
        "received.direct_and_post": 3,
        "resolved.total": 1,
        "resolved.early": 1,
        "in_progress.total": 3,
        "in_progress.within_deadline": 1,
        "in_progress.overdue": 2,  # the online one (due 4/7) and the one due 4/8
    }
    assert data["period"]["label"] == "quý III năm 2026"
    assert {i["code"] for i in data["indicators"]} == {"2.1", "2.2", "3.3", "5.4"}


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("period", ["2026-11", "2026-H2", "2026"])
def test_other_period_forms(staff_client, duc_thanh_q3, period):
    r = staff_client("duc-thanh.leader").get(f"/api/v1/reports/?office=duc-thanh&period={period}")
    assert r.status_code == 200
    assert r.json()["period"]["key"] == period


@time_machine.travel(NOW, tick=False)
def test_leader_cannot_read_another_office_and_gets_the_same_answer_as_for_a_missing_one(
    staff_client, duc_thanh_q3
):
    client = staff_client("duc-thanh.leader")
    foreign = client.get("/api/v1/reports/?office=dong-thanh&period=2026-Q3")
    missing = client.get("/api/v1/reports/?office=khong-co&period=2026-Q3")
    assert foreign.status_code == missing.status_code == 404
    assert "trong phạm vi bạn được xem" in foreign.json()["detail"]
    assert foreign.json()["detail"].replace("dong-thanh", "X") == missing.json()["detail"].replace(
        "khong-co", "X"
    )


@time_machine.travel(NOW, tick=False)
def test_clerk_may_not_read_reports(staff_client, duc_thanh_q3):
    assert staff_client("duc-thanh.clerk").get("/api/v1/reports/?period=2026-Q3").status_code == 403


@time_machine.travel(NOW, tick=False)
def test_supervisor_reads_its_area_ranked_and_each_office(staff_client, duc_thanh_q3):
    client = staff_client("noi-vu.supervisor")
    data = client.get("/api/v1/reports/?office=noi-vu&period=2026-Q3").json()
    assert data["scope"] == "area"
    assert data["bieu_ii06a"]["received"]["total"] == 5
    assert [o["rank"] for o in data["offices"]] == list(range(1, len(data["offices"]) + 1))
    assert client.get("/api/v1/reports/?office=duc-thanh&period=2026-Q3").json()["scope"] == "office"


@time_machine.travel(NOW, tick=False)
def test_supervisor_does_not_read_an_office_outside_its_area(staff_client, duc_thanh_q3):
    office("xa-ngoai-vung")
    assert staff_client("noi-vu.supervisor").get("/api/v1/reports/?office=xa-ngoai-vung").status_code == 404


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    "period, message",
    [
        ("2026-Q9", "không hợp lệ"),
        ("tháng 11", "không hợp lệ"),
        ("2027-Q1", "chưa bắt đầu"),
        ("2026-12", "chưa bắt đầu"),  # official December starts on 15/11: already running
    ],
)
def test_bad_periods_get_a_vietnamese_message(staff_client, duc_thanh_q3, period, message):
    r = staff_client("duc-thanh.leader").get(f"/api/v1/reports/?office=duc-thanh&period={period}")
    if period == "2026-12":
        assert r.status_code == 200
        return
    assert r.status_code == 400
    assert message in r.json()["detail"]


@time_machine.travel(NOW, tick=False)
def test_a_period_with_no_data_says_so(staff_client, duc_thanh_q3):
    r = staff_client("duc-thanh.leader").get("/api/v1/reports/?office=duc-thanh&period=2025-Q1")
    assert r.status_code == 200
    assert r.json()["detail"].startswith("Không có hồ sơ nào trong quý I năm 2025")


@time_machine.travel(NOW, tick=False)
def test_generate_report_archives_immutable_versions(duc_thanh_q3):
    from tests.dossier_helpers import staff

    period = parse_period("2026-Q3")
    first = generate_report(duc_thanh_q3, period, by=staff("duc-thanh.leader"))
    dossier(duc_thanh_q3, marriage_status_procedure(), at(dt.date(2026, 8, 1)))
    second = generate_report(duc_thanh_q3, period)
    assert (first.version, second.version) == (1, 2)
    first.refresh_from_db()
    assert first.figures["bieu_ii06a"]["received"]["total"] == 4
    assert second.figures["bieu_ii06a"]["received"]["total"] == 5
    assert second.generated_by is None
    with pytest.raises(ValidationError):
        first.save()
    with pytest.raises(ValidationError):
        first.delete()
    assert Report.objects.count() == 2
