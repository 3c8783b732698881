"""No secret in a server log line: gunicorn (started as the image starts it, reading gunicorn.conf.py)
logs paths, not the tracking link's query string nor the referrer that repeats it."""

import os
import subprocess
import sys
import urllib.request

import pytest

from tests.conftest import ROOT, database_url_for_subprocess, wait_for
from tests.test_jobs_worker import free_port

pytestmark = pytest.mark.django_db


def test_the_access_log_holds_no_tracking_secret(tmp_path):
    port = free_port()
    log = tmp_path / "access.log"
    env = {**os.environ, "DATABASE_URL": database_url_for_subprocess()}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "mocua.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    secret = "BIMAT7"
    try:
        url = f"http://127.0.0.1:{port}/tra-cuu/?code=000.21.53.H48-261125-0001&secret={secret}"
        request = urllib.request.Request(url, headers={"Referer": f"{url}&from={secret}"})

        def answered():
            try:
                urllib.request.urlopen(request, timeout=5)
            except urllib.error.HTTPError as e:
                return e.code  # 404: no such dossier, which is fine here
            except OSError:
                return None
            return 200

        assert wait_for(answered, timeout=30) in (200, 404)
        wait_for(lambda: "/tra-cuu/" in log.read_text(), timeout=10)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    text = log.read_text()
    assert '"GET /tra-cuu/ HTTP/1.1"' in text
    assert secret not in text
