from celery import shared_task
from django.db import connection


@shared_task
def ping() -> dict:
    """A liveness probe for the worker: proves it runs and reaches the database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        (one,) = cursor.fetchone()
    return {"pong": True, "db": one == 1, "vendor": connection.vendor}


from mocua.jobs.tasks import run_sweeps_task  # noqa: E402, F401  (registered under mocua.jobs.run_sweeps)
