"""The doors of a report's written evaluation (issue 17).

- `save_narrative`: the secretary writes the four sections (a draft; refused once approved).
- `approve_narrative`: a leader approves it; the report (figures, narrative, corrective actions)
  is archived in the same transaction as a new Report version with its PDF and XLSX, never changed.
Each door checks the actor's role in the office, locks the row, writes, and logs a ReportEvent.
"""

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from mocua.access import require_office_role
from mocua.input_guard import has_control
from mocua.models import Office, Role, Staff
from reports import corrective, exports, narrative, periods, selectors, services
from reports.models import Report
from reports.narrative_models import SECTION_LIMIT, Narrative, NarrativeStatus, ReportEvent
from reports.periods import Period

LOCKED = (
    "Phần đánh giá của báo cáo {label} đã được {leader} phê duyệt lúc {at:%H:%M} ngày {at:%d/%m/%Y} "
    "và đã lưu trữ; không thể sửa. Nội dung bạn vừa gửi chưa được lưu."
)
AREA = "Báo cáo toàn vùng không có phần đánh giá của đơn vị; mỗi xã, phường tự viết đánh giá của mình."
TOO_LONG = "Phần “{title}” dài quá {limit} ký tự (hiện có {n}); hãy viết ngắn gọn hơn. Chưa lưu gì."
CONTROL = "Phần “{title}” có ký tự điều khiển không hợp lệ; vui lòng nhập lại. Chưa lưu gì."
NOTHING = (
    "Chưa có phần đánh giá nào được lưu cho {label}; văn phòng cần soạn và lưu trước khi trình phê duyệt."
)
EMPTY = "Chưa thể phê duyệt: phần {names} còn để trống."
RUNNING = "Kỳ báo cáo {label} chưa kết thúc (hết ngày {last:%d/%m/%Y}); chỉ phê duyệt sau khi kết thúc kỳ."


class NarrativeError(ValueError):
    """A refused edit or approval; str(error) is the Vietnamese message. Nothing is saved."""


def previous_data(office: Office, period: Period) -> dict | None:
    """The previous period's report: its latest archived version (as it was sent), else computed."""
    before = periods.previous(period)
    archived = Report.objects.filter(office=office, period=before.key).order_by("-version").first()
    if archived is not None:
        return archived.figures
    return selectors.report_for(office, before)


def actions_data(office: Office, period: Period, today: dt.date) -> list[dict]:
    return [a.as_data(today) for a in corrective.relevant_actions(office, period.first)]


def prefilled(office: Office, period: Period, data: dict | None = None, now=None) -> dict[str, str]:
    """The four sections as the figures write them (what the editor offers before anything is saved)."""
    today = timezone.localdate(now or timezone.now())
    data = data if data is not None else selectors.report_for(office, period)
    return narrative.draft(data, previous_data(office, period), actions_data(office, period, today))


def narrative_of(office: Office, period: Period) -> Narrative | None:
    return (
        Narrative.objects.filter(office=office, period=period.key)
        .select_related("edited_by", "approved_by", "report")
        .first()
    )


def _locked(n: Narrative) -> NarrativeError:
    at = timezone.localtime(n.approved_at)
    return NarrativeError(LOCKED.format(label=n.period_label, leader=n.approved_by.full_name, at=at))


def clean_texts(texts: dict) -> dict[str, str]:
    out = {}
    for key, title in narrative.SECTIONS:
        value = (texts.get(key) or "").replace("\r\n", "\n").strip()
        if len(value) > SECTION_LIMIT:
            raise NarrativeError(TOO_LONG.format(title=title, limit=SECTION_LIMIT, n=len(value)))
        if has_control(value, free_text=True):
            raise NarrativeError(CONTROL.format(title=title))
        out[key] = value
    return out


def save_narrative(actor: Staff, office: Office, period: Period, texts: dict, *, now=None) -> Narrative:
    """The secretary saves the four sections of the office's evaluation for `period` (a draft)."""
    now = now or timezone.now()
    require_office_role(actor.user, office, Role.SECRETARY)
    if office.is_supervisor:
        raise NarrativeError(AREA)
    with transaction.atomic():
        n = Narrative.objects.select_for_update().filter(office=office, period=period.key).first()
        if n is not None and n.approved:
            raise _locked(n)
        values = clean_texts(texts)
        if n is None:
            n = Narrative(office=office, period=period.key, period_label=period.label)
        for key, value in values.items():
            setattr(n, key, value)
        n.edited_by, n.edited_at = actor, now
        n.save()
        ReportEvent.objects.create(office=office, narrative=n, actor=actor, at=now, kind="narrative_saved")
    return n


def approve_narrative(actor: Staff, office: Office, period: Period, *, now=None) -> Narrative:
    """A leader approves the evaluation; the report is archived with it (PDF and XLSX), once."""
    now = now or timezone.now()
    require_office_role(actor.user, office, Role.LEADER)
    if office.is_supervisor:
        raise NarrativeError(AREA)
    if period.end_at > now:
        raise NarrativeError(RUNNING.format(label=period.label, last=period.last))
    with transaction.atomic():
        n = Narrative.objects.select_for_update().filter(office=office, period=period.key).first()
        if n is None:
            raise NarrativeError(NOTHING.format(label=period.label))
        if n.approved:
            raise _locked(n)
        empty = [f"“{title}”" for key, title in narrative.SECTIONS if not getattr(n, key).strip()]
        if empty:
            raise NarrativeError(EMPTY.format(names=", ".join(empty)))
        today = timezone.localdate(now)
        n.status, n.approved_by, n.approved_at = NarrativeStatus.APPROVED, actor, now
        data = selectors.report_for(office, period)
        data["narrative"] = n.as_data()
        data["corrective_actions"] = actions_data(office, period, today)
        stem = f"bao-cao-{office.slug}-{period.key}"
        files = {
            "pdf": ContentFile(exports.pdf(data, issued_on=today, signer=actor), name=f"{stem}.pdf"),
            "xlsx": ContentFile(exports.xlsx(data), name=f"{stem}.xlsx"),
        }
        n.report = services.generate_report(office, period, by=actor, figures=data, files=files)
        n.save(update_fields=["status", "approved_by", "approved_at", "report"])
        ReportEvent.objects.create(
            office=office,
            narrative=n,
            actor=actor,
            at=now,
            kind="narrative_approved",
            note=f"Lưu trữ phiên bản {n.report.version}",
        )
    return n


def area_narratives(data: dict, period: Period) -> list[dict]:
    """Each office of an area report with its figures and its evaluation of the period (or None)."""
    found = {
        n.office.slug: n
        for n in Narrative.objects.filter(
            office__slug__in=[o["slug"] for o in data["offices"]], period=period.key
        ).select_related("office", "approved_by")
    }
    return [{"office": o, "narrative": found.get(o["slug"])} for o in data["offices"]]
