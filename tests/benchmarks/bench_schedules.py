"""Benchmarks of the calendar and the rosters (run by `make bench`, never by the normal suite).

Figures are ratios to a floor measured in the same run:
- add_working_time over ~30 calendar days (22 working days) vs one is_working_day lookup, memo warm,
  and the same with the memo cleared before each call (a cold process);
- a year of rosters for 150 offices vs inserting the same number of shift rows with bulk_create.
"""

import datetime as dt
import time

import pytest
from django.contrib.auth import get_user_model

from mocua.demo import ensure_default_hours
from mocua.models import LeaderTitle, Office, Organisation, OrganisationKind, Role, Staff, StaffRole
from models_catalog.models import ReformKind, ReformModel
from schedules import calendar as cal
from schedules.models import Shift, Volunteer
from schedules.roster import generate_month
from tests.benchmarks.timing import p95, timings
from tests.conftest import VN

pytestmark = pytest.mark.django_db


def table(rows):
    print()
    print(f"{'benchmark':<48} {'p95 / total':>14} {'floor':>14} {'ratio':>8}")
    for name, figure, floor in rows:
        print(f"{name:<48} {figure * 1e6:>12.1f}µs {floor * 1e6:>12.1f}µs {figure / floor:>8.1f}")


def make_office(i: int) -> Office:
    office = Office.objects.create(
        name=f"UBND xã Thử {i}",
        short_name=f"Thử {i}",
        slug=f"thu-{i}",
        kind="commune",
        province="Vùng thử",
        unit_code=f"000.{i // 100:02d}.{i % 100:02d}.H99",
    )
    ensure_default_hours(office)
    return office


def test_add_working_time_30_days():
    office = make_office(0)
    starts = [dt.datetime(2026, 1, 2, 9, tzinfo=VN) + dt.timedelta(days=d, minutes=7 * d) for d in range(300)]
    cal.add_working_time(office, starts[0], 22, "working_days")  # warm the memo
    warm = timings(lambda i: cal.add_working_time(office, starts[i], 22, "working_days"), 300)
    lookup = timings(lambda i: cal.is_working_day(office, starts[i].date()), 300)

    def cold(i):
        cal.clear_memo()
        cal.add_working_time(office, starts[i], 22, "working_days")

    cold_runs = timings(cold, 60)
    table(
        [
            ("add_working_time 22 days, warm (p95)", p95(warm), p95(lookup)),
            ("add_working_time 22 days, cold memo (p95)", p95(cold_runs), p95(lookup)),
        ]
    )
    assert p95(warm) < 0.01


def test_year_of_rosters_for_150_offices():
    User = get_user_model()
    offices = [make_office(i) for i in range(150)]
    for office in offices:
        for n, (role, title) in enumerate(
            [
                (Role.CLERK, ""),
                (Role.CLERK, ""),
                (Role.LEADER, LeaderTitle.CHAIRMAN),
                (Role.LEADER, "vice_chairman"),
            ]
        ):
            user = User.objects.create(username=f"{office.slug}.{n}")
            staff = Staff.objects.create(user=user, office=office, full_name=f"Người {n}", leader_title=title)
            StaffRole.objects.create(staff=staff, role=role)
        for kind in list(OrganisationKind)[:5]:
            org = Organisation.objects.create(office=office, kind=kind, name=kind.label)
            for n in range(2):
                Volunteer.objects.create(office=office, organisation=org, full_name=f"Thành viên {n}")
        ReformModel.objects.create(
            office=office,
            kind=ReformKind.NO_APPOINTMENT,
            name="Ngày không hẹn",
            weekdays=[2],
            valid_from=dt.date(2026, 1, 1),
            volunteer_at_counter=True,
        )
    begin = time.perf_counter()
    for office in offices:
        for month in range(1, 13):
            generate_month(office, 2026, month)
    generation = time.perf_counter() - begin
    count = Shift.objects.count()
    template = list(Shift.objects.all())
    Shift.objects.all().delete()
    for s in template:
        s.pk = None
    begin = time.perf_counter()
    Shift.objects.bulk_create(template, batch_size=1000)
    floor = time.perf_counter() - begin
    table([(f"rosters 150 offices × 12 months ({count} shifts), total", generation, floor)])
    assert count > 150 * 240
