"""Warming a web process up before its first request (gunicorn.conf.py, issue 19).

Without it the first request of every gunicorn worker took 1.6–2.0 s: importing every view,
compiling the templates it renders, loading WeasyPrint's fonts. `preload()` runs once in the
gunicorn master (preload_app) before the workers are forked, so they share the imported code and
compiled templates; it opens no database or cache connection (a socket must not be shared by
forked processes). `worker()` runs in each worker after the fork: its font configuration (mocua.pdf)
and its database connection.
"""

import logging
import time
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.urls import get_resolver

logger = logging.getLogger(__name__)


def template_names() -> list[str]:
    """Every .html template of the project's and the apps' template folders."""
    from django.apps import apps

    roots = [Path(d) for d in settings.TEMPLATES[0]["DIRS"]]
    roots += [Path(a.path) / "templates" for a in apps.get_app_configs()]
    names = set()
    for root in roots:
        if root.is_dir():
            names.update(p.relative_to(root).as_posix() for p in root.rglob("*.html"))
    return sorted(names)


def preload() -> int:
    """Import every view (the URL patterns) and compile every template; returns how many templates."""
    started = time.perf_counter()
    get_resolver().url_patterns  # noqa: B018 - imports every urls module and its views
    engine = engines["django"]
    compiled = 0
    for name in template_names():
        try:
            engine.get_template(name)
            compiled += 1
        except (TemplateDoesNotExist, TemplateSyntaxError):  # e.g. a template of an unused library
            logger.debug("template %s not warmed", name, exc_info=True)
    connections.close_all()  # nothing above should have connected; be sure before the fork
    logger.info("preloaded %s templates in %.2f s", compiled, time.perf_counter() - started)
    return compiled


def worker() -> None:
    """In a forked worker: load the fonts once and connect to the database."""
    from mocua import pdf

    started = time.perf_counter()
    try:
        pdf.warm_up()
    except Exception:  # noqa: BLE001 - a missing library shows on the first paper, not at start-up
        logger.warning("fonts not warmed", exc_info=True)
    try:
        connections["default"].ensure_connection()
    except Exception:  # noqa: BLE001 - the database may come up later; Django reconnects per request
        logger.warning("database not reachable at worker start", exc_info=True)
    logger.info("worker warmed in %.2f s", time.perf_counter() - started)
