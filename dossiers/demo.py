"""Demo history: about three months of dossiers at each seed office, lived through the one door.

For every day the counter was open in the last `MOCUA_DEMO_HISTORY_DAYS` days (91 by default;
today excluded) each seed office gets a handful of dossiers — more on its model days — received
at the counter, online or by post, and then moved step by step through `intake.receive` and the
`workflow` functions, each given the moment of its step as `now=` (no raw UPDATE of a state).
Steps that would fall after the real present are not taken, so the last days leave dossiers in
every open state: received, with a specialist, waiting for the leader, awaiting a supplement…

Each day is planned from a random generator seeded with the office and the date, and each dossier
carries the intake key `demo:<office>:<yyyymmdd>:<nn>`: a dossier already there is skipped, so a
second load adds nothing. The doors issue the history's papers as they would at the counter;
their PDFs are rendered by the worker in the background, or when first opened.
"""

import datetime as dt
import random
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from dossiers import demo_beyond, demo_citizen, demo_queue, intake, tracking, workflow
from dossiers.models import AssistedWriting, Channel, Dossier, Status
from mocua.demo import COMMUNES, _person
from mocua.models import LeaderTitle, Office, OrganisationKind, Role, Staff
from models_catalog.models import Procedure, ReformModel
from models_catalog.policy import policy_at
from schedules import calendar, roster_selectors
from schedules.models import Shift, Volunteer
from schedules.roster import generate_month

KEY_PREFIX = "demo:"
HOURS = "working_hours"

# Procedure code prefixes and how often a commune receives them (the rest: weight 1).
WEIGHTS = {
    "2.000815": 14,  # chứng thực bản sao
    "2.000884": 6,  # chứng thực chữ ký
    "1.001193": 7,  # khai sinh
    "1.004873": 7,  # xác nhận tình trạng hôn nhân
    "1.000656": 3,  # khai tử
    "1.000894": 3,  # kết hôn
    "2.000635": 4,  # trích lục hộ tịch
    "1.001612": 2,  # thành lập hộ kinh doanh
}

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Ngô"]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công"]
MIDDLE_F = ["Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ", "Hồng"]
GIVEN_M = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hải",
    "Hiếu",
    "Khánh",
    "Long",
    "Nam",
    "Phúc",
    "Sơn",
    "Tài",
    "Trung",
]
GIVEN_F = ["Anh", "Chi", "Diệu", "Hà", "Hạnh", "Hương", "Lan", "Linh", "Mai", "Nga", "Nhung", "Thảo", "Yến"]
HAMLETS = [
    "Thôn 1",
    "Thôn 2",
    "Thôn 3",
    "Thôn Phú Lộc",
    "Thôn An Hòa",
    "Tổ dân phố 4",
    "Khóm 2",
    "Ấp Tân Hưng",
]
MOBILE_PREFIXES = ["090", "091", "093", "094", "096", "097", "098", "086", "088", "032", "035", "070", "077"]

REFUSALS = [
    "Thủ tục thuộc thẩm quyền giải quyết của cơ quan cấp tỉnh, không thuộc thẩm quyền của xã.",
    "Giấy tờ xuất trình là bản chụp không có bản chính để đối chiếu; đã hướng dẫn nộp lại khi có bản chính.",
    "Người nộp không phải là người có yêu cầu và không có văn bản ủy quyền hợp lệ.",
]
MISSING_LATER = [
    "Bản sao Giấy chứng nhận quyền sử dụng đất có chứng thực",
    "Văn bản ủy quyền có chứng thực",
    "Xác nhận của Công an xã về nơi cư trú",
    "Bản chính Giấy khai sinh để đối chiếu",
]
STOPS = [
    "Người nộp đề nghị dừng giải quyết để nộp lại hồ sơ tại nơi thường trú.",
    "Người nộp rút hồ sơ theo đơn đề nghị ngày nộp.",
]
SEND_BACKS = [
    "Dự thảo kết quả ghi sai ngày sinh so với Giấy khai sinh, đề nghị sửa lại.",
    "Đề nghị bổ sung ý kiến của Công an xã trước khi trình.",
]
DELAYS = [
    ("Chờ kết quả xác minh của Công an xã", "Công an xã"),
    ("Công chức chuyên môn nghỉ ốm, chưa bàn giao kịp hồ sơ", "Bộ phận Tư pháp - Hộ tịch"),
    ("Phải lấy ý kiến của cơ quan cấp tỉnh", "Bộ phận Tư pháp - Hộ tịch"),
]
GOOD_COMMENTS = [
    "Cán bộ hướng dẫn tận tình, nhanh gọn.",
    "Nhận kết quả ngay trong ngày, rất hài lòng.",
    "Được viết hộ tờ khai, cảm ơn các cô chú.",
    "Thủ tục nhanh, không phải đi lại nhiều lần.",
]
POOR_COMMENTS = [
    "Phải chờ hơi lâu vì đông người.",
    "Trả kết quả chậm so với giấy hẹn.",
    "Cần hướng dẫn rõ hơn giấy tờ phải mang theo ngay từ đầu.",
]


