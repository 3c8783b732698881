"""gunicorn preloads the app and warms each worker (issue 19): no 2-second first request."""

import runpy

from django.db import connection

from mocua import warmup
from tests.conftest import ROOT


def test_preload_compiles_every_template_without_connecting():
    connection.close()
    names = warmup.template_names()
    assert "dossiers/worklist.html" in names and "papers/receipt.html" in names
    assert warmup.preload() >= len(names) - 2
    assert connection.connection is None  # no socket for the forked workers to share


def test_gunicorn_config_preloads_and_warms():
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert config["preload_app"] is True
    assert callable(config["when_ready"]) and callable(config["post_worker_init"])
