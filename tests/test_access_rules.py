"""Every office rule in mocua.access: the area, who changes which procedure, who administers whom.

The rules are tested directly (role × office kind), then where they bite: the catalog import
(refused whole, nothing changed), the area reports (no drill-down but for the supervisor) and
the Django admin (an office admin picks only its own office's people).
"""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from mocua import access
from mocua.models import SUPERVISOR_KINDS, Office, OfficeKind, Role, Staff, StaffRole
from models_catalog.models import Field, Procedure, RequiredDocument
from models_catalog.transfer import COLUMNS, ImportRejected, export_rows, import_catalog

User = get_user_model()
KINDS = [
    OfficeKind.COMMUNE,
    OfficeKind.WARD,
    OfficeKind.DISTRICT_HOME_AFFAIRS,
    OfficeKind.PROVINCE_HOME_AFFAIRS,
]
ROLES = list(Role)


def make_office(slug: str, kind=OfficeKind.COMMUNE, supervisor=None, n=[0]) -> Office:  # noqa: B006
    n[0] += 1
    return Office.objects.create(
        name=f"Đơn vị {slug}",
        short_name=slug,
        slug=slug,
        kind=kind,
        province="Thử nghiệm",
        unit_code=f"000.{n[0] % 100:02d}.77.T{n[0] % 100:02d}",
        supervisor=supervisor,
    )


def make_staff(office: Office, username: str, *roles: str, **user_fields) -> User:
    user = User.objects.create_user(username, password="mat-khau-dai-123", **user_fields)
    staff = Staff.objects.create(user=user, office=office, full_name=username)
    for role in roles:
        StaffRole.objects.create(staff=staff, role=role)
    return user


def fresh(user) -> User:
    """The user as a new request would see it (no cached staff record)."""
    return User.objects.get(pk=user.pk)


# ---- the area --------------------------------------------------------------------------------------


@pytest.fixture
def region(empty_db):
    """A supervisor office of the kind asked for, two communes in its area, one outside."""

    def build(kind):
        head = make_office("tru-so", kind)
        area_parent = head if head.is_supervisor else None
        inside = [
            make_office("xa-mot", supervisor=area_parent),
            make_office("xa-hai", supervisor=area_parent),
        ]
        outside = make_office("xa-ngoai")
        return head, inside, outside

    return build


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", ROLES)
def test_only_the_supervisor_role_at_a_supervisor_office_reads_the_area(region, role, kind):
    head, inside, outside = region(kind)
    user = make_staff(head, "nguoi-dung", role)
    reads = role == Role.SUPERVISOR and kind in SUPERVISOR_KINDS
    assert access.reads_area(fresh(user), head) is reads
    area = set(access.area_offices(fresh(user), head))
    assert area == (set(inside) if reads else set())
    assert set(access.visible_offices(fresh(user))) == {head, *area}
    assert outside not in access.visible_offices(fresh(user))
    # Nobody reads an area from outside its supervisor office.
    assert not access.reads_area(fresh(user), make_office("so-khac", OfficeKind.PROVINCE_HOME_AFFAIRS))


def test_area_rule_edges(region):
    head, inside, outside = region(OfficeKind.PROVINCE_HOME_AFFAIRS)
    root = User.objects.create_superuser("root", "root@example.com", "mat-khau-dai-123")
    assert access.reads_area(root, head) and set(access.area_offices(root, head)) == set(inside)
    assert set(access.visible_offices(root)) == {head, *inside, outside}
    assert list(access.area_members(head)) == sorted(inside, key=lambda o: o.name)
    assert not access.reads_area(root, inside[0])  # a commune has no area
    retired = make_staff(head, "da-nghi", Role.SUPERVISOR)
    Staff.objects.filter(user=retired).update(is_active=False)
    assert not access.reads_area(fresh(retired), head)
    assert not access.visible_offices(fresh(retired)).exists()
    from django.contrib.auth.models import AnonymousUser

    assert not access.reads_area(AnonymousUser(), head)
    assert not access.visible_offices(AnonymousUser()).exists()


# ---- who changes which procedure -------------------------------------------------------------------


@pytest.fixture
def offerings(empty_db):
    """Procedures of every kind of ownership, seen from office `own`."""
    own, other, third = make_office("xa-minh"), make_office("xa-ban"), make_office("xa-ba")
    field = Field.objects.create(code="ho-tich", name="Hộ tịch")

    def proc(code, *offices):
        p = Procedure.objects.create(code=code, name=f"Thủ tục {code}", field=field, processing_time=3)
        p.offices.set(offices)
        return p

    return {
        "own": own,
        "other": other,
        "procedures": {
            "own": proc("1.000001", own),
            "shared": proc("1.000002", own, other, third),
            "foreign": proc("1.000003", other),
            "unoffered": proc("1.000004"),
            "new": Procedure(code="1.000005", field=field),
        },
    }


