"""The one door: every change of a dossier's state goes through a function here.

Each function takes the moment `now` (default: the clock), locks the dossier
(select_for_update), checks the actor's office and role and the dossier's state
against `dossiers.transitions`, changes it, writes exactly one AuditEvent and
issues what follows — the paper the citizen is handed, the leaders' notification
— all in one transaction. Anything else raises `WorkflowError` with a Vietnamese
message and changes nothing. `actor=None` means a system job and is accepted
only where noted.
"""

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from dossiers import codes, handover, outbox, papers, tracks, validators
from dossiers.models import (
    ApologyLetter,
    ApologyStatus,
    AuditEvent,
    Dossier,
    FeePayment,
    FeeRefund,
    Status,
    SupplementRequest,
    SupplementStage,
    Track,
)
from dossiers.tracks import current_due_at, outcome_of
from dossiers.transitions import ACTION_LABELS, CONVERTIBLE, TRANSITIONS, WORKING, Transition, allowed
from mocua.jobs.notify import notify
from mocua.models import Role, Staff
from schedules import calendar
from schedules.roster_selectors import leaders_to_alert

__all__ = [
    "ACTION_LABELS",
    "CONVERTIBLE",
    "TRANSITIONS",
    "WORKING",
    "allowed",
    "current_due_at",
    "outcome_of",
]


class WorkflowError(Exception):
    """A refused transition; `str(error)` is the Vietnamese message for the user."""


class NotAllowed(WorkflowError):
    """The actor's roles do not allow the step (the API answers 403)."""


S = Status
CLERK, SPECIALIST, LEADER = Role.CLERK, Role.SPECIALIST, Role.LEADER
NOT_FOUND = "Không tìm thấy hồ sơ."


def _check(actor: Staff | None, dossier: Dossier, action: str, *, system_ok: bool = False) -> Transition:
    t = TRANSITIONS[action]
    if actor is None:
        if not system_ok:
            raise WorkflowError("Thao tác này phải do cán bộ thực hiện.")
    else:
        if not actor.is_active or actor.office_id != dossier.office_id:
            raise WorkflowError(NOT_FOUND)
        if not actor.has_role(*t.roles):
            roles = ", ".join(Role(r).label.lower() for r in t.roles)
            raise NotAllowed(f"Bạn không có quyền “{t.label.lower()}”: thao tác này dành cho {roles}.")
    if dossier.status not in t.sources:
        raise WorkflowError(
            f"Không thể “{t.label.lower()}” hồ sơ {dossier.code} đang ở trạng thái "
            f"“{dossier.get_status_display().lower()}”."
        )
    return t


def _locked(dossier: Dossier) -> Dossier:
    return Dossier.objects.select_for_update().select_related("office", "procedure").get(pk=dossier.pk)


def _open(actor, dossier: Dossier, action: str, *, system_ok=False, fresh=False) -> Dossier:
    """Lock and check: the first half of every door. Call inside transaction.atomic().

    `fresh`: the dossier was inserted in the caller's transaction (intake), so no other transaction
    can see it yet: it is checked as it is, neither read back nor locked again."""
    d = dossier if fresh else _locked(dossier)
    _check(actor, d, action, system_ok=system_ok)
    return d


def _door_transaction(fresh: bool):
    """A door's transaction. Inside intake's (fresh) a failure fails the whole intake anyway, so the
    door adds no savepoint of its own (two round trips fewer per door)."""
    return transaction.atomic(savepoint=not fresh)


def _close(
    d: Dossier,
    actor,
    action: str,
    before: str,
    now: dt.datetime,
    note: str = "",
    item=None,
    fresh=False,
    **changes,
):
    """The second half of every door: set the target status and `changes`, save, audit, and issue the
    transition's paper (about `item`: the supplement request or apology letter). A fresh dossier
    (see _open) already in its target state with nothing to change is not written again."""
    t = TRANSITIONS[action]
    unchanged = fresh and not changes and t.target in (None, d.status)
    if t.target:
        d.status = t.target
    for name, value in changes.items():
        setattr(d, name, value)
    if not unchanged:
        d.save()
    AuditEvent.objects.create(
        dossier=d, actor=actor, at=now, action=action, from_status=before, to_status=d.status, note=note
    )
    if t.paper:
        papers.issue_paper(d, t.paper, item=item, now=now, fresh=fresh)
    outbox.queue_for_door(d, action, note=note, item=item, now=now)  # the citizen is told (issue 17)
    return d


