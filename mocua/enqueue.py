"""Send a Celery task after the current transaction commits, never failing the caller.

The database is the truth (design principle 1): a request that changed data must
commit even when the broker is down. A failed send is logged as a warning and
left to the sweeps, which find the work by looking at the data (e.g.
`dossiers.papers.heal_pending`).

A task may be given by name (a shared_task's name is its dotted path, e.g.
"dossiers.tasks.render_paper_task"), so a service module need not import the task
module that imports it: imports run one way (design.md).
"""

import logging

from django.db import transaction
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def _task(task):
    return import_string(task) if isinstance(task, str) else task


def enqueue(task, *args) -> bool:
    """Send `task(*args)` now; False (and a warning in the log) when the broker cannot take it."""
    task = _task(task)
    try:
        # retry=False: a dead broker fails at once instead of holding the request.
        task.apply_async(args=args, retry=False)
    except Exception:  # noqa: BLE001 — any broker error: kombu, redis, socket, file system
        logger.warning("could not enqueue %s%r; a sweep will pick it up", task.name, args, exc_info=True)
        return False
    return True


def enqueue_on_commit(task, *args, using: str | None = None) -> None:
    """Send `task(*args)` once the current transaction commits (at once outside a transaction)."""
    task = _task(task)  # a wrong name fails here, in the caller, not after the commit
    transaction.on_commit(lambda: enqueue(task, *args), using=using)
