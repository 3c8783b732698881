"""Security headers (issue 15): the Content-Security-Policy, no-store on pages with personal data,
HTTPS settings switched by environment, and `check --deploy` clean with the README's settings."""

import os
import re
import secrets
import subprocess
import sys

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.conftest import ROOT

CSP = "Content-Security-Policy"

# Templates rendered to PDF by WeasyPrint (never served as a page) may use <style> and style="".
PDF_TEMPLATES = re.compile(r"(^|/)papers/|^reports/(paper|_paper_)")
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
HANDLER_ATTRIBUTE = re.compile(r"<[a-z][^<>{}]*\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^<>{}]*\sstyle\s*=", re.I)
STYLE_ELEMENT = re.compile(r"<style\b", re.I)


def page_templates():
    for path in sorted((ROOT / "templates").rglob("*.html")):
        name = path.relative_to(ROOT / "templates").as_posix()
        if not PDF_TEMPLATES.search(name):
            yield name, path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("pattern", "what"),
    [
        (INLINE_SCRIPT, "inline <script>"),
        (HANDLER_ATTRIBUTE, "event-handler attribute"),
        (STYLE_ATTRIBUTE, "style attribute"),
        (STYLE_ELEMENT, "<style> element"),
    ],
)
def test_page_templates_need_no_unsafe_inline(pattern, what):
    """script-src and style-src are 'self' only: behaviour and looks come from static/ files."""
    offenders = [f"{name}: {m.group(0)}" for name, text in page_templates() for m in pattern.finditer(text)]
    assert offenders == [], f"{what} in page templates"


def test_the_scan_sees_what_it_forbids():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/js/app.js" defer></script>')
    assert HANDLER_ATTRIBUTE.search('<select id="ky" onchange="this.form.submit()">')
    assert STYLE_ATTRIBUTE.search('<div class="card" style="max-width: 32rem">')
    # An include's parameter named style is not an attribute.
    assert not STYLE_ATTRIBUTE.search('<summary>Từ chối</summary>{% include "a.html" with style="btn" %}')


def directives(header: str) -> dict[str, list[str]]:
    parts = (item.split() for item in header.split(";") if item.strip())
    return {name: values for name, *values in parts}


@pytest.mark.django_db
def test_pages_carry_the_policy(client):
    response = client.get("/dang-nhap/")
    policy = directives(response[CSP])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"]
    assert not any("unsafe" in value for values in policy.values() for value in values)
    assert response["X-Frame-Options"] == "DENY"


def no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_staff_pages_are_not_stored(staff_client):
    client = staff_client("duc-thanh.clerk")
    for url in ("/", "/ho-so/", "/ho-so/tiep-nhan/", "/thu-tuc/duc-thanh/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert no_store(response), url
        assert "private" in response["Cache-Control"]


def test_staff_api_is_not_stored_with_a_token(demo):
    from django.contrib.auth import get_user_model

    token, _ = Token.objects.get_or_create(user=get_user_model().objects.get(username="duc-thanh.clerk"))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api.get("/api/v1/staff/")
    assert response.status_code == 200
    assert no_store(response)


@pytest.mark.django_db
def test_public_tracking_is_not_stored_and_the_catalog_is(client, demo):
    for url in ("/tra-cuu/", "/api/v1/track/"):
        assert no_store(client.get(url)), url
    assert no_store(client.post("/api/v1/auth/token/", {"username": "x", "password": "y"}))
    catalog = client.get("/thu-tuc/duc-thanh/")
    assert catalog.status_code == 200
    assert not no_store(catalog)  # no personal data: a proxy may keep it


# --- settings switched by environment, and check --deploy ---------------------------------------

# Child processes get only what a server's environment would have (not, e.g., the
# DJANGO_ALLOW_ASYNC_UNSAFE that conftest sets for Playwright).
CLEAN = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR") if k in os.environ}


def readme_production_env() -> dict[str, str]:
    """The variables of the README's production example (the ```env block of its headers section)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### Security headers and static files", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```env\n(.*?)```", section, re.S).group(1)
    env = {}
    for line in block.splitlines():
        line = line.split(" #", 1)[0].strip()
        if line and not line.startswith("#"):
            name, value = line.split("=", 1)
            env[name] = secrets.token_urlsafe(50) if value.startswith("<") else value
    return env


def run_manage(*args, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**CLEAN, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_the_documented_production_settings():
    env = readme_production_env()
    assert env["MOCUA_ENV"] == "production" and int(env["SECURE_HSTS_SECONDS"]) >= 31536000
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode == 0, result.stdout + result.stderr
    # Only security.W021 (HSTS preload) is silenced, for the reason given in settings.py.
    assert "System check identified no issues (1 silenced)." in result.stdout


def test_check_deploy_warns_without_hsts():
    env = {k: v for k, v in readme_production_env().items() if k != "SECURE_HSTS_SECONDS"}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode != 0
    assert "security.W004" in result.stderr


def read_settings(*names, **env) -> list[str]:
    code = "import django; django.setup(); from django.conf import settings as s; " + "; ".join(
        f"print(repr(getattr(s, {n!r}, None)))" for n in names
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**CLEAN, "DJANGO_SETTINGS_MODULE": "mocua.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split("\n")[: len(names)]


def test_https_and_csp_are_switched_by_environment():
    production = {"MOCUA_ENV": "production", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "motcua.example.vn"}
    names = ("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS")
    assert read_settings(*names, **production) == ["True", "0", "True"]
    assert read_settings(*names) == ["False", "0", "True"]  # development: plain HTTP
    switched = read_settings(
        *names,
        **production,
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="3600",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="0",
    )
    assert switched == ["False", "3600", "False"]
    enforced, report_only = read_settings("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY")
    assert enforced != "None" and report_only == "None"
    enforced, report_only = read_settings(
        "CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY", CSP_REPORT_ONLY="1"
    )
    assert enforced == "None" and "'self'" in report_only


@pytest.mark.django_db
def test_ssl_redirect_spares_the_health_check(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # as in production
    redirected = client.get("/dang-nhap/")
    assert redirected.status_code == 301 and redirected["Location"].startswith("https://")
    assert client.get("/dang-nhap/", headers={"X-Forwarded-Proto": "https"}).status_code == 200
    assert client.get("/healthz/").status_code != 301  # monitors probe over plain HTTP inside
