"""Week-by-week series of a period (for the charts), and the charts drawn from report data."""

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncWeek

from dossiers.models import Outcome, Status
from reports import charts
from reports.periods import Period
from reports.sections import THRESHOLDS


def _per_week(qs: QuerySet, field: str, **counts) -> dict[dt.date, dict]:
    rows = qs.annotate(week=TruncWeek(field)).values("week").annotate(**counts).order_by("week")
    return {(r["week"].date() if isinstance(r["week"], dt.datetime) else r["week"]): r for r in rows}


def weekly(dossiers: QuerySet, period: Period) -> list[dict]:
    """Per week (Monday) of the period: received, resolved, and resolved in time."""
    s, e = period.start_at, period.end_at
    received = _per_week(dossiers.filter(received_at__gte=s, received_at__lt=e), "received_at", n=Count("pk"))
    resolved = _per_week(
        dossiers.filter(status=Status.RETURNED, returned_at__gte=s, returned_at__lt=e),
        "returned_at",
        n=Count("pk"),
        late=Count("pk", filter=Q(outcome=Outcome.LATE)),
    )
    out = []
    week = period.first - dt.timedelta(days=period.first.weekday())
    while week <= period.last:
        r = resolved.get(week, {})
        done = r.get("n", 0)
        out.append(
            {
                "week": week.isoformat(),
                "received": received.get(week, {}).get("n", 0),
                "resolved": done,
                "in_time_rate": round(100.0 * (done - r.get("late", 0)) / done, 1) if done else None,
            }
        )
        week += dt.timedelta(days=7)
    return out


def _label(week: str) -> str:
    day = dt.date.fromisoformat(week)
    return f"{day:%d/%m}"


def office_charts(data: dict) -> dict:
    """The office dashboard's charts, drawn from report data (live or archived)."""
    weeks = data.get("weekly", [])
    labels = [_label(w["week"]) for w in weeks]
    models = data.get("reform_models", [])
    return {
        "weekly": charts.bars(
            "Hồ sơ tiếp nhận và đã giải quyết theo tuần",
            labels,
            [
                ("Tiếp nhận", [w["received"] for w in weeks], charts.BLUE),
                ("Đã giải quyết", [w["resolved"] for w in weeks], charts.GREEN),
            ],
        ),
        "on_time": charts.line(
            "Tỷ lệ giải quyết trước hạn, đúng hạn theo tuần",
            labels,
            [w["in_time_rate"] for w in weeks],
            THRESHOLDS["2.1"],
        ),
        "models": charts.bars(
            "Kết quả các mô hình trả kết quả trong ngày",
            [m["name"] for m in models],
            [
                ("Hồ sơ hẹn trả trong ngày", [m["same_day_promised"] for m in models], charts.BLUE),
                ("Đã trả đúng hẹn", [m["same_day_kept"] for m in models], charts.GREEN),
                ("Lỡ hẹn", [m["same_day_broken"] for m in models], charts.RED),
            ],
        ),
    }


def area_charts(data: dict) -> dict:
    rows = [
        (o["short_name"], o["indicators"]["2.1"]["value"], o["indicators"]["2.1"]["level"])
        for o in data["offices"]
    ]
    return {
        "ranking": charts.ranking("Tỷ lệ hồ sơ trước hạn, đúng hạn của các đơn vị", rows, THRESHOLDS["2.1"]),
    }
