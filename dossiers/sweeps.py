"""The dossier sweeps (design.md, principle 1): each looks at the data as of `now`, acts through
the workflow door, and claims its work with a unique constraint, so running twice, on two
workers at once, or late after an outage gives the same result.

Each returns a dict of counts; "skipped_offices" lists offices without working hours.
Moments that end up on records (new due dates) are derived from the missed deadline, not from
`now`, so a late run writes exactly what a timely run would have written.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from dossiers import papers, workflow
from dossiers.models import OPEN_STATUSES, ApologyLetter, ApologyStatus, Dossier, Paper, Status, Track
from mocua.jobs.claims import claim, slugs, split_offices
from mocua.jobs.notify import notify
from models_catalog.policy import policy_at
from schedules import calendar
from schedules.roster_selectors import leaders_to_alert

# The result was ready by the original due moment: the candidates' SQL side of
# workflow.decided_in_time (the locked check applies the deadline in force).
READY_IN_TIME = Q(status=Status.RESULT_READY, result_ready_at__lte=F("due_at"))


def _local(moment: dt.datetime) -> str:
    return f"{timezone.localtime(moment):%H:%M ngày %d/%m/%Y}"


def _link(dossier: Dossier) -> str:
    return reverse("dossiers:detail", args=[dossier.code])


def _responsible(dossier: Dossier) -> tuple[str, str]:
    """(unit, person) for a system-drafted apology letter; the leader reviews before signing."""
    s = dossier.specialist
    if s is not None:
        return (s.position or "Công chức chuyên môn"), s.full_name
    return dossier.office.counter_name or dossier.office.name, ""


def leaders_memo(now: dt.datetime):
    """Who to alert at each office during one sweep run, read once per office, not per dossier."""
    found: dict[int, list] = {}

    def of(office) -> list:
        if office.pk not in found:
            found[office.pk] = leaders_to_alert(office, now)
        return found[office.pk]

    return of


def next_close(office, missed: dt.datetime) -> dt.datetime:
    """The close of the first working day after the day of `missed` (the new due moment)."""
    day = calendar.next_working_day(office, timezone.localdate(missed))
    return calendar.close_of_day(office, day)


# --- cutoff follow-up -------------------------------------------------------------------------


def model_day_cutoff(office, now: dt.datetime) -> dt.datetime | None:
    """The latest same-day cutoff of the reform models in force at `office` today, or None
    when today is not a model day (no same-day model, or the counter is closed: a holiday)."""
    day = timezone.localdate(now)
    policy = policy_at(office, None, now)
    moments = [
        calendar.same_day_cutoff_on(office, day, m.effective_cutoff)
        for m in policy.models_today
        if m.same_day_result
    ]
    moments = [m for m in moments if m is not None]
    return max(moments) if moments else None


def cutoff_follow_up(now: dt.datetime) -> dict:
    """Once the cutoff has passed on a model day: alert the leader on duty (or every leader) and
    the assigned specialists to same-day dossiers of today still open; once per office per day."""
    offices, skipped = split_offices()
    counts = {"offices": 0, "dossiers": 0, "notifications": 0, "skipped_offices": slugs(skipped)}
    day = timezone.localdate(now)
    for office in offices:
        cutoff = model_day_cutoff(office, now)
        if cutoff is None or now < cutoff:
            continue
        start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
        with transaction.atomic():
            if not claim("cutoff_follow_up", f"{office.pk}:{day.isoformat()}", office):
                continue
            open_today = list(
                Dossier.objects.filter(
                    office=office,
                    track=Track.SAME_DAY,
                    status__in=OPEN_STATUSES,
                    due_at__gte=start,
                    due_at__lt=start + dt.timedelta(days=1),
                )
                .select_related("specialist__user", "procedure")
                .order_by("due_at", "id")
            )
            counts["offices"] += 1
            if not open_today:
                continue
            counts["dossiers"] += len(open_today)
            close = open_today[0].due_at
            head = f"Đã qua giờ chốt {timezone.localtime(cutoff):%H:%M} ngày {day:%d/%m/%Y}"
            link = reverse("dossiers:worklist") + "?filter=same_day"
            codes = ", ".join(d.code for d in open_today)
            counts["notifications"] += notify(
                leaders_to_alert(office, now),
                office,
                f"{head}: còn {len(open_today)} hồ sơ trả trong ngày chưa trả kết quả ({codes}). "
                f"Cần giải quyết trước {timezone.localtime(close):%H:%M}.",
                link,
                at=now,
            )
            by_specialist: dict = {}
            for d in open_today:
                if d.specialist_id:
                    by_specialist.setdefault(d.specialist, []).append(d.code)
            for specialist, mine in by_specialist.items():
                counts["notifications"] += notify(
                    [specialist],
                    office,
                    f"{head}: hồ sơ trả trong ngày bạn đang giải quyết chưa xong ({', '.join(mine)}). "
                    f"Cần trả kết quả trước {timezone.localtime(close):%H:%M}.",
                    link,
                    at=now,
                )
    return counts


# --- end of day -------------------------------------------------------------------------------

END_OF_DAY_REASON = "Không giải quyết xong trong ngày như đã hẹn khi tiếp nhận."


def end_of_day(now: dt.datetime) -> dict:
    """A same-day dossier still open after its close: an apology letter draft (system), then the
    normal track due at the next working day's close (workflow.convert_to_normal)."""
    offices, skipped = split_offices()
    by_id = {o.pk: o for o in offices}
    counts = {"converted": 0, "letters": 0, "notifications": 0, "skipped_offices": slugs(skipped)}
    due = Dossier.objects.filter(track=Track.SAME_DAY, status__in=OPEN_STATUSES, due_at__lt=now).exclude(
        READY_IN_TIME
    )
    leaders = leaders_memo(now)
    for dossier_id, office_id in due.order_by("due_at", "id").values_list("id", "office_id"):
        office = by_id.get(office_id)
        if office is None:
            continue
        with transaction.atomic():
            d = (
                Dossier.objects.select_for_update(of=("self",))
                .select_related("office", "procedure", "specialist")
                .get(pk=dossier_id)
            )
            if d.track != Track.SAME_DAY or d.status not in OPEN_STATUSES or d.due_at >= now:
                continue  # done by an earlier or a concurrent run
            if workflow.decided_in_time(d):
                continue  # ready by the close: only the citizen has not come for it yet
            new_due = next_close(office, d.due_at)
            unit, person = _responsible(d)
            drafted = d.apology_letters.filter(missed_due_at=workflow.current_due_at(d)).exists()
            letter = workflow.apologise(
                None,
                d,
                reason=END_OF_DAY_REASON,
                responsible_unit=unit,
                responsible_person=person,
                new_due_at=new_due,
                notice=f"Hồ sơ trả trong ngày {d.code} ({d.procedure.name}) chưa trả kết quả khi hết giờ "
                f"làm việc: đã chuyển sang giải quyết thông thường, hẹn trả {_local(new_due)}; "
                "phiếu xin lỗi đang chờ lãnh đạo ký.",
                leaders=leaders(office),
                now=now,
            )
            workflow.convert_to_normal(d, END_OF_DAY_REASON, new_due_at=new_due, now=now)
            counts["converted"] += 1
            counts["letters"] += not drafted
            counts["notifications"] += letter.notified
    return counts


