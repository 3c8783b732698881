"""The production stack files are valid, and the image's static files step works."""

import json
import os
import re
import subprocess
import sys

import pytest
from django.test import Client, override_settings

from tests.conftest import ROOT, require_tool

SOURCE_MAP = re.compile(r"[#@] sourceMappingURL=(\S+?)(?:\s*\*/)?\s*$", re.M)


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


def test_every_source_map_a_static_file_names_is_shipped():
    """The manifest storage rewrites sourceMappingURL comments and fails on a missing target."""
    named = []
    for path in sorted((ROOT / "static").rglob("*")):
        if path.suffix in {".js", ".css"}:
            for target in SOURCE_MAP.findall(path.read_text(encoding="utf-8")):
                named.append(target)
                assert (path.parent / target).is_file(), f"{path.relative_to(ROOT)} names {target}"
    assert "bootstrap.min.css.map" in named and "bootstrap.bundle.min.js.map" in named


def test_the_image_and_ci_collect_static_files_with_one_script():
    assert "RUN scripts/build_static.sh" in (ROOT / "Dockerfile").read_text()
    assert "scripts/build_static.sh" in (ROOT / ".ci" / "run").read_text()


@pytest.mark.django_db
def test_a_page_is_served_from_the_collected_static_files(tmp_path):
    """collectstatic as the image runs it, then a page and its CSS served from that folder alone."""
    root = tmp_path / "staticfiles"
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "TMPDIR") if k in os.environ}
    result = subprocess.run(
        [str(ROOT / "scripts" / "build_static.sh")],
        env={**env, "STATIC_ROOT": str(root), "PYTHON": sys.executable},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    paths = json.loads((root / "staticfiles.json").read_text())["paths"]
    css = paths["vendor/bootstrap/bootstrap.min.css"]
    assert css != "vendor/bootstrap/bootstrap.min.css"  # hashed
    assert re.search(r"sourceMappingURL=bootstrap\.min\.css\.[0-9a-f]{12}\.map", (root / css).read_text())

    production_storage = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=root, STORAGES=production_storage, WHITENOISE_USE_FINDERS=False):
        client = Client()  # a new handler: whitenoise reads STATIC_ROOT when it starts
        page = client.get("/dang-nhap/")
        assert page.status_code == 200
        html = page.content.decode()
        assert f'href="/static/{css}"' in html
        assert f'href="/static/{paths["css/app.css"]}"' in html
        served = client.get(f"/static/{css}", headers={"Accept-Encoding": "gzip"})
        assert served.status_code == 200
        assert served["Content-Encoding"] == "gzip"  # the compressed copy written at build time
        assert "immutable" in served["Cache-Control"]  # hashed names are cached for ever
        served.close()
