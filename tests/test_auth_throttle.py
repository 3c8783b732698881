"""Logins throttled per account and per address, sessions fit for a shared counter PC, API tokens
that expire and that an office admin revokes (issue 15, item 3)."""

import datetime as dt
import logging
import os
import subprocess
import sys

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY, get_user_model
from django.test import Client, RequestFactory, override_settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from mocua import auth, tokens
from mocua.demo import DEMO_PASSWORD
from mocua.net import client_address
from tests.conftest import ROOT, VN

T0 = dt.datetime(2026, 11, 25, 8, 0, tzinfo=VN)
LIMIT = 10  # the default MOCUA_LOGIN_FAILURE_LIMIT
CLERK, LEADER, ADMIN = "duc-thanh.clerk", "duc-thanh.leader", "duc-thanh.admin"
B_CLERK = "luan-thanh.clerk"
HOME, ADDR_A, ADDR_B = "203.0.113.10", "198.51.100.7", "198.51.100.8"
LOCKED = "Đăng nhập sai quá nhiều lần"

pytestmark = pytest.mark.django_db


def page_login(username, password, addr=HOME, **extra):
    return Client(REMOTE_ADDR=addr, **extra).post("/dang-nhap/", {"username": username, "password": password})


def api_login(username, password, addr=HOME, **extra):
    return APIClient(REMOTE_ADDR=addr, **extra).post(
        "/api/v1/auth/token/", {"username": username, "password": password}, format="json"
    )


def logged_in(response) -> bool:
    return response.status_code == 302 and SESSION_KEY in response.wsgi_request.session


def page_fail(times, username=CLERK, addr=HOME):
    for i in range(times):
        page_login(username if username else f"ai-do-{i}", "sai-mat-khau", addr)


# --- the finding, replayed ------------------------------------------------------------------


def test_fifty_wrong_passwords_on_the_login_page_then_the_right_one_is_refused(demo):
    answers = [page_login(CLERK, f"sai-{i}").status_code for i in range(50)]
    assert answers[: LIMIT - 1] == [200] * (LIMIT - 1)  # the form again: wrong password
    assert set(answers[LIMIT - 1 :]) == {429}  # locked from the limit on
    r = page_login(CLERK, DEMO_PASSWORD)
    assert r.status_code == 429 and not logged_in(r)
    text = r.content.decode()
    assert LOCKED in text and "15 phút" in text and 'name="password"' in text


def test_fifty_wrong_passwords_on_the_token_api_then_the_right_one_is_refused(demo):
    answers = [api_login(CLERK, f"sai-{i}").status_code for i in range(50)]
    assert answers[: LIMIT - 1] == [400] * (LIMIT - 1)
    assert set(answers[LIMIT - 1 :]) == {429}
    r = api_login(CLERK, DEMO_PASSWORD)
    assert r.status_code == 429
    assert r.json() == {"detail": auth.lockout_message()} and LOCKED in r.json()["detail"]
    assert not Token.objects.filter(user__username=CLERK).exists()


def test_the_login_page_and_the_api_share_one_count(demo):
    page_fail(LIMIT // 2)
    for _ in range(LIMIT - LIMIT // 2):
        api_login(CLERK, "sai")
    assert page_login(CLERK, DEMO_PASSWORD).status_code == 429
    assert api_login(CLERK, DEMO_PASSWORD).status_code == 429


def test_fewer_failures_than_the_limit_do_not_lock(demo):
    page_fail(LIMIT - 1)
    assert logged_in(page_login(CLERK, DEMO_PASSWORD))
    assert api_login(LEADER, DEMO_PASSWORD).status_code == 200


# --- per account, per address ----------------------------------------------------------------------


def test_an_account_is_locked_from_every_address(demo):
    for i in range(LIMIT):
        page_login(CLERK, "sai", addr=f"192.0.2.{i + 1}")  # a different address each time
    assert page_login(CLERK, DEMO_PASSWORD, addr=ADDR_B).status_code == 429
    assert api_login(CLERK, DEMO_PASSWORD, addr=ADDR_B).status_code == 429
    # Another account from that address is not concerned.
    assert logged_in(page_login(LEADER, DEMO_PASSWORD, addr=ADDR_B))


def test_an_address_is_locked_for_every_account(demo):
    page_fail(LIMIT, username=None, addr=ADDR_A)  # a different (made-up) account each time
    assert page_login(LEADER, DEMO_PASSWORD, addr=ADDR_A).status_code == 429
    assert api_login(LEADER, DEMO_PASSWORD, addr=ADDR_A).status_code == 429
    # The same account from another address logs in.
    assert logged_in(page_login(LEADER, DEMO_PASSWORD, addr=ADDR_B))


def test_unlocked_after_the_cool_off_and_not_before(demo):
    with time_machine.travel(T0, tick=False) as clock:
        page_fail(LIMIT)
        clock.shift(dt.timedelta(minutes=14))
        assert page_login(CLERK, DEMO_PASSWORD).status_code == 429
        # Tries during the lockout do not prolong it: 15 minutes after the last counted failure.
        clock.shift(dt.timedelta(minutes=1, seconds=1))
        assert logged_in(page_login(CLERK, DEMO_PASSWORD))
        assert api_login(CLERK, DEMO_PASSWORD).status_code == 200


@override_settings(AXES_FAILURE_LIMIT=3, MOCUA_LOGIN_COOLOFF_MINUTES=5, AXES_COOLOFF_TIME=5 / 60)
def test_limit_and_cool_off_come_from_settings(demo):
    with time_machine.travel(T0, tick=False) as clock:
        page_fail(3)
        r = page_login(CLERK, DEMO_PASSWORD)
        assert r.status_code == 429 and "5 phút" in r.content.decode()
        clock.shift(dt.timedelta(minutes=5, seconds=1))
        assert logged_in(page_login(CLERK, DEMO_PASSWORD))


# --- the trusted proxy decides the address -----------------------------------------------------------


def test_the_address_is_remote_addr_unless_a_proxy_header_is_trusted():
    rf = RequestFactory()
    forged = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_address(forged) == "10.0.0.1"
    with override_settings(MOCUA_TRUSTED_PROXY_HEADER="X-Forwarded-For"):
        # The proxy appends the peer it saw: the right-most entry; what the client wrote is ignored.
        assert client_address(
            rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 5.6.7.8")
        ) == ("5.6.7.8")
        assert client_address(rf.get("/", REMOTE_ADDR="10.0.0.1")) == "10.0.0.1"  # not through the proxy
        assert client_address(rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="rác")) == "10.0.0.1"
    for spelling in ("x-real-ip", "HTTP_X_REAL_IP", " X-Real-IP "):
        with override_settings(MOCUA_TRUSTED_PROXY_HEADER=spelling):
            assert (
                client_address(rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="2001:db8::1"))
                == "2001:db8::1"
            )


