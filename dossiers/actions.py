"""One entry for "do action X on this dossier with these parameters" — used by the staff
screens and the API alike, so both parse parameters the same way. The rules stay in workflow.py.

Parameters (strings, as posted): `note` (reason, note, or for request_supplement the missing
papers one per line), `specialist` (staff id, for assign), `returned_to` (for return),
`override_reason` (second supplement request), `reason`, `responsible_unit`,
`responsible_person`, `new_due_at` (ISO date-time, for apologise).
"""

from collections.abc import Mapping

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from dossiers import workflow
from dossiers.models import Dossier
from dossiers.workflow import WorkflowError
from mocua.models import Staff

ACTIONS = tuple(a for a in workflow.TRANSITIONS if a != "sign_apology")


def perform(actor: Staff, dossier: Dossier, action: str, params: Mapping[str, str]):
    """Run `action`; returns the dossier (or the SupplementRequest / ApologyLetter created).

    Raises WorkflowError with a Vietnamese message; KeyError for an unknown action.
    """
    if action not in ACTIONS:
        raise KeyError(action)
    note = params.get("note", "") or ""
    if action == "assign":
        specialist = Staff.objects.filter(office=dossier.office_id, pk=_int(params.get("specialist"))).first()
        if specialist is None:
            raise WorkflowError("Cần chọn công chức chuyên môn của đơn vị.")
        return workflow.assign(actor, dossier, specialist)
    if action == "request_supplement":
        missing = params.get("missing") or note.splitlines()
        if isinstance(missing, str):
            missing = missing.splitlines()
        return workflow.request_supplement(
            actor, dossier, missing, override_reason=params.get("override_reason", "")
        )
    if action == "apologise":
        return workflow.apologise(
            actor,
            dossier,
            reason=params.get("reason") or note,
            responsible_unit=params.get("responsible_unit", ""),
            responsible_person=params.get("responsible_person", ""),
            new_due_at=_moment(params.get("new_due_at", "")),
        )
    if action == "return":
        return workflow.return_result(actor, dossier, params.get("returned_to", ""), note)
    if action == "start":
        return workflow.start(actor, dossier)
    with_note = {
        "submit": workflow.submit,
        "approve": workflow.approve,
        "send_back": workflow.send_back,
        "ready": workflow.ready,
        "supplement": workflow.supplement,
        "refuse": workflow.refuse,
        "stop": workflow.stop,
    }
    return with_note[action](actor, dossier, note)


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _moment(value: str):
    parsed = parse_datetime(value or "")
    if parsed is None:
        raise WorkflowError("Ngày giờ hẹn trả mới không hợp lệ.")
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed
