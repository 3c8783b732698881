"""Celery tasks of the dossiers app: they take ids and call the services (jobs wrap these)."""

from celery import shared_task

from dossiers import papers
from dossiers.models import ApologyLetter, Dossier, Paper, SupplementRequest


@shared_task
def issue_paper_task(dossier_id: int, kind: str, item_id: int | None = None) -> int:
    """Issue (or find, if already issued) one paper of a dossier; returns the Paper id."""
    dossier = Dossier.objects.get(pk=dossier_id)
    item = None
    if item_id is not None:
        model = SupplementRequest if kind == papers.K.SUPPLEMENT_REQUEST else ApologyLetter
        item = model.objects.get(pk=item_id, dossier=dossier)
    return papers.issue_paper(dossier, kind, item=item).pk


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=papers.TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=8,
)
def render_paper_task(paper_id: int) -> str:
    """Render a pending paper's PDF (idempotent); returns the paper's state.

    Disk, network and database errors are retried with backoff; a template error is not
    (the paper is marked failed and staff press "Tạo lại" once it is fixed). A paper left
    pending after the retries run out is healed by `papers.heal_pending`.
    """
    try:
        return papers.render(paper_id).state
    except Paper.DoesNotExist:
        return "missing"


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=papers.TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=8,
)
def sign_paper_task(paper_id: int) -> str:
    """Sign a rendered paper (issue 20; idempotent); returns the signature's state. A certificate that
    cannot be opened marks it failed (shown on the job-health page); the `signatures` sweep retries."""
    from dossiers import signing

    sig = signing.sign_paper(paper_id)
    return sig.state if sig is not None else "missing"
