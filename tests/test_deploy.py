"""The production stack files are valid."""

import subprocess

from tests.conftest import ROOT, require_tool


def test_docker_compose_config_validates():
    compose = require_tool("docker-compose")
    result = subprocess.run(
        [compose, "-f", str(ROOT / "docker-compose.yml"), "config", "-q"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "SECRET_KEY": "x", "ALLOWED_HOSTS": "example.vn"},
    )
    assert result.returncode == 0, result.stderr


def test_compose_runs_each_process_separately():
    text = (ROOT / "docker-compose.yml").read_text()
    for service in ("db:", "redis:", "web:", "worker:", "beat:"):
        assert service in text
    assert "gunicorn mocua.wsgi" in text
    assert "celery -A mocua worker" in text and "celery -A mocua beat" in text


def test_migrations_are_complete(db):
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
