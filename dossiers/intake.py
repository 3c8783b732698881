"""Receiving a dossier at the counter (or online / by post): the service behind every intake.

`receive(actor, data)` validates everything first (nothing is half-saved), then in
one transaction gives the dossier its code, decides the track from the clock and
the catalog's policy, records the documents and goes through the workflow door:
the first event with the receipt or appointment slip (`workflow.receive`), or —
when papers are missing or the dossier cannot be accepted — a supplement request
(mẫu 02) or a refusal (mẫu 03), each with its paper, in the same transaction.

The track is decided here, at the moment of intake (design principle 2):
same-day when a same-day model is open for this procedure right now, the
dossier is complete and this dossier needs no verification — due at today's
close; otherwise normal — due from the statutory time in working time (the
procedure's time with verification when the clerk marks the dossier for it).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from dossiers import codes, fees, queue, tracks, validators, workflow
from dossiers.models import AssistedWriting, Channel, Dossier, DossierDocument, SessionIntake, Status
from dossiers.models_citizen import MessageChannel, NotifyConsent
from dossiers.transitions import TRANSITIONS
from dossiers.validators import normalise_id_number, normalise_phone, validate_id_number, validate_phone
from mocua.models import Role, Staff
from models_catalog.models import Procedure, RequiredDocument
from schedules import roster_selectors
from schedules.models import OutreachSession

INTAKE_ROLES = TRANSITIONS["receive"].roles


@dataclass
class DocumentIn:
    required_document: RequiredDocument | int
    form: str = DossierDocument.Form.ORIGINAL
    count: int = 1


@dataclass
class IntakeData:
    """What the intake screen and the API pass to `receive`."""

    procedure: Procedure | str  # a Procedure or its code
    full_name: str
    id_number: str
    phone: str
    address: str
    birth_date: dt.date | None = None
    email: str = ""
    organisation_name: str = ""
    channel: str = Channel.COUNTER
    channel_ref: str = ""
    documents: list[DocumentIn] = field(default_factory=list)
    assisted_writing: str = AssistedWriting.NONE
    assisted_by: Staff | None = None
    online_help: bool = False
    needs_verification: bool = False  # this dossier must be verified (only where the procedure may need it)
    intake_key: str | None = None
    missing: list[str] = field(default_factory=list)  # further papers to ask for, beyond unchecked ones
    refusal_reasons: str = ""  # not empty: the dossier is not acceptable → refusal slip
    notify_consent: bool = False  # the citizen agrees to be told about the dossier (issue 17)
    notify_channels: list[str] = field(default_factory=list)  # "sms", "zalo", "email"
    ticket: int | str | None = None  # today's queue number the citizen was called with (dossiers/queue.py)
    fee: "fees.FeeIn | dict | None" = None  # what was collected (issue 20); None: nothing recorded
    outreach_session: int | None = None  # received at this outreach session (schedules), its place of intake


def offered_procedure(office, procedure: Procedure | str, day: dt.date) -> Procedure | None:
    """The procedure if this office offers it on `day` (in its list and within its validity),
    with its documents. A procedure this function already returned for the same office and day
    (the intake screen looks it up before `receive`) is handed back without asking again."""
    if isinstance(procedure, Procedure) and getattr(procedure, "_offered", None) == (office.pk, day):
        return procedure
    code = procedure.code if isinstance(procedure, Procedure) else (procedure or "").strip()
    found = (
        office.procedures.filter(code=code)
        .exclude(valid_from__gt=day)
        .exclude(valid_to__lt=day)
        .prefetch_related("documents")
        .first()
    )
    if found is not None:
        found._offered = (office.pk, day)
    return found


def _validate(
    actor: Staff, data: IntakeData, now: dt.datetime
) -> tuple[Procedure, list[DossierDocument], dict]:
    errors: dict[str, str] = {}
    procedure = offered_procedure(actor.office, data.procedure, timezone.localdate(now))
    if procedure is None:
        errors["procedure"] = "Đơn vị không giải quyết thủ tục này (hoặc thủ tục đã hết hiệu lực)."
    for name, check in (("id_number", validate_id_number), ("phone", validate_phone)):
        try:
            check(getattr(data, name))
        except ValidationError as e:
            errors[name] = e.messages[0]
    _check_texts(data, timezone.localdate(now), errors)
    for name, label in (("full_name", "họ và tên"), ("address", "địa chỉ")):
        if not (getattr(data, name) or "").strip():
            errors[name] = f"Cần nhập {label} người nộp."
    if data.channel not in Channel.values:
        errors["channel"] = "Hình thức nộp không hợp lệ."
    elif data.channel == Channel.ONLINE and not data.channel_ref.strip():
        errors["channel_ref"] = "Hồ sơ trực tuyến cần mã hồ sơ trên Cổng dịch vụ công."
    elif data.channel == Channel.POST and not data.channel_ref.strip():
        errors["channel_ref"] = "Hồ sơ qua bưu chính cần số hiệu bưu gửi."

    documents = []
    if procedure is not None:
        own = {d.pk: d for d in procedure.documents.all()}
        seen = set()
        for item in data.documents:
            pk = getattr(item.required_document, "pk", item.required_document)
            if pk not in own:
                errors["documents"] = "Có giấy tờ không thuộc thành phần hồ sơ của thủ tục này."
                break
            if pk in seen:
                errors["documents"] = "Một thành phần hồ sơ được nhập hai lần."
                break
            if (
                item.form not in DossierDocument.Form.values
                or not isinstance(item.count, int)
                or item.count < 1
            ):
                errors["documents"] = f"Hình thức hoặc số lượng của “{own[pk].name}” không hợp lệ."
                break
            seen.add(pk)
            documents.append(DossierDocument(required_document=own[pk], form=item.form, count=item.count))

    if data.needs_verification and procedure is not None and not procedure.may_need_verification:
        errors["needs_verification"] = "Thủ tục này không có bước xác minh."
    assisted = _assisted_writing(actor, data, procedure, errors)
    _check_notify(data, errors)
    assisted |= _ticket(actor, data, now, errors)  # created with the dossier, like the helper
    fees.check(procedure, data, errors)
    session = _session(actor, data, procedure, now, errors)
    if errors:
        raise ValidationError(errors)
    return procedure, documents, {**assisted, "session": session}


def _session(actor: Staff, data: IntakeData, procedure, now: dt.datetime, errors: dict):
    """The outreach session the dossier is received at: the office's, held today, offering it."""
    if not data.outreach_session:
        return None
    pk = getattr(data.outreach_session, "pk", data.outreach_session)
    session = (
        OutreachSession.objects.filter(office=actor.office, pk=pk).first() if isinstance(pk, int) else None
    )
    if session is None:
        errors["outreach_session"] = "Không tìm thấy buổi lưu động của đơn vị."
    elif session.date != timezone.localdate(now):
        errors["outreach_session"] = (
            f"Buổi lưu động tại {session.place} diễn ra ngày {session.date:%d/%m/%Y}: "
            "chỉ ghi nơi tiếp nhận là buổi lưu động vào đúng ngày đó."
        )
    elif (
        procedure is not None
        and session.procedures.exists()
        and not session.procedures.filter(pk=procedure.pk).exists()
    ):
        errors["outreach_session"] = f"Buổi lưu động tại {session.place} không tiếp nhận thủ tục này."
    return session