@dataclass
class Cast:
    """The people and procedures of one office."""

    office: Office
    clerks: list[Staff]
    specialist: Staff
    leaders: list[Staff]
    volunteers: list[Staff]
    procedures: list[Procedure]
    weights: list[int]
    models: list = field(default_factory=list)  # the office's reform models
    on_duty: dict[dt.date, Staff] = field(default_factory=dict)


@dataclass
class Plan:
    """What happens to one dossier; moments are computed while it lives."""

    key: str
    received_at: dt.datetime
    receiver: Staff
    data: intake.IntakeData
    fate: str  # returned | late | stopped | refused | send_back | supplement_later
    speed: float  # share of the allowed working time used (over 1: late)
    rating: int | None
    comment: str
    rng_seed: int


class Clock:
    """The moment of the step being written; passed to each door as `now=`."""

    def __init__(self):
        self.now = timezone.now()


def history_days() -> int:
    return max(0, int(getattr(settings, "MOCUA_DEMO_HISTORY_DAYS", 91)))


def load(stdout=None, *, days: int | None = None, today: dt.date | None = None) -> int:
    """Add the missing history dossiers; returns how many were added."""
    days = history_days() if days is None else days
    if days <= 0:
        return 0
    real_now = timezone.now()
    today = today or timezone.localdate(real_now)
    first = today - dt.timedelta(days=days)
    done = set(Dossier.objects.filter(intake_key__startswith=KEY_PREFIX).values_list("intake_key", flat=True))
    added = 0
    clock = Clock()
    for spec in COMMUNES:
        office = Office.objects.filter(slug=spec.slug).first()
        if office is None or not office.procedures.exists():
            continue
        cast = _cast(office, first, today)
        before, began = added, time.monotonic()
        for offset in range(days):
            day = first + dt.timedelta(days=offset)
            with transaction.atomic():  # one commit per office and day
                for plan in _plans(cast, day, done):
                    if plan.key in done:
                        continue
                    _live(cast, plan, clock, real_now)
                    added += 1
        if stdout is not None:  # progress: this step takes minutes
            took = f"{time.monotonic() - began:.1f}".replace(".", ",")
            stdout.write(f"      {office.short_name}: thêm {added - before} hồ sơ ({took} giây)")
    demo_queue.load(stdout, days=days, today=today)  # the ticket queue's history (issue 18)
    if stdout is not None:
        stdout.write(f"Lịch sử hồ sơ trình diễn: thêm {added} hồ sơ trong {days} ngày trước hôm nay.")
    added += demo_beyond.load(
        stdout, today=today, first=first
    )  # outreach, ceremonies, return by post (issue 18)
    return added


# --- who and what ------------------------------------------------------------------------------


