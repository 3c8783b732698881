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


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None)
def send_message_task(self, message_id: int) -> str:
    """Send one outbox message to a citizen if it is still to send (idempotent: dossiers.outbox).

    A failed send is tried again by this task when the row says so (its next_attempt_at), and by
    the outbox sweep in any case: whichever comes first claims the row, the other finds it taken."""
    from django.utils import timezone

    from dossiers import outbox
    from dossiers.models_citizen import MessageState, OutboundMessage

    state = outbox.deliver(message_id)
    if state == MessageState.RETRYING and not self.request.is_eager:
        due = OutboundMessage.objects.filter(pk=message_id).values_list("next_attempt_at", flat=True).first()
        if due is not None:
            raise self.retry(countdown=max(1, (due - timezone.now()).total_seconds() + 1))
    return state


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
