"""One entry for "do action X on this dossier with these parameters": the staff screens and the API
both call `perform`, so both parse parameters the same way and reach the same workflow door, which
issues the papers and notifications. Which actions exist is `transitions.OFFERED`; the rules stay
in workflow.py.

Parameters (as posted by a form, or as JSON): `note`; `reason` (send_back, stop, apologise) and
`reasons` (refuse), each falling back to `note`; `specialist` (staff id, assign); `returned_to`
(return, with `by_post`, `parcel_number`, `posted_on`, `carrier` or `at_ceremony`); `ceremony_date`,
`ceremony_time` (or `ceremony_at`), `room`, `leader` (schedule_ceremony); `missing` (list, or one paper per
line; falls back to `note`), `documents` (ids of the procedure's required documents) and `override_reason`
(request_supplement); `responsible_unit`, `responsible_person`, `new_due_at` (ISO date-time, apologise);
`letter` (apology letter id, sign_apology; with `reason`, amend_apology); `amount` (đồng, refund).
"""

import datetime as dt
from collections.abc import Callable, Mapping

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from dossiers import workflow
from dossiers.models import Dossier
from dossiers.transitions import OFFERED
from dossiers.validators import params_error
from dossiers.workflow import WorkflowError
from mocua.models import Staff

ACTIONS = OFFERED


def _text(params: Mapping, *names: str) -> str:
    """The first non-empty of `names`, then `note`."""
    for name in (*names, "note"):
        value = params.get(name)
        if value:
            return str(value)
    return ""


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _moment(value) -> dt.datetime:
    parsed = value if isinstance(value, dt.datetime) else parse_datetime(str(value or ""))
    if parsed is None:
        raise WorkflowError("Ngày giờ hẹn trả mới không hợp lệ.")
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


def _list(params: Mapping, name: str) -> list:
    values = params.getlist(name) if hasattr(params, "getlist") else params.get(name) or []
    return [values] if isinstance(values, str | int) else list(values)


def _amount(value) -> int | None:
    """An amount of đồng as typed ('8.000', '8000') or sent (8000); None when it is not one."""
    from dossiers.fees import parse_amount

    return parse_amount(value)


def _missing(params: Mapping) -> list[str]:
    lines = [line for value in _list(params, "missing") for line in str(value).splitlines()]
    return lines or _text(params).splitlines()


def _assign(actor, d, p, now):
    specialist = Staff.objects.filter(office=d.office_id, pk=_int(p.get("specialist"))).first()
    if specialist is None:
        raise WorkflowError("Cần chọn công chức chuyên môn của đơn vị.")
    return workflow.assign(actor, d, specialist, _text(p), now=now)


def _apologise(actor, d, p, now):
    return workflow.apologise(
        actor,
        d,
        reason=_text(p, "reason"),
        responsible_unit=str(p.get("responsible_unit") or ""),
        responsible_person=str(p.get("responsible_person") or ""),
        new_due_at=_moment(p.get("new_due_at")),
        now=now,
    )


def _flag(value) -> bool:
    return value is True or str(value or "").strip().lower() in ("1", "on", "true", "yes")


def _day(value, what: str) -> dt.date | None:
    """A date as dd/mm/yyyy or yyyy-mm-dd (None when empty); WorkflowError when unreadable."""
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    if not text:
        return None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date only
        except ValueError:
            continue
    raise WorkflowError(f"{what} không hợp lệ (dd/mm/yyyy).")


def _return(actor, d, p, now):
    by_post = _flag(p.get("by_post"))
    return workflow.return_result(
        actor,
        d,
        str(p.get("returned_to") or ""),
        str(p.get("note") or ""),
        by_post=by_post,
        parcel_number=str(p.get("parcel_number") or "") if by_post else "",
        posted_on=_day(p.get("posted_on"), "Ngày gửi bưu chính") if by_post else None,
        carrier=str(p.get("carrier") or "") if by_post else "",
        at_ceremony=_flag(p.get("at_ceremony")),
        now=now,
    )


def _ceremony_moment(p) -> dt.datetime | None:
    """`ceremony_at` (ISO date-time), or `ceremony_date` (dd/mm/yyyy) with `ceremony_time` (HH:MM)."""
    if p.get("ceremony_at"):
        return _moment(p.get("ceremony_at"))
    day = _day(p.get("ceremony_date"), "Ngày tổ chức lễ")
    text = str(p.get("ceremony_time") or "").strip()
    if day is None or not text:
        return None
    try:
        hour = dt.time.fromisoformat(text)
    except ValueError:
        raise WorkflowError("Giờ tổ chức lễ không hợp lệ (giờ:phút, ví dụ 08:30).") from None
    return dt.datetime.combine(day, hour, tzinfo=timezone.get_current_timezone())


def _schedule_ceremony(actor, d, p, now):
    leader = Staff.objects.filter(office=d.office_id, pk=_int(p.get("leader"))).first()
    return workflow.schedule_ceremony(
        actor, d, at=_ceremony_moment(p), room=str(p.get("room") or ""), leader=leader, now=now
    )


def _letter(d, p):
    letter = d.apology_letters.filter(pk=_int(p.get("letter"))).first()
    if letter is None:
        raise WorkflowError("Không tìm thấy phiếu xin lỗi của hồ sơ này.")
    return letter


def _amend_apology(actor, d, p, now):
    return workflow.amend_apology(actor, _letter(d, p), _text(p, "reason"), now=now)


def _sign_apology(actor, d, p, now):
    return workflow.sign_apology(actor, _letter(d, p), now=now)


W = workflow
DOORS: dict[str, Callable] = {
    "assign": _assign,
    "start": lambda a, d, p, now: W.start(a, d, now=now),
    "submit": lambda a, d, p, now: W.submit(a, d, _text(p), now=now),
    "approve": lambda a, d, p, now: W.approve(a, d, _text(p), now=now),
    "send_back": lambda a, d, p, now: W.send_back(a, d, _text(p, "reason"), now=now),
    "ready": lambda a, d, p, now: W.ready(a, d, _text(p), now=now),
    "return": _return,
    "schedule_ceremony": _schedule_ceremony,
    "request_supplement": lambda a, d, p, now: W.request_supplement(
        a,
        d,
        _missing(p),
        documents=_list(p, "documents"),
        override_reason=str(p.get("override_reason") or ""),
        now=now,
    ),
    "supplement": lambda a, d, p, now: W.supplement(a, d, _text(p), now=now),
    "refuse": lambda a, d, p, now: W.refuse(a, d, _text(p, "reasons", "reason"), now=now),
    "stop": lambda a, d, p, now: W.stop(a, d, _text(p, "reason"), now=now),
    "apologise": _apologise,
    "sign_apology": _sign_apology,
    "amend_apology": _amend_apology,
    "refund": lambda a, d, p, now: W.refund(a, d, _amount(p.get("amount")), _text(p, "reason"), now=now),
}


def perform(actor: Staff, dossier: Dossier, action: str, params: Mapping, *, now: dt.datetime | None = None):
    """Run `action` through the workflow door; returns what the door returns (the dossier, or the
    SupplementRequest / ApologyLetter it made).

    Raises WorkflowError with a Vietnamese message; KeyError for an unknown action.
    """
    if action not in ACTIONS:
        raise KeyError(action)
    if error := params_error(params):  # free-text limits (dossiers/validators.py): nothing changes
        raise WorkflowError(error)
    return DOORS[action](actor, dossier, params, now)
