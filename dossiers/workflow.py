"""The one door: every change of a dossier's state goes through a function here.

Each function locks the dossier (select_for_update), checks the actor's office
and role and the dossier's current state, changes it and writes exactly one
AuditEvent, all in one transaction. Anything else raises `WorkflowError` with a
Vietnamese message and changes nothing. `actor=None` means a system job and is
accepted only where noted.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from dossiers import codes, tracks
from dossiers.models import (
    ApologyLetter,
    ApologyStatus,
    AuditEvent,
    Dossier,
    Outcome,
    Status,
    SupplementRequest,
    SupplementStage,
    Track,
)
from mocua.models import Role, Staff
from schedules import calendar


class WorkflowError(Exception):
    """A refused transition; `str(error)` is the Vietnamese message for the user."""


@dataclass(frozen=True)
class Transition:
    label: str
    sources: tuple[str, ...]
    target: str | None  # None: the state does not change (e.g. an apology letter)
    roles: tuple[str, ...]


S = Status
CLERK, SPECIALIST, LEADER = Role.CLERK, Role.SPECIALIST, Role.LEADER
WORKING = (S.RECEIVED, S.ASSIGNED, S.PROCESSING, S.SUBMITTED, S.APPROVED)

TRANSITIONS: dict[str, Transition] = {
    "assign": Transition(
        "Chuyển công chức chuyên môn", (S.RECEIVED, S.ASSIGNED), S.ASSIGNED, (CLERK, LEADER)
    ),
    "start": Transition("Bắt đầu xử lý", (S.ASSIGNED,), S.PROCESSING, (SPECIALIST,)),
    "submit": Transition("Trình lãnh đạo", (S.PROCESSING,), S.SUBMITTED, (SPECIALIST,)),
    "approve": Transition("Phê duyệt", (S.SUBMITTED,), S.APPROVED, (LEADER,)),
    "send_back": Transition("Trả lại để xử lý tiếp", (S.SUBMITTED,), S.PROCESSING, (LEADER,)),
    "ready": Transition("Có kết quả", (S.APPROVED,), S.RESULT_READY, (SPECIALIST, CLERK)),
    "return": Transition("Trả kết quả", (S.RESULT_READY,), S.RETURNED, (CLERK,)),
    "request_supplement": Transition(
        "Yêu cầu bổ sung hồ sơ",
        (S.RECEIVED, S.ASSIGNED, S.PROCESSING),
        S.AWAITING_SUPPLEMENT,
        (CLERK, SPECIALIST, LEADER),
    ),
    "supplement": Transition("Đã bổ sung hồ sơ", (S.AWAITING_SUPPLEMENT,), None, (CLERK,)),
    "refuse": Transition(
        "Từ chối", (*WORKING[:4], S.AWAITING_SUPPLEMENT), S.REFUSED, (CLERK, SPECIALIST, LEADER)
    ),
    "stop": Transition(
        "Dừng giải quyết theo đề nghị của người nộp",
        (*WORKING, S.RESULT_READY, S.AWAITING_SUPPLEMENT),
        S.STOPPED,
        (CLERK, LEADER),
    ),
    "apologise": Transition(
        "Lập phiếu xin lỗi",
        (*WORKING, S.RESULT_READY, S.AWAITING_SUPPLEMENT),
        None,
        (CLERK, SPECIALIST, LEADER, Role.SECRETARY),
    ),
    "sign_apology": Transition(
        "Ký phiếu xin lỗi", (*WORKING, S.RESULT_READY, S.AWAITING_SUPPLEMENT, S.RETURNED), None, (LEADER,)
    ),
}
# The intake writes its own first event with this label.
ACTION_LABELS = {"receive": "Tiếp nhận hồ sơ", **{k: t.label for k, t in TRANSITIONS.items()}}
# A system step, never offered to staff (so not in TRANSITIONS): see convert_to_normal().
ACTION_LABELS["convert_to_normal"] = "Chuyển sang giải quyết thông thường (quá giờ trả trong ngày)"
CONVERTIBLE = (*WORKING, S.RESULT_READY)

NOT_FOUND = "Không tìm thấy hồ sơ."


def allowed(actor: Staff | None, dossier: Dossier, action: str) -> bool:
    """Whether `actor` may do `action` on `dossier` now (for showing buttons; the door re-checks)."""
    t = TRANSITIONS[action]
    if actor is None or actor.office_id != dossier.office_id:
        return False
    return dossier.status in t.sources and actor.has_role(*t.roles)


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
            raise WorkflowError(f"Bạn không có quyền “{t.label.lower()}”: thao tác này dành cho {roles}.")
    if dossier.status not in t.sources:
        raise WorkflowError(
            f"Không thể “{t.label.lower()}” hồ sơ {dossier.code} đang ở trạng thái "
            f"“{dossier.get_status_display().lower()}”."
        )
    return t


def _locked(dossier: Dossier) -> Dossier:
    return Dossier.objects.select_for_update().select_related("office", "procedure").get(pk=dossier.pk)


def _record(dossier: Dossier, actor, action: str, from_status: str, note: str = "", at=None) -> AuditEvent:
    return AuditEvent.objects.create(
        dossier=dossier,
        actor=actor,
        at=at or timezone.now(),
        action=action,
        from_status=from_status,
        to_status=dossier.status,
        note=note,
    )


def _move(actor, dossier: Dossier, action: str, note: str = "", *, system_ok=False, **changes) -> Dossier:
    """Lock, check, set status (and `changes`), save, audit. Call inside transaction.atomic()."""
    d = _locked(dossier)
    t = _check(actor, d, action, system_ok=system_ok)
    before = d.status
    if t.target:
        d.status = t.target
    for name, value in changes.items():
        setattr(d, name, value)
    d.save()
    _record(d, actor, action, before, note)
    return d


def _required(text: str, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise WorkflowError(f"Cần ghi {what}.")
    return text


@transaction.atomic
def assign(actor: Staff, dossier: Dossier, specialist: Staff, note: str = "") -> Dossier:
    if specialist.office_id != dossier.office_id or not specialist.is_active:
        raise WorkflowError("Công chức được giao phải thuộc đơn vị và đang làm việc.")
    if not specialist.has_role(SPECIALIST):
        raise WorkflowError(f"{specialist.full_name} không phải công chức chuyên môn.")
    return _move(actor, dossier, "assign", note or f"Giao cho {specialist.full_name}", specialist=specialist)


@transaction.atomic
def start(actor: Staff, dossier: Dossier) -> Dossier:
    d = _locked(dossier)
    if d.specialist_id and actor.pk != d.specialist_id:
        raise WorkflowError(f"Hồ sơ {d.code} đã được giao cho {d.specialist.full_name}.")
    return _move(actor, d, "start", specialist=actor)


@transaction.atomic
def submit(actor: Staff, dossier: Dossier, note: str = "") -> Dossier:
    return _move(actor, dossier, "submit", note)


@transaction.atomic
def approve(actor: Staff, dossier: Dossier, note: str = "") -> Dossier:
    return _move(actor, dossier, "approve", note)


@transaction.atomic
def send_back(actor: Staff, dossier: Dossier, reason: str) -> Dossier:
    return _move(actor, dossier, "send_back", _required(reason, "lý do trả lại"))


@transaction.atomic
def ready(actor: Staff, dossier: Dossier, note: str = "") -> Dossier:
    return _move(actor, dossier, "ready", note, result_ready_at=timezone.now())


def outcome_of(due_at: dt.datetime | None, finished_at: dt.datetime) -> str:
    """Early: finished on a day before the due day; on time: on the due day, by the due time; else late.

    `due_at` already carries the supplement pauses (recomputed when a supplement resolves).
    """
    if due_at is None:
        return Outcome.ON_TIME
    if finished_at > due_at:
        return Outcome.LATE
    if timezone.localdate(finished_at) < timezone.localdate(due_at):
        return Outcome.EARLY
    return Outcome.ON_TIME


@transaction.atomic
def return_result(actor: Staff, dossier: Dossier, returned_to: str, note: str = "") -> Dossier:
    """Hand the result over. Early / on time / late is judged at the moment the result was decided
    (ready), not when the citizen came for it: the national index counts the decision time when
    both exist (domain-vn.md §3)."""
    now = timezone.now()
    returned_to = _required(returned_to, "người nhận kết quả")
    d = _locked(dossier)
    return _move(
        actor,
        d,
        "return",
        note or f"Trả cho {returned_to}",
        returned_at=now,
        closed_at=now,
        returned_to=returned_to,
        outcome=outcome_of(d.due_at, d.result_ready_at or now),
    )


def decided_in_time(dossier: Dossier) -> bool:
    """The result was ready by the deadline in force: the office kept its word, even while the
    citizen has not come for it yet, so no sweep converts it or apologises for it."""
    due = current_due_at(dossier)
    return dossier.result_ready_at is not None and due is not None and dossier.result_ready_at <= due


@transaction.atomic
def request_supplement(
    actor: Staff, dossier: Dossier, missing: list[str], *, override_reason: str = ""
) -> SupplementRequest:
    """Ask once for everything missing. A second request needs a leader and a written reason (a breach)."""
    missing = [m.strip() for m in missing if m and m.strip()]
    if not missing:
        raise WorkflowError("Cần liệt kê đầy đủ giấy tờ phải bổ sung.")
    d = _locked(dossier)
    earlier = d.supplement_requests.exists()
    breach = {}
    if earlier:
        if actor is None or not actor.has_role(LEADER):
            raise WorkflowError(
                "Hồ sơ này đã được yêu cầu bổ sung một lần. Chỉ được yêu cầu bổ sung một lần; "
                "lần thứ hai phải được lãnh đạo cho phép và ghi rõ lý do."
            )
        breach = {
            "is_breach": True,
            "override_reason": _required(override_reason, "lý do cho phép yêu cầu bổ sung lần hai"),
            "overridden_by": actor,
        }
    note = "; ".join(missing) + (
        f" (lãnh đạo cho phép lần hai: {breach['override_reason']})" if breach else ""
    )
    d = _move(actor, d, "request_supplement", note)
    stage = SupplementStage.INTAKE if d.due_at is None else SupplementStage.PROCESSING
    return SupplementRequest.objects.create(
        dossier=d, stage=stage, issued_at=timezone.now(), missing=missing, issued_by=actor, **breach
    )


def pauses_of(dossier: Dossier) -> list[tuple[dt.datetime, dt.datetime]]:
    """The resolved supplement waits [issued_at, resolved_at): the clock does not run in them."""
    return [
        (r.issued_at, r.resolved_at)
        for r in dossier.supplement_requests.filter(resolved_at__isnull=False).order_by("issued_at")
    ]


@transaction.atomic
def supplement(actor: Staff, dossier: Dossier, note: str = "") -> Dossier:
    """The citizen brought the missing papers: the dossier goes on where it stopped, due date moved."""
    d = _locked(dossier)
    _check(actor, d, "supplement")
    now = timezone.now()
    request = d.supplement_requests.filter(resolved_at__isnull=True).order_by("-issued_at").first()
    stopped = d.events.filter(action="request_supplement").order_by("-at", "-id").first()
    resume = stopped.from_status if stopped else S.RECEIVED
    if request:
        request.resolved_at = now
        request.save(update_fields=["resolved_at"])
    before = d.status
    d.status = resume
    if request and request.stage == SupplementStage.INTAKE and d.due_at is None:
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
    d.save()
    _record(d, actor, "supplement", before, note, at=now)
    return d


@transaction.atomic
def refuse(actor: Staff, dossier: Dossier, reasons: str) -> Dossier:
    return _move(actor, dossier, "refuse", _required(reasons, "lý do từ chối"), closed_at=timezone.now())


@transaction.atomic
def stop(actor: Staff, dossier: Dossier, reason: str) -> Dossier:
    """Stopped at the citizen's request (TT 03/2025 mẫu 05, thông báo dừng giải quyết hồ sơ)."""
    return _move(actor, dossier, "stop", _required(reason, "lý do dừng giải quyết"), closed_at=timezone.now())


