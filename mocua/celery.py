"""The Celery app. Configuration comes from Django settings (CELERY_*)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mocua.settings")

app = Celery("mocua")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_configure.connect
def _make_filesystem_broker_folders(sender, **kwargs):
    """kombu's file-system broker and the file result backend need their folders to exist."""
    from django.conf import settings

    if settings.CELERY_BROKER_URL == "filesystem://":
        for sub in ("queue", "processed", "control", "results"):
            (settings.CELERY_DATA_DIR / sub).mkdir(parents=True, exist_ok=True)