def _cast(office: Office, first: dt.date, today: dt.date) -> Cast:
    mttq = office.organisations.filter(kind=OrganisationKind.FRONT).first()
    if mttq is not None:  # a volunteer of the Front who writes forms at the counter
        volunteer = _person(
            office,
            f"{office.slug}.volunteer2",
            "Nguyễn Văn Tâm",
            "Thành viên Ủy ban MTTQ Việt Nam",
            [Role.VOLUNTEER],
            organisation=mttq,
        )
        Volunteer.objects.filter(office=office, organisation=mttq, full_name=volunteer.full_name).update(
            staff=volunteer
        )
    month = first.replace(day=1)
    while month < today.replace(day=1):  # rosters of the history months (kept when they exist)
        generate_month(office, month.year, month.month)
        month = (month + dt.timedelta(days=32)).replace(day=1)

    def people(role):
        return list(
            Staff.objects.filter(office=office, is_active=True, roles__role=role)
            .select_related("organisation")
            .order_by("pk")
        )

    procedures = list(office.procedures.prefetch_related("documents").order_by("code"))
    weights = [next((w for p, w in WEIGHTS.items() if proc.code.startswith(p)), 1) for proc in procedures]
    shifts = Shift.objects.filter(
        office=office, date__gte=first, date__lt=today, counter_staff__isnull=False
    ).select_related("counter_staff")
    return Cast(
        office=office,
        clerks=people(Role.CLERK),
        specialist=people(Role.SPECIALIST)[0],
        leaders=[s for s in people(Role.LEADER) if s.leader_title in LeaderTitle.values],
        volunteers=[s for s in people(Role.VOLUNTEER) if s.organisation_id],
        procedures=procedures,
        weights=weights,
        models=list(ReformModel.objects.filter(office=office, is_active=True).prefetch_related("procedures")),
        on_duty={s.date: s.counter_staff for s in shifts},
    )


def _name(rng: random.Random) -> tuple[str, bool]:
    female = rng.random() < 0.55
    middle, given = (MIDDLE_F, GIVEN_F) if female else (MIDDLE_M, GIVEN_M)
    return f"{rng.choice(FAMILY)} {rng.choice(middle)} {rng.choice(given)}", female


def _applicant(rng: random.Random, office: Office) -> dict:
    name, female = _name(rng)
    year = rng.randint(1950, 2004)
    century = (2 if year < 2000 else 4) + (1 if female else 0) - 2
    return {
        "full_name": name,
        "id_number": f"0{rng.randint(1, 96):02d}{century}{year % 100:02d}{rng.randint(0, 999999):06d}",
        "birth_date": dt.date(year, rng.randint(1, 12), rng.randint(1, 28)),
        "phone": f"{rng.choice(MOBILE_PREFIXES)}{rng.randint(0, 9999999):07d}",
        "address": f"{rng.choice(HAMLETS)}, {office.name.removeprefix('UBND ')}",
    }


# --- planning a day ----------------------------------------------------------------------------


def _key(office: Office, day: dt.date, i: int) -> str:
    return f"{KEY_PREFIX}{office.slug}:{day:%Y%m%d}:{i:02d}"