def current_due_at(dossier: Dossier) -> dt.datetime | None:
    """The deadline in force: the new date of the last signed apology letter, else the due date."""
    last = dossier.apology_letters.filter(status=ApologyStatus.SIGNED).order_by("-missed_due_at").first()
    return last.new_due_at if last else dossier.due_at


@transaction.atomic
def apologise(
    actor: Staff | None,
    dossier: Dossier,
    *,
    reason: str,
    responsible_unit: str,
    new_due_at: dt.datetime,
    responsible_person: str = "",
) -> ApologyLetter:
    """An apology letter for the deadline in force, awaiting a leader's signature.

    Exactly one per missed deadline: staff get an error for a second one; a job
    (actor None) gets the existing letter back, so sweeps are idempotent.
    """
    d = _locked(dossier)
    _check(actor, d, "apologise", system_ok=True)
    missed = current_due_at(d)
    if missed is None:
        raise WorkflowError("Hồ sơ chưa có hạn trả kết quả nên chưa thể lập phiếu xin lỗi.")
    existing = d.apology_letters.filter(missed_due_at=missed).first()
    if existing:
        if actor is None:
            return existing
        raise WorkflowError(
            f"Đã có phiếu xin lỗi cho hạn trả {timezone.localtime(missed):%H:%M ngày %d/%m/%Y}."
        )
    if new_due_at <= missed:
        raise WorkflowError("Ngày hẹn trả mới phải sau hạn trả đã hẹn.")
    now = timezone.now()
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
    _record(
        d,
        actor,
        "apologise",
        d.status,
        f"Hẹn lại {timezone.localtime(new_due_at):%H:%M ngày %d/%m/%Y}",
        at=now,
    )
    return letter