EDIT_RULE = {"own": None, "shared": access.SHARED, "foreign": access.FOREIGN, "unoffered": access.UNOFFERED}


@pytest.mark.parametrize("kind", ["own", "shared", "foreign", "unoffered", "new"])
@pytest.mark.parametrize("role", ROLES)
def test_who_may_change_a_procedures_content(offerings, role, kind):
    user = make_staff(offerings["own"], "bien-tap", role)
    procedure = offerings["procedures"][kind]
    expected = EDIT_RULE.get(kind) if role in access.CATALOG_EDITORS else access.NO_ROLE
    assert access.procedure_refusal(fresh(user), procedure) == expected
    assert access.may_edit_procedure(fresh(user), procedure) is (expected is None)


@pytest.mark.parametrize("kind", ["own", "shared", "foreign", "unoffered", "new"])
def test_the_system_administrator_changes_every_procedure(offerings, kind):
    root = User.objects.create_superuser("root", "root@example.com", "mat-khau-dai-123")
    assert access.may_edit_procedure(root, offerings["procedures"][kind])
    assert access.may_change_offering(root, {1, 2, 3}, set())


@pytest.mark.parametrize("role", ROLES)
def test_an_office_changes_only_its_own_place_in_an_offering(offerings, role):
    own, other = offerings["own"].pk, offerings["other"].pk
    user = fresh(make_staff(offerings["own"], "bien-tap", role))
    editor = role in access.CATALOG_EDITORS
    assert access.may_change_offering(user, {other}, {other, own}) is editor  # add itself
    assert access.may_change_offering(user, {other, own}, {other}) is editor  # leave
    assert access.may_change_offering(user, {other}, {other}) is editor  # nothing changes
    assert not access.may_change_offering(user, {other, own}, {own})  # take it from another
    assert not access.may_change_offering(user, set(), {own, other})  # give it to another
    # Offering it makes an orphan its own: then, and only then, the content is its to change.
    orphan = offerings["procedures"]["unoffered"]
    assert access.may_edit_procedure(user, orphan, offered_by={own}) is editor


# ---- administering an office -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", ROLES)
def test_only_an_office_admin_administers_and_only_its_own_office(empty_db, role, kind):
    office, other = make_office("xa-minh", kind), make_office("xa-ban")
    user = make_staff(office, "quan-tri", role, is_staff=True)
    colleague, stranger = make_staff(office, "dong-nghiep"), make_staff(other, "nguoi-ngoai")
    newcomer = User.objects.create_user("moi-tao")
    root = User.objects.create_superuser("root", "root@example.com", "mat-khau-dai-123")
    user = fresh(user)
    if role == Role.ADMIN:
        assert list(access.managed_offices(user)) == [office]
        assert set(access.manageable_users(user)) == {user, colleague, newcomer}
        assert set(access.manage_scope(Staff.objects.all(), user)) == set(Staff.objects.filter(office=office))
    else:
        assert not access.managed_offices(user).exists()
        assert not access.manageable_users(user).exists()
        assert not access.manage_scope(Staff.objects.all(), user).exists()
    assert stranger not in access.manageable_users(user) and root not in access.manageable_users(user)
    assert set(access.managed_offices(root)) == {office, other}
    assert access.manageable_users(root).count() == User.objects.count()


# ---- the catalog import ----------------------------------------------------------------------------


@pytest.fixture
def catalog(catalog):
    duc_thanh = Office.objects.get(slug="duc-thanh")
    own = Procedure.objects.get(code="1.004873")
    own.offices.set([duc_thanh])  # Đức Thạnh's own procedure
    foreign = Procedure.objects.get(code="1.000894")
    foreign.offices.set([Office.objects.get(slug="luan-thanh")])  # Luận Thành's own
    return duc_thanh


def everything():
    """Every catalog row, as plain values, to compare before and after."""
    through = Procedure.offices.through.objects
    return (
        list(Procedure.objects.order_by("pk").values()),
        list(through.order_by("procedure_id", "office_id").values_list("procedure_id", "office_id")),
        list(RequiredDocument.objects.order_by("pk").values()),
        list(Field.objects.order_by("pk").values()),
    )