@override_settings(MOCUA_TRUSTED_PROXY_HEADER="X-Forwarded-For")
def test_behind_the_proxy_each_client_is_counted_apart(demo):
    proxy = "10.0.0.1"
    for i in range(LIMIT):
        page_login(f"ai-do-{i}", "sai", addr=proxy, HTTP_X_FORWARDED_FOR=ADDR_A)
    # The attacker's address is locked, even when it forges the left part of the header ...
    assert page_login(LEADER, DEMO_PASSWORD, addr=proxy, HTTP_X_FORWARDED_FOR=ADDR_A).status_code == 429
    forged = f"{ADDR_B}, {ADDR_A}"
    assert page_login(LEADER, DEMO_PASSWORD, addr=proxy, HTTP_X_FORWARDED_FOR=forged).status_code == 429
    # ... and everyone else behind the same proxy logs in.
    assert logged_in(page_login(LEADER, DEMO_PASSWORD, addr=proxy, HTTP_X_FORWARDED_FOR=ADDR_B))


# --- the audit line -------------------------------------------------------------------------------


def test_a_lockout_is_logged_and_listed_for_the_system_administrator(demo, caplog):
    from axes.models import AccessAttempt, AccessFailureLog

    with caplog.at_level(logging.WARNING, logger="axes"):
        page_fail(LIMIT, addr=ADDR_A)
    lines = [r.getMessage() for r in caplog.records if "Locking out" in r.getMessage()]
    assert lines and CLERK in lines[0] and ADDR_A in lines[0] and "/dang-nhap/" in lines[0]
    assert "sai-mat-khau" not in caplog.text  # never the password
    assert AccessAttempt.objects.get(username=CLERK, ip_address=ADDR_A).failures_since_start == LIMIT
    assert AccessFailureLog.objects.filter(username=CLERK, locked_out=True).exists()

    root = get_user_model().objects.create_superuser("quan-tri-he-thong", password="x")
    sysadmin = Client()
    sysadmin.force_login(root)
    listing = sysadmin.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200 and CLERK in listing.content.decode()
    assert "Đăng nhập sai và nhật ký đăng nhập" in sysadmin.get("/admin/").content.decode()
    office_admin = Client()
    office_admin.force_login(get_user_model().objects.get(username=ADMIN))
    assert office_admin.get("/admin/axes/accessattempt/").status_code == 403


# --- sessions on a shared counter PC ---------------------------------------------------------------


def test_sessions_end_with_the_browser_and_after_an_idle_hour(demo, settings):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_AGE == 60 * 60
    with time_machine.travel(T0, tick=False) as clock:
        c = Client(REMOTE_ADDR=HOME)
        r = c.post("/dang-nhap/", {"username": CLERK, "password": DEMO_PASSWORD})
        assert logged_in(r)
        cookie = r.cookies[settings.SESSION_COOKIE_NAME]
        assert not cookie["expires"] and not cookie["max-age"]  # a browser-session cookie
        for _ in range(3):  # working: every request pushes the end further
            clock.shift(dt.timedelta(minutes=50))
            assert c.get("/").status_code == 200
        clock.shift(dt.timedelta(minutes=61))  # the lunch break
        r = c.get("/")
        assert r.status_code == 302 and r["Location"].startswith("/dang-nhap/")


