"""The ticket queue's screens: the public kiosk and display of an office, the call page of a seat.

The kiosk and the display need no login (an office's public address, like the catalog's pages);
the call page is for counter staff and acts on the caller's own office only. Every change goes
through `dossiers.queue`.
"""

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dossiers import queue
from dossiers.queue_models import Ticket, TicketStatus
from mocua import access, net
from models_catalog import selectors
from models_catalog.models import Field
from schedules import calendar

TICKET_SALT = "dossiers.queue.ticket"
TICKET_MAX_AGE = 24 * 3600  # a printed ticket's page is shown for its day only


def _ticket_token(ticket: Ticket) -> str:
    return signing.dumps(ticket.pk, salt=TICKET_SALT, compress=True)


def _today_hours(office, now) -> str:
    periods = calendar.opening_periods(office, timezone.localdate(now))
    return ", ".join(f"{s:%H:%M}–{e:%H:%M}" for s, e in periods)


@require_http_methods(["GET", "POST"])
def kiosk_view(request, slug):
    """The touch screen where a citizen takes a number by field (no login)."""
    office = selectors.public_office(slug)
    now = timezone.now()
    fields = queue.kiosk_fields(office, timezone.localdate(now))
    error, status = "", 200
    if request.method == "POST":
        if not queue.kiosk_allows(net.client_address(request)):
            error, status = queue.TOO_MANY, 429
        else:
            try:
                ticket = queue.take(office, request.POST.get("field", "")[:60], now=now)
            except queue.QueueError as e:
                error, status = str(e), e.status
            else:
                return redirect("dossiers:queue_ticket", slug=office.slug, token=_ticket_token(ticket))
    open_now = queue.is_open(office, now)
    model, minutes = (None, None)
    for field in fields if open_now else []:  # the banner names the promise of the day, if any
        model, minutes = queue.promise_for(office, field, now)
        if minutes:
            break
    return render(
        request,
        "dossiers/queue/kiosk.html",
        {
            "office": office,
            "now": now,
            "fields": fields,
            "open_now": open_now,
            "closed_message": "" if open_now else queue.closed_message(office, now),
            "hours": _today_hours(office, now),
            "promise_model": model,
            "promise_minutes": minutes,
            "error": error,
        },
        status=status,
    )


@require_GET
def ticket_view(request, slug, token):
    """The ticket just taken, to print with the browser (print stylesheet) or keep on the phone."""
    office = selectors.public_office(slug)
    try:
        pk = signing.loads(token, salt=TICKET_SALT, max_age=TICKET_MAX_AGE)
        ticket = Ticket.objects.select_related("field", "reform_model").get(pk=int(pk), office=office)
    except (signing.BadSignature, TypeError, ValueError, Ticket.DoesNotExist):
        raise Http404("Không tìm thấy phiếu số thứ tự.") from None
    return render(
        request,
        "dossiers/queue/ticket.html",
        {
            "office": office,
            "ticket": ticket,
            "ahead": queue.waiting_ahead(ticket) if ticket.status == TicketStatus.WAITING else 0,
            "kiosk_url": reverse("dossiers:queue_kiosk", args=[office.slug]),
        },
    )


@require_GET
def display_view(request, slug):
    """The public display of the numbers being served (refreshes itself, no JavaScript)."""
    office = selectors.public_office(slug)
    return render(
        request,
        "dossiers/queue/display.html",
        {"office": office, "now": timezone.now(), "refresh": settings.MOCUA_QUEUE_DISPLAY_REFRESH},
    )


# ---- the counter seats (staff) --------------------------------------------------------------------


def _today_stats(office, day) -> dict:
    wait = ExpressionWrapper(F("called_at") - F("taken_at"), output_field=DurationField())
    stats = Ticket.objects.filter(office=office, day=day).aggregate(
        taken=Count("pk"),
        waiting=Count("pk", filter=Q(status=TicketStatus.WAITING)),
        done=Count("pk", filter=Q(status=TicketStatus.DONE)),
        promised=Count("pk", filter=Q(call_by__isnull=False, called_at__isnull=False)),
        kept=Count("pk", filter=Q(called_at__lte=F("call_by"))),
        avg_wait=Avg(wait, filter=Q(called_at__isnull=False)),
    )
    avg = stats.pop("avg_wait")
    stats["avg_wait_minutes"] = round(avg.total_seconds() / 60, 1) if avg is not None else None
    return stats


@access.staff_required(*queue.QUEUE_ROLES)
@require_GET
def seats_view(request):
    """Pick the seat this computer calls for; today's queue of the office at a glance."""
    office = request.staff.office
    now = timezone.now()
    day = timezone.localdate(now)
    current = {
        t.seat: t
        for t in Ticket.objects.filter(office=office, day=day, status=TicketStatus.CALLED).select_related(
            "field"
        )
    }
    return render(
        request,
        "dossiers/queue/seats.html",
        {
            "seats": [(s, current.get(s)) for s in queue.seats()],
            "stats": _today_stats(office, day),
            "office": office,
        },
    )


def _seat_or_404(seat: int) -> int:
    if seat not in queue.seats():
        raise Http404(access.NOT_FOUND)
    return seat


@access.staff_required(*queue.QUEUE_ROLES)
@require_GET
def seat_view(request, seat):
    """The call page of one counter seat: next, recall, skip, done."""
    office = request.staff.office
    seat = _seat_or_404(seat)
    now = timezone.now()
    day = timezone.localdate(now)
    waiting = (
        Ticket.objects.filter(office=office, day=day, status=TicketStatus.WAITING)
        .values("field__code", "field__name")
        .annotate(n=Count("pk"))
        .order_by("field__name")
    )
    recent = (
        Ticket.objects.filter(office=office, day=day, seat=seat)
        .exclude(status=TicketStatus.CALLED)
        .select_related("field")
        .order_by("-done_at")[:8]
    )
    return render(
        request,
        "dossiers/queue/seat.html",
        {
            "seat": seat,
            "office": office,
            "current": queue.called_at_seat(office, seat, day),
            "waiting": list(waiting),
            "waiting_total": sum(w["n"] for w in waiting),
            "recent": recent,
            "stats": _today_stats(office, day),
            "display_url": reverse("dossiers:queue_display", args=[office.slug]),
        },
    )


@access.staff_required(*queue.QUEUE_ROLES)
@require_POST
def seat_action_view(request, seat, action):
    """A button of the call page; back to the page with what happened."""
    seat = _seat_or_404(seat)
    if action not in queue.ACTIONS:
        raise Http404(access.NOT_FOUND)
    field = None
    code = request.POST.get("field", "")[:60]
    if action == "next" and code:
        field = Field.objects.filter(code=code).first()
        if field is None:
            messages.error(request, "Lĩnh vực không hợp lệ.")
            return redirect("dossiers:queue_seat", seat=seat)
    try:
        ticket = queue.perform(request.staff, seat, action, field=field)
    except queue.QueueError as e:
        messages.error(request, str(e))
    else:
        done = {
            "next": f"Đã gọi số {ticket.label} ({ticket.field.name}) đến quầy {seat}.",
            "recall": f"Đã gọi lại số {ticket.label}.",
            "skip": f"Đã bỏ qua số {ticket.label} (vắng mặt).",
            "done": f"Số {ticket.label} đã được phục vụ xong.",
        }
        messages.success(request, done[action])
    return redirect("dossiers:queue_seat", seat=seat)
