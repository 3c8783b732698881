"""Run sweeps and record each run (JobRun). One sweep's failure never stops the others."""

import datetime as dt
import logging

from django.utils import timezone

from mocua.jobs.models import JobRun
from mocua.jobs.registry import Sweep, sweeps

log = logging.getLogger(__name__)


def run_one(sweep: Sweep, now: dt.datetime | None = None) -> JobRun:
    """Run `sweep` as of `now` (default: the clock) and record what it did, or its error."""
    started = timezone.now()
    try:
        counts = dict(sweep.run(now or started) or {})
        ok, error = True, ""
    except Exception as e:  # noqa: BLE001 - recorded on the JobRun; the next sweep still runs
        log.exception("sweep %s failed", sweep.name)
        counts, ok, error = {}, False, f"{type(e).__name__}: {e}"
    skipped = counts.pop("skipped_offices", [])
    return JobRun.objects.create(
        name=sweep.name,
        started_at=started,
        finished_at=timezone.now(),
        ok=ok,
        counts=counts,
        skipped_offices=skipped,
        error=error[:4000],
    )


def run_all(now: dt.datetime | None = None, names: list[str] | None = None) -> list[JobRun]:
    """Every sweep once (or those named), in registry order."""
    return [run_one(s, now) for s in sweeps() if names is None or s.name in names]
