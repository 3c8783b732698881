"""Report sections beyond Biểu II.06a: reform models, QĐ 766 indicators, per-person evaluation.

Every count is an SQL aggregate; Python loops only over models, days, fields and people.
"""

import datetime as dt

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q
from django.utils import timezone

from dossiers.models import (
    ApologyLetter,
    AssistedWriting,
    Channel,
    Dossier,
    Outcome,
    Paper,
    PaperKind,
    Rating,
    Status,
    SupplementRequest,
    Track,
)
from mocua.models import Office, Role, Staff
from models_catalog.models import ReformModel
from reports.fees import fee_totals
from reports.models import OnlineTarget
from reports.outreach import beyond_counter
from reports.periods import Period
from schedules import calendar
from schedules.models import Shift

MONTHS = {"month": 1, "quarter": 3, "half": 6, "year": 12}
SATISFIED_SCORE = 4  # 4 or 5 of 5: satisfied
DISLIKE_SCORE = 2  # 1 or 2 of 5: counts against QĐ 766 indicator 5.4


def _cut(period: Period) -> dt.datetime:
    """The end of the period, or now while it runs."""
    return min(period.end_at, timezone.now())


def _received_in(office: Office, period: Period):
    return Dossier.objects.filter(
        office=office, received_at__gte=period.start_at, received_at__lt=period.end_at
    )


def _pct(part: int | float, whole: int | float) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def models_in_force(office: Office, period: Period):
    return (
        ReformModel.objects.filter(office=office, valid_from__lte=period.last)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=period.first))
        .order_by("valid_from", "name")
    )


def model_days(office: Office, model: ReformModel, period: Period) -> int:
    """Working days of the period (up to today) on which the model ran."""
    day, last = period.first, min(period.last, timezone.localdate())
    held = 0
    while day <= last:
        if model.applies_on(day) and calendar.is_working_day(office, day):
            held += 1
        day += dt.timedelta(days=1)
    return held


def same_day_counts(cut: dt.datetime) -> dict:
    """Same-day promises made, kept and broken, as of `cut` (conditional counts).

    Promised: put on the same-day track at intake or at supplement (`promised_same_day`).
    Kept: still on that track and returned by its due moment (the close of the day), or its result
    ready by then and waiting for the citizen (the decision time counts, domain-vn.md §3).
    Broken: returned after it, still open past it, or moved to the normal track (by the
    end-of-day sweep, or by a supplement request) — which happens only to a dossier not
    returned by the same-day due moment.
    """
    promised = Q(promised_same_day=True)
    same_day = promised & Q(track=Track.SAME_DAY)
    open_at_cut = Q(closed_at__isnull=True) | Q(closed_at__gte=cut)
    # Ready by the close and waiting for the citizen: the promise is kept (the decision time counts).
    ready_in_time = Q(result_ready_at__lt=cut, result_ready_at__lte=F("due_at")) & open_at_cut
    return {
        "same_day_promised": Count("pk", filter=promised),
        "same_day_kept": Count(
            "pk",
            filter=same_day
            & (
                Q(status=Status.RETURNED, returned_at__lt=cut, outcome__in=(Outcome.EARLY, Outcome.ON_TIME))
                | ready_in_time
            ),
        ),
        "same_day_broken": Count(
            "pk",
            filter=promised
            & (
                Q(track=Track.NORMAL)
                | Q(track=Track.SAME_DAY, outcome=Outcome.LATE, returned_at__lt=cut)
                | (Q(track=Track.SAME_DAY, due_at__lt=cut) & open_at_cut & ~ready_in_time)
            ),
        ),
    }


