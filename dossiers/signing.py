"""Papers signed digitally (issue 20): apology letters signed by a leader, letters to families.

When such a paper's PDF is rendered (`papers.render`, after the state change has committed), the
box its template reserved for the signature is recorded (`prepare`) and `sign_paper_task` is sent
after commit. The worker signs a copy with the office's certificate (`mocua.signing`), visible in
that box with the signer, the office and the time, and keeps it beside the paper; the paper is
shown as "đã ký số" only when that file exists. Signing is idempotent (a signed paper is left as
it is) and retried on disk or database errors; a certificate that cannot be opened (missing file,
wrong or missing passphrase) leaves the paper unsigned, its signature marked failed with the
Vietnamese message the job-health page shows; the `signatures` sweep tries again.
"""

import datetime as dt
import logging
from pathlib import Path

from django.conf import settings
from django.core import signing as django_signing
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from dossiers.models import ApologyLetter, Paper, PaperKind, PaperSignature, SignatureState
from dossiers.paper_forms import signing_leader
from mocua import signing
from mocua.enqueue import enqueue, enqueue_on_commit
from mocua.storage import store_exactly

K = PaperKind
SIGNED_KINDS = (K.APOLOGY, K.CONGRATULATION, K.CONDOLENCE)
ANCHOR = "chu-ky-so"  # the id of the signature block in the paper templates
SIGN_TASK = "dossiers.tasks.sign_paper_task"
SALT = "mocua.verify-paper"
logger = logging.getLogger(__name__)


def verify_token(paper: Paper) -> str:
    """An unguessable token naming the paper in the public verification link (no id in clear)."""
    return django_signing.dumps(paper.pk, salt=SALT, compress=True)


def paper_from_token(token: str) -> Paper | None:
    try:
        pk = django_signing.loads(token, salt=SALT)
    except django_signing.BadSignature:
        return None
    return Paper.objects.filter(pk=pk, kind__in=SIGNED_KINDS).select_related("office").first()


def verify_url(paper: Paper) -> str:
    """The address printed as a QR code on a signed paper."""
    return f"{settings.SITE_URL}{reverse('dossiers:verify_paper', args=[verify_token(paper)])}"


def signer_of(paper: Paper):
    """Who signs: the leader who signed the apology letter; the Chủ tịch for letters to families."""
    if paper.kind == K.APOLOGY and paper.apology_letter_id:
        return ApologyLetter.objects.select_related("signed_by").get(pk=paper.apology_letter_id).signed_by
    return signing_leader(paper.office)


def prepare(paper: Paper, box: dict | None) -> None:
    """Called inside the render's transaction: the paper is to be signed in `box`, after commit."""
    if paper.kind not in SIGNED_KINDS:
        return
    PaperSignature.objects.update_or_create(paper=paper, defaults={"box": box or {}})
    enqueue_on_commit(SIGN_TASK, paper.pk)


def signed_file(paper: Paper):
    """The signed PDF of `paper` when it really exists, else None."""
    sig = PaperSignature.objects.filter(paper=paper).first()
    return sig.signed_pdf if sig is not None and sig.is_signed else None


def _name(paper: Paper) -> str:
    return f"signed/{paper.issued_on:%Y/%m}/{paper.office.slug}/{Path(paper.pdf.name).stem}-ky-so.pdf"


def _store(name: str, data: bytes) -> str:
    return store_exactly(PaperSignature._meta.get_field("signed_pdf").storage, name, data)


def sign_paper(paper_id: int, *, now: dt.datetime | None = None) -> PaperSignature | None:
    """Sign a rendered paper's PDF (idempotent). A certificate problem marks the signature failed
    with its Vietnamese message and leaves the paper unsigned; disk and database errors propagate
    for the task to retry."""
    with transaction.atomic():
        sig = PaperSignature.objects.select_for_update().filter(paper_id=paper_id).first()
        if sig is None:
            return None
        if sig.is_signed:
            return sig
        paper = Paper.objects.select_related("office").get(pk=paper_id)
        if not paper.pdf:
            return sig  # not rendered yet: the render prepares and sends the task again
        now = now or timezone.now()
        leader = signer_of(paper)
        signer_name = leader.full_name if leader else paper.office.name
        sig.attempted_at = now
        try:
            with paper.pdf.open("rb") as f:
                data = signing.sign_pdf(
                    f.read(),
                    slug=paper.office.slug,
                    signer_name=signer_name,
                    office_name=paper.office.name,
                    box=sig.box or None,
                    at=now,
                )
        except signing.SigningError as error:
            logger.warning("paper %s not signed: %s", paper.pk, error)
            sig.state, sig.error = SignatureState.FAILED, str(error)
            sig.save(update_fields=["state", "error", "attempted_at"])
            return sig
        sig.signed_pdf.name = _store(_name(paper), data)
        sig.state, sig.error, sig.signed_at, sig.signer_name = SignatureState.SIGNED, "", now, signer_name
        sig.save()
    return sig


RETRY_AFTER = dt.timedelta(minutes=5)


def sign_pending(now: dt.datetime) -> dict:
    """Sweep: papers still to sign (a lost task, or a certificate fixed since) are sent again.

    When the certificate still cannot be opened, signing is tried inline for one paper so the
    job-health page shows the current message; the others wait for the next run."""
    stale = Q(attempted_at__isnull=True) | Q(attempted_at__lt=now - RETRY_AFTER)
    todo = PaperSignature.objects.filter(stale).exclude(state=SignatureState.SIGNED)
    sent = 0
    for pk in todo.order_by("id").values_list("paper_id", flat=True)[:200]:
        if not todo.filter(paper_id=pk).update(attempted_at=now):
            continue
        if not enqueue(SIGN_TASK, pk):
            sign_paper(pk, now=now)
        sent += 1
    return {"signatures": sent}


def health_problems(offices) -> list[str]:
    """Vietnamese lines for the job-health page: papers of `offices` left unsigned, and why."""
    failed = (
        PaperSignature.objects.filter(state=SignatureState.FAILED, paper__office__in=offices)
        .select_related("paper__office")
        .order_by("-attempted_at")
    )
    lines, seen = [], set()
    for sig in failed:
        office = sig.paper.office
        if office.pk in seen:
            continue
        seen.add(office.pk)
        count = failed.filter(paper__office=office).count()
        lines.append(f"Ký số: {count} giấy tờ của {office.name} chưa được ký số. {sig.error}")
    return lines
