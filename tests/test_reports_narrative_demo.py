"""The demo of issue 17: with dossier history, each commune's last quarterly report is evaluated,
approved and archived with its PDF, and carries corrective actions (one done, one overdue)."""

import datetime as dt
import io

import time_machine
from django.core.management import call_command

from reports import demo_narratives
from reports.models import CorrectiveAction, Narrative
from tests.conftest import VN

NOW = dt.datetime(2026, 9, 28, 9, 0, tzinfo=VN)  # quý III (15/6–14/9) has ended


def test_no_history_no_narrative(demo):
    call_command("load_demo", stdout=io.StringIO())
    assert not Narrative.objects.exists() and not CorrectiveAction.objects.exists()


def test_each_commune_has_its_last_quarter_evaluated_with_corrective_actions(db, settings):
    from dossiers import demo as dossier_demo
    from mocua import demo as office_demo
    from models_catalog import demo as catalog_demo

    settings.MOCUA_DEMO_HISTORY_DAYS = 20
    with time_machine.travel(NOW, tick=False):
        office_demo.load()
        catalog_demo.load()
        dossier_demo.load()
        assert demo_narratives.load() == 5
        assert demo_narratives.load() == 0  # a second load changes nothing
    narratives = Narrative.objects.filter(period="2026-Q3").select_related("report", "office")
    assert narratives.count() == 5
    for n in narratives:
        assert n.approved and n.report.pdf and n.report.xlsx, n.office
        assert "Trong quý III năm 2026, đơn vị tiếp nhận mới" in n.highlights
        assert n.report.figures["narrative"]["causes"] == n.causes
    actions = CorrectiveAction.objects.all()
    assert actions.values("office").distinct().count() == 5
    today = NOW.date()
    assert any(a.done_on for a in actions) and any(a.overdue_on(today) for a in actions)
    assert any(a.done_on is None and not a.overdue_on(today) for a in actions)
    for n in narratives:
        assert "biện pháp khắc phục:" in n.causes and n.report.figures["corrective_actions"]
