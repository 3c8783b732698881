"""The tables printed on papers, built from the dossier's records.

`control_rows` is the hand-over table of the process control slip (mẫu 05 of TT 01/2018, mẫu 06
of TT 03/2025): one row per hand-over, with the sides and the people who hand the dossier over
("Người giao") and take it ("Người nhận"), each judged early / on time / late. `supplement_rows`
is the table of mẫu 02: each missing paper with the number required as original, certified copy
and copy.
"""

from dossiers.models import Dossier, Outcome
from dossiers.templatetags.paper_tags import vn_datetime
from dossiers.tracks import current_due_at, outcome_of
from dossiers.transitions import ACTION_LABELS
from mocua.models import Office, Role
from models_catalog.models import DocumentForm

# Each hand-over moves the dossier from one side to the other. The actor hands it over, except
# where it comes in from the applicant (then the actor takes it).
HANDOVERS = {
    "receive": ("applicant", "counter"),
    "assign": ("counter", "specialist"),
    "submit": ("specialist", "leader"),
    "approve": ("leader", "specialist"),
    "send_back": ("leader", "specialist"),
    "ready": ("specialist", "counter"),
    "return": ("counter", "applicant"),
    "request_supplement": ("counter", "applicant"),
    "supplement": ("applicant", "counter"),
    "refuse": ("counter", "applicant"),
    "stop": ("counter", "applicant"),
}
SIDE_ROLES = {"counter": Role.CLERK, "specialist": Role.SPECIALIST, "leader": Role.LEADER}
# The form's words for each step's result ("Trước hạn / đúng hạn / quá hạn").
VERDICTS = {Outcome.EARLY: "Trước hạn", Outcome.ON_TIME: "Đúng hạn", Outcome.LATE: "Quá hạn"}


def _side_name(side: str, office: Office) -> str:
    return {
        "applicant": "Người nộp hồ sơ",
        "counter": office.counter_name,
        "specialist": "Công chức chuyên môn",
        "leader": f"Lãnh đạo {office.name}",
    }[side]


def _actor_side(actor, side: str) -> str:
    """The side the actor stood on: the declared one, unless their roles say otherwise
    (e.g. a specialist asking for a supplement while processing)."""
    if actor is None or actor.has_role(SIDE_ROLES[side]):
        return side
    return next((s for s, role in SIDE_ROLES.items() if actor.has_role(role)), side)


def _taker(events: list, i: int, dossier: Dossier) -> str:
    """Who took the dossier handed over by events[i]: whoever acted on it next, if someone else; for
    the last assignment, the specialist it went to. Blank when nobody has yet (signed by hand)."""
    event = events[i]
    later = events[i + 1] if i + 1 < len(events) else None
    if later is not None and later.actor_id and later.actor_id != event.actor_id:
        return later.actor.full_name
    last_assign = not any(e.action == "assign" for e in events[i + 1 :])
    if event.action == "assign" and last_assign and dossier.specialist_id:
        return dossier.specialist.full_name
    return ""


def control_rows(dossier: Dossier) -> list[dict]:
    """One row per hand-over of the audit trail, judged against the deadline in force. Other steps
    (start of processing, apology letters, ...) go into the note of the hand-over before them."""
    due = current_due_at(dossier)
    events = list(dossier.events.select_related("actor").order_by("at", "id"))
    rows, notes = [], []
    for i, event in enumerate(events):
        label = ACTION_LABELS.get(event.action, event.action)
        if event.action not in HANDOVERS:
            note = f"{label}: {vn_datetime(event.at)}" + (f" ({event.note})" if event.note else "")
            (rows[-1]["notes"] if rows else notes).append(note)
            continue
        giver_side, taker_side = HANDOVERS[event.action]
        actor = event.actor.full_name if event.actor else "Hệ thống"
        applicant = (event.action == "return" and dossier.returned_to) or dossier.full_name
        if giver_side == "applicant":
            taker_side = _actor_side(event.actor, taker_side)
            giver, taker = applicant, actor
        else:
            giver_side = _actor_side(event.actor, giver_side)
            taker = applicant if taker_side == "applicant" else _taker(events, i, dossier)
            giver = actor
        rows.append(
            {
                "event": event,
                "label": label,
                "giver_unit": _side_name(giver_side, dossier.office),
                "taker_unit": _side_name(taker_side, dossier.office),
                "giver": giver,
                "taker": taker,
                "verdict": VERDICTS[outcome_of(due, event.at)] if due else "",
                "notes": [
                    *notes,
                    *(
                        [event.note]
                        if event.note not in ("", f"Giao cho {taker}", f"Trả cho {taker}")
                        else []
                    ),
                ],
            }
        )
        notes = []
    return rows


def supplement_rows(dossier: Dossier, item) -> list[dict]:
    """Mẫu 02's table: the number of each missing paper required as original, certified copy and
    copy, from the procedure's list; for a paper the clerk typed in, the counts are left blank to
    be written by hand."""
    required = {d.name.strip().casefold(): d for d in dossier.procedure.documents.all()}
    rows = []
    for name in item.missing if item else []:
        doc = required.get(name.strip().casefold())
        counts = {"original": "", "certified_copy": "", "copy": ""}
        if doc is not None:
            n = f"{doc.quantity:02d}"
            if doc.form == DocumentForm.ORIGINAL_OR_COPY:
                counts.update(original=n, copy=f"hoặc {n}")
            elif doc.form == DocumentForm.PRESENT_ORIGINAL:
                counts["original"] = f"{n} (xuất trình)"
            else:
                counts[doc.form] = n
        rows.append({"name": name, "note": doc.note if doc else "", **counts})
    return rows
