"""Writes of outreach sessions (hộ tịch lưu động, tư vấn đất đai … at hamlet offices).

A session is refused, with nothing saved, on a day the office is closed (the calendar), when one of
its people is on the counter roster at the same time (a shift as clerk, leader, volunteer or
member), or at another session at the same time. A weekly rule writes one session per week between
its dates; its days off are skipped and named, and a clash of people refuses the whole rule.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from mocua.models import Staff
from schedules import calendar as cal
from schedules import outreach_selectors as sel
from schedules.models import OutreachKind, OutreachRule, OutreachSession

MAX_RULE_DAYS = 366


def _at(day: dt.date, t: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, t, tzinfo=cal.TZ)


def _check_fields(office, kind: str, place: str, start: dt.time, end: dt.time, staff, procedures) -> None:
    if kind not in OutreachKind.values:
        raise ValidationError("Loại buổi lưu động không hợp lệ.")
    if not (place or "").strip():
        raise ValidationError("Hãy ghi nơi tổ chức (văn phòng ấp / khóm).")
    if end <= start:
        raise ValidationError("Giờ kết thúc buổi lưu động phải sau giờ bắt đầu.")
    if not staff:
        raise ValidationError("Hãy chọn ít nhất một cán bộ tham gia buổi lưu động.")
    for person in staff:
        if not isinstance(person, Staff) or person.office_id != office.pk or not person.is_active:
            raise ValidationError("Cán bộ tham gia phải là người đang làm việc tại đơn vị này.")
    offered = set(office.procedures.values_list("pk", flat=True))
    if any(p.pk not in offered for p in procedures):
        raise ValidationError("Có thủ tục đơn vị không giải quyết trong danh sách tiếp nhận.")


def day_off_error(office, day: dt.date) -> str:
    status = cal.day_status(office, day)
    if status.open_for_intake:
        return ""
    return f"Ngày {day:%d/%m/%Y} là ngày nghỉ ({status.reason}): không thể tổ chức buổi lưu động."


def save_session(
    office,
    *,
    session: OutreachSession | None = None,
    kind: str,
    place: str,
    date: dt.date,
    start: dt.time,
    end: dt.time,
    staff,
    procedures=(),
    address: str = "",
    title: str = "",
    note: str = "",
    rule: OutreachRule | None = None,
) -> OutreachSession:
    """Create or edit one session; ValidationError with a Vietnamese message, nothing saved."""
    if session is not None and session.office_id != office.pk:
        raise ValidationError("Không tìm thấy buổi lưu động.")
    staff, procedures = list(staff), list(procedures)
    _check_fields(office, kind, place, start, end, staff, procedures)
    if error := day_off_error(office, date):
        raise ValidationError(error)
    begins, ends = _at(date, start), _at(date, end)
    with transaction.atomic():
        Staff.objects.select_for_update().filter(pk__in=[p.pk for p in staff]).count()
        clashes = sel.clashes(staff, begins, ends, skip_session=session.pk if session else None)
        if clashes:
            raise ValidationError(clashes[0])
        session = session or OutreachSession(office=office)
        session.kind, session.place, session.address = kind, place.strip(), address.strip()
        session.title, session.note, session.rule = title.strip(), note.strip(), rule or session.rule
        session.date, session.start, session.end = date, begins, ends
        session.save()
        session.staff.set(staff)
        session.procedures.set(procedures)
    return session


def create_rule(
    office,
    *,
    kind: str,
    place: str,
    first_day: dt.date,
    last_day: dt.date,
    start: dt.time,
    end: dt.time,
    staff,
    procedures=(),
    address: str = "",
    title: str = "",
) -> tuple[OutreachRule, list[OutreachSession], list[str]]:
    """A weekly rule on `first_day`'s weekday until `last_day`, with its sessions; returns the rule,
    the sessions written and the days skipped (days off), each said in Vietnamese."""
    staff, procedures = list(staff), list(procedures)
    _check_fields(office, kind, place, start, end, staff, procedures)
    if last_day < first_day:
        raise ValidationError("Ngày kết thúc lịch hằng tuần phải sau ngày bắt đầu.")
    if (last_day - first_day).days > MAX_RULE_DAYS:
        raise ValidationError("Lịch hằng tuần dài tối đa một năm.")
    days = [first_day + dt.timedelta(weeks=n) for n in range((last_day - first_day).days // 7 + 1)]
    skipped = [e for e in (day_off_error(office, d) for d in days) if e]
    held = [d for d in days if not day_off_error(office, d)]
    if not held:
        raise ValidationError(skipped[0] if skipped else "Không có ngày nào trong khoảng đã chọn.")
    with transaction.atomic():
        rule = OutreachRule.objects.create(
            office=office,
            kind=kind,
            title=title.strip(),
            place=place.strip(),
            address=address.strip(),
            weekday=first_day.weekday(),
            start_time=start,
            end_time=end,
            first_day=first_day,
            last_day=last_day,
        )
        sessions = [
            save_session(
                office,
                kind=kind,
                place=place,
                address=address,
                title=title,
                date=day,
                start=start,
                end=end,
                staff=staff,
                procedures=procedures,
                rule=rule,
            )
            for day in held
        ]
    return rule, sessions, skipped


def delete_session(office, session: OutreachSession) -> None:
    if session.office_id != office.pk:
        raise ValidationError("Không tìm thấy buổi lưu động.")
    if session.intakes.exists():
        raise ValidationError("Buổi lưu động đã có hồ sơ tiếp nhận nên không thể xóa.")
    session.delete()