def under_model(model: ReformModel) -> Q:
    """The dossiers handled under `model`: those it made a same-day promise to at intake, and
    those received on one of its days, inside its dates (and its time window, e.g. the 9th hour),
    for a procedure it covers — a "3 không, 3 biết" or a "Ngày không viết" covers them all."""
    # Django's week_day is 1 = Sunday … 7 = Saturday; a model's weekdays are 0 = Monday … 6 = Sunday.
    days = Q(received_at__week_day__in=[(w + 1) % 7 + 1 for w in model.weekdays])
    days &= Q(received_at__date__gte=model.valid_from)
    if model.valid_to:
        days &= Q(received_at__date__lte=model.valid_to)
    if not model.all_procedures:
        days &= Q(procedure__in=model.procedures.values("pk"))
    if model.extra_hour:
        days &= Q(in_extra_hour=True)
    elif model.window_start and model.window_end:
        days &= Q(received_at__time__gte=model.window_start, received_at__time__lt=model.window_end)
    return Q(reform_model=model) | days


def model_section(office: Office, model: ReformModel, period: Period) -> dict:
    cut = _cut(period)
    handled = _received_in(office, period).filter(under_model(model))
    counts = handled.aggregate(
        handled=Count("pk"),
        assisted_by_staff=Count("pk", filter=Q(assisted_writing=AssistedWriting.STAFF)),
        assisted_by_volunteers=Count("pk", filter=Q(assisted_writing=AssistedWriting.VOLUNTEER)),
        online_help=Count("pk", filter=Q(online_help=True)),
        extra_hour=Count("pk", filter=Q(in_extra_hour=True)),
    )
    # Same-day promises belong to the one model they were made under (models may overlap on a day).
    counts |= _received_in(office, period).filter(reform_model=model).aggregate(**same_day_counts(cut))
    by_org = (
        handled.filter(assisted_writing=AssistedWriting.VOLUNTEER)
        .values("assisted_organisation__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "assisted_organisation__name")
    )
    return {
        "name": model.name,
        "kind": model.get_kind_display(),
        "valid_from": model.valid_from.isoformat(),
        "valid_to": model.valid_to.isoformat() if model.valid_to else None,
        "days_held": model_days(office, model, period),
        **counts,
        "assisted_by_organisation": [
            {"organisation": r["assisted_organisation__name"], "count": r["n"]} for r in by_org
        ],
    }


def online_against_targets(office: Office, period: Period) -> list[dict]:
    """Online dossiers received per field against the office's targets for the period."""
    months = MONTHS[period.kind]
    targets = {
        t.field_id: (t.field.name, t.monthly_count * months)
        for t in OnlineTarget.objects.filter(office=office, year=period.year).select_related("field")
    }
    counts = {
        r["procedure__field_id"]: r
        for r in _received_in(office, period)
        .values("procedure__field_id", "procedure__field__name")
        .annotate(total=Count("pk"), online=Count("pk", filter=Q(channel=Channel.ONLINE)))
    }
    out = []
    for field_id in sorted(
        set(targets) | set(counts),
        key=lambda f: (targets.get(f) or (counts[f]["procedure__field__name"],))[0],
    ):
        name = targets[field_id][0] if field_id in targets else counts[field_id]["procedure__field__name"]
        target = targets[field_id][1] if field_id in targets else None
        online = counts.get(field_id, {}).get("online", 0)
        out.append(
            {
                "field": name,
                "received": counts.get(field_id, {}).get("total", 0),
                "online": online,
                "target": target,
                "target_rate": _pct(online, target),
            }
        )
    return out


def volunteers_mobilised(office: Office, period: Period) -> dict:
    """MTTQ / đoàn thể members on duty at the counter, from the roster: the shifts held in the period
    (up to today), the people and the organisations that took them."""
    last = min(period.last, timezone.localdate())
    return Shift.objects.filter(
        office=office, date__gte=period.first, date__lte=last, volunteer__isnull=False
    ).aggregate(
        shifts=Count("pk"),
        people=Count("volunteer", distinct=True),
        organisations=Count("volunteer__organisation", distinct=True),
    )


def office_practices(office: Office, period: Period) -> dict:
    """What the office did in the period under the reform models, office-wide."""
    s, e = period.start_at, period.end_at
    received = _received_in(office, period)
    basic = received.aggregate(
        extra_hour=Count("pk", filter=Q(in_extra_hour=True)),
        online_help=Count("pk", filter=Q(online_help=True)),
        assisted_by_staff=Count("pk", filter=Q(assisted_writing=AssistedWriting.STAFF)),
        assisted_by_volunteers=Count("pk", filter=Q(assisted_writing=AssistedWriting.VOLUNTEER)),
    )
    by_organisation = (
        received.filter(assisted_writing=AssistedWriting.VOLUNTEER)
        .values("assisted_organisation__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "assisted_organisation__name")
    )
    letters = ApologyLetter.objects.filter(dossier__office=office, created_at__gte=s, created_at__lt=e)
    reasons = (
        letters.values("reason", "responsible_unit").annotate(n=Count("pk")).order_by("-n", "reason")[:20]
    )
    supplements = SupplementRequest.objects.filter(dossier__office=office, issued_at__gte=s, issued_at__lt=e)
    ratings = Rating.objects.filter(dossier__office=office, created_at__gte=s, created_at__lt=e).aggregate(
        count=Count("pk"),
        average=Avg("score"),
        satisfied=Count("pk", filter=Q(score__gte=SATISFIED_SCORE)),
        dislike=Count("pk", filter=Q(score__lte=DISLIKE_SCORE)),
    )
    family_letters = Paper.objects.filter(
        office=office,
        kind__in=(PaperKind.CONGRATULATION, PaperKind.CONDOLENCE),
        issued_on__gte=period.first,
        issued_on__lte=period.last,
    ).aggregate(
        congratulation=Count("pk", filter=Q(kind=PaperKind.CONGRATULATION)),
        condolence=Count("pk", filter=Q(kind=PaperKind.CONDOLENCE)),
    )
    return {
        **basic,
        "online_targets": online_against_targets(office, period),
        "apologies": {
            "count": letters.count(),
            "reasons": [
                {"reason": r["reason"], "responsible_unit": r["responsible_unit"], "count": r["n"]}
                for r in reasons
            ],
        },
        "supplement_requests": {
            "count": supplements.count(),
            "second_request_breaches": supplements.filter(is_breach=True).count(),
        },
        "satisfaction": {
            "ratings": ratings["count"],
            "average": round(ratings["average"], 2) if ratings["average"] is not None else None,
            "satisfied_rate": _pct(ratings["satisfied"], ratings["count"]),
            "dislike": ratings["dislike"],
        },
        "volunteers": volunteers_mobilised(office, period),
        "assisted_by_organisation": [
            {"organisation": r["assisted_organisation__name"], "count": r["n"]} for r in by_organisation
        ],
        "family_letters": family_letters,
        "fees": fee_totals(office, period),  # issue 20
        "beyond_counter": beyond_counter(office, period),
    }


# QĐ 766/QĐ-TTg thresholds (domain-vn.md §3.3). 2.1 uses the provincial target seen in practice.
THRESHOLDS = {"2.1": 98.0, "3.3": 50.0, "5.4": 90.0}
INDICATOR_NAMES = {
    "2.1": "Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn",
    "2.2": "Thời gian giải quyết trung bình (ngày)",
    "3.3": "Tỷ lệ hồ sơ trực tuyến",
    "5.4": "Mức độ hài lòng trong tiếp nhận, giải quyết TTHC",
}


def _grade(code: str, value: float | None) -> dict:
    threshold = THRESHOLDS.get(code)
    if value is None or threshold is None:
        return {
            "code": code,
            "name": INDICATOR_NAMES[code],
            "value": value,
            "threshold": threshold,
            "score": None,
            "level": "none",
        }
    score = round(100.0 * min(1.0, value / threshold), 1)
    level = "good" if value >= threshold else ("fair" if value >= 0.8 * threshold else "poor")
    return {
        "code": code,
        "name": INDICATOR_NAMES[code],
        "value": value,
        "threshold": threshold,
        "score": score,
        "level": level,
    }


def in_days(took: dt.timedelta | None, count: int) -> float | None:
    """A summed duration over `count` dossiers as an average in days (one decimal)."""
    if took is None or not count:
        return None
    return round(took.total_seconds() / count / 86400, 1)


def average_days(dossiers, period: Period) -> float | None:
    """Average time from receipt to return of the dossiers returned in the period, in days."""
    took = ExpressionWrapper(F("returned_at") - F("received_at"), output_field=DurationField())
    avg = dossiers.filter(
        status=Status.RETURNED, closed_at__gte=period.start_at, closed_at__lt=period.end_at
    ).aggregate(avg=Avg(took))["avg"]
    return round(avg.total_seconds() / 86400, 1) if avg is not None else None


def indicators(flat: dict, dislike: int, avg_days: float | None) -> list[dict]:
    """QĐ 766 indicators the office's own data supports: an internal estimate, not the official score."""
    handled = flat["resolved.total"] + flat["in_progress.total"]
    in_time = flat["resolved.early"] + flat["resolved.on_time"] + flat["in_progress.within_deadline"]
    late = flat["resolved.late"] + flat["in_progress.overdue"]
    new = flat["received.online"] + flat["received.direct_and_post"]
    satisfaction = None if not handled else round(100.0 - 100.0 * (late + dislike) / handled, 1)
    return [
        _grade("2.1", _pct(in_time, handled)),
        _grade("2.2", avg_days),
        _grade("3.3", _pct(flat["received.online"], new)),
        _grade("5.4", satisfaction),
    ]


def people(office: Office, period: Period) -> list[dict]:
    """Per-person evaluation (seed 001): handled, late, apologies, online help against targets."""
    cut = _cut(period)
    s, e = period.start_at, period.end_at
    handled = {
        r["specialist"]: r
        for r in Dossier.objects.filter(office=office, specialist__isnull=False, received_at__lt=e)
        .filter(Q(returned_at__isnull=True) | Q(returned_at__gte=s))
        .exclude(status__in=(Status.REFUSED, Status.STOPPED))
        .values("specialist")
        .annotate(
            handled=Count("pk"),
            resolved=Count("pk", filter=Q(status=Status.RETURNED, returned_at__lt=e)),
            late=Count(
                "pk",
                filter=Q(outcome=Outcome.LATE, returned_at__lt=e)
                | (~Q(status=Status.RETURNED) & Q(due_at__lt=cut)),
            ),
        )
    }
    apologies = dict(
        ApologyLetter.objects.filter(dossier__office=office, created_at__gte=s, created_at__lt=e)
        .values_list("dossier__specialist")
        .annotate(n=Count("pk"))
    )
    helped = dict(
        _received_in(office, period)
        .filter(Q(online_help=True) | Q(channel=Channel.ONLINE), received_by__isnull=False)
        .values_list("received_by")
        .annotate(n=Count("pk"))
    )
    months = MONTHS[period.kind]
    targets = {
        t.field_id: t.monthly_count * months
        for t in OnlineTarget.objects.filter(office=office, year=period.year)
    }
    staff = (
        Staff.objects.filter(office=office, is_active=True, roles__role__in=(Role.CLERK, Role.SPECIALIST))
        .distinct()
        .prefetch_related("fields")
        .order_by("full_name")
    )
    out = []
    for person in staff:
        row = handled.get(person.pk, {})
        target = sum(targets.get(f.pk, 0) for f in person.fields.all()) or None
        online = helped.get(person.pk, 0)
        out.append(
            {
                "staff_id": person.pk,
                "name": person.full_name,
                "position": person.position,
                "handled": row.get("handled", 0),
                "resolved": row.get("resolved", 0),
                "late": row.get("late", 0),
                "apologies": apologies.get(person.pk, 0),
                "online_help": online,
                "online_target": target,
                "online_target_rate": _pct(online, target),
            }
        )
    return out
