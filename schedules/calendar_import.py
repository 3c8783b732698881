"""Calendar import: CSV rows `date,kind,name,note` (date as dd/mm/yyyy or yyyy-mm-dd).

The shipped national calendar (data/vn-<year>.csv) and the secretaries' uploads use the same
format and the same parser; an import is all or nothing.
"""

import csv
import datetime as dt
import io
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from mocua.input_guard import CONTROL_MESSAGE, has_control

DATA_DIR = Path(__file__).resolve().parent / "data"
KINDS = ("holiday", "day_off", "make_up", "local_day_off", "local_working_day")
NATIONAL = ("holiday", "day_off", "make_up")
LOCAL = ("local_day_off", "local_working_day")


def _parse_date(text: str) -> dt.date:
    text = text.strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a date, no time)
        except ValueError:
            continue
    raise ValueError(text)


def parse_calendar_csv(text: str, national: bool) -> list[dict]:
    """Rows as dicts; raises ValidationError listing every bad line, in Vietnamese."""
    if has_control(text, free_text=True):  # an upload is not seen by the input guard middleware
        raise ValidationError(CONTROL_MESSAGE)
    allowed = NATIONAL if national else LOCAL
    errors, rows, seen = [], [], set()
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    for number, fields in enumerate(reader, start=1):
        if not fields or not "".join(fields).strip():
            continue
        if number == 1 and fields[0].strip().lower() in ("date", "ngày"):
            continue
        if len(fields) < 3:
            errors.append(f"Dòng {number}: cần ít nhất 3 cột: ngày, loại ngày, tên.")
            continue
        raw_date, kind, name = (f.strip() for f in fields[:3])
        note = fields[3].strip() if len(fields) > 3 else ""
        try:
            day = _parse_date(raw_date)
        except ValueError:
            errors.append(f"Dòng {number}: ngày “{raw_date}” không hợp lệ (dùng dạng 24/11/2026).")
            continue
        if kind not in allowed:
            errors.append(f"Dòng {number}: loại ngày “{kind}” không hợp lệ (chỉ nhận: {', '.join(allowed)}).")
            continue
        if not name:
            errors.append(f"Dòng {number}: thiếu tên hoặc lý do của ngày.")
            continue
        if day in seen:
            errors.append(f"Dòng {number}: ngày {day:%d/%m/%Y} bị lặp lại.")
            continue
        seen.add(day)
        rows.append({"date": day, "kind": kind, "name": name[:200], "note": note[:300]})
    if errors:
        raise ValidationError(errors)
    if not rows:
        raise ValidationError("Tệp không có dòng dữ liệu nào.")
    return rows


def import_calendar(text: str, office=None) -> int:
    """Create or update the rows of `text` for `office` (None: the national calendar).

    All rows are checked before anything is written; returns the number of rows written.
    """
    from schedules.models import CalendarDay

    rows = parse_calendar_csv(text, national=office is None)
    with transaction.atomic():
        for row in rows:
            CalendarDay.objects.update_or_create(
                office=office,
                date=row.pop("date"),
                defaults=row,
            )
    return len(rows)


def shipped_years() -> list[int]:
    return sorted(int(p.stem.split("-")[1]) for p in DATA_DIR.glob("vn-*.csv"))


def shipped_text(year: int) -> str:
    return (DATA_DIR / f"vn-{year}.csv").read_text(encoding="utf-8")
