"""Demo data of issue 17: each commune's last ended quarterly report gets its written evaluation
(pre-filled from its figures, saved by the secretary, approved and archived by the leader) and
corrective actions for its most frequent late causes (one done, one overdue when the calendar
allows, one running). Through the doors only; idempotent; nothing for an office without dossiers
(so the tests' demo, which has no history, stays fast)."""

import datetime as dt

from django.utils import timezone

from dossiers.models import Dossier
from mocua.models import Office, Role, Staff
from reports import corrective, narrative_services, periods
from reports.models import CorrectiveAction

WHAT = [
    ("Phối hợp với Công an xã thống nhất thời hạn trả lời xác minh, theo dõi hằng ngày trên hệ thống", 10),
    ("Bố trí công chức dự phòng khi cán bộ phụ trách đi công tác; lãnh đạo ký duyệt trong ngày", -3),
    ("Rà soát, niêm yết lại thành phần hồ sơ; hướng dẫn người dân đầy đủ ngay lần đầu", 30),
]


def _person(office: Office, role: str) -> Staff | None:
    return Staff.objects.filter(office=office, is_active=True, roles__role=role).order_by("pk").first()


def _moment(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def load(stdout=None, *, now: dt.datetime | None = None) -> int:
    """Approve the evaluation of each commune's last ended quarter; returns how many were approved."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    period = periods.previous(periods.current("quarter", today=today))
    approved = 0
    for office in Office.objects.filter(supervisor__isnull=False).order_by("slug"):
        secretary, leader = _person(office, Role.SECRETARY), _person(office, Role.LEADER)
        if secretary is None or leader is None:
            continue
        if not Dossier.objects.filter(office=office, received_at__lt=period.end_at).exists():
            continue
        current = narrative_services.narrative_of(office, period)
        if current is not None and current.approved:
            continue
        if not CorrectiveAction.objects.filter(office=office).exists():
            _actions(office, secretary, leader, period, now)
        texts = narrative_services.prefilled(office, period, now=now)
        texts["highlights"] += (
            "\nĐơn vị duy trì niêm yết công khai thủ tục, lịch trực lãnh đạo và kết quả giải quyết hồ sơ tại Bộ phận Một cửa."
        )
        narrative_services.save_narrative(secretary, office, period, texts, now=now)
        narrative_services.approve_narrative(leader, office, period, now=now)
        approved += 1
    if stdout is not None:
        stdout.write(f"Đánh giá báo cáo {period.label}: phê duyệt {approved} đơn vị.")
    return approved


def _actions(office: Office, secretary: Staff, leader: Staff, period, now: dt.datetime) -> None:
    """Up to three actions for the office's most frequent causes, as decided two days after the
    quarter ended: the first done a week later, the second due three days before today."""
    today = timezone.localdate(now)
    decided = min(period.last + dt.timedelta(days=2), today)
    causes = list(corrective.causes_of(office)[:3])
    for i, cause in enumerate(causes):
        what, days = WHAT[i]
        due = decided + dt.timedelta(days=days) if days > 0 else today + dt.timedelta(days=days)
        if due < decided:
            due = decided + dt.timedelta(days=5)
        action = corrective.add_action(
            secretary,
            office,
            reason=cause["reason"],
            responsible_unit=cause["responsible_unit"],
            what=what,
            who=cause["responsible_unit"],
            due_on=due,
            period=period.key,
            now=_moment(decided),
        )
        done_day = decided + dt.timedelta(days=7)
        if i == 0 and done_day <= today:
            corrective.complete_action(
                leader,
                action.pk,
                note="Đã thống nhất quy chế phối hợp, áp dụng từ tuần sau.",
                now=_moment(done_day, 16),
            )