# --- overdue ----------------------------------------------------------------------------------

OVERDUE_REASON = "Hồ sơ quá hạn giải quyết, chưa có kết quả."


def overdue_candidates(now: dt.datetime):
    """Open normal-track dossiers past due with no letter pending for their deadline in force:
    no unsigned letter, and no signed letter whose new date is still ahead (index-backed:
    dossier_open_due)."""
    covered = ApologyLetter.objects.filter(dossier=OuterRef("pk")).filter(
        ~Q(status=ApologyStatus.SIGNED) | Q(new_due_at__gte=now)
    )
    return (
        Dossier.objects.filter(status__in=OPEN_STATUSES, due_at__lt=now)
        .exclude(track=Track.SAME_DAY)
        .exclude(READY_IN_TIME)
        .filter(~Exists(covered))
    )


def overdue(now: dt.datetime) -> dict:
    """Past due, not returned, no letter for the deadline in force → an apology letter draft and
    the leader told; due by the next working day's close → a warning to the specialist (once per
    dossier per deadline)."""
    offices, skipped = split_offices()
    by_id = {o.pk: o for o in offices}
    counts = {"letters": 0, "warnings": 0, "notifications": 0, "skipped_offices": slugs(skipped)}
    leaders = leaders_memo(now)
    candidates = overdue_candidates(now).order_by("due_at", "id").values_list("id", "office_id")
    for dossier_id, office_id in candidates:
        office = by_id.get(office_id)
        if office is not None and _apologise_overdue(dossier_id, office, now, counts, leaders):
            counts["letters"] += 1
    for office in offices:
        _warn(office, now, counts)
    return counts