def _plans(cast: Cast, day: dt.date, done: set[str] = frozenset()) -> list[Plan]:
    """The dossiers of `office` on `day` ([] when the counter was closed or all are already there)."""
    office = cast.office
    status = calendar.day_status(office, day)
    periods = calendar.opening_periods(office, day)
    if not status.open_for_intake or not periods:
        return []
    rng = random.Random(f"{office.slug}:{day.isoformat()}")
    model_day = [
        m
        for m in roster_selectors.models_on_day(cast.models, status)
        if m.same_day_result or m.assisted_writing
    ]
    count = rng.randint(3, 8) + (rng.randint(4, 7) if model_day else 0)
    if len(periods) == 1:  # a Saturday morning
        count = max(2, count // 2)
    if all(_key(office, day, i) in done for i in range(count)):
        return []
    moments = sorted(_moment_in(rng, periods) for _ in range(count))
    # On a model day, most dossiers are for the procedures the model covers.
    covered = [p for p in cast.procedures if any(m.covers(p) for m in model_day)]
    plans = []
    for i, at in enumerate(moments):
        if covered and rng.random() < 0.6:
            proc = rng.choice(covered)
        else:
            proc = rng.choices(cast.procedures, weights=cast.weights)[0]
        plans.append(_plan(rng, cast, day, i, at, proc))
    return plans


def _moment_in(rng: random.Random, periods) -> dt.datetime:
    start, end = rng.choice(periods)
    span = int((end - start).total_seconds() // 60) - 20
    return start + dt.timedelta(minutes=rng.randint(0, max(span, 1)))


def _plan(rng: random.Random, cast: Cast, day: dt.date, i: int, at: dt.datetime, proc: Procedure) -> Plan:
    office = cast.office
    receiver = cast.on_duty.get(day) or cast.clerks[i % len(cast.clerks)]
    roll = rng.random()
    fate = (
        "refused"
        if roll < 0.03
        else "stopped"
        if roll < 0.05
        else "supplement_later"
        if roll < 0.09
        else "send_back"
        if roll < 0.13
        else "late"
        if roll < 0.18
        else "returned"
    )
    required = [d for d in proc.documents.all() if not d.is_optional]
    documents = [intake.DocumentIn(d.pk, d.form, d.quantity) for d in required]
    if required and fate == "returned" and rng.random() < 0.09:
        documents.pop(rng.randrange(len(documents)))  # incomplete: a supplement request at intake
    channel = rng.choices([Channel.COUNTER, Channel.ONLINE, Channel.POST], weights=[72, 20, 8])[0]
    channel_ref = {
        Channel.ONLINE: f"G{rng.randint(10, 99)}.{office.unit_code[-3:]}-{day:%y%m%d}-{rng.randint(1, 9999):04d}",
        Channel.POST: f"EB{rng.randint(0, 999999999):09d}VN",
    }.get(channel, "")
    policy = policy_at(office, proc, at)
    assisted, helper = AssistedWriting.NONE, None
    if channel == Channel.COUNTER and not proc.writing_forbidden:
        roll = rng.random()
        if policy.assisted_writing and roll < 0.7 or roll < 0.08:
            assisted, helper = AssistedWriting.STAFF, receiver
        elif cast.volunteers and (roll < 0.16 or policy.volunteer_at_counter and roll < 0.4):
            assisted, helper = AssistedWriting.VOLUNTEER, rng.choice(cast.volunteers)
    online_help = channel == Channel.ONLINE and policy.online_help and rng.random() < 0.5
    data = intake.IntakeData(
        procedure=proc.code,
        organisation_name="Hộ kinh doanh " + _name(rng)[0] if proc.code.startswith("1.001612") else "",
        channel=channel,
        channel_ref=channel_ref,
        documents=documents,
        assisted_writing=assisted,
        assisted_by=helper,
        online_help=online_help,
        needs_verification=proc.may_need_verification and rng.random() < 0.12,
        intake_key=_key(office, day, i),
        refusal_reasons=rng.choice(REFUSALS) if fate == "refused" else "",
        **demo_citizen.with_consent(_applicant(rng, office)),
    )
    speed = (
        rng.uniform(1.05, 1.6)
        if fate == "late"
        else rng.choice([rng.uniform(0.2, 0.6), rng.uniform(0.6, 0.97)])
    )
    score = rng.choices([5, 4, 3, 2, 1], weights=[55, 30, 9, 4, 2])[0] if rng.random() < 0.45 else None
    if fate == "late" and score:
        score = min(score, rng.choice([2, 3, 4]))
    comment = ""
    if score and rng.random() < 0.4:
        comment = rng.choice(GOOD_COMMENTS if score >= 4 else POOR_COMMENTS)
    return Plan(data.intake_key, at, receiver, data, fate, speed, score, comment, rng.randint(0, 2**31))


# --- living it ---------------------------------------------------------------------------------


def _after(office, at: dt.datetime, hours: float) -> dt.datetime:
    return calendar.add_working_time(office, at, dt.timedelta(hours=hours), HOURS)


class _Stop(Exception):
    """The next step would be in the future: the dossier stays where it is."""


@transaction.atomic
def _live(cast: Cast, plan: Plan, clock: Clock, real_now: dt.datetime) -> Dossier:
    rng = random.Random(plan.rng_seed)
    office = cast.office

    def at(moment: dt.datetime) -> None:
        if moment >= real_now:
            raise _Stop
        clock.now = moment

    clock.now = plan.received_at
    d = intake.receive(plan.receiver, plan.data, now=clock.now)
    try:
        if d.status == Status.REFUSED:
            return d
        clerk = plan.receiver if plan.receiver.has_role(Role.CLERK) else cast.clerks[0]
        if d.status == Status.AWAITING_SUPPLEMENT:
            if rng.random() < 0.2:
                return d  # the citizen never came back with the papers
            at(_after(office, d.received_at, rng.uniform(3, 20)))
            d = workflow.supplement(clerk, d, "Người nộp đã mang đủ giấy tờ.", now=clock.now)
        _process(cast, plan, d, clerk, rng, at, clock)
    except _Stop:
        pass
    return d


def _process(cast: Cast, plan: Plan, d: Dossier, clerk: Staff, rng, at, clock: Clock) -> None:
    office, specialist = cast.office, cast.specialist
    leader = rng.choice(cast.leaders)
    start = clock.now
    allowed = calendar.working_time_between(office, start, d.due_at)
    span = allowed * plan.speed
    if plan.fate == "late":
        span = max(span, allowed + dt.timedelta(hours=rng.uniform(1, 6)))

    same_day = d.is_same_day and plan.fate != "late"

    def step(share: float) -> dt.datetime:
        """The moment `share` of the way through the work, never before the last step."""
        if same_day:  # within today's opening hours, a Saturday morning included
            return max(start + (d.due_at - start) * min(plan.speed, 0.95) * share, clock.now)
        return max(calendar.add_working_time(office, start, span * share, HOURS), clock.now)

    # The clerk hands the dossier over at once (same day) or within a few working hours.
    at(step(0.1) if same_day else _after(office, start, rng.uniform(0.2, 3.0)))
    d = workflow.assign(clerk, d, specialist, now=clock.now)
    at(step(0.15))
    d = workflow.start(specialist, d, now=clock.now)
    if plan.fate == "stopped":
        at(step(0.35))
        workflow.stop(clerk, d, rng.choice(STOPS), now=clock.now)
        return
    if plan.fate == "supplement_later":
        at(step(0.25))
        workflow.request_supplement(specialist, d, [rng.choice(MISSING_LATER)], now=clock.now)
        wait = rng.uniform(4, 24)
        at(_after(office, clock.now, wait))
        d = workflow.supplement(clerk, d, "Người nộp đã bổ sung giấy tờ.", now=clock.now)
        start = clock.now
        allowed = calendar.working_time_between(office, start, d.due_at)
        span = allowed * min(plan.speed, 0.95)
    if plan.fate == "late" and allowed > dt.timedelta(hours=5):  # staff foresee the delay
        foresee = calendar.add_working_time(office, start, allowed - dt.timedelta(hours=4), HOURS)
        if foresee > clock.now:
            at(foresee)
            reason, unit = rng.choice(DELAYS)
            letter = workflow.apologise(
                specialist,
                d,
                reason=reason,
                responsible_unit=unit,
                responsible_person=specialist.full_name,
                new_due_at=_after(office, d.due_at, 16),
                now=clock.now,
            )
            at(_after(office, clock.now, rng.uniform(0.5, 3)))
            workflow.sign_apology(leader, letter, now=clock.now)
    at(step(0.7))
    d = workflow.submit(specialist, d, now=clock.now)
    if plan.fate == "send_back":
        at(step(0.75))
        d = workflow.send_back(leader, d, rng.choice(SEND_BACKS), now=clock.now)
        at(step(0.8))
        d = workflow.submit(specialist, d, now=clock.now)
    at(step(0.85))
    d = workflow.approve(leader, d, now=clock.now)
    at(step(0.92))
    d = workflow.ready(specialist, d, now=clock.now)
    at(max(step(1.0), clock.now + dt.timedelta(minutes=0 if same_day else 5)))
    returned_to = d.full_name if rng.random() < 0.85 else f"Người được ủy quyền của {d.full_name}"
    receiver = cast.on_duty.get(timezone.localdate(clock.now)) or clerk
    d = workflow.return_result(receiver, d, returned_to, now=clock.now)
    if plan.rating:
        at(clock.now + dt.timedelta(minutes=rng.randint(5, 600)))
        tracking.rate(d, plan.rating, plan.comment, now=clock.now)
