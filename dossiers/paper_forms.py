"""What each paper is: its form (code, title, legal basis, number symbol) in the set in force,
its template, and for letters to families the event the procedure registers.

Form codes and titles are data: the TT 01/2018/TT-VPCP set, and the TT 03/2025/TT-VPCP set
from the date it applies; a paper takes the set in force on its issue date.
"""

import datetime as dt
from dataclasses import dataclass

from dossiers.models import PaperKind
from mocua.models import LeaderTitle, Office, Staff

K = PaperKind


@dataclass(frozen=True)
class Form:
    code: str  # "Mẫu 01"
    title: str
    basis: str
    symbol: str  # the number's suffix, e.g. "HDHS" in "Số: 12/HDHS"


TT01_2018 = "Thông tư số 01/2018/TT-VPCP"
TT03_2025 = "Thông tư số 03/2025/TT-VPCP"
# TT 03/2025 was signed on 15/9/2025; papers issued from that day use its set.
FORM_SET_2025_FROM = dt.date(2025, 9, 15)

_COMMON = {
    K.RECEIPT: ("01", "Giấy tiếp nhận hồ sơ và trả kết quả trong ngày", "TNHS"),
    K.APPOINTMENT_SLIP: ("01", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", "TNHS"),
    K.SUPPLEMENT_REQUEST: ("02", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", "HDHS"),
    K.REFUSAL: ("03", "Phiếu từ chối tiếp nhận giải quyết hồ sơ", "TCHS"),
}
# Letters to families (seed 004, model 2) are "thư công" of NĐ 30/2020, symbol TC (memory, unverified).
_LETTERS = {
    K.CONGRATULATION: Form("", "Thư chúc mừng", "", "TC-UBND"),
    K.CONDOLENCE: Form("", "Thư chia buồn", "", "TC-UBND"),
    # Seed 004 model 8: the couple's invitation to the marriage ceremony (a "giấy mời", symbol GM).
    K.CEREMONY_INVITATION: Form("", "Giấy mời dự Lễ trao Giấy chứng nhận kết hôn", "", "GM-UBND"),
}
# The fee receipt (issue 20): its own series …/BLTP per office and year. The legal receipt form
# (biên lai thu phí, lệ phí, NĐ 11/2020/NĐ-CP) carries a template code and series the Department of
# Finance registers for each collecting unit; these are placeholders (unverified).
_FEE = {K.FEE_RECEIPT: Form("", "Biên lai thu phí, lệ phí", "Nghị định số 11/2020/NĐ-CP", "BLTP")}
FORM_SETS: dict[str, dict[str, Form]] = {
    "2018": {
        **_LETTERS,
        **_FEE,
        **{k: Form(f"Mẫu {c}", t, TT01_2018, s) for k, (c, t, s) in _COMMON.items()},
        K.APOLOGY: Form("Mẫu 04", "Phiếu xin lỗi và hẹn lại ngày trả kết quả", TT01_2018, "PXL"),
        K.STOP_NOTICE: Form("", "Thông báo dừng giải quyết hồ sơ", "", "TB"),
        K.CONTROL_SLIP: Form("Mẫu 05", "Phiếu kiểm soát quá trình giải quyết hồ sơ", TT01_2018, "KSHS"),
        K.REGISTER: Form("Mẫu 06", "Sổ theo dõi hồ sơ", TT01_2018, "STHS"),
    },
    "2025": {
        **_LETTERS,
        **_FEE,
        **{k: Form(f"Mẫu {c}", t, TT03_2025, s) for k, (c, t, s) in _COMMON.items()},
        K.APOLOGY: Form(
            "Mẫu 04", "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết", TT03_2025, "PXL"
        ),
        K.STOP_NOTICE: Form("Mẫu 05", "Thông báo dừng giải quyết hồ sơ", TT03_2025, "TB"),
        K.CONTROL_SLIP: Form("Mẫu 06", "Phiếu kiểm soát quá trình giải quyết hồ sơ", TT03_2025, "KSHS"),
        K.REGISTER: Form("Mẫu 07", "Sổ theo dõi hồ sơ", TT03_2025, "STHS"),
    },
}
TEMPLATES = {
    K.RECEIPT: "papers/receipt.html",
    K.APPOINTMENT_SLIP: "papers/receipt.html",
    K.SUPPLEMENT_REQUEST: "papers/supplement_request.html",
    K.REFUSAL: "papers/refusal.html",
    K.APOLOGY: "papers/apology.html",
    K.STOP_NOTICE: "papers/stop_notice.html",
    K.CONTROL_SLIP: "papers/control_slip.html",
    K.CONGRATULATION: "papers/congratulation.html",
    K.CONDOLENCE: "papers/condolence.html",
    K.REGISTER: "papers/register.html",
    K.FEE_RECEIPT: "papers/fee_receipt.html",
    K.CEREMONY_INVITATION: "papers/ceremony_invitation.html",
}
DOSSIER_KINDS = tuple(k for k in TEMPLATES if k != K.REGISTER)


def form_for(kind: str, day: dt.date) -> Form:
    """The form (code, title, legal basis) of `kind` in force on `day`."""
    return FORM_SETS["2025" if day >= FORM_SET_2025_FROM else "2018"][kind]


# --- letters to families (seed 004, model 2) ---------------------------------------------

MARRIAGE, BIRTH, DEATH = "marriage", "birth", "death"
# National procedure code -> the family event it registers (domain-vn.md §6.1).
FAMILY_EVENTS = {
    "1.000894": MARRIAGE,  # Đăng ký kết hôn
    "1.000593": MARRIAGE,  # Đăng ký kết hôn lưu động
    "2.000806": MARRIAGE,  # Đăng ký kết hôn có yếu tố nước ngoài
    "1.001193": BIRTH,  # Đăng ký khai sinh
    "1.000689": BIRTH,  # Đăng ký khai sinh kết hợp nhận cha, mẹ, con
    "2.000528": BIRTH,  # Đăng ký khai sinh có yếu tố nước ngoài
    "1.000656": DEATH,  # Đăng ký khai tử
    "1.000419": DEATH,  # Đăng ký khai tử lưu động
}
LETTER_FOR_EVENT = {MARRIAGE: K.CONGRATULATION, BIRTH: K.CONGRATULATION, DEATH: K.CONDOLENCE}


def family_event(procedure) -> str | None:
    """marriage / birth / death when the procedure registers that family event, else None."""
    return FAMILY_EVENTS.get(procedure.national_code)


def signing_leader(office: Office) -> Staff | None:
    """Who signs the office's letters: the Chủ tịch, else a Phó Chủ tịch (None: a blank name)."""
    leaders = Staff.objects.filter(office=office, is_active=True, leader_title__in=LeaderTitle.values)
    return leaders.filter(leader_title=LeaderTitle.CHAIRMAN).first() or leaders.order_by("id").first()
