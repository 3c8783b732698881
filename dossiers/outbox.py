"""The outbox of messages to citizens (issue 17): queued by the doors, sent by a task, swept.

- `queue_for_door(d, action, ...)` is called by `workflow._close` inside the door's transaction:
  for a door that tells the citizen something (received, supplement needed, result ready, late
  with the apology letter, refused, stopped) it writes one row per channel the citizen agreed to
  at intake, each with a unique key (dossier, event, item, channel), and sends the task after the
  commit. A second call for the same key writes nothing. Any error here is logged and swallowed
  (inside a savepoint): a message never blocks a door.
- `deliver(pk)` (the Celery task `dossiers.tasks.send_message_task`) claims the row with one
  conditional UPDATE — pending, or retrying and due — so two workers, a task run twice or the
  sweep never send it twice; then sends it through its channel (mocua.channels) and marks it sent,
  or retrying after a delay, or failed after MOCUA_NOTIFY_MAX_ATTEMPTS.
- `sweep(now)` (registered as the "outbox" sweep) sends what is due and takes back rows left
  "sending" by a worker that died (after MOCUA_NOTIFY_STALE_MINUTES: such a row may, rarely, be
  sent again — the gateway had it or not, nobody can know).

Phone numbers never go to the log: rows are named by id, event and channel only.
"""

import datetime as dt
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from dossiers import notices
from dossiers.models_citizen import MessageChannel, MessageEvent, MessageState, NotifyConsent, OutboundMessage
from mocua import channels
from mocua.enqueue import enqueue_on_commit

log = logging.getLogger(__name__)
S = MessageState
SEND_TASK = "dossiers.tasks.send_message_task"

EVENT_OF_ACTION = {
    "receive": MessageEvent.RECEIVED,
    "supplement": MessageEvent.RECEIVED,  # a dossier incomplete at intake is received when completed
    "request_supplement": MessageEvent.SUPPLEMENT,
    "ready": MessageEvent.READY,
    "sign_apology": MessageEvent.LATE,
    "refuse": MessageEvent.REFUSED,
    "stop": MessageEvent.STOPPED,
}


def recipient_of(channel: str, phone: str, email: str) -> str:
    return email if channel == MessageChannel.EMAIL else phone


def _queue(rows: list[OutboundMessage]) -> list[OutboundMessage]:
    """Write the rows whose key is new (inside a savepoint each); send them after the commit."""
    made = []
    existing = set(
        OutboundMessage.objects.filter(key__in=[r.key for r in rows]).values_list("key", flat=True)
    )
    for row in rows:
        if row.key in existing or not row.recipient:
            continue
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:  # the same key written at the same moment elsewhere
            continue
        made.append(row)
        enqueue_on_commit(SEND_TASK, row.pk)
    return made


def _row(office, key, channel, recipient, event, text: notices.Text, now, **about) -> OutboundMessage:
    body = text.sms if channel == MessageChannel.SMS else text.full
    return OutboundMessage(
        office=office,
        key=key,
        channel=channel,
        recipient=recipient,
        event=event,
        subject=text.subject,
        body=body,
        segments=channels.sms_segments(body) if channel == MessageChannel.SMS else 0,
        next_attempt_at=now,
        created_at=now,
        **about,
    )


def _consent(d) -> NotifyConsent | None:
    """The dossier's consent (known without a query for a dossier intake has just made)."""
    try:
        return d.notify_consent
    except NotifyConsent.DoesNotExist:
        return None


