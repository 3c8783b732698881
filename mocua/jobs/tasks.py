"""The Celery task beat calls: run every sweep once (imported by mocua.tasks for discovery)."""

from celery import shared_task
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from mocua.jobs.runner import run_all


@shared_task(name="mocua.jobs.run_sweeps")
def run_sweeps_task(names: list[str] | None = None, at: str | None = None) -> dict:
    """Run the sweeps (all, or `names`) as of now, or as of the ISO moment `at` (operators, tests).

    Returns {sweep name: JobRun id}. Safe on several workers at once: every sweep claims its work.
    """
    now = parse_datetime(at) if at else None
    if now is not None and timezone.is_naive(now):
        now = timezone.make_aware(now)  # local time (Asia/Ho_Chi_Minh)
    return {run.name: run.pk for run in run_all(now, names)}