def _check_texts(data: IntakeData, today: dt.date, errors: dict) -> None:
    """Names, birth date and the limits of every free text (dossiers/validators.py)."""
    checks = (
        ("full_name", lambda: validators.validate_person_name(data.full_name)),
        ("birth_date", lambda: validators.validate_birth_date(data.birth_date, today)),
    )
    for name, check in checks:
        try:
            check()
        except ValidationError as e:
            errors[name] = e.messages[0]
    for name in ("address", "organisation_name", "channel_ref", "email", "refusal_reasons"):
        if message := validators.text_error(name, getattr(data, name)):
            errors[name] = message
    if message := validators.missing_error(data.missing):
        errors["missing"] = message


def _check_notify(data: IntakeData, errors: dict) -> None:
    """Notifications need the citizen's consent, known channels, a mobile number for SMS and Zalo,
    an e-mail address for mail."""
    chosen = list(dict.fromkeys(data.notify_channels or []))
    if any(c not in MessageChannel.values for c in chosen):
        errors["notify_channels"] = "Kênh nhận thông báo không hợp lệ: chỉ có SMS, Zalo hoặc thư điện tử."
        return
    if chosen and not data.notify_consent:
        errors["notify_consent"] = "Người nộp phải đồng ý nhận thông báo thì mới chọn được kênh nhận."
    elif data.notify_consent and not chosen:
        errors["notify_channels"] = "Hãy chọn ít nhất một kênh nhận thông báo: SMS, Zalo hoặc thư điện tử."
    if {MessageChannel.SMS, MessageChannel.ZALO} & set(chosen) and not validators.is_mobile(data.phone):
        errors.setdefault("phone", validators.MOBILE_MESSAGE)
    if MessageChannel.EMAIL in chosen and not (data.email or "").strip():
        errors.setdefault("email", "Cần nhập thư điện tử để nhận thông báo qua thư.")
    data.notify_channels = chosen


