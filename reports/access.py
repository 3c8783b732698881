"""Who may read which report (through mocua/access.py, the one access layer)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from mocua.access import get_scoped, office_for, reads_area, require_role
from mocua.models import Office, Role, Staff
from reports.models import Report

READERS = (Role.LEADER, Role.SECRETARY, Role.SUPERVISOR, Role.ADMIN)
NO_OFFICE = "Không tìm thấy đơn vị “{slug}” trong phạm vi bạn được xem báo cáo."
NO_AREA = (
    "Báo cáo của vùng theo dõi chỉ dành cho cán bộ được giao vai trò Phòng / Sở Nội vụ; "
    "tài khoản của bạn không có vai trò này."
)


def report_reader(user) -> Staff:
    """The caller, if allowed to read reports (leaders, secretaries, supervisors, admins)."""
    return require_role(user, *READERS)


def report_office(user, slug: str | None) -> Office:
    """The office whose report the caller asks for (their own by default).

    A supervisor reads its area and itself (the area report); anyone else their own
    office. Anything else is Http404, the same whether or not the office exists. A
    Phòng/Sở Nội vụ's report is its area's: only who reads the area (mocua.access.reads_area)
    opens it; a leader or secretary working there is refused (PermissionDenied).
    """
    staff = report_reader(user)
    if not slug:
        office = staff.office
    else:
        try:
            office = office_for(user, slug)
        except Http404:
            raise Http404(NO_OFFICE.format(slug=slug)) from None
    if office.is_supervisor and not reads_area(user, office):
        raise PermissionDenied(NO_AREA)
    return office


def archived_report(user, pk: int) -> Report:
    """An archived report the caller may read: of an office they read (Http404 otherwise),
    and an area report only for who reads the area."""
    report_reader(user)
    report = get_scoped(Report.objects.select_related("office"), user, pk=pk)
    report_office(user, report.office.slug)
    return report


__all__ = ["PermissionDenied", "archived_report", "report_office", "report_reader"]
