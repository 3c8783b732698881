"""Offices are walls: every demo role logs in and sees only its own office."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from mocua import access
from mocua.demo import COMMUNES, DEMO_PASSWORD, SUPERVISOR
from mocua.models import Office, Role, Staff


def strip_csrf(content: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)


ROLES = [r.value for r in Role if r != Role.SUPERVISOR]


@pytest.mark.parametrize("role", ROLES)
def test_every_demo_role_logs_in_and_sees_only_its_office(client, demo, role):
    own, other = COMMUNES[0], COMMUNES[1]
    assert client.login(username=f"{own.slug}.{role}", password=DEMO_PASSWORD)
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert own.name in home.content.decode()
    assert client.get(reverse("office_detail", args=[own.slug])).status_code == 200
    assert client.get(reverse("office_detail", args=[other.slug])).status_code == 404


def test_supervisor_reads_every_office_of_its_area(client, demo):
    assert client.login(username=f"{SUPERVISOR.slug}.supervisor", password=DEMO_PASSWORD)
    page = client.get(reverse("office_list")).content.decode()
    for spec in COMMUNES:
        assert spec.name in page
        assert client.get(reverse("office_detail", args=[spec.slug])).status_code == 200


def test_supervisor_does_not_read_offices_outside_its_area(client, demo):
    stranger = Office.objects.create(
        name="UBND xã Ngoài Vùng",
        short_name="Ngoài Vùng",
        slug="ngoai-vung",
        kind="commune",
        province="Khác",
        unit_code="000.99.53.H01",
    )
    client.login(username=f"{SUPERVISOR.slug}.supervisor", password=DEMO_PASSWORD)
    assert client.get(reverse("office_detail", args=[stranger.slug])).status_code == 404
    assert stranger.name not in client.get(reverse("office_list")).content.decode()


def test_guessed_and_missing_offices_look_the_same(staff_client):
    client = staff_client("duc-thanh.clerk")
    other = client.get(reverse("office_detail", args=["luan-thanh"]))
    missing = client.get(reverse("office_detail", args=["khong-ton-tai"]))
    assert other.status_code == missing.status_code == 404
    assert strip_csrf(other.content) == strip_csrf(missing.content)


def test_user_without_office_is_refused_in_vietnamese(client, db):
    user = get_user_model().objects.create_user("lac-loai", password="mat-khau-dai-123")
    client.force_login(user)
    response = client.get(reverse("office_detail", args=["duc-thanh"]))
    assert response.status_code == 403
    assert "chưa được gắn với đơn vị" in response.content.decode()


def test_clerk_cannot_open_supervisor_pages(staff_client):
    response = staff_client("duc-thanh.clerk").get(reverse("office_list"))
    assert response.status_code == 403
    assert "không có quyền" in response.content.decode()


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_scope_helper_filters_any_queryset(demo):
    clerk = Staff.objects.get(user__username="duc-thanh.clerk").user
    assert set(access.scope(Staff.objects.all(), clerk).values_list("office__slug", flat=True)) == {
        "duc-thanh"
    }
    sup = Staff.objects.get(user__username="noi-vu.supervisor").user
    seen = set(access.scope(Staff.objects.all(), sup).values_list("office__slug", flat=True))
    assert seen == {s.slug for s in COMMUNES} | {SUPERVISOR.slug}


def test_office_admin_sees_only_its_own_staff(staff_client):
    client = staff_client("duc-thanh.admin")
    page = client.get(reverse("admin:mocua_staff_changelist"))
    assert page.status_code == 200
    assert "duc-thanh" in str(page.context["cl"].queryset.values_list("user__username", flat=True))
    usernames = set(page.context["cl"].queryset.values_list("user__username", flat=True))
    assert usernames and all(u.startswith("duc-thanh.") for u in usernames)
    foreign = Staff.objects.get(user__username="luan-thanh.clerk")
    assert client.get(reverse("admin:mocua_staff_change", args=[foreign.pk])).status_code in (302, 404)


def test_load_demo_is_idempotent(demo):
    from mocua.demo import load

    before = (Office.objects.count(), Staff.objects.count(), get_user_model().objects.count())
    load()
    assert (Office.objects.count(), Staff.objects.count(), get_user_model().objects.count()) == before
    assert Staff.objects.filter(user__username="duc-thanh.leader", leader_title="chairman").exists()
