"""The intake's preview (dossiers.preview) for the intake page: rendered with the page, and again by
static/js/intake-preview.js whenever the procedure's documents or the verification box change."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from dossiers import intake
from dossiers.forms import NOT_RECEIVED
from dossiers.preview import preview
from mocua import access

TEMPLATE = "dossiers/_intake_preview.html"


def preview_for(office, procedure, now, data=None):
    """The preview of the intake form as filled in `data` (a POST), or as first shown (None)."""
    if data is None:
        return preview(office, procedure, now)
    received = [
        d.pk for d in procedure.documents.all() if data.get(f"doc_{d.pk}", NOT_RECEIVED) != NOT_RECEIVED
    ]
    return preview(
        office,
        procedure,
        now,
        received=received,
        extra_missing=(data.get("missing_other") or "").splitlines(),
        verification=bool(data.get("needs_verification")) and procedure.may_need_verification,
    )


@require_POST
@access.staff_required(*intake.INTAKE_ROLES)
def intake_preview_view(request):
    """The preview panel alone, for the form as posted (personal data is posted, never in a URL)."""
    office = request.staff.office
    now = timezone.now()
    procedure = intake.offered_procedure(office, request.POST.get("procedure", ""), timezone.localdate(now))
    if procedure is None:
        return render(request, TEMPLATE, {"preview": None}, status=404)
    return render(request, TEMPLATE, {"preview": preview_for(office, procedure, now, request.POST)})
