"""Writes to the catalog made by office staff. Each checks the office wall."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from models_catalog.models import Procedure, ReformModel

SHARED = "Thủ tục này dùng chung với đơn vị khác; chỉ quản trị hệ thống được sửa nội dung."


def can_edit_procedure(staff, procedure: Procedure) -> bool:
    """An office edits a procedure's content only when no other office offers it."""
    return not procedure.offices.exclude(pk=staff.office_id).exists()


@transaction.atomic
def save_procedure(staff, form, documents) -> Procedure:
    """Create or update a procedure and its documents; a new one is offered by the staff's office."""
    if form.instance.pk and not can_edit_procedure(staff, form.instance):
        raise PermissionDenied(SHARED)
    procedure = form.save()
    documents.instance = procedure
    documents.save()
    procedure.offices.add(staff.office)
    return procedure


def set_offered(staff, procedure: Procedure, offered: bool) -> None:
    """Start or stop offering a procedure at the staff's office."""
    if offered:
        procedure.offices.add(staff.office)
    else:
        procedure.offices.remove(staff.office)


@transaction.atomic
def save_reform_model(staff, form) -> ReformModel:
    """Create or update one of the staff's office's reform models."""
    if form.instance.office_id != staff.office_id:
        raise PermissionDenied
    model = form.save()
    if model.all_procedures:
        model.procedures.clear()
    return model
