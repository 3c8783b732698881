"""Demo of fees and digital signatures (issue 20), called by `load_demo`.

- The civil-status procedures that carry a fee get their legal exemptions (hộ nghèo, gia đình có
  công với cách mạng, người khuyết tật).
- UBND Phường 1, thành phố Sa Đéc has a day of intakes with fees (the last working day before
  today): cash, an exemption, an online and a postal payment, another amount with its reason, two
  collectors; each paid intake has its fee receipt, and the day's cash book adds up.
- An apology letter of that office is signed by its Chủ tịch and signed digitally with the demo
  certificate (`manage.py make_signing_certs` makes them; here only when missing, never in
  production).

Everything goes through the doors (`intake.receive`, `workflow`); keys make a second run add nothing.
"""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from dossiers import fees, intake, papers, signing, workflow
from dossiers.models import Dossier, PaperKind, PaymentMethod
from mocua.certs import make_office_certificate
from mocua.models import Office, Staff
from models_catalog.models import FeeExemption, Procedure
from schedules import calendar

OFFICE = "sa-dec-p1"
KEY = "demo-fee:"
# The exemptions of lệ phí hộ tịch (domain-vn.md §6: poor households, families of people with
# meritorious service, the disabled); the article of TT 85/2019/TT-BTC is not verified there.
GROUND = "Thông tư số 85/2019/TT-BTC; Nghị quyết của HĐND tỉnh về lệ phí hộ tịch"
EXEMPTIONS = [
    ("Miễn lệ phí cho người thuộc hộ nghèo", 100),
    ("Miễn lệ phí cho người thuộc gia đình có công với cách mạng", 100),
    ("Miễn lệ phí cho người khuyết tật", 100),
]
POOR = EXEMPTIONS[0][0]

# (procedure code prefix, applicant, collector role, fee: amount / exemption / reason / method / reference)
DAY = [
    ("1.004873", "Lê Thị Mỹ Duyên", "clerk", {}),
    ("2.000635", "Trần Văn Hậu", "clerk", {}),
    ("2.000884", "Nguyễn Hoàng Phúc", "clerk", {}),
    ("1.004873", "Phạm Thị Lan", "clerk", {"amount": 0, "exemption": POOR}),
    (
        "1.001612",
        "Huỳnh Minh Tâm",
        "clerk",
        {"method": PaymentMethod.ONLINE, "reference": "DVCQG-26120100731"},
    ),
    ("2.000635", "Võ Thị Kim Ngân", "clerk", {"method": PaymentMethod.POST, "reference": "EMS0052718469VN"}),
    ("2.000815", "Đặng Quốc Bảo", "volunteer", {"amount": 4000, "reason": "Chứng thực 2 trang × 2.000 đồng"}),
    ("1.005461", "Bùi Thanh Sơn", "volunteer", {}),
]


def load(stdout=None, *, today: dt.date | None = None, force: bool = False) -> dict:
    """Exemptions always; the day of intakes and the signed letter with the dossier history only
    (MOCUA_DEMO_HISTORY_DAYS > 0, as load_demo under the tests has none) or when `force`d."""
    from dossiers.demo import history_days

    add_exemptions()
    if not (force or history_days()):
        return {}
    _certificates()
    office = Office.objects.filter(slug=OFFICE).first()
    if office is None or not office.procedures.exists():
        return {}
    day = _last_working_day(office, today or timezone.localdate())
    received = _day_of_intakes(office, day)
    paper = _signed_apology(office, day)
    book = fees.cash_book(office, day)
    if stdout is not None:
        stdout.write(
            f"Thu phí trình diễn ({office.short_name}, {day:%d/%m/%Y}): {len(book.payments)} biên lai, "
            f"tổng {fees.money(book.total)} đồng; phiếu xin lỗi ký số: "
            f"{'đã ký' if paper is not None and signing.signed_file(paper) else 'chưa ký'}."
        )
    return {"received": received, "day": day, "total": book.total}


def _certificates() -> None:
    """Demo certificates of every office, made once (development only: never in production)."""
    if settings.PRODUCTION:
        return
    for office in Office.objects.all():
        passphrase = settings.MOCUA_SIGNING_PASSPHRASES.get(office.slug) or settings.MOCUA_SIGNING_PASSPHRASE
        if passphrase:
            make_office_certificate(settings.MOCUA_SIGNING_DIR, office.slug, office.name, passphrase)


