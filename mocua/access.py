"""The one access layer for office-scoped data.

Every view, API endpoint and service that touches an office's data goes
through these functions. A staff member sees their own office; a supervisor
also reads the offices of its area; a superuser sees all. Objects outside the
caller's reach raise Http404 — the same answer whether or not they exist.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from mocua.models import Office, Role, Staff

NO_OFFICE = "Tài khoản của bạn chưa được gắn với đơn vị nào. Hãy liên hệ quản trị viên."
NO_ROLE = "Bạn không có quyền thực hiện thao tác này."
NOT_FOUND = "Không tìm thấy."


def staff_for(user) -> Staff:
    """The caller's staff record, or PermissionDenied."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(NO_OFFICE)
    cached = getattr(user, "_mocua_staff", None)
    if cached is not None:
        return cached
    try:
        staff = (
            Staff.objects.select_related("office", "organisation").prefetch_related("roles").get(user=user)
        )
    except Staff.DoesNotExist:
        raise PermissionDenied(NO_OFFICE) from None
    if not staff.is_active:
        raise PermissionDenied(NO_OFFICE)
    user._mocua_staff = staff
    return staff


def staff_or_none(user) -> Staff | None:
    try:
        return staff_for(user)
    except PermissionDenied:
        return None


def visible_offices(user) -> QuerySet[Office]:
    """Offices whose data the caller may read."""
    if getattr(user, "is_superuser", False):
        return Office.objects.all()
    staff = staff_or_none(user)
    if staff is None:
        return Office.objects.none()
    if staff.has_role(Role.SUPERVISOR) and staff.office.is_supervisor:
        return Office.objects.filter(pk=staff.office_id) | Office.objects.filter(
            supervisor_id=staff.office_id
        )
    return Office.objects.filter(pk=staff.office_id)


def office_for(user, slug: str) -> Office:
    """An office the caller may read, by slug; Http404 otherwise."""
    office = visible_offices(user).filter(slug=slug).first()
    if office is None:
        raise Http404(NOT_FOUND)
    return office


def scope(queryset: QuerySet, user, *, office_field: str = "office") -> QuerySet:
    """Restrict any queryset of office data to what the caller may read."""
    if getattr(user, "is_superuser", False):
        return queryset
    return queryset.filter(**{f"{office_field}__in": visible_offices(user)})


def get_scoped(queryset: QuerySet, user, *, office_field: str = "office", **lookup) -> Model:
    """One object of office data the caller may read; Http404 otherwise."""
    obj = scope(queryset, user, office_field=office_field).filter(**lookup).first()
    if obj is None:
        raise Http404(NOT_FOUND)
    return obj


def require_role(user, *roles: str) -> Staff:
    """The caller's staff record if they hold one of `roles` in their office."""
    staff = staff_for(user)
    if roles and not staff.has_role(*roles):
        raise PermissionDenied(NO_ROLE)
    return staff


def require_office_role(user, office: Office, *roles: str) -> Staff:
    """Acting on an office's data needs one of `roles` *in that office*."""
    staff = require_role(user, *roles)
    if staff.office_id != office.pk:
        raise Http404(NOT_FOUND)
    return staff


def staff_required(*roles: str):
    """View decorator: logged in, attached to an office and, if given, holding one of `roles`."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            request.staff = require_role(request.user, *roles)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