@transaction.atomic
def sign_apology(actor: Staff, letter: ApologyLetter) -> ApologyLetter:
    """A Chủ tịch or Phó Chủ tịch signs; the letter gets its number …/PXL for the year."""
    d = _locked(letter.dossier)
    _check(actor, d, "sign_apology")
    if not actor.leader_title:
        raise WorkflowError("Chỉ Chủ tịch hoặc Phó Chủ tịch được ký phiếu xin lỗi.")
    letter = ApologyLetter.objects.select_for_update().get(pk=letter.pk)
    if letter.status == ApologyStatus.SIGNED:
        raise WorkflowError("Phiếu xin lỗi này đã được ký.")
    now = timezone.now()
    n = codes.next_number(d.office, f"PXL:{timezone.localdate(now).year}")
    letter.status = ApologyStatus.SIGNED
    letter.signed_by = actor
    letter.signed_at = now
    letter.number = f"{n}/PXL"
    letter.save()
    _record(d, actor, "sign_apology", d.status, f"Số {letter.number}", at=now)
    return letter


@transaction.atomic
def convert_to_normal(
    dossier: Dossier, at: dt.datetime, reason: str, *, new_due_at: dt.datetime | None = None
) -> Dossier:
    """A same-day dossier not returned by the close goes on the normal track, due `new_due_at`
    (by default the close of the next working day after the missed one, from the calendar).

    System only (the end-of-day sweep). The audit action "convert_to_normal" is the lasting
    record of a broken same-day promise (reports count it). A dossier already converted, or
    no longer open, is returned unchanged, so the sweep may call this as often as it likes.
    """
    d = _locked(dossier)
    if d.track != Track.SAME_DAY or d.status not in CONVERTIBLE:
        return d
    if new_due_at is None:
        missed_day = timezone.localdate(d.due_at or at)
        new_due_at = calendar.close_of_day(d.office, calendar.next_working_day(d.office, missed_day))
    if new_due_at <= (d.due_at or at):
        raise WorkflowError("Hạn trả mới phải sau hạn trả trong ngày đã hẹn.")
    before = d.status
    d.track = Track.NORMAL
    d.due_at = new_due_at
    d.save(update_fields=["track", "due_at"])
    note = f"{_required(reason, 'lý do')} Hẹn trả {timezone.localtime(new_due_at):%H:%M ngày %d/%m/%Y}."
    _record(d, None, "convert_to_normal", before, note, at=at)
    return d
