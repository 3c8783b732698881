"""A seeded province for benchmarks and demos: one Sở Nội vụ, its offices and millions of dossiers.

The offices, people, reform models and targets are made with the ORM; the dossiers and
what hangs off them (ratings, apology letters, supplement requests) with INSERT … SELECT
generate_series on PostgreSQL, so two million rows take minutes. The rows are written
directly, as a data import would be, not through dossiers.workflow: they carry their
end state (closed_at, outcome, promised_same_day) but no audit trail.

Deterministic: the same options give the same data (setseed).
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from dossiers.models import Dossier
from mocua.demo import DEMO_PASSWORD
from mocua.models import (
    LeaderTitle,
    Office,
    OfficeKind,
    Organisation,
    OrganisationKind,
    Role,
    Staff,
    StaffRole,
)
from models_catalog.models import Field, Procedure, ReformKind, ReformModel, TimeUnit
from models_catalog.text import fold
from reports.models import OnlineTarget, Report
from schedules import calendar

SUPERVISOR_SLUG = "so-noi-vu-thu-tai"
SUPERVISOR_LOGIN = f"{SUPERVISOR_SLUG}.supervisor"
PROVINCE = "Tỉnh thử tải"
SLUG_PREFIX = "thu-tai-"
MAX_OFFICES = 999

FIRST = ["An", "Bình", "Hòa", "Phú", "Tân", "Long", "Mỹ", "Thạnh", "Phước", "Vĩnh"]
FIRST += ["Hưng", "Thới", "Đông", "Tây", "Nam", "Khánh", "Định", "Trung"]
SECOND = ["Bình", "Hòa", "Thạnh", "Lợi", "Phú", "An", "Hưng", "Thuận", "Long", "Tân"]
PEOPLE = ["Nguyễn Văn An", "Trần Thị Bích", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em"]
PEOPLE += ["Võ Thị Giang", "Đặng Văn Hải", "Bùi Thị Hạnh", "Đỗ Văn Khoa", "Ngô Thị Lan"]
PEOPLE += ["Dương Văn Minh", "Lý Thị Ngọc"]
REASONS = ["Hồ sơ cần xác minh thêm", "Cán bộ phụ trách đi công tác", "Chờ ý kiến cơ quan liên quan"]
UNITS = ["Công chức Tư pháp - Hộ tịch", "Công chức Địa chính - Xây dựng", "Văn phòng HĐND và UBND"]


class ProvinceError(Exception):
    """The seed cannot run; str(error) is the Vietnamese message."""


@dataclass
class Seeded:
    supervisor: Office
    offices: int
    dossiers: int
    skipped: bool = False


def office_names(count: int) -> list[str]:
    names = [f"{a} {b}" for a in FIRST for b in SECOND if a != b]
    out = names[:count]
    n = 2
    while len(out) < count:  # more offices than name pairs: number them
        out += [f"{name} {n}" for name in names[: count - len(out)]]
        n += 1
    return out


def _user(username: str, *, password: str | None = None):
    user, _ = get_user_model().objects.get_or_create(username=username)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    return user


def _person(office, username, full_name, position, role, **extra) -> Staff:
    staff, _ = Staff.objects.update_or_create(
        user=_user(username, password=DEMO_PASSWORD if role == Role.SUPERVISOR else None),
        defaults={"office": office, "full_name": full_name, "position": position, **extra},
    )
    StaffRole.objects.get_or_create(staff=staff, role=role)
    return staff


def supervisor_office() -> Office:
    office, _ = Office.objects.update_or_create(
        slug=SUPERVISOR_SLUG,
        defaults={
            "name": f"Sở Nội vụ ({PROVINCE.lower()})",
            "short_name": "Sở Nội vụ",
            "kind": OfficeKind.PROVINCE_HOME_AFFAIRS,
            "province": PROVINCE,
            "parent_body": "ỦY BAN NHÂN DÂN TỈNH",
            "counter_name": "Sở Nội vụ",
            "unit_code": "000.00.00.T98",
        },
    )
    _person(office, SUPERVISOR_LOGIN, "Trương Quang Vinh", "Chuyên viên Sở Nội vụ", Role.SUPERVISOR)
    return office


def _procedures() -> list[Procedure]:
    if not Procedure.objects.exists():
        from models_catalog.demo import STARTER_CATALOG
        from models_catalog.transfer import import_catalog

        import_catalog(STARTER_CATALOG.name, STARTER_CATALOG.read_bytes(), by=None)
    return list(Procedure.objects.order_by("code"))


def _short(p: Procedure) -> bool:
    """Procedures the same-day model covers: same-day ones and those of five working days at most."""
    return p.time_unit == TimeUnit.SAME_DAY or (
        p.time_unit == TimeUnit.WORKING_DAYS and p.processing_time <= 5 and not p.may_need_verification
    )


def _days(p: Procedure) -> int:
    """The procedure's time limit in whole working days (at least one)."""
    if p.time_unit == TimeUnit.WORKING_HOURS:
        return max(1, p.processing_time // 8)
    if p.time_unit == TimeUnit.SAME_DAY:
        return 1
    return max(1, p.processing_time)


def _office(i: int, name: str, supervisor: Office, procedures, short) -> dict:
    kind = OfficeKind.WARD if i % 7 == 0 else OfficeKind.COMMUNE
    label = "phường" if kind == OfficeKind.WARD else "xã"
    office, _ = Office.objects.update_or_create(
        slug=f"{SLUG_PREFIX}{i:03d}",
        defaults={
            "name": f"UBND {label} {name}",
            "short_name": name,
            "kind": kind,
            "province": PROVINCE,
            "parent_body": f"ỦY BAN NHÂN DÂN {label.upper()} {name.upper()}",
            "counter_name": f"Bộ phận Một cửa {label} {name}",
            "unit_code": f"000.{60 + i // 100:02d}.{i % 100:02d}.T98",
            "supervisor": supervisor,
        },
    )
    office.procedures.add(*procedures)
    org, _ = Organisation.objects.get_or_create(
        office=office, name="Hội Liên hiệp Phụ nữ", defaults={"kind": OrganisationKind.WOMEN}
    )
    weekday = i % 5  # Monday .. Friday
    model, _ = ReformModel.objects.update_or_create(
        office=office,
        kind=ReformKind.NO_APPOINTMENT,
        name="Ngày không hẹn",
        defaults={
            "weekdays": [weekday],
            "valid_from": dt.date(2024, 1, 1),
            "same_day_result": True,
            "no_appointment_slip": True,
            "assisted_writing": True,
            "volunteer_at_counter": True,
            "extra_hour": True,
            "window_start": dt.time(16, 30),
            "window_end": dt.time(17, 30),
        },
    )
    model.procedures.set(short)
    slug = office.slug
    clerk = _person(office, f"{slug}.clerk", PEOPLE[i % 12], "Công chức Văn phòng - Thống kê", Role.CLERK)
    specialist = _person(
        office, f"{slug}.specialist", PEOPLE[(i + 3) % 12], "Công chức Tư pháp - Hộ tịch", Role.SPECIALIST
    )
    leader = _person(
        office,
        f"{slug}.leader",
        PEOPLE[(i + 6) % 12],
        f"Chủ tịch UBND {label} {name}",
        Role.LEADER,
        leader_title=LeaderTitle.CHAIRMAN,
    )
    return {
        "office": office.pk,
        "clerk": clerk.pk,
        "specialist": specialist.pk,
        "leader": leader.pk,
        "org": org.pk,
        "model": model.pk,
        "isodow": weekday + 1,
        "late": round(0.01 + 0.09 * ((i * 37) % 100) / 100, 4),  # each office its own late rate
    }


def working_days(office: Office, first: dt.date, last: dt.date) -> list[dt.date]:
    out, day = [], first
    while day <= last:
        if calendar.is_working_day(office, day):
            out.append(day)
        day += dt.timedelta(days=1)
    return out


def reset(supervisor: Office) -> None:
    """Remove the area's dossiers and everything hanging off them (the offices stay).

    Raw DELETEs: the ORM would load millions of rows to collect the cascades.
    """
    offices = list(Office.objects.filter(supervisor=supervisor).values_list("pk", flat=True))
    children = ["dossiers_rating", "dossiers_apologyletter", "dossiers_supplementrequest"]
    children += ["dossiers_auditevent", "dossiers_dossierdocument", "dossiers_paper"]
    with connection.cursor() as cur:
        for table in children:
            cur.execute(
                f"DELETE FROM {table} WHERE dossier_id IN "  # noqa: S608 (table names are constants)
                "(SELECT id FROM dossiers_dossier WHERE office_id = ANY(%s))",
                [offices],
            )
        cur.execute("DELETE FROM dossiers_dossier WHERE office_id = ANY(%s)", [offices])
    Report.objects.filter(office__supervisor=supervisor).delete()


# One row per dossier, in the order of the days (so that index inserts mostly append). The stages: a = the random draws; b = when and what; c = its fate; d = the row.
DOSSIERS_SQL = """
INSERT INTO dossiers_dossier (
    office_id, code, procedure_id, full_name, search_name, id_number, phone, address, email,
    organisation_name, channel, channel_ref, status, track, received_at, due_at, specialist_id, result_ready_at,
    returned_at, returned_to, outcome, reform_model_id, in_extra_hour, needs_verification,
    assisted_writing, assisted_by_id, assisted_organisation_id, online_help, secret, received_by_id,
    created_at, closed_at, promised_same_day)
SELECT office_id, code, procedure_id, full_name, search_name, id_number, phone, address, '',
    '', channel, '', status, track, received_at, due_at, specialist_id,
    CASE WHEN status = 'returned' THEN finish END,
    CASE WHEN status = 'returned' THEN finish END,
    CASE WHEN status = 'returned' THEN full_name ELSE '' END,
    CASE WHEN status <> 'returned' THEN ''
         WHEN finish > due_at THEN 'late'
         WHEN (finish AT TIME ZONE %(tz)s)::date < (due_at AT TIME ZONE %(tz)s)::date THEN 'early'
         ELSE 'on_time' END,
    CASE WHEN same_day THEN model_id END, in_extra_hour, false,
    assisted, CASE WHEN assisted = 'staff' THEN clerk_id END,
    CASE WHEN assisted = 'volunteer' THEN org_id END, online_help, secret, clerk_id,
    received_at,
    CASE WHEN status IN ('returned', 'refused', 'stopped') THEN finish END,
    same_day
FROM (
    SELECT c.*,
        CASE WHEN fate = 'refused' AND finish <= %(now)s THEN 'refused'
             WHEN fate = 'stopped' AND finish <= %(now)s THEN 'stopped'
             WHEN fate = 'returned' AND finish <= %(now)s THEN 'returned'
             WHEN r_sup < 0.04 THEN 'awaiting_supplement'
             WHEN finish - received_at < interval '1 hour' THEN 'received'
             ELSE 'processing' END AS status,
        CASE WHEN same_day AND converted THEN 'normal' WHEN same_day THEN 'same_day' ELSE 'normal' END AS track,
        CASE WHEN same_day AND converted
             THEN ((received_at AT TIME ZONE %(tz)s)::date + 3 + time '17:00') AT TIME ZONE %(tz)s
             ELSE due_first END AS due_at
    FROM (
        SELECT b.*,
            CASE WHEN r_fate < 0.02 THEN 'refused' WHEN r_fate < 0.03 THEN 'stopped'
                 WHEN r_fate > 0.997 THEN 'stuck' ELSE 'returned' END AS fate,
            same_day AND late AND r_conv < 0.5 AS converted,
            CASE WHEN r_fate < 0.03 THEN received_at + r_ret * interval '3 days'
                 WHEN late THEN due_first + (1 + r_ret * 72) * interval '1 hour'
                 ELSE greatest(received_at + interval '20 minutes',
                               received_at + (due_first - received_at) * (0.15 + 0.85 * r_ret)) END AS finish
        FROM (
            SELECT a.*,
                (day + local_time) AT TIME ZONE %(tz)s AS received_at,
                model_day AND short AND local_time < time '15:00' AND r_sd < 0.85 AS same_day,
                CASE WHEN model_day AND short AND local_time < time '15:00' AND r_sd < 0.85
                     THEN (day + time '17:00') AT TIME ZONE %(tz)s
                     ELSE (day + ceil(pdays * 1.4)::int + time '17:00') AT TIME ZONE %(tz)s END AS due_first,
                r_late < late_rate AS late,
                CASE WHEN r_chan < online_share THEN 'online'
                     WHEN r_chan < online_share + 0.08 THEN 'post' ELSE 'counter' END AS channel,
                model_day AND local_time >= time '16:30' AS in_extra_hour,
                CASE WHEN NOT model_day OR r_as >= 0.3 THEN ''
                     WHEN r_as < 0.15 THEN 'volunteer' ELSE 'staff' END AS assisted,
                r_help < 0.12 AS online_help
            FROM (
                SELECT g,
                    'PV-' || lpad(g::text, 9, '0') AS code,
                    (%(offices)s::int[])[oi] AS office_id,
                    (%(clerks)s::int[])[oi] AS clerk_id,
                    (%(specialists)s::int[])[oi] AS specialist_id,
                    (%(orgs)s::int[])[oi] AS org_id,
                    (%(models)s::int[])[oi] AS model_id,
                    (%(late)s::float8[])[oi] AS late_rate,
                    (%(procedures)s::int[])[pi] AS procedure_id,
                    (%(pdays)s::int[])[pi] AS pdays,
                    (%(short)s::bool[])[pi] AS short,
                    (%(days)s::date[])[di] AS day,
                    extract(isodow FROM (%(days)s::date[])[di]) = (%(isodow)s::int[])[oi] AS model_day,
                    0.25 + 0.2 * di / %(n_days)s AS online_share,
                    CASE WHEN r_time < 0.6 THEN time '07:30' + r_time / 0.6 * interval '4 hours'
                         ELSE time '13:30' + (r_time - 0.6) / 0.4 * interval '3 hours 30 minutes'
                         END AS local_time,
                    (%(names)s::text[])[1 + g %% %(n_names)s] AS full_name,
                    (%(folded_names)s::text[])[1 + g %% %(n_names)s] AS search_name,
                    lpad((g::bigint * 7919 %% 1000000000000)::text, 12, '0') AS id_number,
                    '09' || lpad((g %% 100000000)::text, 8, '0') AS phone,
                    'Ấp ' || (1 + g %% 12) AS address,
                    substr(md5(g::text), 1, 8) AS secret,
                    r_chan, r_fate, r_late, r_ret, r_sd, r_conv, r_as, r_help, r_sup
                FROM (
                    SELECT g,
                        1 + (g %% %(n_offices)s) AS oi,
                        1 + floor(power(random(), 1.6) * %(n_procedures)s)::int AS pi,
                        1 + floor((g - 1)::float8 * %(n_days)s / %(count)s)::int AS di,
                        random() AS r_time, random() AS r_chan, random() AS r_fate, random() AS r_late,
                        random() AS r_ret, random() AS r_sd, random() AS r_conv, random() AS r_as,
                        random() AS r_help, random() AS r_sup
                    FROM generate_series(%(first)s::bigint, %(last)s::bigint) g
                ) r
            ) a
        ) b
    ) c
) d
"""

RATINGS_SQL = """
INSERT INTO dossiers_rating (dossier_id, score, comment, created_at)
SELECT id, CASE WHEN r < 0.58 THEN 5 WHEN r < 0.84 THEN 4 WHEN r < 0.93 THEN 3 WHEN r < 0.975 THEN 2 ELSE 1 END,
       '', returned_at + interval '10 minutes'
FROM (SELECT d.id, d.returned_at, random() AS r, random() AS pick
      FROM dossiers_dossier d WHERE d.code LIKE 'PV-%%' AND d.status = 'returned') x
WHERE pick < 0.35
"""

APOLOGIES_SQL = """
INSERT INTO dossiers_apologyletter (dossier_id, missed_due_at, reason, responsible_unit, responsible_person,
    new_due_at, is_second_postponement, status, signed_by_id, signed_at, number, created_by_id, created_at)
SELECT d.id, d.due_at, (%(reasons)s::text[])[1 + d.id %% 3], (%(units)s::text[])[1 + d.id %% 3], '',
       d.due_at + interval '3 days', false, 'signed', m.leader_id, d.due_at + interval '2 hours', '',
       NULL, d.due_at + interval '1 hour'
FROM dossiers_dossier d JOIN unnest(%(offices)s::int[], %(leaders)s::int[]) AS m(office_id, leader_id)
     ON m.office_id = d.office_id
WHERE d.code LIKE 'PV-%%' AND d.due_at < %(now)s - interval '1 hour'
  AND (d.outcome = 'late' OR (d.closed_at IS NULL AND d.status <> 'awaiting_supplement'))
"""

SUPPLEMENTS_SQL = """
INSERT INTO dossiers_supplementrequest (dossier_id, stage, issued_at, missing, issued_by_id, resolved_at,
    is_breach, override_reason, overridden_by_id)
SELECT d.id, 'processing', d.received_at + interval '1 hour', '["Bản sao giấy khai sinh"]'::jsonb,
       d.received_by_id,
       CASE WHEN d.status = 'awaiting_supplement' THEN NULL
            ELSE d.received_at + interval '1 hour' + (coalesce(d.closed_at, %(now)s) - d.received_at) / 3 END,
       false, '', NULL
FROM dossiers_dossier d
WHERE d.code LIKE 'PV-%%' AND d.received_at + interval '1 hour' < %(now)s
  AND (d.status = 'awaiting_supplement'
       OR (d.closed_at > d.received_at + interval '2 hours' AND d.id %% 29 = 0))
"""


def _insert_dossiers(rows: list[dict], procedures, short, days, count: int, now, batch: int, log) -> None:
    params = {
        "tz": "Asia/Ho_Chi_Minh",
        "now": now,
        "offices": [r["office"] for r in rows],
        "clerks": [r["clerk"] for r in rows],
        "specialists": [r["specialist"] for r in rows],
        "orgs": [r["org"] for r in rows],
        "models": [r["model"] for r in rows],
        "isodow": [r["isodow"] for r in rows],
        "late": [r["late"] for r in rows],
        "n_offices": len(rows),
        "procedures": [p.pk for p in procedures],
        "pdays": [_days(p) for p in procedures],
        "short": [_short(p) for p in procedures],
        "n_procedures": len(procedures),
        "days": days,
        "n_days": len(days),
        "count": count,
        "names": PEOPLE,
        "folded_names": [fold(name) for name in PEOPLE],
        "n_names": len(PEOPLE),
    }
    with connection.cursor() as cur:
        cur.execute("SELECT setseed(0.2026)")
        for first in range(1, count + 1, batch):
            last = min(count, first + batch - 1)
            cur.execute(DOSSIERS_SQL, {**params, "first": first, "last": last})
            log(f"  {last:,} / {count:,} hồ sơ".replace(",", "."))
        cur.execute(SUPPLEMENTS_SQL, {"now": now})
        cur.execute(
            APOLOGIES_SQL,
            {
                "now": now,
                "offices": params["offices"],
                "leaders": [r["leader"] for r in rows],
                "reasons": REASONS,
                "units": UNITS,
            },
        )
        cur.execute(RATINGS_SQL)
        cur.execute("ANALYZE dossiers_dossier")
        cur.execute("ANALYZE dossiers_rating")


def seed(
    offices: int = 150,
    dossiers: int = 2_000_000,
    *,
    years: int = 2,
    reset_first: bool = False,
    today: dt.date | None = None,
    batch: int = 250_000,
    log=lambda text: None,
) -> Seeded:
    """Seed (or, with reset_first, re-seed) the province. Without reset an already seeded province is kept."""
    if connection.vendor != "postgresql":
        raise ProvinceError("Lệnh seed_province cần PostgreSQL (đặt DATABASE_URL=postgres://…).")
    if not 1 <= offices <= MAX_OFFICES:
        raise ProvinceError(f"Số đơn vị phải từ 1 đến {MAX_OFFICES}.")
    if dossiers < 0:
        raise ProvinceError("Số hồ sơ không được âm.")
    today = today or timezone.localdate()
    now = timezone.now()
    with transaction.atomic():
        supervisor = supervisor_office()
        existing = Dossier.objects.filter(office__supervisor=supervisor)
        if existing.exists() and not reset_first:
            n_off = Office.objects.filter(supervisor=supervisor).count()
            return Seeded(supervisor, n_off, existing.count(), skipped=True)
        if reset_first:
            reset(supervisor)
            Office.objects.filter(supervisor=supervisor, slug__startswith=SLUG_PREFIX).exclude(
                slug__in=[f"{SLUG_PREFIX}{i:03d}" for i in range(1, offices + 1)]
            ).update(supervisor=None)
        procedures = _procedures()
        short = [p for p in procedures if _short(p)]
        names = office_names(offices)
        log(f"Tạo {offices} đơn vị …")
        rows = [_office(i, names[i - 1], supervisor, procedures, short) for i in range(1, offices + 1)]
        first_office = Office.objects.get(pk=rows[0]["office"])
        days = working_days(
            first_office, today - dt.timedelta(days=365 * years), today - dt.timedelta(days=1)
        )
        fields = list(Field.objects.filter(procedures__in=procedures).distinct())
        OnlineTarget.objects.filter(office__supervisor=supervisor).delete()
        OnlineTarget.objects.bulk_create(
            OnlineTarget(office_id=r["office"], field=f, year=y, monthly_count=10 + (r["office"] + f.pk) % 30)
            for r in rows
            for f in fields
            for y in range(today.year - years, today.year + 1)
        )
        log(f"Tạo {dossiers:,} hồ sơ …".replace(",", "."))
        if dossiers:
            _insert_dossiers(rows, procedures, short, days, dossiers, now, batch, log)
    return Seeded(supervisor, offices, Dossier.objects.filter(office__supervisor=supervisor).count())
