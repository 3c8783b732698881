"""The job-health page (/cong-viec-tu-dong/) and the notifications page (/thong-bao/)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mocua import access
from mocua.jobs import notify
from mocua.jobs.health import job_health, problems, skipped_office_slugs
from mocua.jobs.models import Notification
from mocua.models import Role

HEALTH_ROLES = (Role.LEADER, Role.ADMIN, Role.SECRETARY, Role.SUPERVISOR)


@access.staff_required(*HEALTH_ROLES)
def health_view(request):
    now = timezone.now()
    health = job_health(now)
    skipped = (
        access.visible_offices(request.user).filter(slug__in=skipped_office_slugs(health)).order_by("name")
    )
    return render(
        request,
        "mocua/jobs_health.html",
        {
            "health": health,
            "skipped": skipped,
            "now": now,
            "late": [h for h in health if h.late],
            "problems": problems(access.visible_offices(request.user)),
            # Counts and errors are totals over every office (errors may name a dossier): the
            # system operator sees them; an office or a supervisor sees whether each job is alive.
            "operator": request.user.is_superuser,
        },
    )


@access.staff_required()
def notifications_view(request):
    items = Notification.objects.filter(recipient=request.staff).order_by("-created_at", "-id")[:200]
    return render(request, "mocua/notifications.html", {"items": items})


@require_POST
@access.staff_required()
def notifications_read_view(request):
    ids = request.POST.getlist("id")
    if ids and not all(i.isdigit() for i in ids):
        messages.error(request, "Thông báo không hợp lệ.")
        return redirect("jobs:notifications")
    count = notify.mark_read(request.staff, [int(i) for i in ids] if ids else None)
    if count:
        messages.success(request, f"Đã đánh dấu {count} thông báo là đã đọc.")
    return redirect("jobs:notifications")
