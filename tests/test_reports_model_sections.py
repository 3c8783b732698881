"""Reform-model sections count the dossiers handled under each model: its days, dates, window and procedures."""

import datetime as dt

import pytest
import time_machine

from dossiers.models import AssistedWriting
from mocua.models import Office
from models_catalog.models import ReformKind, ReformModel
from reports import sections
from reports.periods import build
from schedules.models import Shift
from schedules.roster import generate_month
from tests.conftest import at
from tests.dossier_helpers import (
    duty_office,
    marriage_status_procedure,
    ninth_hour,
    other_procedure,
    received_dossier,
    staff,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(demo):
    return Office.objects.get(slug="luan-thanh")


def test_ninth_hour_counts_dossiers_inside_its_window_and_dates(office):
    proc = marriage_status_procedure(office)
    model = ninth_hour(office, dt.date(2026, 2, 23), dt.date(2026, 3, 23), all_procedures=True)
    counted = received_dossier(office, proc, received_at=at(2026, 3, 2, 16, 45))
    last_day = received_dossier(office, proc, received_at=at(2026, 3, 23, 17, 29))
    assert counted.in_extra_hour and last_day.in_extra_hour  # the intake marks them
    received_dossier(office, proc, received_at=at(2026, 3, 2, 10, 0))  # the same day, office hours
    received_dossier(office, proc, received_at=at(2026, 3, 24, 16, 45))  # the day after the range
    section = sections.model_section(office, model, build(2026, "quarter", 1, official=False))
    assert section["handled"] == 2 and section["extra_hour"] == 2


def test_no_writing_day_counts_its_weekday_and_chosen_procedures(office):
    chosen, other = marriage_status_procedure(office), other_procedure(office)
    model = ReformModel.objects.create(
        office=office,
        kind=ReformKind.NO_WRITING,
        name="Thứ Ba “Ngày không viết”",
        weekdays=[1],
        valid_from=dt.date(2026, 1, 1),
        assisted_writing=True,
    )
    model.procedures.add(chosen)
    tuesday, wednesday = (2026, 11, 17), (2026, 11, 18)
    clerk = staff("luan-thanh.clerk")
    received_dossier(
        office, chosen, received_at=at(*tuesday, 8), assisted_writing=AssistedWriting.STAFF, assisted_by=clerk
    )
    received_dossier(office, chosen, received_at=at(*tuesday, 16, 50))  # late afternoon, still Tuesday
    received_dossier(office, other, received_at=at(*tuesday, 9))  # a procedure it does not cover
    received_dossier(office, chosen, received_at=at(*wednesday, 9))  # another weekday
    section = sections.model_section(office, model, build(2026, "month", 11, official=False))
    assert section["handled"] == 2 and section["assisted_by_staff"] == 1
    assert section["same_day_promised"] == 0  # no same-day promise was made under it


def test_volunteers_mobilised_are_the_roster_shifts_held_so_far(demo):
    office = duty_office()
    generate_month(office, 2026, 11)
    month = build(2026, "month", 11, official=False)
    held = Shift.objects.filter(office=office, volunteer__isnull=False, date__lte=dt.date(2026, 11, 18))
    assert held.count() == 3  # Wednesdays 4, 11 and 18 November; 25 November is still ahead
    with time_machine.travel(at(2026, 11, 18, 9), tick=False):
        mobilised = sections.volunteers_mobilised(office, month)
    assert mobilised == {
        "shifts": 3,
        "people": held.values("volunteer").distinct().count(),
        "organisations": held.values("volunteer__organisation").distinct().count(),
    }
    assert mobilised["people"] == 3  # fair rotation: nobody twice while others are free
