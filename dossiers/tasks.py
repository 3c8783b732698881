"""Celery tasks of the dossiers app: they take ids and call the services (jobs wrap these)."""

from celery import shared_task

from dossiers import papers
from dossiers.models import ApologyLetter, Dossier, SupplementRequest


@shared_task
def issue_paper_task(dossier_id: int, kind: str, item_id: int | None = None) -> int:
    """Issue (or find, if already issued) one paper of a dossier; returns the Paper id."""
    dossier = Dossier.objects.get(pk=dossier_id)
    item = None
    if item_id is not None:
        model = SupplementRequest if kind == papers.K.SUPPLEMENT_REQUEST else ApologyLetter
        item = model.objects.get(pk=item_id, dossier=dossier)
    return papers.issue_paper(dossier, kind, item=item).pk
