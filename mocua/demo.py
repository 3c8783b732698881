"""Demo offices and staff of the five seed plans (idempotent).

Usernames follow `<office slug>.<role>`, all with the password DEMO_PASSWORD.
Provinces and unit codes are illustrative: real unit codes are issued by the
province and must be taken from it.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from mocua.models import (
    DEFAULT_HOURS,
    LeaderTitle,
    Office,
    OfficeHours,
    OfficeKind,
    Organisation,
    OrganisationKind,
    Role,
    Staff,
    StaffRole,
)

DEMO_PASSWORD = "mocua-demo"
ADMIN_GROUP = "Quản trị đơn vị"


@dataclass(frozen=True)
class DemoOffice:
    slug: str
    name: str
    short_name: str
    kind: str
    province: str
    parent_body: str
    counter_name: str
    unit_code: str
    opens_saturday_morning: bool = False


SUPERVISOR = DemoOffice(
    "noi-vu",
    "Sở Nội vụ (vùng trình diễn)",
    "Sở Nội vụ",
    OfficeKind.PROVINCE_HOME_AFFAIRS,
    "Vùng trình diễn",
    "ỦY BAN NHÂN DÂN TỈNH",
    "Sở Nội vụ",
    "000.00.00.H99",
)

COMMUNES = [
    DemoOffice(
        "duc-thanh",
        "UBND xã Đức Thạnh",
        "Đức Thạnh",
        OfficeKind.COMMUNE,
        "Quảng Ngãi",
        "ỦY BAN NHÂN DÂN XÃ ĐỨC THẠNH",
        "Bộ phận Một cửa xã Đức Thạnh",
        "000.21.53.H48",
    ),
    DemoOffice(
        "thanh-binh-thinh",
        "UBND xã Thanh Bình Thịnh",
        "Thanh Bình Thịnh",
        OfficeKind.COMMUNE,
        "Vùng trình diễn",
        "ỦY BAN NHÂN DÂN XÃ THANH BÌNH THỊNH",
        "Bộ phận Một cửa xã Thanh Bình Thịnh",
        "000.22.53.H99",
    ),
    DemoOffice(
        "luan-thanh",
        "UBND xã Luận Thành",
        "Luận Thành",
        OfficeKind.COMMUNE,
        "Thanh Hóa",
        "ỦY BAN NHÂN DÂN XÃ LUẬN THÀNH",
        "Trung tâm Phục vụ hành chính công xã Luận Thành",
        "000.23.53.H99",
    ),
    DemoOffice(
        "dong-thanh",
        "UBND phường Đông Thanh",
        "Đông Thanh",
        OfficeKind.WARD,
        "Vùng trình diễn",
        "ỦY BAN NHÂN DÂN PHƯỜNG ĐÔNG THANH",
        "Bộ phận Một cửa phường Đông Thanh",
        "000.24.53.H99",
    ),
    DemoOffice(
        "sa-dec-p1",
        "UBND Phường 1, thành phố Sa Đéc",
        "Phường 1",
        OfficeKind.WARD,
        "Đồng Tháp",
        "ỦY BAN NHÂN DÂN PHƯỜNG 1",
        "Bộ phận Một cửa Phường 1",
        "000.25.53.H99",
        opens_saturday_morning=True,
    ),
]

ORGANISATIONS = [
    (OrganisationKind.FRONT, "Ủy ban MTTQ Việt Nam"),
    (OrganisationKind.WOMEN, "Hội Liên hiệp Phụ nữ"),
    (OrganisationKind.YOUTH, "Đoàn Thanh niên"),
    (OrganisationKind.FARMERS, "Hội Nông dân"),
    (OrganisationKind.VETERANS, "Hội Cựu chiến binh"),
]

# role, full name, position, leader title, organisation kind
PEOPLE = [
    (Role.CLERK, "Trần Thị Mai", "Công chức Văn phòng - Thống kê (một cửa)", "", None),
    (Role.SPECIALIST, "Lê Văn Hùng", "Công chức Tư pháp - Hộ tịch", "", None),
    (Role.LEADER, "Nguyễn Văn Bình", "Chủ tịch UBND", LeaderTitle.CHAIRMAN, None),
    (Role.SECRETARY, "Phạm Thị Lan", "Công chức Văn phòng - Thống kê", "", None),
    (Role.VOLUNTEER, "Võ Thị Hoa", "Thành viên Hội Liên hiệp Phụ nữ", "", OrganisationKind.WOMEN),
    (Role.ADMIN, "Đặng Quốc Toàn", "Quản trị hệ thống", "", None),
]

DEMO_FIELDS = [("ho-tich", "Hộ tịch"), ("chung-thuc", "Chứng thực")]


def _office(spec: DemoOffice, supervisor: Office | None) -> Office:
    office, _ = Office.objects.update_or_create(
        slug=spec.slug,
        defaults={
            "name": spec.name,
            "short_name": spec.short_name,
            "kind": spec.kind,
            "province": spec.province,
            "parent_body": spec.parent_body,
            "counter_name": spec.counter_name,
            "unit_code": spec.unit_code,
            "opens_saturday_morning": spec.opens_saturday_morning,
            "supervisor": supervisor,
        },
    )
    if not office.is_supervisor:
        ensure_default_hours(office)
    return office


def ensure_default_hours(office: Office) -> None:
    m_start, m_end, a_start, a_end = DEFAULT_HOURS
    for weekday in range(5):
        OfficeHours.objects.get_or_create(
            office=office,
            weekday=weekday,
            defaults={
                "morning_start": m_start,
                "morning_end": m_end,
                "afternoon_start": a_start,
                "afternoon_end": a_end,
            },
        )
    if office.opens_saturday_morning:
        OfficeHours.objects.get_or_create(
            office=office, weekday=5, defaults={"morning_start": m_start, "morning_end": m_end}
        )


def _person(office: Office, username: str, full_name: str, position: str, roles, **extra) -> Staff:
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username)
    if created or not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
    user.is_staff = Role.ADMIN in roles
    user.save()
    staff, _ = Staff.objects.update_or_create(
        user=user, defaults={"office": office, "full_name": full_name, "position": position, **extra}
    )
    for role in roles:
        StaffRole.objects.get_or_create(staff=staff, role=role)
    if Role.ADMIN in roles:
        user.groups.add(_admin_group())
    return staff


def _admin_group() -> Group:
    group, _ = Group.objects.get_or_create(name=ADMIN_GROUP)
    perms = Permission.objects.filter(
        content_type__app_label="mocua",
        content_type__model__in=["office", "officehours", "organisation", "staff", "staffrole"],
    ).exclude(codename__in=["add_office", "delete_office"]) | Permission.objects.filter(
        content_type__app_label="reports", content_type__model="onlinetarget"
    )
    group.permissions.set(perms)
    return group


@transaction.atomic
def load(stdout=None) -> list[tuple[str, str, str]]:
    """Create or refresh the demo offices and people. Returns (username, role, office) rows."""
    Field = Staff.fields.field.related_model  # the catalog's Field: the kernel imports no app

    fields = [Field.objects.get_or_create(code=c, defaults={"name": n})[0] for c, n in DEMO_FIELDS]
    logins = []
    supervisor = _office(SUPERVISOR, None)
    _person(
        supervisor,
        f"{SUPERVISOR.slug}.supervisor",
        "Hoàng Minh Tuấn",
        "Chuyên viên Sở Nội vụ",
        [Role.SUPERVISOR],
    )
    logins.append((f"{SUPERVISOR.slug}.supervisor", Role.SUPERVISOR.label, supervisor.name))
    for spec in COMMUNES:
        office = _office(spec, supervisor)
        orgs = {}
        for kind, name in ORGANISATIONS:
            orgs[kind], _ = Organisation.objects.get_or_create(
                office=office, name=name, defaults={"kind": kind}
            )
        for role, full_name, position, leader_title, org_kind in PEOPLE:
            username = f"{spec.slug}.{role}"
            staff = _person(
                office,
                username,
                full_name,
                f"{position} {spec.short_name}" if role == Role.LEADER else position,
                [role],
                leader_title=leader_title,
                organisation=orgs.get(org_kind),
            )
            if role == Role.SPECIALIST:
                staff.fields.set(fields)
            logins.append((username, role.label, office.name))
    return logins


def demo_logins() -> list[tuple[str, str, str]]:
    """(username, role labels, office name) of every demo account in the database, office by office:
    the people load() makes and those other demo loaders add (e.g. `<office>.volunteer2`)."""
    slugs = [SUPERVISOR.slug, *(c.slug for c in COMMUNES)]
    rank = {role: i for i, (role, *_rest) in enumerate(PEOPLE)}
    rows = []
    staff = (
        Staff.objects.filter(office__slug__in=slugs)
        .select_related("user", "office")
        .prefetch_related("roles")
    )
    for s in staff:
        username = s.user.get_username() if s.user_id else ""
        if not username.startswith(f"{s.office.slug}."):
            continue
        roles = sorted(s.role_set, key=lambda r: rank.get(r, len(rank)))
        labels = ", ".join(str(Role(r).label) for r in roles)
        order = (
            slugs.index(s.office.slug),
            min((rank.get(r, len(rank)) for r in roles), default=99),
            username,
        )
        rows.append((order, (username, labels, s.office.name)))
    return [row for _, row in sorted(rows)]