def add_exemptions() -> int:
    added = 0
    for proc in Procedure.objects.filter(field__name="Hộ tịch", fee_amount__gt=0):
        for position, (name, percent) in enumerate(EXEMPTIONS, 1):
            _, created = FeeExemption.objects.get_or_create(
                procedure=proc,
                name=name,
                defaults={"legal_ground": GROUND, "reduction_percent": percent, "position": position},
            )
            added += created
    return added


def _last_working_day(office: Office, today: dt.date) -> dt.date:
    day = today - dt.timedelta(days=1)
    while not calendar.is_working_day(office, day):
        day -= dt.timedelta(days=1)
    return day


def _person(office: Office, role: str) -> Staff:
    return Staff.objects.get(user__username=f"{office.slug}.{role}")


def _procedure(office: Office, prefix: str) -> Procedure | None:
    return office.procedures.filter(code__startswith=prefix).prefetch_related("documents").first()


def _data(proc: Procedure, name: str, i: int, **extra) -> intake.IntakeData:
    documents = [intake.DocumentIn(d.pk) for d in proc.documents.all() if not d.is_optional]
    return intake.IntakeData(
        procedure=proc,
        full_name=name,
        id_number=f"0871{85 + i:02d}00{4321 + i:04d}",
        phone=f"09183{i:02d}{400 + i:03d}",
        address=f"Khóm {i % 4 + 1}, Phường 1, thành phố Sa Đéc",
        documents=documents,
        **extra,
    )


def _day_of_intakes(office: Office, day: dt.date) -> int:
    start = calendar.opening_periods(office, day)[0][0]
    added = 0
    for i, (prefix, name, role, fee) in enumerate(DAY):
        key = f"{KEY}{office.slug}:{day:%Y%m%d}:{i:02d}"
        proc = _procedure(office, prefix)
        if proc is None or Dossier.objects.filter(intake_key=key).exists():
            continue
        exemption = fee.get("exemption")
        fee_in = fees.FeeIn(
            amount=fee.get("amount", proc.fee_amount or 0),
            exemption=proc.fee_exemptions.get(name=exemption).pk if exemption else None,
            reason=fee.get("reason", ""),
            method=fee.get("method", PaymentMethod.CASH),
            reference=fee.get("reference", ""),
        )
        intake.receive(
            _person(office, role),
            _data(proc, name, i, fee=fee_in, intake_key=key),
            now=start + dt.timedelta(minutes=12 * i + 5),
        )
        added += 1
    return added


def _signed_apology(office: Office, day: dt.date):
    """A dossier of the day whose processing needs more time: the apology letter, signed by the
    Chủ tịch, then signed digitally (the worker's job, done here so the demo needs no worker)."""
    key = f"{KEY}{office.slug}:{day:%Y%m%d}:xin-loi"
    proc = _procedure(office, "1.004884") or office.procedures.exclude(processing_time=0).first()
    if proc is None:
        return None
    d = Dossier.objects.filter(intake_key=key).first()
    clerk, specialist = _person(office, "clerk"), _person(office, "specialist")
    chairman = Staff.objects.filter(office=office, leader_title="chairman", is_active=True).first()
    if chairman is None:
        return None
    if d is None:
        start = calendar.opening_periods(office, day)[0][0]
        at = start + dt.timedelta(minutes=12 * len(DAY) + 5)
        d = intake.receive(clerk, _data(proc, "Ngô Thị Thu Hà", len(DAY), intake_key=key), now=at)
        d = workflow.assign(clerk, d, specialist, now=at + dt.timedelta(minutes=10))
        d = workflow.start(specialist, d, now=at + dt.timedelta(minutes=20))
        letter = workflow.apologise(
            specialist,
            d,
            reason="Phải xác minh thông tin khai sinh tại nơi đăng ký trước đây",
            responsible_unit="Công chức Tư pháp - Hộ tịch",
            new_due_at=calendar.close_of_day(
                office, calendar.next_working_day(office, timezone.localdate(workflow.current_due_at(d)))
            ),
            now=at + dt.timedelta(hours=2),
        )
        workflow.sign_apology(chairman, letter, now=at + dt.timedelta(hours=3))
    paper = d.papers.filter(kind=PaperKind.APOLOGY).first()
    if paper is None:
        return None
    papers.ensure_rendered(paper)
    signing.sign_paper(paper.pk)
    return paper
