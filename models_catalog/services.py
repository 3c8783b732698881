"""Writes to the catalog made by office staff. Each checks the office wall."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from mocua import access
from models_catalog import paper_cache
from models_catalog.models import Procedure, ReformModel


def edit_refusal(staff, procedure: Procedure) -> str | None:
    """Why the staff may not change this procedure's content (a sentence), or None (mocua.access)."""
    reason = access.procedure_refusal(staff.user, procedure)
    return reason and reason[0].upper() + reason[1:]


@transaction.atomic
def save_procedure(staff, form, documents) -> Procedure:
    """Create or update a procedure and its documents; a new one is offered by the staff's office."""
    refusal = edit_refusal(staff, form.instance)
    if refusal:
        raise PermissionDenied(refusal)
    procedure = form.save()
    documents.instance = procedure
    documents.save()
    procedure.offices.add(staff.office)
    paper_cache.bump()  # the signals bump too; a service says so itself
    return procedure


def set_offered(staff, procedure: Procedure, offered: bool) -> None:
    """Start or stop offering a procedure at the staff's office."""
    before = set(procedure.offices.values_list("pk", flat=True))
    after = before | {staff.office_id} if offered else before - {staff.office_id}
    if not access.may_change_offering(staff.user, before, after):
        raise PermissionDenied(access.OTHER_OFFERINGS)
    if offered:
        procedure.offices.add(staff.office)
    else:
        procedure.offices.remove(staff.office)
    paper_cache.bump()


@transaction.atomic
def save_reform_model(staff, form) -> ReformModel:
    """Create or update one of the staff's office's reform models."""
    if form.instance.office_id != staff.office_id:
        raise PermissionDenied
    model = form.save()
    if model.all_procedures:
        model.procedures.clear()
    paper_cache.bump()
    return model
