"""Query budgets of the hot pages (issue 19). The intake test runs outside a test transaction
(transaction=True), as a request does, so it counts the savepoints a nested door would add."""

import uuid

import pytest
from django.db import connection

from dossiers.models import Dossier, PaperKind, Status
from tests.conftest import frozen
from tests.dossier_helpers import marriage_status_procedure, no_appointment_day

WEDNESDAY = (2026, 3, 4)  # Đức Thạnh's "Ngày không hẹn": same-day results until 15:00


def intake_form(proc, **extra) -> dict:
    first = proc.documents.order_by("position").first()
    return {
        "procedure": proc.code,
        "intake_key": f"perf-{uuid.uuid4().hex[:8]}",
        "full_name": "Nguyễn Thị Hồng Nhung",
        "id_number": "051190001234",
        "phone": "0912345678",
        "address": "Thôn 1, xã Đức Thạnh",
        "channel": "counter",
        f"doc_{first.pk}": "original",
        f"doc_{first.pk}_count": "1",
        "decision": "receive",
        **extra,
    }


# BEGIN and COMMIT of the intake's transaction and of the session's are captured as statements (on
# SQLite and on PostgreSQL alike), not queries of the budget.
TRANSACTION_STATEMENTS = 4


def _commits(monkeypatch) -> list:
    seen = []
    real = connection.commit

    def commit():
        seen.append(1)
        return real()

    monkeypatch.setattr(connection, "commit", commit)
    return seen


@pytest.mark.django_db(transaction=True)
def test_intake_post_in_one_transaction_within_budget(
    demo, staff_client, django_assert_max_num_queries, monkeypatch
):
    from mocua.models import Office

    office = Office.objects.get(slug="duc-thanh")
    proc = marriage_status_procedure(office)
    no_appointment_day(office, proc)
    client = staff_client("duc-thanh.clerk")
    forms = [intake_form(proc) for _ in range(3)]
    incomplete = intake_form(proc, **{f"doc_{proc.documents.order_by('position').first().pk}": ""})
    with frozen(*WEDNESDAY, 9, 0):
        assert client.post("/ho-so/tiep-nhan/", forms[0]).status_code == 302  # memos warm
        commits = _commits(monkeypatch)
        # 12 for the intake itself, and 2 the counter form asks to be drawn: the outreach sessions
        # open today (its "Nơi tiếp nhận" choices) and whether the procedure has fee exemptions.
        with django_assert_max_num_queries(14 + TRANSACTION_STATEMENTS) as q:
            response = client.post("/ho-so/tiep-nhan/", forms[1])
        # One commit for the whole intake (dossier, documents, event, receipt), one for the session's
        # sliding expiry (SESSION_SAVE_EVERY_REQUEST); the receipt's number is taken before the first.
        assert len(commits) == 2
        writes = [x["sql"].split()[2] for x in q.captured_queries if x["sql"].startswith("INSERT")]
        assert [w.strip('"') for w in writes] == [
            "dossiers_sequence",
            "dossiers_dossier",
            "dossiers_dossierdocument",
            "dossiers_auditevent",
            "dossiers_sequence",
            "dossiers_paper",
        ]
        # The same form again gives back the first dossier, with no second receipt.
        assert client.post("/ho-so/tiep-nhan/", forms[1]).status_code == 302
        with django_assert_max_num_queries(
            16 + TRANSACTION_STATEMENTS
        ):  # + the supplement request, no refresh
            client.post("/ho-so/tiep-nhan/", incomplete)
    with frozen(2026, 3, 10, 9, 0):  # a Tuesday: the normal track, an appointment slip
        client = staff_client("duc-thanh.clerk")  # a new session: the first one expired overnight
        client.post("/ho-so/tiep-nhan/", intake_form(proc))
        form = intake_form(proc)
        with django_assert_max_num_queries(14 + TRANSACTION_STATEMENTS):  # as above: 12, and 2 for the form
            assert client.post("/ho-so/tiep-nhan/", form).status_code == 302
    assert response.status_code == 302
    d = Dossier.objects.get(intake_key=forms[1]["intake_key"])
    assert response["Location"].split("?")[0].endswith(f"/{d.code}/")  # ?in=1: the print button focused
    assert d.status == Status.RECEIVED and d.due_at is not None
    assert [p.kind for p in d.papers.all()] == [PaperKind.RECEIPT]
    assert list(d.events.values_list("action", flat=True)) == ["receive"]
    assert Dossier.objects.filter(intake_key__startswith="perf-").count() == 5
    short = Dossier.objects.get(intake_key=incomplete["intake_key"])
    assert short.status == Status.AWAITING_SUPPLEMENT
    assert [p.kind for p in short.papers.all()] == [PaperKind.SUPPLEMENT_REQUEST]


@pytest.mark.django_db(transaction=True)
def test_worklist_page_within_budget(demo, staff_client, django_assert_max_num_queries):
    """Session, user, staff with roles, the bounded count, the page's rows, the unread notifications
    of the menu, the session's sliding expiry: 7, within the budget of 8 (outside a test transaction,
    as a request runs, so no savepoints are counted)."""
    from dossiers import workflow
    from mocua.models import Office
    from tests.dossier_helpers import received_dossier, staff

    office = Office.objects.get(slug="duc-thanh")
    proc = marriage_status_procedure(office)
    with frozen(*WEDNESDAY, 8, 0):
        made = [received_dossier(office, proc, needs_verification=True) for _ in range(4)]
        workflow.assign(staff("duc-thanh.clerk"), made[0], staff("duc-thanh.specialist"))
    client = staff_client("duc-thanh.clerk")
    for params in ({}, {"loc": "due_today"}, {"loc": "overdue"}, {"q": "nguyen"}):
        with frozen(2026, 3, 9, 8, 0):  # the Monday the verified dossiers are due
            client.get("/ho-so/", params)
            with django_assert_max_num_queries(8 + TRANSACTION_STATEMENTS // 2):
                response = client.get("/ho-so/", params)
        assert response.status_code == 200
        page = response.context["page"]
        if params.get("loc") != "overdue":
            assert {d.code for d in page} >= {d.code for d in made}
        with django_assert_max_num_queries(0):  # what the rows (and phone cards) show came with the page
            shown = [
                (d.code, d.received_at, d.procedure.name, d.specialist and d.specialist.full_name)
                for d in page
            ]
        assert any(assignee for *_, assignee in shown) or params.get("loc") == "overdue"
        body = response.content.decode()
        for d in page:
            assert f'href="/ho-so/{d.code}/"' in body


@pytest.mark.django_db
def test_worklist_count_is_bounded(staff_client, office, monkeypatch):
    from dossiers.selectors import BoundedPaginator
    from tests.dossier_helpers import received_dossier

    proc = marriage_status_procedure(office)
    with frozen(*WEDNESDAY, 8, 0):
        for _ in range(4):
            received_dossier(office, proc)
    client = staff_client("duc-thanh.clerk")
    monkeypatch.setattr(BoundedPaginator, "limit", 3)
    with frozen(*WEDNESDAY, 9, 0):
        page = client.get("/ho-so/").context["page"]
        assert page.paginator.bounded and page.paginator.count_label == "hơn 3 hồ sơ"
        monkeypatch.setattr(BoundedPaginator, "limit", 1000)
        page = client.get("/ho-so/").context["page"]
    assert not page.paginator.bounded and page.paginator.count_label.endswith(" hồ sơ")
    assert page.paginator.count == Dossier.objects.filter(office=office).count()
