"""A real Celery worker process runs tasks on the configured broker (Redis in CI)."""

import pytest

from mocua.tasks import ping

pytestmark = pytest.mark.worker


def test_real_worker_runs_a_task(celery_worker_process, settings):
    result = ping.delay()
    try:
        value = result.get(timeout=60)
    except Exception:
        print(celery_worker_process["log"].read_text())
        raise
    assert value["pong"] is True and value["db"] is True
