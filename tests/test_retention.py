"""Personal data retention (dossiers/retention.py): closed dossiers past MOCUA_RETENTION_YEARS are
anonymised once, by the sweep or the command through the same service; audit events and papers keep
their rows, archived reports their figures.

Dossier A closes on Thursday 19/11/2026, B on Friday 20/11/2026, C stays open. With 10 years of
retention, 19/11/2036 is A's last day inside retention and 20/11/2036 its first day past it.
"""

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db.models import Model

from dossiers import papers, retention, tracking
from dossiers.models import AuditEvent, Dossier, Paper, PaperKind, PaperState, Rating, Status
from mocua.jobs.registry import by_name
from mocua.jobs.runner import run_one
from reports.models import Report
from reports.periods import parse_period
from reports.selectors import report_for
from reports.services import generate_report
from tests.conftest import VN
from tests.dossier_helpers import marriage_status_procedure, received_dossier
from tests.paper_helpers import duc_thanh, people, returned_dossier

PERSONAL = ["Nhung", "nhung", "051190001234", "0912345678", "Thôn 1", "nhung@example.vn", "Lê Văn Tám"]
A_CLOSES = dt.datetime(2026, 11, 19, 10, 0, tzinfo=VN)
B_CLOSES = dt.datetime(2026, 11, 20, 10, 0, tzinfo=VN)
LAST_DAY_KEPT = dt.datetime(2036, 11, 19, 23, 59, 59, tzinfo=VN)
FIRST_DAY_PAST = dt.datetime(2036, 11, 20, 0, 0, tzinfo=VN)


def close(at: dt.datetime, who: dict, procedure) -> Dossier:
    """A dossier returned at `at` through the workflow door, rated with a comment naming people,
    its papers rendered to PDF files."""
    with time_machine.travel(at, tick=False):
        d = returned_dossier(duc_thanh(), who, procedure)
        Dossier.objects.filter(pk=d.pk).update(
            email="nhung@example.vn", birth_date=dt.date(1990, 5, 4), organisation_name="Lê Văn Tám"
        )
        tracking.rate(d, 5, "Chị Nhung cảm ơn cán bộ đã hướng dẫn tận tình.")
        for paper in d.papers.all():
            papers.render(paper.pk)
    return Dossier.objects.get(pk=d.pk)


@pytest.fixture
def world(demo, paper_media, settings):
    settings.MOCUA_RETENTION_YEARS = 10
    settings.MOCUA_RETENTION_BATCH = 1  # every dossier in its own batch: the loop is exercised
    who = people()
    procedure = marriage_status_procedure(duc_thanh())
    a = close(A_CLOSES, who, procedure)
    b = close(B_CLOSES, who, procedure)
    c = received_dossier(duc_thanh(), procedure, received_at=dt.datetime(2026, 12, 1, 9, 0, tzinfo=VN))
    for paper in c.papers.all():  # the slip the intake issued, as a worker would render it
        papers.render(paper.pk)
    with time_machine.travel(dt.datetime(2026, 12, 15, 9, 0, tzinfo=VN), tick=False):
        november = papers.render(
            papers.issue_register(duc_thanh(), dt.date(2026, 11, 1), dt.date(2026, 11, 30)).pk
        )
        december = papers.render(
            papers.issue_register(duc_thanh(), dt.date(2026, 12, 1), dt.date(2026, 12, 31)).pk
        )
        report = generate_report(duc_thanh(), parse_period("2026-11", official=False))
    return {"a": a, "b": b, "c": c, "november": november, "december": december, "report": report}


def rows_of(dossier: Dossier) -> str:
    """Every stored value of the dossier and of the rows hanging from it, as one text."""
    related: list[Model] = [
        dossier,
        *dossier.events.all(),
        *dossier.papers.all(),
        *Rating.objects.filter(dossier=dossier),
        *dossier.supplement_requests.all(),
        *dossier.documents.all(),
    ]
    return repr([{f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields} for row in related])


def pdf_path(paper: Paper) -> Path:
    return Path(paper.pdf.path)


def snapshot() -> list:
    """What a second run must leave exactly as the first left it."""
    return [
        list(Dossier.objects.order_by("id").values()),
        list(AuditEvent.objects.order_by("id").values()),
        list(Rating.objects.order_by("id").values()),
        list(Paper.objects.order_by("id").values()),
    ]