def _move(
    actor, dossier: Dossier, action: str, note: str = "", *, now, system_ok=False, fresh=False, **changes
) -> Dossier:
    """A plain step: lock, check, change, audit, issue."""
    d = _open(actor, dossier, action, system_ok=system_ok, fresh=fresh)
    return _close(d, actor, action, d.status, now, note, fresh=fresh, **changes)


def _required(text: str, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise WorkflowError(f"Cần ghi {what}.")
    return text


def receive(
    actor: Staff, dossier: Dossier, note: str = "", *, now: dt.datetime | None = None, fresh: bool = False
) -> Dossier:
    """The first event of a dossier intake has just created; a complete dossier gets its receipt
    (same day) or appointment slip here. Incomplete or refused ones go on to request_supplement / refuse.
    `fresh` (intake): the dossier was inserted in the caller's transaction (see _open)."""
    now = now or timezone.now()
    with _door_transaction(fresh):
        d = _open(actor, dossier, "receive", fresh=fresh)
        d = _close(d, actor, "receive", "", now, note, fresh=fresh)
        if d.due_at is not None:
            papers.issue_paper(d, papers.receipt_kind(d), now=now, fresh=fresh)
    return d


@transaction.atomic
def assign(actor: Staff, dossier: Dossier, specialist: Staff, note: str = "", *, now=None) -> Dossier:
    if specialist.office_id != dossier.office_id or not specialist.is_active:
        raise WorkflowError("Công chức được giao phải thuộc đơn vị và đang làm việc.")
    if not specialist.has_role(SPECIALIST):
        raise WorkflowError(f"{specialist.full_name} không phải công chức chuyên môn.")
    note = note or f"Giao cho {specialist.full_name}"
    return _move(actor, dossier, "assign", note, now=now or timezone.now(), specialist=specialist)


@transaction.atomic
def start(actor: Staff, dossier: Dossier, *, now=None) -> Dossier:
    d = _locked(dossier)
    if d.specialist_id and actor.pk != d.specialist_id:
        raise WorkflowError(f"Hồ sơ {d.code} đã được giao cho {d.specialist.full_name}.")
    return _move(actor, d, "start", now=now or timezone.now(), specialist=actor)


@transaction.atomic
def submit(actor: Staff, dossier: Dossier, note: str = "", *, now=None) -> Dossier:
    return _move(actor, dossier, "submit", note, now=now or timezone.now())


@transaction.atomic
def approve(actor: Staff, dossier: Dossier, note: str = "", *, now=None) -> Dossier:
    return _move(actor, dossier, "approve", note, now=now or timezone.now())


@transaction.atomic
def send_back(actor: Staff, dossier: Dossier, reason: str, *, now=None) -> Dossier:
    return _move(actor, dossier, "send_back", _required(reason, "lý do trả lại"), now=now or timezone.now())


@transaction.atomic
def ready(actor: Staff, dossier: Dossier, note: str = "", *, now=None) -> Dossier:
    now = now or timezone.now()
    return _move(actor, dossier, "ready", note, now=now, result_ready_at=now)


@transaction.atomic
def return_result(
    actor: Staff,
    dossier: Dossier,
    returned_to: str,
    note: str = "",
    *,
    by_post: bool = False,
    parcel_number: str = "",
    posted_on: dt.date | None = None,
    carrier: str = "",
    at_ceremony: bool = False,
    now=None,
) -> Dossier:
    """Hand the result over, with the control slip; a birth, marriage or death registration also
    gets its letter to the family. Early / on time / late is judged at the moment the result was
    decided (ready), not when the citizen came for it: the national index counts the decision time
    when both exist (domain-vn.md §3).

    `by_post`: sent by post — the carrier's parcel number and the day posted are required and
    recorded (dossiers.handover). `at_ceremony`: handed over at the marriage ceremony scheduled for it.
    """
    now = now or timezone.now()
    returned_to = _required(returned_to, "người nhận kết quả")
    d = _open(actor, dossier, "return")
    ceremony = handover.ceremony_of(d) if at_ceremony else None
    if by_post and at_ceremony:
        raise WorkflowError("Chọn một cách trả: qua bưu chính hoặc trao tại lễ, không chọn cả hai.")
    if at_ceremony and ceremony is None:
        raise WorkflowError("Hồ sơ chưa có lịch lễ trao Giấy chứng nhận kết hôn.")
    default_note = f"Trả cho {returned_to}"
    if by_post:
        carrier = (carrier or "").strip() or handover.DEFAULT_CARRIER
        if error := handover.postal_error(
            parcel_number, posted_on, timezone.localdate(d.received_at), timezone.localdate(now)
        ):
            raise WorkflowError(error)
        default_note = handover.postal_note(returned_to, carrier, parcel_number, posted_on)
    if ceremony is not None:
        default_note = f"Trao cho {returned_to} tại lễ trao Giấy chứng nhận kết hôn ({ceremony.room})."
    d = _close(
        d,
        actor,
        "return",
        d.status,
        now,
        note or default_note,
        returned_at=now,
        closed_at=now,
        returned_to=returned_to,
        outcome=outcome_of(d.due_at, d.result_ready_at or now),
    )
    if by_post:
        handover.record_postal_return(d, actor, carrier, parcel_number, posted_on, now)
    if ceremony is not None:
        ceremony.held_at = now
        ceremony.save(update_fields=["held_at"])
    letter = papers.family_letter_kind(d)
    if letter:
        papers.issue_paper(d, letter, now=now)
    return d


BEFORE_APPROVAL = (S.RECEIVED, S.ASSIGNED, S.PROCESSING, S.SUBMITTED, S.AWAITING_SUPPLEMENT)


@transaction.atomic
def schedule_ceremony(
    actor: Staff, dossier: Dossier, *, at: dt.datetime | None, room: str, leader: Staff | None, now=None
) -> Dossier:
    """Set the marriage ceremony of an approved marriage registration (date, time, room, officiating
    leader) and issue the couple's invitation; refused before the leader has approved the result."""
    now = now or timezone.now()
    d = _locked(dossier)
    if actor.is_active and actor.office_id == d.office_id and d.status in BEFORE_APPROVAL:
        raise WorkflowError(
            f"Chưa thể hẹn lễ trao Giấy chứng nhận kết hôn: kết quả của hồ sơ {d.code} chưa được "
            "lãnh đạo phê duyệt."
        )
    _check(actor, d, "schedule_ceremony")
    if error := handover.ceremony_error(d, at, room, leader, now):
        raise WorkflowError(error)
    handover.create_ceremony(d, actor, at, room, leader, now)
    when = timezone.localtime(at)
    note = f"Lễ trao lúc {when:%H:%M} ngày {when:%d/%m/%Y} tại {room.strip()}, {leader.full_name} chủ trì."
    return _close(d, actor, "schedule_ceremony", d.status, now, note)


def decided_in_time(dossier: Dossier) -> bool:
    """The result was ready by the deadline in force: the office kept its word, even while the
    citizen has not come for it yet, so no sweep converts it or apologises for it."""
    due = current_due_at(dossier)
    return dossier.result_ready_at is not None and due is not None and dossier.result_ready_at <= due


def request_supplement(
    actor: Staff,
    dossier: Dossier,
    missing: list[str],
    *,
    documents: list[int] = (),
    override_reason: str = "",
    now=None,
    fresh=False,
) -> SupplementRequest:
    """Ask once for everything missing (mẫu 02): `documents`, ids of the procedure's own required
    documents (mẫu 02 gives each its form and quantity), then `missing`, papers written in. A second
    request needs a leader and a written reason (a breach). `fresh` (intake): the dossier was inserted
    in the caller's transaction (see _open) and is changed in place."""
    with _door_transaction(fresh):
        return _request_supplement(
            actor, dossier, missing, documents, override_reason, now or timezone.now(), fresh
        )


def _request_supplement(actor, dossier, missing, documents, override_reason, now, fresh) -> SupplementRequest:
    d = dossier if fresh else _locked(dossier)
    missing = [*_required_documents(d, documents), *(m.strip() for m in missing if m and m.strip())]
    if not missing:
        raise WorkflowError("Cần liệt kê đầy đủ giấy tờ phải bổ sung.")
    earlier = not fresh and d.supplement_requests.exists()
    own = actor is None or actor.office_id == d.office_id
    if earlier and own and (actor is None or not actor.has_role(LEADER)):
        # Said before the state check: "once only" is what the clerk needs to hear.
        raise WorkflowError(
            "Hồ sơ này đã được yêu cầu bổ sung một lần. Chỉ được yêu cầu bổ sung một lần; "
            "lần thứ hai phải được lãnh đạo cho phép và ghi rõ lý do."
        )
    _check(actor, d, "request_supplement")
    breach = {}
    if earlier:
        breach = {
            "is_breach": True,
            "override_reason": _required(override_reason, "lý do cho phép yêu cầu bổ sung lần hai"),
            "overridden_by": actor,
        }
    note = "; ".join(missing) + (
        f" (lãnh đạo cho phép lần hai: {breach['override_reason']})" if breach else ""
    )
    stage = SupplementStage.INTAKE if d.due_at is None else SupplementStage.PROCESSING
    request = SupplementRequest.objects.create(
        dossier=d, stage=stage, issued_at=now, missing=missing, issued_by=actor, **breach
    )
    _close(d, actor, "request_supplement", d.status, now, note, item=request, fresh=fresh)
    return request


def _required_documents(d: Dossier, ids) -> list[str]:
    """The names of the procedure's required documents `ids`, in the procedure's order."""
    if not ids:
        return []
    try:
        wanted = {int(i) for i in ids or ()}
    except (TypeError, ValueError):
        wanted = {0}
    if not all(0 < i < 2**31 for i in wanted):  # not an id of any row (and too large for the database)
        raise WorkflowError("Có giấy tờ không thuộc thành phần hồ sơ của thủ tục này.")
    own = list(d.procedure.documents.filter(pk__in=wanted).order_by("position", "pk"))
    if len(own) != len(wanted):
        raise WorkflowError("Có giấy tờ không thuộc thành phần hồ sơ của thủ tục này.")
    return [doc.name for doc in own]


def pauses_of(dossier: Dossier) -> list[tuple[dt.datetime, dt.datetime]]:
    """The resolved supplement waits [issued_at, resolved_at): the clock does not run in them."""
    return [
        (r.issued_at, r.resolved_at)
        for r in dossier.supplement_requests.filter(resolved_at__isnull=False).order_by("issued_at")
    ]


@transaction.atomic
def supplement(actor: Staff, dossier: Dossier, note: str = "", *, now=None) -> Dossier:
    """The citizen brought the missing papers: the dossier goes on where it stopped, due date moved.
    A dossier that was incomplete at intake gets its receipt or appointment slip now."""
    now = now or timezone.now()
    d = _open(actor, dossier, "supplement")
    request = d.supplement_requests.filter(resolved_at__isnull=True).order_by("-issued_at").first()
    stopped = d.events.filter(action="request_supplement").order_by("-at", "-id").first()
    resume = stopped.from_status if stopped else S.RECEIVED
    if request:
        request.resolved_at = now
        request.save(update_fields=["resolved_at"])
    before = d.status
    d.status = resume
    first_due = request and request.stage == SupplementStage.INTAKE and d.due_at is None
    if first_due:
        # The dossier becomes complete now: its track is decided now, as at intake.
        decision = tracks.decide(d.office, d.procedure, now, complete=True, verification=d.needs_verification)
        d.track, d.due_at, d.reform_model = decision.track, decision.due_at, decision.reform_model
        note = " ".join(filter(None, [note, tracks.same_day_note(decision)]))
    else:
        if d.track == Track.SAME_DAY:
            # The same-day promise needed a complete dossier; it now runs on the statutory time.
            d.track = Track.NORMAL
            note = (note + " " if note else "") + "Chuyển sang giải quyết theo thời hạn thông thường."
        d.due_at = tracks.statutory_due_at(
            d.office, d.procedure, d.received_at, verification=d.needs_verification, pauses=pauses_of(d)
        )
    d = _close(d, actor, "supplement", before, now, note)
    if first_due:
        papers.issue_paper(d, papers.receipt_kind(d), now=now)
    return d


def refuse(actor: Staff, dossier: Dossier, reasons: str, *, now=None, fresh=False) -> Dossier:
    """Refused (mẫu 03, phiếu từ chối tiếp nhận / giải quyết hồ sơ). `fresh`: see request_supplement."""
    now = now or timezone.now()
    with _door_transaction(fresh):
        return _move(
            actor, dossier, "refuse", _required(reasons, "lý do từ chối"), now=now, fresh=fresh, closed_at=now
        )


@transaction.atomic
def stop(actor: Staff, dossier: Dossier, reason: str, *, now=None) -> Dossier:
    """Stopped at the citizen's request (TT 03/2025 mẫu 05, thông báo dừng giải quyết hồ sơ)."""
    now = now or timezone.now()
    return _move(actor, dossier, "stop", _required(reason, "lý do dừng giải quyết"), now=now, closed_at=now)


APOLOGY_NOTICE = "Phiếu xin lỗi và hẹn lại ngày trả kết quả hồ sơ {code} ({procedure}) đang chờ lãnh đạo ký."


@transaction.atomic
def apologise(
    actor: Staff | None,
    dossier: Dossier,
    *,
    reason: str,
    responsible_unit: str,
    new_due_at: dt.datetime,
    responsible_person: str = "",
    notice: str = "",
    leaders: list[Staff] | None = None,
    now: dt.datetime | None = None,
) -> ApologyLetter:
    """An apology letter for the deadline in force, awaiting a leader's signature; the leader on duty
    (or every leader) is told, with `notice` when the caller has more to say; a sweep that already
    knows the office's leaders for this run passes them as `leaders`.

    Exactly one per missed deadline: staff get an error for a second one; a job
    (actor None) gets the existing letter back, so sweeps are idempotent. The letter carries
    `notified`, how many notifications this call sent.
    """
    now = now or timezone.now()
    d = _open(actor, dossier, "apologise", system_ok=True)
    missed = current_due_at(d)
    if missed is None:
        raise WorkflowError("Hồ sơ chưa có hạn trả kết quả nên chưa thể lập phiếu xin lỗi.")
    existing = d.apology_letters.filter(missed_due_at=missed).first()
    if existing:
        if actor is None:
            existing.notified = 0
            return existing
        raise WorkflowError(
            f"Đã có phiếu xin lỗi cho hạn trả {timezone.localtime(missed):%H:%M ngày %d/%m/%Y}."
        )
    if new_due_at is None or new_due_at <= missed:
        raise WorkflowError("Ngày hẹn trả mới phải sau hạn trả đã hẹn.")
    letter = ApologyLetter.objects.create(
        dossier=d,
        missed_due_at=missed,
        reason=_required(reason, "lý do chậm trễ"),
        responsible_unit=_required(responsible_unit, "đơn vị chịu trách nhiệm"),
        responsible_person=responsible_person.strip(),
        new_due_at=new_due_at,
        is_second_postponement=d.apology_letters.exists(),
        status=ApologyStatus.AWAITING_SIGNATURE,
        created_by=actor,
        created_at=now,
    )
    _close(
        d, actor, "apologise", d.status, now, f"Hẹn lại {timezone.localtime(new_due_at):%H:%M ngày %d/%m/%Y}"
    )
    text = notice or APOLOGY_NOTICE.format(code=d.code, procedure=d.procedure.name)
    letter.notified = notify(
        leaders if leaders is not None else leaders_to_alert(d.office, now),
        d.office,
        text,
        reverse("dossiers:leader_queue"),
        at=now,
    )
    return letter


@transaction.atomic
def amend_apology(actor: Staff, letter: ApologyLetter, reason: str, *, now=None) -> ApologyLetter:
    """Correct the reason of a letter not yet signed (a system-drafted letter carries a generic one),
    by a leader or the counter clerk; the audit event keeps the old and the new reason."""
    now = now or timezone.now()
    d = _open(actor, letter.dossier, "amend_apology")
    reason = _required(reason, "lý do chậm trễ")
    letter = ApologyLetter.objects.select_for_update().get(pk=letter.pk)
    if letter.dossier_id != d.pk:
        raise WorkflowError("Không tìm thấy phiếu xin lỗi của hồ sơ này.")
    if letter.status == ApologyStatus.SIGNED:
        raise WorkflowError("Phiếu xin lỗi đã được ký nên không sửa được lý do.")
    if error := validators.text_error("reason", reason):
        raise WorkflowError(error)
    old, letter.reason = letter.reason, reason
    letter.save(update_fields=["reason"])
    _close(d, actor, "amend_apology", d.status, now, f"Lý do cũ: {old} — lý do mới: {reason}")
    return letter


@transaction.atomic
def sign_apology(actor: Staff, letter: ApologyLetter, *, now=None) -> ApologyLetter:
    """A Chủ tịch or Phó Chủ tịch signs; the letter gets its number …/PXL for the year and its PDF
    (mẫu 04) for the citizen."""
    now = now or timezone.now()
    d = _open(actor, letter.dossier, "sign_apology")
    if not actor.leader_title:
        raise WorkflowError("Chỉ Chủ tịch hoặc Phó Chủ tịch được ký phiếu xin lỗi.")
    letter = ApologyLetter.objects.select_for_update().get(pk=letter.pk)
    if letter.dossier_id != d.pk:
        raise WorkflowError("Không tìm thấy phiếu xin lỗi của hồ sơ này.")
    if letter.status == ApologyStatus.SIGNED:
        raise WorkflowError("Phiếu xin lỗi này đã được ký.")
    n = codes.next_number(d.office, f"PXL:{timezone.localdate(now).year}")
    letter.status = ApologyStatus.SIGNED
    letter.signed_by = actor
    letter.signed_at = now
    letter.number = f"{n}/PXL"
    letter.save()
    _close(d, actor, "sign_apology", d.status, now, f"Số {letter.number}", item=letter)
    return letter


@transaction.atomic
def convert_to_normal(
    dossier: Dossier, reason: str, *, new_due_at: dt.datetime | None = None, now: dt.datetime | None = None
) -> Dossier:
    """A same-day dossier not returned by the close goes on the normal track, due `new_due_at`
    (by default the close of the next working day after the missed one, from the calendar).

    System only (the end-of-day sweep). The audit action "convert_to_normal" is the lasting
    record of a broken same-day promise (reports count it). A dossier already converted, or
    no longer open, is returned unchanged, so the sweep may call this as often as it likes.
    """
    now = now or timezone.now()
    d = _locked(dossier)
    if d.track != Track.SAME_DAY or d.status not in CONVERTIBLE:
        return d
    _check(None, d, "convert_to_normal", system_ok=True)
    if new_due_at is None:
        missed_day = timezone.localdate(d.due_at or now)
        new_due_at = calendar.close_of_day(d.office, calendar.next_working_day(d.office, missed_day))
    if new_due_at <= (d.due_at or now):
        raise WorkflowError("Hạn trả mới phải sau hạn trả trong ngày đã hẹn.")
    note = f"{_required(reason, 'lý do')} Hẹn trả {timezone.localtime(new_due_at):%H:%M ngày %d/%m/%Y}."
    return _close(d, None, "convert_to_normal", d.status, now, note, track=Track.NORMAL, due_at=new_due_at)


@transaction.atomic
def refund(actor: Staff, dossier: Dossier, amount: int | None, reason: str, *, now=None) -> FeeRefund:
    """Give back (part of) the fee collected at intake for a refused or withdrawn (stopped) dossier;
    never more than what was collected less what was already given back (issue 20)."""
    now = now or timezone.now()
    d = _open(actor, dossier, "refund")
    payment = FeePayment.objects.select_for_update().filter(dossier=d).first()
    if payment is None or payment.amount == 0:
        raise WorkflowError("Hồ sơ không thu phí, lệ phí nên không có khoản nào để hoàn trả.")
    if not isinstance(amount, int) or isinstance(amount, bool) or amount < 1:
        raise WorkflowError("Số tiền hoàn trả phải là số đồng lớn hơn 0 (ví dụ 8.000).")
    left = payment.amount - payment.refunded()
    if amount > left:
        raise WorkflowError(
            f"Số tiền hoàn trả ({amount:,} đồng) lớn hơn số đã thu còn lại ({left:,} đồng).".replace(",", ".")
        )
    item = FeeRefund.objects.create(
        payment=payment,
        amount=amount,
        reason=_required(reason, "lý do hoàn trả"),
        refunded_by=actor,
        refunded_at=now,
    )
    _close(d, actor, "refund", d.status, now, f"Hoàn trả {amount:,} đồng: {item.reason}".replace(",", "."))
    return item
