"""Reads of dossiers, always scoped to what the caller may see (mocua.access)."""

import datetime as dt
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from dossiers.models import (
    OPEN_STATUSES,
    ApologyLetter,
    ApologyStatus,
    AuditEvent,
    Dossier,
    DossierDocument,
    Status,
    Track,
    worklist_order,
)
from dossiers.tracks import returned_same_day
from dossiers.validators import normalise_phone
from mocua import access
from mocua.models import Role
from models_catalog import selectors as catalog_selectors
from models_catalog.text import fold


def dossiers_for(user) -> QuerySet[Dossier]:
    """Every dossier the caller may read."""
    return access.scope(Dossier.objects.all(), user).select_related("procedure", "office", "specialist")


def dossier_for(user, code: str) -> Dossier:
    """One dossier by code, or Http404 (the same for a foreign and a missing one)."""
    return access.get_scoped(
        Dossier.objects.select_related(
            "procedure", "procedure__field", "office", "specialist", "received_by"
        ),
        user,
        code=code,
    )


FILTERS = {
    "due_today": "Đến hạn hôm nay",
    "overdue": "Quá hạn",
    "same_day": "Trả trong ngày",
    "awaiting_supplement": "Chờ bổ sung",
    "open": "Đang giải quyết",
}


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return start, start + dt.timedelta(days=1)


def is_personal_number(q: str) -> bool:
    """A search for a phone or ID number (kept out of URLs)."""
    digits = normalise_phone(q or "")
    return digits.isdigit() and len(digits) >= 6


# The columns the worklist shows (the row, its badges, the phone card): a page reads these only.
WORKLIST_COLUMNS = (
    "id",
    "code",
    "full_name",
    "status",
    "track",
    "due_at",
    "received_at",
    "procedure__name",
    "specialist__full_name",
)
# Filters whose rows are all open: worklist_order() then comes down to (due_at, -received_at), which
# the partial index of open dossiers by office and due date hands over in order.
OPEN_ONLY = {"due_today", "overdue", "awaiting_supplement", "open"}
# The worklist counts its rows up to this many (a page says "hơn 1.000 hồ sơ" beyond).
COUNT_LIMIT = 1000


def worklist(user, *, q: str = "", filter: str = "", status: str = "", now=None) -> QuerySet[Dossier]:
    """The clerk's worklist: search by code, name or phone; filter by due date, track, status.

    Open dossiers due soonest come first, then closed ones, the latest first (models.worklist_order).
    Rows carry WORKLIST_COLUMNS only; the scope is the caller's office (access.scope).
    """
    now = now or timezone.now()
    qs = (
        access.scope(Dossier.objects.all(), user)
        .select_related("procedure", "specialist")
        .only(*WORKLIST_COLUMNS)
    )
    q = (q or "").strip()
    if q:
        if is_personal_number(q):
            qs = qs.filter(Q(phone__contains=normalise_phone(q)) | Q(code__icontains=q))
        else:
            # Names are matched without diacritics: "nguyen thi" finds "Nguyễn Thị".
            qs = qs.filter(Q(code__icontains=q) | Q(search_name__contains=fold(q)))
    if filter == "due_today":
        start, end = _day_bounds(timezone.localdate(now))
        qs = qs.filter(status__in=OPEN_STATUSES, due_at__gte=start, due_at__lt=end)
    elif filter == "overdue":
        qs = qs.filter(status__in=OPEN_STATUSES, due_at__lt=now)
    elif filter == "same_day":
        qs = qs.filter(track=Track.SAME_DAY)
    elif filter == "awaiting_supplement":
        qs = qs.filter(status=Status.AWAITING_SUPPLEMENT)
    elif filter == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    if status in Status.values:
        qs = qs.filter(status=status)
    if filter in OPEN_ONLY or status in OPEN_STATUSES:
        return qs.order_by("due_at", "-received_at")  # worklist_order() among open dossiers
    return qs.order_by(*worklist_order())