def _assisted_writing(actor: Staff, data: IntakeData, procedure, errors: dict) -> dict:
    kind = data.assisted_writing or AssistedWriting.NONE
    if kind == AssistedWriting.NONE:
        return {}
    if kind not in AssistedWriting.values:
        errors["assisted_writing"] = "Hình thức viết hộ không hợp lệ."
        return {}
    if procedure is not None and procedure.writing_forbidden:
        errors["assisted_writing"] = (
            "Pháp luật không cho phép viết hộ thủ tục này: người nộp phải tự viết tờ khai."
        )
        return {}
    helper = data.assisted_by or actor
    if helper.office_id != actor.office_id or not helper.is_active:
        errors["assisted_by"] = "Người viết hộ phải thuộc đơn vị."
        return {}
    if kind == AssistedWriting.VOLUNTEER:
        if not helper.organisation_id:
            errors["assisted_by"] = "Người viết hộ chưa được gắn với tổ chức MTTQ / đoàn thể nào."
            return {}
        return {"assisted_by": helper, "assisted_organisation": helper.organisation}
    return {"assisted_by": helper}


def _ticket(actor: Staff, data: IntakeData, now: dt.datetime, errors: dict) -> dict:
    """The queue ticket the dossier is linked to, when one is given."""
    try:
        ticket = queue.ticket_for_intake(actor.office, data.ticket, now)
    except queue.QueueError as e:
        errors["ticket"] = str(e)
        return {}
    return {"ticket": ticket} if ticket else {}


def missing_papers(procedure: Procedure, received: list[int], extra: list[str]) -> list[str]:
    """What a supplement request asks for: the required documents (ids) not in `received`, then the
    papers written in (`extra`). The intake door and its preview (dossiers.preview) both ask this."""
    received = set(received)
    missing = [d.name for d in procedure.documents.all() if not d.is_optional and d.pk not in received]
    return missing + [m.strip() for m in extra if m and m.strip()]


def _missing(procedure: Procedure, documents: list[DossierDocument], extra: list[str]) -> list[str]:
    return missing_papers(procedure, [d.required_document_id for d in documents], extra)


def paper_issuer(actor: Staff, now: dt.datetime) -> Staff:
    """Who issues the supplement request (mẫu 02) or refusal (mẫu 03) of an intake by `actor`.

    Those papers are signed by the counter clerk. A clerk issues them himself; when a volunteer
    did the intake, the clerk on duty at the counter now (duty roster) issues them, or, when the
    roster names none, the office's oldest active clerk account. The volunteer stays recorded as the
    one who received the dossier.
    """
    if actor.has_role(Role.CLERK):
        return actor
    clerk = roster_selectors.counter_clerk_on_duty(actor.office, now)
    if clerk is None:
        clerk = (
            Staff.objects.filter(office=actor.office, is_active=True, roles__role=Role.CLERK)
            .order_by("pk")
            .first()
        )
    if clerk is None:
        raise workflow.WorkflowError(
            "Đơn vị chưa có công chức một cửa để lập phiếu yêu cầu bổ sung hoặc phiếu từ chối; "
            "hồ sơ chưa được tiếp nhận."
        )
    return clerk


