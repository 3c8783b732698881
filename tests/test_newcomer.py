"""A newcomer's first minutes (issue 16, point 12): load_demo shows progress and every login, the port
is set with PORT, and `make run` (DEBUG off) answers with the site's Vietnamese 404 and 500 pages."""

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import path

from mocua import urls as site_urls
from mocua.demo import COMMUNES
from mocua.management.commands.load_demo import LOADERS
from tests.conftest import ROOT


def boom(request):
    raise RuntimeError("a bug")


urlpatterns = [path("hong/", boom), *site_urls.urlpatterns]
handler404 = site_urls.handler404
handler500 = site_urls.handler500


def test_load_demo_prints_progress_and_every_login(demo, settings):
    settings.MOCUA_DEMO_HISTORY_DAYS = 1
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    text = out.getvalue()
    steps = re.findall(r"^\[(\d)/(\d)\] .+…$", text, flags=re.M)
    count = len(LOADERS)
    assert [s for s, _ in steps] == [str(n) for n in range(1, count + 1)] and {n for _, n in steps} == {
        str(count)
    }
    assert len(re.findall(r"xong sau \d+,\d giây \(tổng \d+,\d giây\)", text)) == count
    for commune in COMMUNES:
        assert re.search(rf"^\s+{re.escape(commune.short_name)}: thêm \d+ hồ sơ", text, flags=re.M)
        for role in ("clerk", "leader", "secretary", "volunteer", "volunteer2"):
            assert re.search(rf"^  {re.escape(commune.slug)}\.{role}\s", text, flags=re.M), (commune, role)
    assert re.search(r"^  noi-vu\.supervisor\s", text, flags=re.M)


def test_run_script_reads_port_and_runs_without_debug_pages():
    script = (ROOT / "scripts" / "run.sh").read_text()
    assert 'PORT="${PORT:-8000}"' in script and '"$HOST:$PORT"' in script
    assert 'export DEBUG="${DEBUG:-0}"' in script
    assert "PORT=8080 make run" in (ROOT / "README.md").read_text()


@pytest.mark.urls("tests.test_newcomer")
def test_404_and_500_are_vietnamese_pages_with_the_site_look(db, settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    missing = client.get("/trang-khong-co/")
    page = missing.content.decode()
    assert missing.status_code == 404
    assert "Không tìm thấy" in page and "css/app.css" in page and 'lang="vi"' in page
    assert "Page not found" not in page
    broken = client.get("/hong/")
    page = broken.content.decode()
    assert broken.status_code == 500
    assert "Hệ thống gặp sự cố" in page and "css/app.css" in page
    assert "Server Error" not in page
