"""The figures of Biểu II.06a (tình hình, kết quả giải quyết TTHC), by SQL aggregation.

One query per table: the dossiers that matter to a period are those received
before its end and not closed before its start; each column is a conditional
COUNT over them. Nothing loops over dossiers in Python.

A dossier is *closed* at `Dossier.closed_at`: when the workflow returned, refused
or stopped it (backfilled from the audit trail by dossiers 0003). For a period
[start, end):

- received.carried_over: received before start, still open at start;
- received.online / direct_and_post: received in the period, by channel;
- resolved.*: returned in the period, by the outcome stored at return;
- refused, stopped: closed that way in the period;
- in_progress.*: still open at end, judged against the due date at end
  (a dossier waiting for the applicant to supplement it is within the deadline:
  its clock is stopped);
- awaiting_supplement: in progress and waiting for a supplement at end.

Identity: received.total = resolved.total + in_progress.total + refused + stopped.
"""

from operator import add

from django.db.models import (
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Lookup,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.sql.constants import MULTI

from dossiers.models import Channel, Dossier, Outcome, Status, SupplementRequest
from models_catalog.models import Procedure
from reports.periods import Period

CLOSING = (Status.RETURNED, Status.REFUSED, Status.STOPPED)

# The Biểu II.06a keys of the API, in table order, with their column headings.
COLUMNS = [
    ("received.total", "Tổng số hồ sơ tiếp nhận"),
    ("received.online", "Trực tuyến"),
    ("received.direct_and_post", "Trực tiếp và qua bưu chính công ích"),
    ("received.carried_over", "Từ kỳ trước chuyển qua"),
    ("resolved.total", "Tổng số đã giải quyết"),
    ("resolved.early", "Trước hạn"),
    ("resolved.on_time", "Đúng hạn"),
    ("resolved.late", "Quá hạn"),
    ("in_progress.total", "Tổng số đang giải quyết"),
    ("in_progress.within_deadline", "Trong hạn"),
    ("in_progress.overdue", "Quá hạn"),
    ("refused", "Từ chối"),
    ("stopped", "Dừng giải quyết"),
    ("awaiting_supplement", "Chờ bổ sung"),
]
KEYS = [k for k, _ in COLUMNS]


def _awaiting_supplement_at(at):
    return Exists(
        SupplementRequest.objects.filter(dossier=OuterRef("pk"), issued_at__lt=at).filter(
            Q(resolved_at__isnull=True) | Q(resolved_at__gte=at)
        )
    )


def in_period(dossiers: QuerySet, period: Period) -> QuerySet:
    """The dossiers that appear in the period's table: received in it, or carried over into it.

    Written as three arms so that PostgreSQL answers each from an index (a BitmapOr of
    dossier_report, dossier_closed and the partial dossier_open).
    """
    s, e = period.start_at, period.end_at
    return dossiers.filter(
        Q(received_at__gte=s, received_at__lt=e)
        | Q(received_at__lt=s, closed_at__gte=s)
        | Q(received_at__lt=s, closed_at__isnull=True)
    )


def conditions(period: Period) -> dict[str, Q]:
    """The condition of each Biểu II.06a column (over `in_period` rows)."""
    s, e = period.start_at, period.end_at
    new = Q(received_at__gte=s)
    closed_in = Q(closed_at__lt=e)
    open_at_end = Q(closed_at__isnull=True) | Q(closed_at__gte=e)
    waiting = Q(waiting_at_end=True)
    returned = Q(status=Status.RETURNED) & closed_in
    return {
        "received.total": Q(pk__isnull=False),
        "received.online": new & Q(channel=Channel.ONLINE),
        "received.direct_and_post": new & ~Q(channel=Channel.ONLINE),
        "received.carried_over": Q(received_at__lt=s),
        "resolved.total": returned,
        "resolved.early": returned & Q(outcome=Outcome.EARLY),
        "resolved.on_time": returned & ~Q(outcome__in=(Outcome.EARLY, Outcome.LATE)),
        "resolved.late": returned & Q(outcome=Outcome.LATE),
        "in_progress.total": open_at_end,
        "in_progress.within_deadline": open_at_end & (waiting | Q(due_at__isnull=True) | Q(due_at__gte=e)),
        "in_progress.overdue": open_at_end & ~waiting & Q(due_at__lt=e),
        "refused": Q(status=Status.REFUSED) & closed_in,
        "stopped": Q(status=Status.STOPPED) & closed_in,
        "awaiting_supplement": open_at_end & waiting,
    }


def _grouped(
    dossiers: QuerySet, period: Period, group_by: tuple[str, ...], extra: dict | None = None
) -> list[tuple]:
    """The grouped query of `rows` as plain tuples (group values, the KEYS' counts, `extra`), sorted by
    the group values. The counts come from the cursor as they are: Django's per-value converters,
    which a count does not need, cost more than the rest of the Python around the scan; only the
    `extra` aggregates (a summed duration: microseconds on SQLite) are converted."""
    qs = in_period(dossiers, period).annotate(waiting_at_end=_awaiting_supplement_at(period.end_at))
    counts = {f"c{i}": Count("pk", filter=cond) for i, cond in enumerate(conditions(period).values())}
    counts.update(extra or {})
    # No ORDER BY in SQL: PostgreSQL then hashes the groups instead of sorting every row.
    qs = qs.values(*group_by).annotate(**counts).order_by()
    compiler = qs.query.get_compiler(using=qs.db)
    fetched = [row for chunk in compiler.execute_sql(MULTI) for row in chunk]
    names = [*qs.query.values_select, *qs.query.annotation_select]
    n = len(group_by)
    converters = compiler.get_converters([col for col, _, _ in compiler.select])
    convert = {i: c for i, c in converters.items() if i < n or names[i] in (extra or {})}
    if convert:
        fetched = list(compiler.apply_converters(fetched, convert))
    return sorted(map(tuple, fetched), key=lambda r: tuple((v is None, v) for v in r[:n]))


def rows(
    dossiers: QuerySet, period: Period, group_by: tuple[str, ...] = (), extra: dict | None = None
) -> list[dict]:
    """One dict per group (or one in all): the group values, each column's count, and `extra` aggregates.

    One SQL query: conditional COUNTs (FILTER on PostgreSQL) over the rows of `in_period`.
    """
    if not group_by:
        qs = in_period(dossiers, period).annotate(waiting_at_end=_awaiting_supplement_at(period.end_at))
        counts = {f"c{i}": Count("pk", filter=cond) for i, cond in enumerate(conditions(period).values())}
        counts.update(extra or {})
        r = qs.aggregate(**counts)
        return [{**{key: r[f"c{i}"] or 0 for i, key in enumerate(KEYS)}, **{k: r[k] for k in extra or {}}}]
    n, width, names = len(group_by), len(KEYS), list(extra or {})
    out = []
    for r in _grouped(dossiers, period, group_by, extra):
        row = dict(zip(group_by, r[:n], strict=True))
        row.update(zip(KEYS, [v or 0 for v in r[n : n + width]], strict=True))
        row.update(zip(names, r[n + width :], strict=True))
        out.append(row)
    return out


def resolved_time(period: Period) -> Sum:
    """The summed receipt-to-return time of the dossiers returned in the period (over `in_period` rows)."""
    took = ExpressionWrapper(F("returned_at") - F("received_at"), output_field=DurationField())
    return Sum(took, filter=Q(status=Status.RETURNED, closed_at__lt=period.end_at))


def nest(flat: dict) -> dict:
    """{'received.total': 3, 'refused': 1} -> {'received': {'total': 3}, 'refused': 1}."""
    out: dict = {}
    for key in KEYS:
        head, _, tail = key.partition(".")
        if tail:
            out.setdefault(head, {})[tail] = flat[key]
        else:
            out[head] = flat[key]
    return out


def bieu_ii06a(dossiers: QuerySet, period: Period) -> dict:
    """The nested Biểu II.06a figures of `dossiers` (already scoped to offices) for `period`."""
    return nest(rows(dossiers, period)[0])


def by_office(offices, period: Period) -> dict[int, dict]:
    """{office id: flat figures} for many offices from the area's one scan (offices without data get zeros)."""
    return area(offices, period)["by_office"]


class _AnyOf(Lookup):
    """`column = ANY(%s)` with the ids as one array parameter (PostgreSQL); `IN (…)` elsewhere.

    For 150 offices PostgreSQL estimates the array parameter better than the equivalent
    `IN (1, 2, …)` list and then picks the index-backed BitmapOr with hashed groups
    (~0.4 s over the seeded province) instead of a sorted parallel scan (~0.8 s).
    """

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        ids = [int(i) for i in self.rhs]
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*lhs_params, ids]
        if not ids:
            return "1 = 0", []
        return f"{lhs} IN ({', '.join(['%s'] * len(ids))})", [*lhs_params, *ids]


