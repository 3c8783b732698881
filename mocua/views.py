from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render

from mocua import access, home_cards
from mocua.input_guard import error_answer
from mocua.jobs import probe
from mocua.models import Role


@login_required
def home(request):
    staff = access.staff_or_none(request.user)
    offices = access.visible_offices(request.user).order_by("name")
    glance = home_cards.cards(request.user, staff)
    return render(request, "mocua/home.html", {"staff": staff, "offices": offices, "glance": glance})


@access.staff_required(Role.SUPERVISOR, Role.ADMIN)
def office_list(request):
    offices = access.visible_offices(request.user).select_related("supervisor").order_by("kind", "name")
    return render(request, "mocua/office_list.html", {"offices": offices})


@access.staff_required()
def office_detail(request, slug):
    office = access.office_for(request.user, slug)
    staff = office.staff.filter(is_active=True).prefetch_related("roles").select_related("organisation")
    return render(
        request,
        "mocua/office_detail.html",
        {"office": office, "hours": office.hours.all(), "members": staff, "area": office.area.all()},
    )


def healthz(request):
    """Each component and an overall status: 200 when all are ok, 503 otherwise (mocua/jobs/probe.py)."""
    parts = probe.components()
    status = probe.overall(parts)
    return JsonResponse({"status": status, "components": parts}, status=200 if status == "ok" else 503)


def bad_request(request, exception=None):
    return error_answer(request, 400, "Dữ liệu gửi lên không hợp lệ.")


def forbidden(request, exception=None):
    message = str(exception) if exception and str(exception) else access.NO_ROLE
    return error_answer(request, 403, message)


def not_found(request, exception=None):
    # Under /api/ too (a path the resolver does not match): JSON, as the API's own 404s.
    return error_answer(request, 404, access.NOT_FOUND)


def server_error(request):
    return error_answer(
        request, 500, "Hệ thống gặp sự cố. Dữ liệu của bạn không bị thay đổi; vui lòng thử lại sau."
    )
