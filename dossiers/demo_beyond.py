"""Demo of issue 18 at Sa Đéc Phường 1: weekly outreach sessions over the history months with the
dossiers received there, marriage ceremonies (held and coming), and a few results returned by post.
Everything goes through the real doors (schedules.outreach, intake.receive, dossiers.workflow) with
the clock set to each step; a second load adds nothing."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dossiers import intake, workflow
from dossiers.models import Channel, Dossier
from mocua.models import Office, Staff
from schedules import calendar as cal
from schedules import outreach
from schedules.models import OutreachKind, OutreachSession

SLUG = "sa-dec-p1"
KEY = "demo18"
VN = cal.TZ
COUPLES = ["Trần Minh Tâm", "Lê Thị Thu Hà", "Phạm Quốc Bảo", "Nguyễn Thị Mỹ Duyên"]
PEOPLE = [
    "Huỳnh Văn Lợi",
    "Võ Thị Kim Ngân",
    "Đặng Văn Phúc",
    "Lâm Thị Bích Trâm",
    "Tô Văn Hậu",
    "Mai Thị Yến",
]


def _staff(role: str) -> Staff:
    return Staff.objects.get(user__username=f"{SLUG}.{role}")


def _data(proc, name: str, n: int, **extra) -> intake.IntakeData:
    docs = [intake.DocumentIn(d.pk) for d in proc.documents.order_by("position") if not d.is_optional]
    return intake.IntakeData(
        procedure=proc,
        full_name=name,
        id_number=f"0871900{n:05d}",
        phone=f"0918{n:06d}",
        address="Khóm 1, Phường 1, thành phố Sa Đéc",
        documents=docs,
        intake_key=f"{KEY}-{n}",
        **extra,
    )


def _through(d: Dossier, at: dt.datetime, *, until: str = "return", **return_kwargs) -> Dossier:
    """Take `d` through the doors, an hour a step, up to `until`."""
    clerk, spec, leader = _staff("clerk"), _staff("specialist"), _staff("leader")
    steps = [
        ("assign", lambda d, t: workflow.assign(clerk, d, spec, now=t)),
        ("start", lambda d, t: workflow.start(spec, d, now=t)),
        ("submit", lambda d, t: workflow.submit(spec, d, now=t)),
        ("approve", lambda d, t: workflow.approve(leader, d, now=t)),
        ("ready", lambda d, t: workflow.ready(spec, d, now=t)),
        ("return", lambda d, t: workflow.return_result(clerk, d, d.full_name, now=t, **return_kwargs)),
    ]
    for name, step in steps:
        at = cal.next_opening(d.office, at + dt.timedelta(minutes=40))
        if at >= timezone.now():  # history only: nothing after the real clock
            break
        d.refresh_from_db()
        d = step(d, at) or d
        if name == until:
            break
    return d


def load(stdout=None, *, today: dt.date | None = None, first: dt.date | None = None) -> int:
    """Write the demo between `first` (default: 90 days ago) and yesterday; sessions also ahead."""
    office = Office.objects.filter(slug=SLUG).first()
    if office is None or OutreachSession.objects.filter(office=office).exists():
        return 0
    today = today or timezone.localdate()
    first = first or today - dt.timedelta(days=90)
    procs = {p.code[:8]: p for p in office.procedures.filter(code__regex=r"^(1\.001193|1\.000894|2\.000815)")}
    if len(procs) < 3:
        return 0
    added = 0
    spec, secretary = _staff("specialist"), _staff("secretary")
    wednesday = first + dt.timedelta(days=(2 - first.weekday()) % 7)
    thursday = first + dt.timedelta(days=(3 - first.weekday()) % 7)
    with transaction.atomic():
        try:
            _, births, _ = outreach.create_rule(
                office,
                kind=OutreachKind.CIVIL_REGISTRATION,
                title="Hộ tịch lưu động “3 trong 1”",
                place="Văn phòng khóm 1",
                address="Đường Nguyễn Huệ, khóm 1, Phường 1",
                first_day=wednesday,
                last_day=today + dt.timedelta(days=35),
                start=dt.time(7, 30),
                end=dt.time(11, 0),
                staff=[spec],
                procedures=[procs["1.001193"], procs["2.000815"]],
            )
            outreach.create_rule(
                office,
                kind=OutreachKind.LAND_ADVICE,
                title="Tổ tư vấn thủ tục đất đai",
                place="Văn phòng khóm 3",
                address="Đường Hùng Vương, khóm 3, Phường 1",
                first_day=thursday,
                last_day=today + dt.timedelta(days=35),
                start=dt.time(13, 30),
                end=dt.time(16, 30),
                staff=[secretary],
            )
        except ValidationError as error:
            if stdout is not None:
                stdout.write("Không lập được lịch lưu động trình diễn: " + " ".join(error.messages))
            return 0
        clerk = _staff("clerk")
        n = 0
        for session in births:
            if session.date >= today:
                continue
            for k in range(2):
                n += 1
                at = session.start + dt.timedelta(minutes=35 + 50 * k)
                proc = procs["1.001193"] if k == 0 else procs["2.000815"]
                name = PEOPLE[n % len(PEOPLE)]
                d = intake.receive(clerk, _data(proc, name, n, outreach_session=session.pk), now=at)
                _through(d, at)
                added += 1
        added += _ceremonies(office, procs["1.000894"], first, today, n)
        added += _postal(office, procs["2.000815"], first, today, n + 20)
    if stdout is not None:
        stdout.write(f"Lưu động, lễ kết hôn, trả qua bưu chính (Sa Đéc Phường 1): {added} hồ sơ.")
    return added


def _morning(day: dt.date, hour: int = 8) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=VN)


def _day_in(office, first: dt.date, today: dt.date, share: float) -> dt.date:
    """The last working day on or before the point `share` of the way back from today to `first`
    (never today, never before `first`)."""
    day = today - dt.timedelta(days=max(1, int((today - first).days * share)))
    while day > first and not cal.is_working_day(office, day):
        day -= dt.timedelta(days=1)
    return max(day, first)


def _ceremonies(office, proc, first: dt.date, today: dt.date, n: int) -> int:
    """Three ceremonies held (the certificate handed over there) and one coming."""
    clerk, leader = _staff("clerk"), _staff("leader")
    added = 0
    for i, (share, name) in enumerate(zip((0.7, 0.45, 0.2, 0.1), COUPLES, strict=True)):
        at = _morning(_day_in(office, first, today, share), 9)
        d = intake.receive(clerk, _data(proc, name, n + 100 + i), now=at)
        d = _through(d, at, until="approve")
        added += 1
        if d.status != "approved":
            continue
        scheduled_at = d.events.order_by("-at").first().at + dt.timedelta(minutes=30)
        coming = i == 3
        day = cal.next_working_day(office, today if coming else scheduled_at.date())
        when = _morning(cal.next_working_day(office, day) if coming else day, 9)
        if not coming and when >= timezone.now():
            continue
        workflow.schedule_ceremony(
            clerk, d, at=when, room="Hội trường UBND Phường 1", leader=leader, now=scheduled_at
        )
        if not coming:
            workflow.ready(_staff("specialist"), d, now=when - dt.timedelta(minutes=30))
            workflow.return_result(clerk, d, name, at_ceremony=True, now=when + dt.timedelta(minutes=20))
    return added


def _postal(office, proc, first: dt.date, today: dt.date, n: int) -> int:
    clerk = _staff("clerk")
    for i, share in enumerate((0.6, 0.4, 0.25)):
        day = _day_in(office, first, today, share)
        at = _morning(day, 9)
        data = _data(proc, PEOPLE[i], n + i, channel=Channel.POST, channel_ref=f"EE{381200 + i}VN")
        d = intake.receive(clerk, data, now=at)
        _through(d, at, by_post=True, parcel_number=f"EB{552300 + i}VN", posted_on=day)
    return 3
