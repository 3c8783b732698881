"""The one access layer for office-scoped data: every office rule lives here.

Every view, API endpoint, import, admin page and service that touches an office's
data goes through these functions. A staff member sees their own office; a
supervisor (the supervisor role at a Phòng/Sở Nội vụ) also reads the offices of
its area; a superuser — the system administrator — sees all. Objects outside the
caller's reach raise Http404 — the same answer whether or not they exist.

Three families of rules:
- reading: `visible_offices`, `scope`, `get_scoped`, and the area (`reads_area`,
  `area_offices`, `area_members`);
- the shared catalog: `procedure_refusal` / `may_edit_procedure` (whose content
  an office may change) and `may_change_offering` (whose offering);
- administering an office (the Django admin): `managed_offices`, `manage_scope`,
  `manageable_users`, `SYSTEM_ONLY_OFFICE_FIELDS`.
"""

from collections.abc import Iterable
from functools import wraps

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from mocua.models import Office, Role, Staff, StaffRole

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
    staff = _staff_with_roles(user)
    if staff is None:
        raise PermissionDenied(NO_OFFICE)
    if not staff.is_active:
        raise PermissionDenied(NO_OFFICE)
    user._mocua_staff = staff
    return staff


def _staff_with_roles(user) -> Staff | None:
    """The user's staff row with its office, organisation and roles, in one query: one row per role,
    each carrying the staff row (a member with no role yet costs a second query)."""
    rows = list(
        StaffRole.objects.select_related("staff__office", "staff__organisation").filter(staff__user=user)
    )
    if not rows:
        return (
            Staff.objects.select_related("office", "organisation")
            .prefetch_related("roles")
            .filter(user=user)
            .first()
        )
    staff = rows[0].staff
    for row in rows:
        row.staff = staff
    roles = staff.roles.all()  # filled as prefetch_related would: staff.roles.all() asks nothing more
    roles._result_cache, roles._prefetch_done = rows, True
    staff._prefetched_objects_cache = {StaffRole._meta.get_field("staff").remote_field.cache_name: roles}
    return staff


def staff_or_none(user) -> Staff | None:
    try:
        return staff_for(user)
    except PermissionDenied:
        return None


def is_system_admin(user) -> bool:
    """The system administrator (quản trị hệ thống): a superuser, above every office."""
    return bool(getattr(user, "is_active", False) and getattr(user, "is_superuser", False))


# ---- the area of a supervisor ---------------------------------------------------------------------


def area_members(supervisor: Office) -> QuerySet[Office]:
    """The offices of a Phòng/Sở Nội vụ's area (membership only; who may read it: `reads_area`)."""
    return Office.objects.filter(supervisor=supervisor).order_by("name")


def reads_area(user, office: Office) -> bool:
    """Whether the caller reads the area of `office`: a Phòng/Sở Nội vụ, and the caller holds
    the supervisor role there (or is the system administrator). A leader, secretary or admin
    working at a Sở reads its own office only, never the area."""
    if not office.is_supervisor:
        return False
    if is_system_admin(user):
        return True
    staff = staff_or_none(user)
    return staff is not None and staff.office_id == office.pk and staff.has_role(Role.SUPERVISOR)


def area_offices(user, office: Office) -> QuerySet[Office]:
    """The offices of `office`'s area the caller reads: all of them, or none."""
    return area_members(office) if reads_area(user, office) else Office.objects.none()


def visible_offices(user) -> QuerySet[Office]:
    """Offices whose data the caller may read: their own, and their area if they read it."""
    if is_system_admin(user):
        return Office.objects.all()
    staff = staff_or_none(user)
    if staff is None:
        return Office.objects.none()
    mine = Q(pk=staff.office_id)
    if reads_area(user, staff.office):
        mine |= Q(supervisor_id=staff.office_id)
    return Office.objects.filter(mine)


def office_for(user, slug: str) -> Office:
    """An office the caller may read, by slug; Http404 otherwise."""
    office = visible_offices(user).filter(slug=slug).first()
    if office is None:
        raise Http404(NOT_FOUND)
    return office