class BoundedPaginator(Paginator):
    """Pages of a worklist counted up to COUNT_LIMIT rows: beyond, `bounded` is True and the pages
    stop at the limit (a search narrows it down); no exact COUNT(*) over a whole office's history."""

    limit = COUNT_LIMIT

    @cached_property
    def count(self) -> int:
        return self.object_list.order_by()[: self.limit + 1].count()

    @property
    def bounded(self) -> bool:
        return self.count > self.limit

    @cached_property
    def num_pages(self) -> int:
        if self.bounded:
            return -(-self.limit // self.per_page)
        return super().num_pages

    @property
    def count_label(self) -> str:
        """'1.000 hồ sơ', or 'hơn 1.000 hồ sơ' past the limit (Vietnamese thousands separator)."""
        shown = min(self.count, self.limit)
        text = f"{shown:,}".replace(",", ".") + " hồ sơ"
        return f"hơn {text}" if self.bounded else text


@dataclass(frozen=True)
class Glance:
    """One figure of the home page: what is waiting for this person, linked to the list behind it."""

    label: str
    count: int
    url: str
    urgent: bool = False


def at_a_glance(user, staff, now=None) -> list[Glance]:
    """The home page's figures for the caller's roles: the leader's queue, then the worklist's alarms."""
    now = now or timezone.now()
    out = []
    if staff.has_role(Role.LEADER):
        out.append(
            Glance("Chờ lãnh đạo duyệt, ký", len(leader_queue(staff, now)), reverse("dossiers:leader_queue"))
        )
    if staff.has_role(Role.CLERK, Role.SPECIALIST, Role.LEADER, Role.SECRETARY):
        worklist_url = reverse("dossiers:worklist")
        for key in ("due_today", "overdue", "awaiting_supplement"):
            count = worklist(user, filter=key, now=now).count()
            out.append(
                Glance(
                    FILTERS[key], count, f"{worklist_url}?loc={key}", urgent=key == "overdue" and count > 0
                )
            )
    return out


@dataclass(frozen=True)
class QueueItem:
    """One line of the leader's queue: a dossier to decide, or an apology letter to sign."""

    kind: str  # "dossier" | "apology"
    dossier: Dossier
    letter: ApologyLetter | None
    minutes_left: int | None  # to the due moment; negative when past


def leader_queue(staff, now=None) -> list[QueueItem]:
    """Same-day dossiers first (least time left first), then by due date; then letters to sign."""
    now = now or timezone.now()
    submitted = (
        Dossier.objects.filter(office=staff.office, status=Status.SUBMITTED)
        .select_related("procedure", "specialist")
        # What the leader approves: the documents received and what the specialist submitted.
        .prefetch_related(
            Prefetch("documents", queryset=DossierDocument.objects.select_related("required_document")),
            Prefetch(
                "events",
                queryset=AuditEvent.objects.filter(action="submit").order_by("-at", "-id"),
                to_attr="submissions",
            ),
        )
        .order_by("due_at", "received_at")
    )
    # Same-day first by the one rule of the "Trong ngày" badge (tracks.returned_same_day); a queue is
    # short, so it is sorted here (a stable sort keeps the due-date order within each group).
    submitted = sorted(submitted, key=lambda d: not returned_same_day(d))
    items = [QueueItem("dossier", d, None, _minutes(d.due_at, now)) for d in submitted]
    letters = (
        ApologyLetter.objects.filter(dossier__office=staff.office, status=ApologyStatus.AWAITING_SIGNATURE)
        .select_related("dossier", "dossier__procedure", "created_by")
        .order_by("missed_due_at")
    )
    items += [QueueItem("apology", a.dossier, a, _minutes(a.missed_due_at, now)) for a in letters]
    return items


def _minutes(due: dt.datetime | None, now: dt.datetime) -> int | None:
    if due is None:
        return None
    return int((due - now).total_seconds() // 60)


def procedures_offered(office, q: str = "", limit: int | None = None) -> list[dict]:
    """The office's procedures for the intake type-ahead: those matching `q`, best match first
    (models_catalog.text.rank_procedures, the ranking of every search box), at most `limit`."""
    rows = catalog_selectors.office_procedures(office, q=q[:200])
    return [{"code": p.code, "name": p.name, "field": p.field.name} for p in rows[:limit]]


def timeline(dossier: Dossier):
    return dossier.events.select_related("actor").order_by("at", "id")