def _apologise_overdue(dossier_id: int, office, now: dt.datetime, counts: dict, leaders) -> bool:
    with transaction.atomic():
        d = (
            Dossier.objects.select_for_update(of=("self",))
            .select_related("office", "procedure", "specialist")
            .get(pk=dossier_id)
        )
        if d.status not in OPEN_STATUSES or d.track == Track.SAME_DAY or workflow.decided_in_time(d):
            return False
        missed = workflow.current_due_at(d)
        if missed is None or missed >= now or d.apology_letters.filter(missed_due_at=missed).exists():
            return False  # done by an earlier or a concurrent run (it held the lock)
        new_due = next_close(office, missed)
        unit, person = _responsible(d)
        letter = workflow.apologise(
            None,
            d,
            reason=OVERDUE_REASON,
            responsible_unit=unit,
            responsible_person=person,
            new_due_at=new_due,
            notice=f"Hồ sơ {d.code} ({d.procedure.name}) đã quá hạn trả {_local(missed)}: "
            "dự thảo phiếu xin lỗi và hẹn lại ngày trả đang chờ lãnh đạo ký.",
            leaders=leaders(office),
            now=now,
        )
        counts["notifications"] += letter.notified
    return True


def _warn(office, now: dt.datetime, counts: dict) -> None:
    """Dossiers whose deadline in force falls between now and the next working day's close."""
    horizon = next_close(office, now)
    mine = (
        Dossier.objects.filter(office=office, status__in=OPEN_STATUSES, specialist__isnull=False)
        .exclude(track=Track.SAME_DAY)
        .exclude(status=Status.RESULT_READY)  # the specialist's work is done
    )
    # Two index-friendly reads: due dates within reach (dossier_open_due), new dates of signed letters.
    ids = set(mine.filter(due_at__gte=now, due_at__lte=horizon).values_list("id", flat=True))
    ids |= set(
        ApologyLetter.objects.filter(
            dossier__in=mine, status=ApologyStatus.SIGNED, new_due_at__range=(now, horizon)
        ).values_list("dossier_id", flat=True)
    )
    if not ids:
        return
    rows = Dossier.objects.filter(pk__in=ids).select_related("specialist__user", "procedure").order_by("id")
    for d in rows:
        due = workflow.current_due_at(d)
        if due is None or not now <= due <= horizon:
            continue
        with transaction.atomic():
            if not claim("due_warning", f"{d.pk}:{int(due.timestamp())}", office):
                continue
            counts["warnings"] += 1
            counts["notifications"] += notify(
                [d.specialist],
                office,
                f"Hồ sơ {d.code} ({d.procedure.name}) đến hạn trả lúc {_local(due)}. "
                "Nếu không kịp, hãy báo lãnh đạo để lập phiếu xin lỗi và hẹn lại ngày trả "
                "trước khi hết hạn.",
                _link(d),
                at=now,
            )


# --- letters to families ------------------------------------------------------------------------


def family_letters(now: dt.datetime) -> dict:
    """A returned birth or marriage registration → a congratulation letter, a returned death
    registration → a condolence letter (procedures matched by national code, settings
    MOCUA_FAMILY_LETTER_CODES); once per dossier, returned within MOCUA_FAMILY_LETTER_DAYS."""
    codes: dict[str, str] = settings.MOCUA_FAMILY_LETTER_CODES
    counts = {"letters": 0}
    if not codes:
        return counts
    kinds = sorted(set(codes.values()))
    matches = Q()
    for code in codes:
        matches |= Q(procedure__code__startswith=code)
    rows = (
        Dossier.objects.filter(
            matches,
            status=Status.RETURNED,
            returned_at__gte=now - dt.timedelta(days=settings.MOCUA_FAMILY_LETTER_DAYS),
        )
        .filter(~Exists(Paper.objects.filter(dossier=OuterRef("pk"), kind__in=kinds)))
        .select_related("procedure", "office")
        .order_by("returned_at", "id")
    )
    for d in rows:
        kind = codes[d.procedure.national_code]
        with transaction.atomic():
            if not claim("family_letter", str(d.pk), d.office):
                continue
            papers.issue_paper(d, kind, now=now)
            counts["letters"] += 1
    return counts