def test_the_last_day_inside_retention_is_kept_the_first_day_past_it_is_anonymised(world):
    a, b, c = world["a"], world["b"], world["c"]
    files = {p.pk: pdf_path(p) for p in a.papers.all()}
    assert files and all(path.exists() for path in files.values())
    assert all(word in rows_of(a) for word in PERSONAL)
    before = rows_of(b)

    with time_machine.travel(LAST_DAY_KEPT, tick=False):
        assert retention.anonymise_due() == dict.fromkeys(retention.COUNTS, 0)
    assert Dossier.objects.filter(anonymised_at__isnull=False).count() == 0
    assert all(path.exists() for path in files.values())

    with time_machine.travel(FIRST_DAY_PAST, tick=False):
        counts = retention.anonymise_due()

    a.refresh_from_db()
    assert counts["anonymised"] == 1 and a.anonymised_at == FIRST_DAY_PAST
    assert (a.full_name, a.masked_name, a.search_name, a.id_number, a.phone) == (
        "Đã ẩn danh",
        "Đã ẩn danh",
        "",
        "",
        "",
    )
    assert (a.address, a.email, a.birth_date, a.organisation_name, a.returned_to) == ("", "", None, "", "")
    assert not any(word in rows_of(a) for word in PERSONAL), rows_of(a)
    # Kept: the state, its dates, the outcome.
    assert a.status == Status.RETURNED and a.closed_at == A_CLOSES and a.outcome
    # Audit events redacted, not deleted: action, actor, moment and statuses stay.
    events = list(a.events.order_by("id"))
    assert [e.action for e in events] == [
        "receive",
        "assign",
        "start",
        "submit",
        "approve",
        "ready",
        "return",
    ]
    assert events[-1].note == retention.REDACTED and events[-1].to_status == Status.RETURNED
    assert events[-1].actor is not None and events[-1].at == A_CLOSES
    assert a.rating.score == 5 and a.rating.comment == retention.REDACTED
    # Papers keep their number, date and kind; their PDFs are gone from storage.
    for paper in a.papers.all():
        assert paper.state == PaperState.ANONYMISED and paper.pdf == "" and paper.number and paper.issued_on
        assert not files[paper.pk].exists()
    assert counts["files"] == len(files) and counts["comments"] == 1 and counts["notes"] >= 1
    # B's last day inside retention; C is open: both untouched.
    assert rows_of(b) == before
    assert Dossier.objects.get(pk=c.pk).anonymised_at is None

    with time_machine.travel(FIRST_DAY_PAST + dt.timedelta(days=1), tick=False):
        assert retention.anonymise_due()["anonymised"] == 1
    assert not any(word in rows_of(Dossier.objects.get(pk=b.pk)) for word in PERSONAL)
    assert Dossier.objects.get(pk=c.pk).full_name == "Nguyễn Thị Hồng Nhung"


def test_run_twice_is_the_same(world):
    with time_machine.travel(FIRST_DAY_PAST + dt.timedelta(days=1), tick=False):
        first = retention.anonymise_due()
        after_first = snapshot()
        second = retention.anonymise_due()
    assert first["anonymised"] == 2
    assert second == dict.fromkeys(retention.COUNTS, 0)
    assert snapshot() == after_first


def test_archived_report_figures_unchanged(world):
    report = world["report"]
    period = parse_period("2026-11", official=False)
    with time_machine.travel(LAST_DAY_KEPT, tick=False):
        recomputed_before = report_for(duc_thanh(), period)
    with time_machine.travel(FIRST_DAY_PAST + dt.timedelta(days=1), tick=False):
        assert retention.anonymise_due()["anonymised"] == 2
        recomputed_after = report_for(duc_thanh(), period)
    stored = Report.objects.get(pk=report.pk)
    assert stored.figures == report.figures and stored.generated_at == report.generated_at
    # The figures do not depend on any erased field: computed again, they are the same.
    recomputed_before.pop("computed_at"), recomputed_after.pop("computed_at")
    assert recomputed_after == recomputed_before
    assert stored.figures["bieu_ii06a"]["resolved"]["total"] == 2
    assert stored.figures["practices"]["satisfaction"]["ratings"] == 2


