"""Rules of the hand-overs outside the counter, checked and recorded by the workflow doors:
a result returned by post (carrier, parcel number, day posted, fee) and a marriage ceremony
(when, where, who officiates). Functions here return Vietnamese messages or write rows; the doors
in workflow.py call them inside their transaction (this module imports no door)."""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from dossiers.models import MarriageCeremony, PostalReturn, Status
from dossiers.paper_forms import MARRIAGE, family_event
from mocua.models import Role, Staff

CEREMONY_STATES = (Status.APPROVED, Status.RESULT_READY)
DEFAULT_CARRIER = "Bưu điện (dịch vụ bưu chính công ích)"


def postal_fee() -> int:
    """The fee for returning a result by post, in đồng (0: none configured)."""
    return int(getattr(settings, "MOCUA_POSTAL_RETURN_FEE", 0) or 0)


def postal_error(parcel_number: str, posted_on: dt.date | None, received_on: dt.date, today: dt.date) -> str:
    if not (parcel_number or "").strip():
        return "Trả kết quả qua bưu chính cần số hiệu bưu gửi của đơn vị chuyển phát."
    if posted_on is None:
        return "Trả kết quả qua bưu chính cần ngày gửi (dd/mm/yyyy)."
    if posted_on > today:
        return f"Ngày gửi {posted_on:%d/%m/%Y} chưa tới: chỉ ghi bưu gửi đã giao cho đơn vị chuyển phát."
    if posted_on < received_on:
        return f"Ngày gửi {posted_on:%d/%m/%Y} trước ngày tiếp nhận hồ sơ ({received_on:%d/%m/%Y})."
    return ""


def postal_note(returned_to: str, carrier: str, parcel_number: str, posted_on: dt.date) -> str:
    return (
        f"Trả qua bưu chính cho {returned_to}: {carrier}, số hiệu bưu gửi {parcel_number.strip()}, "
        f"gửi ngày {posted_on:%d/%m/%Y}."
    )


def record_postal_return(dossier, actor, carrier: str, parcel_number: str, posted_on, now) -> PostalReturn:
    return PostalReturn.objects.create(
        dossier=dossier,
        carrier=carrier,
        parcel_number=parcel_number.strip(),
        posted_on=posted_on,
        fee=postal_fee(),
        recorded_by=actor,
        recorded_at=now,
    )


def ceremony_of(dossier) -> MarriageCeremony | None:
    return MarriageCeremony.objects.filter(dossier=dossier).select_related("leader").first()


def ceremony_error(dossier, at: dt.datetime | None, room: str, leader: Staff | None, now) -> str:
    """Why this ceremony cannot be set (empty when it can); the state is checked by the door."""
    if family_event(dossier.procedure) != MARRIAGE:
        return "Chỉ hồ sơ đăng ký kết hôn mới có lễ trao Giấy chứng nhận kết hôn."
    if MarriageCeremony.objects.filter(dossier=dossier).exists():
        held = ceremony_of(dossier)
        return f"Hồ sơ đã có lịch trao Giấy chứng nhận kết hôn lúc {timezone.localtime(held.at):%H:%M ngày %d/%m/%Y}."
    if at is None:
        return "Cần chọn ngày và giờ tổ chức lễ (dd/mm/yyyy, giờ:phút)."
    if at <= now:
        return "Thời gian tổ chức lễ phải sau thời điểm hiện tại."
    if not (room or "").strip():
        return "Cần ghi phòng tổ chức lễ."
    if (
        leader is None
        or leader.office_id != dossier.office_id
        or not leader.is_active
        or not leader.has_role(Role.LEADER)
    ):
        return "Lãnh đạo chủ trì phải là Chủ tịch hoặc Phó Chủ tịch của đơn vị."
    return ""


def create_ceremony(dossier, actor, at, room: str, leader, now) -> MarriageCeremony:
    return MarriageCeremony.objects.create(
        dossier=dossier,
        office_id=dossier.office_id,
        at=at,
        room=room.strip(),
        leader=leader,
        scheduled_by=actor,
        scheduled_at=now,
    )


def ceremony_offered(dossier) -> bool:
    """Whether the dossier page offers "schedule a ceremony" (the door decides again)."""
    return family_event(dossier.procedure) == MARRIAGE and not hasattr(dossier, "ceremony")


def return_screen(dossier, now) -> dict:
    """What the return screen shows besides the dossier: its ceremony, the postal defaults."""
    ceremony = ceremony_of(dossier)
    return {
        "ceremony": ceremony,
        "ceremony_today": ceremony is not None and timezone.localdate(ceremony.at) == timezone.localdate(now),
        "today": f"{timezone.localdate(now):%d/%m/%Y}",
        "default_carrier": DEFAULT_CARRIER,
        "postal_fee": postal_fee(),
    }