def others_rows(office):
    """What the other offices have: their offering and every procedure they offer."""
    through = Procedure.offices.through.objects.exclude(office=office)
    return (
        list(through.order_by("procedure_id", "office_id").values_list("procedure_id", "office_id")),
        list(
            Procedure.objects.filter(offices__in=Office.objects.exclude(pk=office.pk)).order_by("pk").values()
        ),
    )


def rows_for(*codes, **changes) -> list[dict]:
    rows = export_rows(Procedure.objects.filter(code__in=codes))
    by_code = {r["code"]: r for r in rows}
    for code, change in changes.items():
        by_code[code.replace("_", ".")].update(change)
    return [by_code[c] for c in codes]


def upload(rows: list[dict], *, offices_column=True):
    columns = [(k, h) for k, h in COLUMNS if offices_column or k != "offices"]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([h for _, h in columns])
    for row in rows:
        writer.writerow([row[k] for k, _ in columns])
    file = io.BytesIO(out.getvalue().encode("utf-8-sig"))
    file.name = "danh-muc.csv"
    return file


def post_import(client, file):
    return client.post(reverse("models_catalog:catalog_import"), {"file": file}, follow=True).content.decode()


def test_the_reported_incident_is_refused_whole(staff_client, catalog):
    """An office admin of Đức Thạnh renamed a shared procedure and took it from the other four."""
    before = everything()
    rows = rows_for(
        "1.004873",
        "1.001193",
        **{
            "1_004873": {"fee_text": "Miễn phí"},  # its own: allowed alone, not applied with the rest
            "1_001193": {"name": "Tên mới do xã đặt", "offices": "duc-thanh"},
        },
    )
    page = post_import(staff_client("duc-thanh.admin"), upload(rows))
    assert "Không nhập tệp nào vì có lỗi:" in page
    assert f"Dòng 3 (thủ tục 1.001193): {access.OTHER_OFFERINGS}" in page
    assert f"Dòng 3 (thủ tục 1.001193): {access.SHARED}" in page
    assert everything() == before


def test_shared_and_foreign_procedures_are_refused_naming_every_row(staff_client, catalog):
    before, theirs = everything(), others_rows(catalog)
    rows = rows_for(
        "1.001193",
        "1.004873",
        "1.000894",
        "2.000815",
        **{
            "1_001193": {"fee_text": "Thay đổi"},
            "1_004873": {"fee_text": "Miễn phí"},
            "1_000894": {"legal_basis": "Căn cứ khác"},
            "2_000815": {"documents": "Đơn đề nghị | Bản chính | 1"},
        },
    )
    with pytest.raises(ImportRejected) as refused:
        import_catalog("danh-muc.csv", upload(rows).getvalue(), by=fresh_user("duc-thanh.admin"))
    assert refused.value.errors == [
        f"Dòng 2, 5 (thủ tục 1.001193, 2.000815): {access.SHARED}",
        f"Dòng 4 (thủ tục 1.000894): {access.FOREIGN}",
    ]
    assert everything() == before and others_rows(catalog) == theirs
    # The same file through the screen: refused, in Vietnamese, nothing changed.
    page = post_import(staff_client("duc-thanh.admin"), upload(rows))
    assert "Dòng 2, 5 (thủ tục 1.001193, 2.000815): thủ tục dùng chung với đơn vị khác" in page
    assert everything() == before


def test_giving_or_taking_another_offices_offering_is_refused(staff_client, catalog):
    before = everything()
    rows = rows_for(
        "1.004873",
        "1.000894",
        **{
            "1_004873": {"offices": "duc-thanh, dong-thanh"},  # gives its own to Đông Thanh
            "1_000894": {"offices": ""},  # takes Luận Thành's away
        },
    )
    page = post_import(staff_client("duc-thanh.admin"), upload(rows))
    assert f"Dòng 2, 3 (thủ tục 1.004873, 1.000894): {access.OTHER_OFFERINGS}" in page
    assert everything() == before