def of_offices(offices) -> QuerySet:
    """The dossiers of `offices` (Office objects or ids), filtered as `office_id = ANY(array)`."""
    ids = [getattr(o, "pk", o) for o in offices]
    return Dossier.objects.filter(_AnyOf(F("office_id"), ids))


def area(offices, period: Period) -> dict:
    """An area's figures from one scan: grouped by office and procedure (integers, no joins),
    then added up here by office and by field.

    Returns {"by_office": {office id: flat}, "by_field": [flat with procedure__field__name],
    "resolved_time": timedelta | None} — the last for the average processing time (QĐ 766 2.2).
    """
    grouped = _grouped(
        of_offices(offices), period, ("office_id", "procedure_id"), {"took": resolved_time(period)}
    )
    field_of = dict(Procedure.objects.filter(pk__in={r[1] for r in grouped}).values_list("pk", "field__name"))
    width = len(KEYS)
    by_office_sums = {o.pk: [0] * width for o in offices}
    by_field_sums: dict[str, list[int]] = {}
    took = None
    for r in grouped:
        counts = [v or 0 for v in r[2 : 2 + width]]
        sums = by_office_sums[r[0]]
        sums[:] = map(add, sums, counts)
        name = field_of[r[1]]
        sums = by_field_sums.setdefault(name, [0] * width)
        sums[:] = map(add, sums, counts)
        if r[-1] is not None:
            took = r[-1] if took is None else took + r[-1]
    offices_out = {
        pk: {"office_id": pk, **dict(zip(KEYS, sums, strict=True))} for pk, sums in by_office_sums.items()
    }
    fields = [
        {"procedure__field__name": name, **dict(zip(KEYS, by_field_sums[name], strict=True))}
        for name in sorted(by_field_sums)
    ]
    return {"by_office": offices_out, "by_field": fields, "resolved_time": took}


def by_field(dossiers: QuerySet, period: Period) -> list[dict]:
    return rows(dossiers, period, ("procedure__field__name",))


def by_procedure(dossiers: QuerySet, period: Period) -> list[dict]:
    return rows(dossiers, period, ("procedure__code", "procedure__name"))


def dossiers_behind(dossiers: QuerySet, period: Period, key: str) -> QuerySet:
    """The dossiers counted in the column `key` (for drill-down lists)."""
    if key not in KEYS:
        raise KeyError(key)
    qs = in_period(dossiers, period).annotate(waiting_at_end=_awaiting_supplement_at(period.end_at))
    return qs.filter(conditions(period)[key])
