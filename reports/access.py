"""Who may read which report (through mocua/access.py, the one access layer)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from mocua.access import office_for, require_role
from mocua.models import Office, Role, Staff

READERS = (Role.LEADER, Role.SECRETARY, Role.SUPERVISOR, Role.ADMIN)
NO_OFFICE = "Không tìm thấy đơn vị “{slug}” trong phạm vi bạn được xem báo cáo."


def report_reader(user) -> Staff:
    """The caller, if allowed to read reports (leaders, secretaries, supervisors, admins)."""
    return require_role(user, *READERS)


def report_office(user, slug: str | None) -> Office:
    """The office whose report the caller asks for (their own by default).

    A supervisor reads its area and itself (the area report); anyone else their own
    office. Anything else is Http404, the same whether or not the office exists.
    """
    staff = report_reader(user)
    if not slug:
        return staff.office
    try:
        return office_for(user, slug)
    except Http404:
        raise Http404(NO_OFFICE.format(slug=slug)) from None


__all__ = ["PermissionDenied", "report_office", "report_reader"]