def test_an_office_admin_changes_its_own_offering_and_procedures(staff_client, catalog):
    theirs = others_rows(catalog)
    shared = Procedure.objects.get(code="1.001193")
    others_of_shared = sorted(shared.offices.exclude(pk=catalog.pk).values_list("slug", flat=True))
    rows = rows_for(
        "1.004873",
        "1.001193",
        "1.000894",
        **{
            "1_004873": {"fee_text": "Miễn phí", "name": "Tên mới của thủ tục riêng"},
            "1_001193": {"offices": ", ".join(others_of_shared)},  # Đức Thạnh leaves it
            "1_000894": {"offices": "duc-thanh, luan-thanh"},  # Đức Thạnh offers it too
        },
    )
    new = {**rows[0], "code": "1.009999", "name": "Thủ tục riêng mới", "offices": "duc-thanh"}
    page = post_import(staff_client("duc-thanh.admin"), upload([*rows, new]))
    assert "Đã nhập danh mục: thêm 1, cập nhật 3, giữ nguyên 0 thủ tục." in page
    own = Procedure.objects.get(code="1.004873")
    assert (own.fee_text, own.name) == ("Miễn phí", "Tên mới của thủ tục riêng")
    assert not shared.offices.filter(pk=catalog.pk).exists()
    assert set(Procedure.objects.get(code="1.000894").offices.values_list("slug", flat=True)) == {
        "duc-thanh",
        "luan-thanh",
    }
    assert list(Procedure.objects.get(code="1.009999").offices.values_list("slug", flat=True)) == [
        "duc-thanh"
    ]
    # Nothing of the other offices changed: their offerings, their procedures.
    assert others_rows(catalog) == theirs


def test_without_the_offices_column_a_new_procedure_is_the_importers(staff_client, catalog):
    row = {**rows_for("1.004873")[0], "code": "1.009998", "name": "Thủ tục không có cột đơn vị"}
    page = post_import(staff_client("duc-thanh.admin"), upload([row], offices_column=False))
    assert "thêm 1" in page
    assert list(Procedure.objects.get(code="1.009998").offices.values_list("slug", flat=True)) == [
        "duc-thanh"
    ]


def test_an_unchanged_export_of_the_whole_catalog_is_accepted(staff_client, catalog):
    before = everything()
    page = post_import(staff_client("duc-thanh.admin"), upload(export_rows()))
    assert "thêm 0, cập nhật 0, giữ nguyên" in page
    assert everything() == before


def test_the_system_administrator_keeps_full_power(catalog):
    root = User.objects.create_superuser("root", "root@example.com", "mat-khau-dai-123")
    rows = rows_for("1.001193", **{"1_001193": {"name": "Tên do hệ thống sửa", "offices": "duc-thanh"}})
    result = import_catalog("danh-muc.csv", upload(rows).getvalue(), by=root)
    assert result.updated == 1
    shared = Procedure.objects.get(code="1.001193")
    assert shared.name == "Tên do hệ thống sửa"
    assert list(shared.offices.values_list("slug", flat=True)) == ["duc-thanh"]


def fresh_user(username: str) -> User:
    return User.objects.get(username=username)


def test_the_editor_follows_the_same_rule(staff_client, catalog):
    client = staff_client("duc-thanh.secretary")
    assert client.get("/quan-ly/thu-tuc/1.004873/sua/").status_code == 200
    page = client.get("/quan-ly/thu-tuc/1.001193/sua/", follow=True).content.decode()
    assert "Thủ tục dùng chung với đơn vị khác; chỉ quản trị hệ thống được sửa nội dung." in page
    assert client.get("/quan-ly/thu-tuc/1.000894/sua/").status_code == 404


# ---- the area reports --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.LEADER, Role.SECRETARY, Role.ADMIN])
def test_a_reader_at_a_supervisor_office_gets_no_area_report(client, demo, role):
    from reports.models import Report
    from reports.periods import current
    from reports.services import generate_report

    noi_vu = Office.objects.get(slug="noi-vu")
    archived = generate_report(noi_vu, current("quarter"))
    client.force_login(make_staff(noi_vu, f"noi-vu.khac-{role}", role))
    for url in (
        "/bao-cao/",
        "/bao-cao/noi-vu/",
        "/bao-cao/noi-vu/ho-so/?cot=received.total",
        "/bao-cao/noi-vu/tai-ve.xlsx",
        reverse("reports:archived", args=[archived.pk, "xlsx"]),
    ):
        response = client.get(url, follow=True)
        assert response.status_code == 403, url
        assert "chỉ dành cho cán bộ được giao vai trò Phòng / Sở Nội vụ" in response.content.decode()
    assert client.post("/bao-cao/noi-vu/lap/").status_code == 403
    assert Report.objects.filter(office=noi_vu).count() == 1
    api = client.get("/api/v1/reports/?office=noi-vu")
    assert api.status_code == 403
    # The area's offices stay walls.
    assert client.get("/bao-cao/duc-thanh/").status_code == 404
    assert client.get("/bao-cao/duc-thanh/ho-so/?cot=received.total").status_code == 404
    assert client.get("/api/v1/reports/?office=duc-thanh").status_code == 404