def test_a_register_goes_once_its_period_is_past_retention_and_its_dossiers_anonymised(world):
    november, december = world["november"], world["december"]
    path = pdf_path(november)
    with time_machine.travel(FIRST_DAY_PAST + dt.timedelta(days=1), tick=False):  # A and B anonymised
        assert retention.anonymise_due()["anonymised"] == 2
    november.refresh_from_db()
    assert november.state == PaperState.READY and path.exists()  # 21–30/11/2026 still inside retention
    with time_machine.travel(dt.datetime(2036, 12, 1, 0, 0, tzinfo=VN), tick=False):
        assert retention.anonymise_due()["papers"] == 1
    november.refresh_from_db()
    assert november.state == PaperState.ANONYMISED and not path.exists() and november.number
    with time_machine.travel(dt.datetime(2037, 1, 5, tzinfo=VN), tick=False):
        retention.anonymise_due()
    december.refresh_from_db()
    assert december.state == PaperState.READY  # C, received in December, is still open


def test_an_anonymised_paper_answers_a_vietnamese_page(world, client):
    a = world["a"]
    with time_machine.travel(FIRST_DAY_PAST, tick=False):
        retention.anonymise_due()
    paper = a.papers.get(kind=PaperKind.CONTROL_SLIP)
    client.force_login(people()["clerk"].user)
    response = client.get(f"/ho-so/{a.code}/giay-to/{paper.pk}/")
    assert response.status_code == 410
    assert "đã hết thời hạn lưu trữ thông tin cá nhân" in response.content.decode()
    detail = client.get(f"/ho-so/{a.code}/").content.decode()
    assert "Đã xóa tệp (hết thời hạn lưu trữ)" in detail and "Đã ẩn danh" in detail
    # Opening it renders nothing again: the paper stays anonymised, without a file.
    paper.refresh_from_db()
    assert paper.state == PaperState.ANONYMISED and paper.pdf == ""
    assert papers.heal_pending(FIRST_DAY_PAST + dt.timedelta(hours=1)) == 0


def test_the_sweep_and_the_command_use_the_same_rule(world):
    with time_machine.travel(FIRST_DAY_PAST, tick=False):
        run = run_one(by_name("retention"))
    assert run.ok and run.counts["anonymised"] == 1
    out = StringIO()
    with time_machine.travel(FIRST_DAY_PAST + dt.timedelta(days=1), tick=False):
        call_command("anonymise_dossiers", "--dry-run", stdout=out)
        assert "hồ sơ: 1" in out.getvalue() and "Chạy thử" in out.getvalue()
        assert Dossier.objects.filter(anonymised_at__isnull=False).count() == 1
        with pytest.raises(CommandError, match="vẫn còn trong thời hạn lưu trữ"):
            call_command("anonymise_dossiers", "--before", "22/11/2026")
        with pytest.raises(CommandError, match="không hợp lệ"):
            call_command("anonymise_dossiers", "--before", "20/13/2026")
        # --before narrows the rule: B closed on 20/11 is not before 20/11.
        call_command("anonymise_dossiers", "--before", "20/11/2026", stdout=out)
        assert Dossier.objects.filter(anonymised_at__isnull=False).count() == 1
        call_command("anonymise_dossiers", stdout=out)
    assert "Đã ẩn danh — hồ sơ kết thúc trước ngày 21/11/2026 (lưu trữ 10 năm). hồ sơ: 1" in out.getvalue()
    assert Dossier.objects.filter(anonymised_at__isnull=False).count() == 2


def test_retention_zero_anonymises_nothing(world, settings):
    settings.MOCUA_RETENTION_YEARS = 0
    with time_machine.travel(dt.datetime(2060, 1, 1, tzinfo=VN), tick=False):
        assert retention.anonymise_due() == {}
        with pytest.raises(CommandError, match="Chưa bật"):
            call_command("anonymise_dossiers", "--before", "01/01/2027")
    assert Dossier.objects.filter(anonymised_at__isnull=False).count() == 0


def test_a_crash_after_commit_leaves_files_the_next_run_deletes(world, monkeypatch):
    a = world["a"]
    files = [pdf_path(p) for p in a.papers.all()]
    monkeypatch.setattr(retention, "purge_files", lambda limit=None: 0)  # the process died here
    with time_machine.travel(FIRST_DAY_PAST, tick=False):
        retention.anonymise_due()
    assert all(path.exists() for path in files)
    monkeypatch.undo()
    with time_machine.travel(FIRST_DAY_PAST, tick=False):
        assert retention.anonymise_due()["files"] == len(files)
    assert not any(path.exists() for path in files)


def test_leap_day():
    assert retention.years_before(dt.date(2028, 2, 29), 10) == dt.date(2018, 2, 28)
    assert retention.years_before(dt.date(2026, 3, 1), 10) == dt.date(2016, 3, 1)
