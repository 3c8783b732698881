"""Demo rosters: more people on duty for each seed office, and rosters for the current month,
the next one and December 2026. Idempotent (generate_month keeps an existing month)."""

import datetime as dt

from django.utils import timezone

from mocua.demo import COMMUNES, _person
from mocua.models import LeaderTitle, Office, Organisation, Role, Staff
from schedules.models import Volunteer
from schedules.roster import generate_month

# Two members per organisation, without logins; keyed by organisation kind.
MEMBERS = {
    "mttq": ["Nguyễn Văn Tâm", "Trần Thị Thu"],
    "hlhpn": ["Lê Thị Hằng", "Phan Thị Ngọc"],
    "dtn": ["Huỳnh Minh Khoa", "Đỗ Thị Yến"],
    "hnd": ["Bùi Văn Lộc", "Ngô Văn Sáu"],
    "hccb": ["Trương Văn Hải", "Lý Văn Phúc"],
}


def demo_months(today: dt.date) -> list[tuple[int, int]]:
    nxt = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return sorted({(today.year, today.month), (nxt.year, nxt.month), (2026, 12)})


def _people(office: Office, slug: str) -> None:
    _person(
        office,
        f"{slug}.leader2",
        "Hồ Thị Thanh",
        f"Phó Chủ tịch UBND {office.short_name}",
        [Role.LEADER],
        leader_title=LeaderTitle.VICE_CHAIRMAN,
    )
    _person(
        office, f"{slug}.clerk2", "Đinh Văn Quang", "Công chức Địa chính - Xây dựng (một cửa)", [Role.CLERK]
    )
    if slug == "thanh-binh-thinh":  # seed 001: specialists of each field at the counter on Tuesdays
        field_model = Staff.fields.field.related_model  # the catalog's Field (schedules imports no catalog)
        social = field_model.objects.filter(name="Bảo trợ xã hội").first()
        person = _person(
            office, f"{slug}.specialist2", "Trương Thị Hạnh", "Công chức Văn hóa - Xã hội", [Role.SPECIALIST]
        )
        if social is not None:
            person.fields.add(social)
    for org in Organisation.objects.filter(office=office):
        for name in MEMBERS.get(org.kind, []):
            Volunteer.objects.get_or_create(office=office, organisation=org, full_name=name)
    for staff in Staff.objects.filter(office=office, roles__role=Role.VOLUNTEER, organisation__isnull=False):
        Volunteer.objects.get_or_create(
            office=office,
            organisation=staff.organisation,
            full_name=staff.full_name,
            defaults={"staff": staff},
        )


def load(stdout=None):
    months = demo_months(timezone.localdate())
    for spec in COMMUNES:
        office = Office.objects.filter(slug=spec.slug).first()
        if office is None:
            continue
        _people(office, spec.slug)
        for year, month in months:
            generate_month(office, year, month)
    if stdout is not None:
        label = ", ".join(f"{m:02d}/{y}" for y, m in months)
        stdout.write(f"Lịch trực các đơn vị mẫu: {label}.")
