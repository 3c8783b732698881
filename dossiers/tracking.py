"""Public tracking by dossier code and the short secret printed on the receipt, and the rating.

No login. A wrong code and a wrong secret get the same answer; failed look-ups are
counted per client address, and per address and code, in the cache and refused past a
limit, so the secrets cannot be guessed and no dossier can be listed. The count never
belongs to the dossier alone: a stranger guessing at a code locks out only himself, never
the citizen who holds the secret. A cache that fails (Redis down) blocks nobody.
"""

import hmac

from django.db import IntegrityError, transaction
from django.utils import timezone

from dossiers.models import RATING_LABELS, ApologyStatus, Dossier, PostalReturn, Rating, Status
from mocua import net, ratelimit

NOT_FOUND = "Không tìm thấy hồ sơ với mã hồ sơ và mã tra cứu này. Hãy kiểm tra lại trên giấy tiếp nhận."
TOO_MANY = "Bạn đã tra cứu sai quá nhiều lần. Vui lòng thử lại sau 15 phút."
FAILURE_WINDOW = 15 * 60  # seconds
MAX_FAILURES_PER_CLIENT = 10  # any codes, from one address
MAX_FAILURES_PER_CLIENT_CODE = 5  # one code, from one address


class TrackingError(Exception):
    """A refused look-up or rating; `str(error)` is the Vietnamese message, `status` the HTTP status."""

    def __init__(self, message: str, status: int = 404):
        super().__init__(message)
        self.status = status


def _keys(client: str, code: str) -> dict[str, int]:
    """The counters a failure adds to, with their limits (mocua.ratelimit hashes the keys)."""
    return {
        ratelimit.key("track:fail:ip", client): MAX_FAILURES_PER_CLIENT,
        ratelimit.key("track:fail:ip-code", client, code): MAX_FAILURES_PER_CLIENT_CODE,
    }


def _blocked(client: str, code: str) -> bool:
    return ratelimit.blocked(_keys(client, code))


def _fail(client: str, code: str) -> None:
    ratelimit.hit(_keys(client, code), FAILURE_WINDOW)


def find(code: str, secret: str, client: str) -> Dossier:
    """The dossier with this code and secret, or TrackingError (the same for a wrong code or secret)."""
    code = (code or "").strip().upper()[:40]
    secret = (secret or "").strip().upper().replace(" ", "")[:12]
    if _blocked(client, code):
        raise TrackingError(TOO_MANY, status=429)
    dossier = (
        Dossier.objects.select_related("office", "procedure").filter(code=code).first()
        if code and secret
        else None
    )
    # Compare even when the code is unknown, so both failures take the same time.
    expected = dossier.secret if dossier else "-" * len(secret)
    if dossier is None or not hmac.compare_digest(expected.encode(), secret.encode()):
        _fail(client, code)
        raise TrackingError(NOT_FOUND)
    return dossier


def _postal(dossier: Dossier) -> dict | None:
    """The carrier and parcel number of a result returned by post (to follow the parcel)."""
    sent = PostalReturn.objects.filter(dossier=dossier).first()
    if sent is None:
        return None
    return {"carrier": sent.carrier, "parcel_number": sent.parcel_number, "posted_on": sent.posted_on}


def public_view(dossier: Dossier) -> dict:
    """What the public may see: no ID number, no phone, no address, the name masked."""
    from dossiers.workflow import current_due_at

    letters = [
        {"number": a.number, "new_due_at": a.new_due_at, "reason": a.reason, "missed_due_at": a.missed_due_at}
        for a in dossier.apology_letters.filter(status=ApologyStatus.SIGNED).order_by("signed_at")
    ]
    rating = Rating.objects.filter(dossier=dossier).first()
    return {
        "code": dossier.code,
        "status": dossier.status,
        "status_label": dossier.get_status_display(),
        "procedure": dossier.procedure.name,
        "office": dossier.office.name,
        "office_slug": dossier.office.slug,
        "procedure_code": dossier.procedure.code,
        "masked_name": dossier.masked_name,
        "received_at": dossier.received_at,
        "due_at": current_due_at(dossier),
        "returned_at": dossier.returned_at,
        "postal_return": _postal(dossier),
        "apology_letters": letters,
        "can_rate": dossier.status == Status.RETURNED and rating is None,
        "rating": rating.score if rating else None,
        "rating_label": SCORES.get(rating.score, "") if rating else "",
    }


SCORES = RATING_LABELS  # the five levels in words


def rate(dossier: Dossier, score, comment: str = "", *, now=None, recorded_by=None) -> Rating:
    """The citizen's rating, 1–5 with an optional comment, once per dossier and only after return:
    given on the tracking page, or at the counter (a paper form, a tablet) and recorded by a member
    of staff of the dossier's office, `recorded_by`."""
    if recorded_by is not None and (recorded_by.office_id != dossier.office_id or not recorded_by.is_active):
        raise TrackingError(NOT_FOUND)
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = 0
    if score not in SCORES:
        raise TrackingError("Hãy chọn một mức hài lòng.", status=400)
    comment = (comment or "").strip()
    if len(comment) > 2000:
        raise TrackingError("Góp ý dài quá 2000 ký tự.", status=400)
    if dossier.status != Status.RETURNED:
        raise TrackingError("Chỉ đánh giá được sau khi đã nhận kết quả.", status=400)
    if dossier.anonymised_at is not None:
        raise TrackingError("Hồ sơ đã hết thời hạn lưu trữ nên không nhận đánh giá.", status=400)
    try:
        with transaction.atomic():
            return Rating.objects.create(
                dossier=dossier,
                score=score,
                comment=comment,
                created_at=now or timezone.now(),
                recorded_by=recorded_by,
            )
    except IntegrityError:
        raise TrackingError(
            "Hồ sơ này đã được đánh giá. Mỗi hồ sơ chỉ đánh giá một lần.", status=400
        ) from None


def client_address(request) -> str:
    """The caller's address, as the deployment trusts it (mocua.net, MOCUA_TRUSTED_PROXY_HEADER)."""
    return net.client_address(request) or "unknown"
