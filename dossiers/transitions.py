"""The one table of a dossier's steps: who may take each, from which states, to which state, and the
paper the citizen is handed when it is taken.

`dossiers.workflow` enforces it; `dossiers.actions` offers the steps marked `offered` to the staff
screens and the API alike; `allowed()` decides which buttons a screen shows.
"""

from dataclasses import dataclass

from dossiers.models import PaperKind, Status
from mocua.models import Role, Staff


@dataclass(frozen=True)
class Transition:
    label: str
    sources: tuple[str, ...]
    target: str | None  # None: the state does not change (e.g. an apology letter)
    roles: tuple[str, ...]  # () with offered=False: a system step only
    paper: str | None = None  # the paper issued in the same transaction
    offered: bool = True  # an action staff take from the screens and the API


S = Status
K = PaperKind
CLERK, SPECIALIST, LEADER = Role.CLERK, Role.SPECIALIST, Role.LEADER
WORKING = (S.RECEIVED, S.ASSIGNED, S.PROCESSING, S.SUBMITTED, S.APPROVED)
OPEN = (*WORKING, S.RESULT_READY, S.AWAITING_SUPPLEMENT)
CONVERTIBLE = (*WORKING, S.RESULT_READY)

TRANSITIONS: dict[str, Transition] = {
    # Intake writes the first event (the receipt or appointment slip is decided by the track).
    "receive": Transition("Tiếp nhận hồ sơ", (S.RECEIVED,), None, (CLERK, Role.VOLUNTEER), offered=False),
    "assign": Transition(
        "Chuyển công chức chuyên môn", (S.RECEIVED, S.ASSIGNED), S.ASSIGNED, (CLERK, LEADER)
    ),
    "start": Transition("Bắt đầu xử lý", (S.ASSIGNED,), S.PROCESSING, (SPECIALIST,)),
    "submit": Transition("Trình lãnh đạo", (S.PROCESSING,), S.SUBMITTED, (SPECIALIST,)),
    "approve": Transition("Phê duyệt", (S.SUBMITTED,), S.APPROVED, (LEADER,)),
    "send_back": Transition("Trả lại để xử lý tiếp", (S.SUBMITTED,), S.PROCESSING, (LEADER,)),
    "ready": Transition("Có kết quả", (S.APPROVED,), S.RESULT_READY, (SPECIALIST, CLERK)),
    "return": Transition("Trả kết quả", (S.RESULT_READY,), S.RETURNED, (CLERK,), paper=K.CONTROL_SLIP),
    "schedule_ceremony": Transition(
        "Hẹn lễ trao Giấy chứng nhận kết hôn",
        (S.APPROVED, S.RESULT_READY),
        None,
        (CLERK, LEADER),
        paper=K.CEREMONY_INVITATION,
    ),
    "request_supplement": Transition(
        "Yêu cầu bổ sung hồ sơ",
        (S.RECEIVED, S.ASSIGNED, S.PROCESSING),
        S.AWAITING_SUPPLEMENT,
        (CLERK, SPECIALIST, LEADER),
        paper=K.SUPPLEMENT_REQUEST,
    ),
    "supplement": Transition("Đã bổ sung hồ sơ", (S.AWAITING_SUPPLEMENT,), None, (CLERK,)),
    "refuse": Transition(
        "Từ chối",
        (*WORKING[:4], S.AWAITING_SUPPLEMENT),
        S.REFUSED,
        (CLERK, SPECIALIST, LEADER),
        paper=K.REFUSAL,
    ),
    "stop": Transition(
        "Dừng giải quyết theo đề nghị của người nộp", OPEN, S.STOPPED, (CLERK, LEADER), paper=K.STOP_NOTICE
    ),
    "apologise": Transition("Lập phiếu xin lỗi", OPEN, None, (CLERK, SPECIALIST, LEADER, Role.SECRETARY)),
    "amend_apology": Transition(
        "Sửa lý do chậm trễ của phiếu xin lỗi chờ ký", (*OPEN, S.RETURNED), None, (CLERK, LEADER)
    ),
    "sign_apology": Transition("Ký phiếu xin lỗi", (*OPEN, S.RETURNED), None, (LEADER,), paper=K.APOLOGY),
    # Fees (issue 20): money collected at intake given back for a refused or withdrawn dossier.
    "refund": Transition("Hoàn trả phí, lệ phí", (S.REFUSED, S.STOPPED), None, (CLERK,)),
    "convert_to_normal": Transition(
        "Chuyển sang giải quyết thông thường (quá giờ trả trong ngày)", CONVERTIBLE, None, (), offered=False
    ),
}
ACTION_LABELS = {name: t.label for name, t in TRANSITIONS.items()}
# What staff do from the screens and the API (one list for both doors).
OFFERED = tuple(name for name, t in TRANSITIONS.items() if t.offered)


def allowed(actor: Staff | None, dossier, action: str) -> bool:
    """Whether `actor` may do `action` on `dossier` now (for showing buttons; the door re-checks)."""
    t = TRANSITIONS[action]
    if actor is None or actor.office_id != dossier.office_id:
        return False
    return dossier.status in t.sources and actor.has_role(*t.roles)