def test_the_supervisor_gets_the_area_and_its_drill_downs(staff_client):
    client = staff_client("noi-vu.supervisor")
    assert client.get("/bao-cao/noi-vu/").status_code == 200
    assert client.get("/bao-cao/noi-vu/ho-so/?cot=received.total").status_code == 200
    assert client.get("/bao-cao/duc-thanh/ho-so/?cot=received.total").status_code == 200
    assert client.get("/api/v1/reports/?office=noi-vu").status_code == 200


# ---- the Django admin --------------------------------------------------------------------------------


def test_the_add_staff_form_offers_only_the_office_admins_own_people(staff_client):
    newcomer = User.objects.create_user("moi-tuyen")
    User.objects.create_superuser("root", "root@example.com", "mat-khau-dai-123")
    client = staff_client("duc-thanh.admin")
    form = client.get(reverse("admin:mocua_staff_add")).context["adminform"].form
    users = set(form.fields["user"].queryset.values_list("username", flat=True))
    assert newcomer.username in users
    assert users - {newcomer.username} and all(u.startswith("duc-thanh.") for u in users - {"moi-tuyen"})
    assert list(form.fields["office"].queryset.values_list("slug", flat=True)) == ["duc-thanh"]
    assert set(form.fields["organisation"].queryset.values_list("office__slug", flat=True)) == {"duc-thanh"}

    # A foreign account or office cannot be posted either.
    stranger = User.objects.create_user("nguoi-la")
    Staff.objects.create(user=stranger, office=Office.objects.get(slug="luan-thanh"), full_name="Người lạ")
    duc_thanh = Office.objects.get(slug="duc-thanh")
    data = {
        "full_name": "Người mới",
        "office": duc_thanh.pk,
        "is_active": "on",
        "roles-TOTAL_FORMS": "0",
        "roles-INITIAL_FORMS": "0",
    }
    r = client.post(reverse("admin:mocua_staff_add"), {**data, "user": stranger.pk})
    assert r.status_code == 200 and "user" in r.context["adminform"].form.errors
    r = client.post(
        reverse("admin:mocua_staff_add"),
        {**data, "user": newcomer.pk, "office": Office.objects.get(slug="luan-thanh").pk},
    )
    assert r.status_code == 200 and "office" in r.context["adminform"].form.errors
    assert not Staff.objects.filter(full_name="Người mới").exists()
    r = client.post(reverse("admin:mocua_staff_add"), {**data, "user": newcomer.pk})
    assert r.status_code == 302
    assert Staff.objects.get(user=newcomer).office == duc_thanh


def test_an_office_admin_cannot_leave_the_area_or_change_its_kind(staff_client):
    client = staff_client("duc-thanh.admin")
    office = Office.objects.get(slug="duc-thanh")
    url = reverse("admin:mocua_office_change", args=[office.pk])
    form = client.get(url).context["adminform"].form
    assert "supervisor" not in form.fields and "kind" not in form.fields
    data = {
        k: v
        for k, v in form.initial.items()
        if k in form.fields and v is not None and not isinstance(v, list)
    }
    data |= {
        "hours-TOTAL_FORMS": "0",
        "hours-INITIAL_FORMS": "0",
        "supervisor": "",
        "kind": "province_home_affairs",
    }
    data["name"] = "UBND xã Đức Thạnh (đã sửa)"
    r = client.post(url, data)
    assert r.status_code == 302, r.context["adminform"].form.errors if r.context else r
    office.refresh_from_db()
    assert office.name == "UBND xã Đức Thạnh (đã sửa)"
    assert (office.kind, office.supervisor.slug) == ("commune", "noi-vu")


def test_an_orphan_is_changed_only_once_offered_and_a_clerk_imports_nothing(catalog):
    orphan = Procedure.objects.get(code="2.000815")
    orphan.offices.clear()
    admin = fresh_user("duc-thanh.admin")
    before = everything()
    renamed = rows_for("2.000815", **{"2_000815": {"name": "Tên mới", "offices": ""}})
    with pytest.raises(ImportRejected) as refused:
        import_catalog("danh-muc.csv", upload(renamed).getvalue(), by=admin)
    assert refused.value.errors == [f"Dòng 2 (thủ tục 2.000815): {access.UNOFFERED}"]
    with pytest.raises(ImportRejected) as refused:
        import_catalog("danh-muc.csv", upload(export_rows()).getvalue(), by=fresh_user("duc-thanh.clerk"))
    assert refused.value.errors == [access.NO_ROLE]
    assert everything() == before
    renamed[0]["offices"] = "duc-thanh"
    assert import_catalog("danh-muc.csv", upload(renamed).getvalue(), by=admin).updated == 1
    orphan.refresh_from_db()
    assert orphan.name == "Tên mới" and [o.slug for o in orphan.offices.all()] == ["duc-thanh"]
