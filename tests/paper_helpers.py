"""Dossiers and procedures the paper pipeline tests need."""

from dossiers import workflow
from mocua.models import Office
from models_catalog.models import Field, Procedure, RequiredDocument, TimeUnit
from tests.conftest import at
from tests.dossier_helpers import marriage_status_procedure, received_dossier, staff

FAMILY_PROCEDURES = {
    "1.000894": ("Đăng ký kết hôn", "Tờ khai đăng ký kết hôn"),
    "1.001193": ("Đăng ký khai sinh", "Tờ khai đăng ký khai sinh"),
    "1.000656": ("Đăng ký khai tử", "Tờ khai đăng ký khai tử"),
}


def people() -> dict:
    return {r: staff(f"duc-thanh.{r}") for r in ("clerk", "specialist", "leader")}


def duc_thanh() -> Office:
    return Office.objects.get(slug="duc-thanh")


def family_procedure(office: Office, national_code: str) -> Procedure:
    """A same-day civil-status procedure that registers a family event (marriage, birth, death)."""
    name, form = FAMILY_PROCEDURES[national_code]
    field, _ = Field.objects.get_or_create(code="ho-tich", defaults={"name": "Hộ tịch"})
    proc, created = Procedure.objects.get_or_create(
        code=f"{national_code}.000.00.00.H48",
        defaults={"name": name, "field": field, "processing_time": 0, "time_unit": TimeUnit.SAME_DAY},
    )
    if created:
        RequiredDocument.objects.create(procedure=proc, position=1, name=form)
    proc.offices.add(office)
    return proc


def slip_dossier(office: Office, clerk, procedure: Procedure | None = None):
    """A dossier received by `clerk` on Monday 16/11/2026 at 09:30 with its documents. The marriage
    status procedure is marked for verification (3 working days): due on Thursday 19/11 at 09:30."""
    proc = procedure or marriage_status_procedure(office)
    return received_dossier(
        office,
        proc,
        received_at=at(2026, 11, 16, 9, 30),
        by=clerk,
        needs_verification=proc.may_need_verification,
    )


def returned_dossier(office: Office, who: dict, procedure: Procedure):
    """A dossier taken through the workflow door to 'returned'."""
    d = slip_dossier(office, who["clerk"], procedure)
    d = workflow.assign(who["clerk"], d, who["specialist"])
    d = workflow.start(who["specialist"], d)
    d = workflow.submit(who["specialist"], d)
    d = workflow.approve(who["leader"], d)
    d = workflow.ready(who["specialist"], d)
    return workflow.return_result(who["clerk"], d, "Nguyễn Thị Hồng Nhung")