def queue_for_door(d, action: str, *, note: str = "", item=None, now) -> list[OutboundMessage]:
    """The messages a door owes the citizen of dossier `d` (see the module's docstring)."""
    event = EVENT_OF_ACTION.get(action)
    if event is None or (event == MessageEvent.RECEIVED and d.due_at is None):
        return []
    try:
        consent = _consent(d)
        if consent is None or not consent.channels:
            return []
        with transaction.atomic():
            from dossiers.papers import tracking_url

            text = notices.for_dossier(event, d, link=tracking_url(d), note=note, item=item)
            part = f":{item.pk}" if event in (MessageEvent.SUPPLEMENT, MessageEvent.LATE) and item else ""
            rows = [
                _row(
                    d.office,
                    f"d{d.pk}:{event}{part}:{channel}",
                    channel,
                    recipient_of(channel, consent.phone, consent.email),
                    event,
                    text,
                    now,
                    dossier=d,
                )
                for channel in consent.channels
            ]
            return _queue(rows)
    except Exception:  # noqa: BLE001 - a message never blocks a door; the error is in the log
        log.exception("outbox: could not queue the %s messages of dossier %s", event, d.pk)
        return []


def queue_for_feedback(feedback, *, link: str = "", now) -> list[OutboundMessage]:
    """The written answer to a feedback item, on the channel the citizen gave (none: nothing)."""
    channel = feedback.reply_channel
    if not channel:
        return []
    text = notices.feedback_answer(feedback, link=link)
    row = _row(
        feedback.office,
        f"f{feedback.pk}:{MessageEvent.FEEDBACK_ANSWER}:{channel}",
        channel,
        recipient_of(channel, feedback.phone, feedback.email),
        MessageEvent.FEEDBACK_ANSWER,
        text,
        now,
        feedback=feedback,
    )
    return _queue([row])


def _claim(pk: int, now) -> bool:
    due = Q(state=S.PENDING) | Q(state=S.RETRYING, next_attempt_at__lte=now)
    return bool(
        OutboundMessage.objects.filter(due, pk=pk).update(
            state=S.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
    )


def deliver(pk: int, *, now=None) -> str:
    """Send one message if it is still to send; returns its state afterwards."""
    now = now or timezone.now()
    if not _claim(pk, now):
        row = OutboundMessage.objects.filter(pk=pk).values_list("state", flat=True).first()
        return row or "missing"
    m = OutboundMessage.objects.get(pk=pk)
    try:
        ref = channels.backend_for(m.channel).send(m.recipient, m.body, subject=m.subject)
    except Exception as e:  # noqa: BLE001 - any failure of a channel is a failed send, retried
        error = str(e) if isinstance(e, channels.ChannelError) else f"Lỗi khi gửi ({type(e).__name__})."
        failed = m.attempts >= settings.MOCUA_NOTIFY_MAX_ATTEMPTS
        OutboundMessage.objects.filter(pk=pk).update(
            state=S.FAILED if failed else S.RETRYING,
            next_attempt_at=now + channels.retry_delay(m.attempts),
            last_error=error[:300],
        )
        log.warning(
            "outbox: message %s (%s, %s) not sent, attempt %s: %s", pk, m.event, m.channel, m.attempts, error
        )
        return S.FAILED if failed else S.RETRYING
    OutboundMessage.objects.filter(pk=pk).update(
        state=S.SENT, sent_at=now, provider_ref=(ref or "")[:120], last_error=""
    )
    return S.SENT


def sweep(now) -> dict:
    """Send the messages that are due (a bounded batch), after taking back stale claims."""
    stale = now - dt.timedelta(minutes=settings.MOCUA_NOTIFY_STALE_MINUTES)
    taken_back = OutboundMessage.objects.filter(state=S.SENDING, claimed_at__lt=stale).update(
        state=S.RETRYING, next_attempt_at=now
    )
    due = (
        OutboundMessage.objects.filter(Q(state=S.PENDING) | Q(state=S.RETRYING), next_attempt_at__lte=now)
        .order_by("next_attempt_at", "id")
        .values_list("pk", flat=True)[: settings.MOCUA_NOTIFY_SWEEP_BATCH]
    )
    counts = {"taken_back": taken_back, "sent": 0, "retrying": 0, "failed": 0}
    for pk in list(due):
        state = deliver(pk, now=now)
        if state in counts:
            counts[state] += 1
    return counts


def for_dossier(d) -> list[OutboundMessage]:
    """What was sent (or is being sent) to the citizen of `d`, oldest first, for the dossier page."""
    return list(OutboundMessage.objects.filter(dossier=d).order_by("created_at", "id"))