def scope(queryset: QuerySet, user, *, office_field: str = "office") -> QuerySet:
    """Restrict any queryset of office data to what the caller may read."""
    if is_system_admin(user):
        return queryset
    staff = staff_or_none(user)
    if staff is not None and not reads_area(user, staff.office):
        # Their own office only: an equality, which the database reads off an index (no subquery).
        return queryset.filter(**{office_field: staff.office_id})
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


# ---- the shared catalog: whose procedure an office may change -------------------------------------

CATALOG_EDITORS = (Role.SECRETARY, Role.ADMIN)
SHARED = "thủ tục dùng chung với đơn vị khác; chỉ quản trị hệ thống được sửa nội dung."
FOREIGN = "thủ tục của đơn vị khác; chỉ quản trị hệ thống được sửa nội dung."
UNOFFERED = (
    "thủ tục chưa thuộc danh mục của đơn vị nào; hãy thêm vào danh mục của đơn vị mình trước, "
    "hoặc nhờ quản trị hệ thống sửa."
)
OTHER_OFFERINGS = (
    "cột “Đơn vị thực hiện” thay đổi danh mục của đơn vị khác; "
    "mỗi đơn vị chỉ được thêm hoặc bỏ thủ tục trong danh mục của chính mình."
)


def _editor(user) -> Staff | None:
    staff = staff_or_none(user)
    return staff if staff is not None and staff.has_role(*CATALOG_EDITORS) else None


def procedure_refusal(user, procedure, *, offered_by: Iterable[int] | None = None) -> str | None:
    """Why the caller may not change the content of `procedure` (Vietnamese), or None if they may.

    The system administrator changes any procedure. A catalog editor (secretary, office admin)
    creates new procedures and changes the content of its office's own ones: those offered by
    its office and by no other. A procedure shared with other offices, another office's own
    procedure or one nobody offers is refused. `offered_by`: the ids of the offices that offer
    (or, in an import, will offer) the procedure; by default read from the database.
    """
    if is_system_admin(user):
        return None
    staff = _editor(user)
    if staff is None:
        return NO_ROLE
    if procedure.pk is None:
        return None
    offices = set(procedure.offices.values_list("pk", flat=True) if offered_by is None else offered_by)
    others = offices - {staff.office_id}
    if others:
        return SHARED if staff.office_id in offices else FOREIGN
    return None if offices else UNOFFERED


def may_edit_procedure(user, procedure, *, offered_by: Iterable[int] | None = None) -> bool:
    """Whether the caller may change the content of `procedure` (see `procedure_refusal`)."""
    return procedure_refusal(user, procedure, offered_by=offered_by) is None


def may_change_offering(user, before: Iterable[int], after: Iterable[int]) -> bool:
    """Whether the caller may change which offices offer a procedure from `before` to `after`
    (office ids): the system administrator any; a catalog editor only its own office's place."""
    if is_system_admin(user):
        return True
    staff = _editor(user)
    if staff is None:
        return False
    return set(before) ^ set(after) <= {staff.office_id}


# ---- administering an office (the Django admin) ---------------------------------------------------

# Office fields that decide area membership and the office's kind: the system administrator's alone.
SYSTEM_ONLY_OFFICE_FIELDS = ("kind", "supervisor")


def managed_offices(user) -> QuerySet[Office]:
    """Offices whose rows the caller administers: all for the system administrator, their own
    office for an office admin (the admin role), none for anyone else. A supervisor reads its
    area but administers none of it."""
    if is_system_admin(user):
        return Office.objects.all()
    staff = staff_or_none(user)
    if staff is None or not staff.has_role(Role.ADMIN):
        return Office.objects.none()
    return Office.objects.filter(pk=staff.office_id)


def manage_scope(queryset: QuerySet, user, *, office_field: str = "office") -> QuerySet:
    """Restrict a queryset of office rows to those the caller administers."""
    if is_system_admin(user):
        return queryset
    return queryset.filter(**{f"{office_field}__in": managed_offices(user)})


def manageable_users(user) -> QuerySet:
    """Login accounts an office admin may attach to a staff record: those of its own office and
    those not yet attached to any office (never a superuser's); every account for the system
    administrator."""
    users = get_user_model().objects.all()
    if is_system_admin(user):
        return users
    offices = managed_offices(user)
    if not offices.exists():
        return users.none()
    return users.filter(Q(staff__office__in=offices) | Q(staff__isnull=True, is_superuser=False))