def test_session_length_and_token_life_come_from_the_environment():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_AGE, s.MOCUA_API_TOKEN_DAYS, s.AXES_FAILURE_LIMIT, s.MOCUA_LOGIN_COOLOFF_MINUTES)"
    )
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}},
        "DJANGO_SETTINGS_MODULE": "mocua.settings",
        "MOCUA_SESSION_IDLE_MINUTES": "20",
        "MOCUA_API_TOKEN_DAYS": "7",
        "MOCUA_LOGIN_FAILURE_LIMIT": "5",
        "MOCUA_LOGIN_COOLOFF_MINUTES": "30",
    }
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["1200", "7", "5", "30"]


# --- API tokens that expire -----------------------------------------------------------------------


def _staff_api(key, addr=HOME):
    return APIClient(REMOTE_ADDR=addr).get("/api/v1/staff/", HTTP_AUTHORIZATION=f"Token {key}")


def test_a_token_expires_after_thirty_days_and_a_new_one_is_issued(demo):
    with time_machine.travel(T0, tick=False) as clock:
        first = api_login(CLERK, DEMO_PASSWORD).json()["token"]
        clock.shift(dt.timedelta(days=29, hours=23))
        assert _staff_api(first).status_code == 200
        assert api_login(CLERK, DEMO_PASSWORD).json()["token"] == first  # still the same, still live
        clock.shift(dt.timedelta(hours=1))
        r = _staff_api(first)
        assert r.status_code == 401 and r.json() == {"detail": tokens.EXPIRED}
        second = api_login(CLERK, DEMO_PASSWORD).json()["token"]
        assert second != first and _staff_api(second).status_code == 200
        assert _staff_api(first).json() == {"detail": tokens.INVALID}


@override_settings(MOCUA_API_TOKEN_DAYS=1)
def test_token_life_comes_from_settings(demo):
    with time_machine.travel(T0, tick=False) as clock:
        key = api_login(CLERK, DEMO_PASSWORD).json()["token"]
        clock.shift(dt.timedelta(days=1))
        assert _staff_api(key).json() == {"detail": tokens.EXPIRED}


# --- revoked by the office admin, in the admin ----------------------------------------------------


def _admin_client(username=ADMIN):
    c = Client()
    c.force_login(get_user_model().objects.get(username=username))
    return c


def test_the_office_admin_revokes_a_token_of_its_staff(demo):
    key = api_login(CLERK, DEMO_PASSWORD).json()["token"]
    b_key = api_login(B_CLERK, DEMO_PASSWORD).json()["token"]
    admin = _admin_client()
    index = admin.get("/admin/")
    assert "/admin/authtoken/tokenproxy/" in index.content.decode()  # reachable from the admin's index
    assert "Mã truy cập API" in index.content.decode()
    listing = admin.get("/admin/authtoken/tokenproxy/").content.decode()
    assert CLERK in listing and B_CLERK not in listing
    assert key not in listing  # the secret itself is never shown
    clerk_id = get_user_model().objects.get(username=CLERK).pk
    page = admin.get(f"/admin/authtoken/tokenproxy/{clerk_id}/delete/")
    assert page.status_code == 200
    r = admin.post(f"/admin/authtoken/tokenproxy/{clerk_id}/delete/", {"post": "yes"})
    assert r.status_code == 302
    assert not Token.objects.filter(key=key).exists()
    refused = _staff_api(key)
    assert refused.status_code == 401 and refused.json() == {"detail": tokens.INVALID}
    assert _staff_api(b_key).status_code == 200


def test_another_offices_tokens_answer_like_missing_ones(demo):
    b_key = api_login(B_CLERK, DEMO_PASSWORD).json()["token"]
    admin = _admin_client()
    b_id = get_user_model().objects.get(username=B_CLERK).pk
    for suffix, data in (("change/", None), ("delete/", None), ("delete/", {"post": "yes"})):
        answers = []
        for pk in (b_id, 987654):
            url = f"/admin/authtoken/tokenproxy/{pk}/{suffix}"
            r = admin.post(url, data) if data else admin.get(url)
            answers.append((r.status_code, r.get("Location")))
        assert answers[0] == answers[1] and answers[0][0] in (302, 404)
    assert Token.objects.filter(key=b_key).exists()
    assert _staff_api(b_key).status_code == 200


def test_staff_who_are_not_office_admins_cannot_reach_tokens(demo):
    api_login(CLERK, DEMO_PASSWORD)
    clerk = _admin_client(LEADER)
    r = clerk.get("/admin/authtoken/tokenproxy/")
    assert r.status_code == 302 and "/admin/login/" in r["Location"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_locked_out_clerk_reads_why_in_the_browser(desktop_page, live_server, demo):
    from tests.conftest import screenshot

    page_fail(LIMIT, addr="127.0.0.1")  # the browser's address on the live server
    desktop_page.goto(f"{live_server.url}/dang-nhap/")
    desktop_page.fill("input[name=username]", CLERK)
    desktop_page.fill("input[name=password]", DEMO_PASSWORD)
    desktop_page.click("button[type=submit]")
    desktop_page.wait_for_selector(f"text={LOCKED}")
    assert "Xin chào" not in desktop_page.content()
    screenshot(desktop_page, "login-locked-out")