def receive(actor: Staff, data: IntakeData | dict, *, now: dt.datetime | None = None) -> Dossier:
    """Receive one dossier at `now` (default: the clock), with the paper the citizen takes home;
    the same intake_key twice gives back the first dossier."""
    if isinstance(data, dict):
        data = IntakeData(**data)
    data.documents = [DocumentIn(**d) if isinstance(d, dict) else d for d in data.documents]
    if not actor.is_active or not actor.has_role(*INTAKE_ROLES):
        raise workflow.WorkflowError("Chỉ công chức một cửa hoặc thành viên trực quầy được tiếp nhận hồ sơ.")
    # A form sent twice is caught by the unique intake_key (IntegrityError below), not by a read
    # before every intake; the loser's numbers are rolled back with its transaction.
    now = now or timezone.now()
    procedure, documents, assisted = _validate(actor, data, now)
    missing = _missing(procedure, documents, data.missing)
    refused = bool(data.refusal_reasons.strip())
    issuer = paper_issuer(actor, now) if missing or refused else actor
    try:
        return _create(actor, data, procedure, documents, assisted, missing, refused, now, issuer)
    except IntegrityError:
        earlier = Dossier.objects.filter(intake_key=data.intake_key, office=actor.office).first()
        if data.intake_key and earlier:
            return earlier
        raise


@transaction.atomic
def _create(actor, data, procedure, documents, assisted, missing, refused, now, issuer) -> Dossier:
    office = actor.office
    assisted = dict(assisted)
    session = assisted.pop("session", None)
    decision = tracks.decide(
        office, procedure, now, complete=not missing and not refused, verification=data.needs_verification
    )
    dossier = Dossier.objects.create(
        office=office,
        code=codes.next_dossier_code(office, now),
        procedure=procedure,
        full_name=validators.normalise_name(data.full_name),
        id_number=normalise_id_number(data.id_number),
        birth_date=data.birth_date,
        phone=normalise_phone(data.phone),
        address=validators.normalise_text(data.address),
        email=validators.normalise_text(data.email),
        organisation_name=validators.normalise_text(data.organisation_name),
        channel=data.channel,
        channel_ref=validators.normalise_text(data.channel_ref),
        status=Status.RECEIVED,
        track=decision.track,
        received_at=now,
        due_at=decision.due_at,
        reform_model=decision.reform_model,
        in_extra_hour=decision.in_extra_hour,
        needs_verification=data.needs_verification,
        assisted_writing=data.assisted_writing or AssistedWriting.NONE,
        online_help=data.online_help,
        secret=codes.new_secret(),
        intake_key=data.intake_key or None,
        received_by=actor,
        **assisted,
    )
    consent = None
    if data.notify_consent and data.notify_channels:
        consent = NotifyConsent.objects.create(
            dossier=dossier,
            channels=data.notify_channels,
            phone=dossier.phone if validators.is_mobile(dossier.phone) else "",
            email=dossier.email,
            agreed_at=now,
        )
    # The doors read it as dossier.notify_consent: a new dossier's is known (this one, or none).
    Dossier.notify_consent.related.set_cached_value(dossier, consent)
    for doc in documents:
        doc.dossier = dossier
    DossierDocument.objects.bulk_create(documents)
    if session is not None:
        SessionIntake.objects.create(dossier=dossier, session=session)
    note = tracks.same_day_note(decision)
    if issuer != actor:
        note = " ".join(filter(None, [note, f"Phiếu do công chức một cửa {issuer.full_name} lập."]))
    # The first event; a complete dossier gets its receipt or appointment slip there. The dossier
    # was inserted just now in this transaction: the doors use it as it is (fresh=True), without
    # reading it back or locking it again, and change it in place.
    dossier = workflow.receive(actor, dossier, note, now=now, fresh=True)
    if data.fee is not None and not refused and not missing:  # collected once the dossier is accepted
        fees.record(actor, dossier, data.fee, now=now)
    if refused:
        return workflow.refuse(issuer, dossier, data.refusal_reasons, now=now, fresh=True)
    if missing:
        workflow.request_supplement(issuer, dossier, missing, now=now, fresh=True)
    return dossier
