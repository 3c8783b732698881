"""Settings come from the environment; bad or missing values name the variable."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

from tests.conftest import ROOT

CLEAN = {
    k: v
    for k, v in os.environ.items()
    if k not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "MOCUA_ENV"}
}


def load_settings(**env) -> subprocess.CompletedProcess:
    code = "import django; django.setup(); from django.conf import settings as s; print(s.DATABASES['default']['ENGINE'], s.CELERY_BROKER_URL, s.DEBUG)"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**CLEAN, "DJANGO_SETTINGS_MODULE": "mocua.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_defaults_work_with_no_configuration():
    result = load_settings()
    assert result.returncode == 0, result.stderr
    engine, broker, debug = result.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert broker == "filesystem://"
    assert debug == "False"  # debug only when asked for


def test_locale_and_clock():
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.USE_TZ is True


def test_database_and_redis_urls_switch_engines():
    result = load_settings(
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/mocua", REDIS_URL="redis://127.0.0.1:6379/0"
    )
    assert result.returncode == 0, result.stderr
    engine, broker, _ = result.stdout.split()
    assert engine == "django.db.backends.postgresql"
    assert broker == "redis://127.0.0.1:6379/0"


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"MOCUA_ENV": "production", "ALLOWED_HOSTS": "mocua.example.vn"}, "SECRET_KEY"),
        ({"MOCUA_ENV": "production", "SECRET_KEY": "x" * 50}, "ALLOWED_HOSTS"),
        ({"MOCUA_ENV": "staging"}, "MOCUA_ENV"),
        ({"DEBUG": "maybe"}, "DEBUG"),
        ({"DATABASE_URL": "mysql://root@localhost/db"}, "DATABASE_URL"),
        ({"REDIS_URL": "localhost:6379"}, "REDIS_URL"),
        ({"CELERY_TASK_TIME_LIMIT": "ten"}, "CELERY_TASK_TIME_LIMIT"),
    ],
)
def test_bad_or_missing_variable_is_named(env, named):
    result = load_settings(**env)
    assert result.returncode != 0
    assert f"{named}" in result.stderr
    assert "ImproperlyConfigured" in result.stderr


def test_production_with_required_variables_starts():
    result = load_settings(MOCUA_ENV="production", SECRET_KEY="x" * 50, ALLOWED_HOSTS="mocua.example.vn")
    assert result.returncode == 0, result.stderr


def test_no_cdn_in_templates():
    """Communes work on closed networks: every asset is served from static/."""
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "templates").rglob("*.html")
        if any(host in p.read_text(encoding="utf-8") for host in ("cdn.", "googleapis", "jsdelivr", "unpkg"))
    ]
    assert offenders == []
