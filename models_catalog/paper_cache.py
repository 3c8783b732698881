"""Printed catalog papers (poster, handbook) rendered once and kept until what they show changes.

Rendering a poster or handbook takes seconds (WeasyPrint) and they sit at public URLs, so the PDF
is stored under a key made of the office, the kind, the catalog revision (`CatalogRevision`, bumped
by the catalog services and by signals on every row the papers show) and today's date (the models
in force and the issue date are today's). A request whose key is stored reads the file; any change
bumps the revision and the next request renders afresh. Older files of the office are removed.
"""

import contextlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from models_catalog import public_cache
from models_catalog.models import CatalogRevision
from models_catalog.models_revision import new_token

FOLDER = "catalog-papers"
LAYOUT = 2  # bump when the poster or handbook templates change what they print


def revision() -> str:
    """'<number>-<token>' of the catalog revision (the row is made on first use)."""
    row = CatalogRevision.objects.filter(pk=1).values_list("number", "token").first()
    if row is None:
        made, _ = CatalogRevision.objects.get_or_create(pk=1)
        row = (made.number, made.token)
    return f"{row[0]}-{row[1]}"


def bump(**_signal_kwargs) -> None:
    """Mark every stored poster and handbook, and every cached public page, out of date (signal
    receiver and service call): the one list of what the catalog's public face shows is connect()."""
    public_cache.bump()
    # A fresh token too: two databases (a restored backup, tests rolled back) that reach the same
    # number after different changes never share a key.
    if not CatalogRevision.objects.filter(pk=1).update(number=F("number") + 1, token=new_token()):
        CatalogRevision.objects.get_or_create(pk=1, defaults={"number": 1})


def key(office, kind: str) -> str:
    return f"{office.slug}-{kind}-v{LAYOUT}-r{revision()}-{timezone.localdate():%Y%m%d}"


def cached_pdf(office, kind: str, render) -> bytes:
    """The stored PDF of `kind` for `office`, rendering it with `render(office)` when missing."""
    name = f"{FOLDER}/{key(office, kind)}.pdf"
    with contextlib.suppress(OSError), default_storage.open(name, "rb") as f:  # not rendered yet: OSError
        return f.read()
    content = render(office)
    _remove_older(office, kind, keep=name)
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(content))
    return content


def _remove_older(office, kind: str, keep: str) -> None:
    try:
        _, files = default_storage.listdir(FOLDER)
    except (FileNotFoundError, OSError):
        return
    prefix = f"{office.slug}-{kind}-"
    for filename in files:
        path = f"{FOLDER}/{filename}"
        if filename.startswith(prefix) and path != keep:
            with contextlib.suppress(OSError):  # another process removed it first
                default_storage.delete(path)


def connect() -> None:
    """Bump the revision on every change of a row the papers and public pages show (AppConfig.ready)."""
    from mocua.models import Office, OfficeHours
    from models_catalog.models import Field, Procedure, ReformModel, RequiredDocument
    from schedules.models import CalendarDay

    for model in (Procedure, RequiredDocument, ReformModel, Field, Office, OfficeHours, CalendarDay):
        post_save.connect(bump, sender=model, dispatch_uid=f"catalog-papers-save-{model.__name__}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"catalog-papers-delete-{model.__name__}")
    for through in (Procedure.offices.through, ReformModel.procedures.through):
        m2m_changed.connect(bump, sender=through, dispatch_uid=f"catalog-papers-m2m-{through.__name__}")
