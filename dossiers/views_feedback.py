"""Feedback (phản ánh, kiến nghị): the public form (no login, light, for phones), its poster with a
QR code, and the office's list and item page. Views are thin: dossiers.feedback holds the rules."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from dossiers import feedback, feedback_selectors, tracking
from dossiers.models_citizen import Feedback, FeedbackAbout, FeedbackCategory, FeedbackState, MessageChannel
from mocua import access
from mocua.models import Staff
from mocua.qr import qr_svg
from models_catalog.models import Procedure, ReformModel
from models_catalog.selectors import public_office

FIELDS = (
    "about",
    "content",
    "procedure",
    "reform_model",
    "about_staff",
    "name",
    "phone",
    "email",
    "reply_channel",
)


def _choices(office):
    return {
        "procedures": Procedure.objects.filter(offices=office).order_by("name").only("code", "name"),
        "models": ReformModel.objects.filter(office=office).order_by("name").only("pk", "name"),
        "abouts": FeedbackAbout.choices,
        "channels": MessageChannel.choices,
    }


@require_http_methods(["GET", "POST"])
def form_view(request, slug):
    """Public: send a phản ánh, kiến nghị to the office; its published answers below."""
    office = public_office(slug)
    values = {name: request.POST.get(name, "") for name in FIELDS}
    if request.method == "GET":
        values["procedure"] = request.GET.get("thu_tuc", "")[:40]
        values["reform_model"] = request.GET.get("mo_hinh", "")[:12]
        values["about"] = (
            FeedbackAbout.PROCEDURE
            if values["procedure"]
            else FeedbackAbout.MODEL
            if values["reform_model"]
            else request.GET.get("ve", "")[:12]
        )
    context = {
        "office": office,
        "v": values,
        "errors": {},
        "answer_days": settings.MOCUA_FEEDBACK_ANSWER_DAYS,
        **_choices(office),
    }
    status = 200
    if request.method == "POST":
        try:
            item = feedback.submit(
                office, feedback.FeedbackIn(**values), client=tracking.client_address(request)
            )
        except feedback.FeedbackError as e:
            context["error"], status = str(e), e.status
        except ValidationError as e:
            context["errors"] = {k: v[0] for k, v in e.message_dict.items()}
            context["error"] = "Phản ánh, kiến nghị chưa gửi được: hãy sửa các mục được ghi chú bên dưới."
            status = 400
        else:
            messages.success(
                request,
                f"Đã nhận phản ánh, kiến nghị số {item.number}. Đơn vị sẽ trả lời chậm nhất ngày "
                f"{item.due_on:%d/%m/%Y}" + (" theo cách ông/bà đã chọn." if item.reply_channel else "."),
            )
            return redirect("dossiers:feedback_form", slug=office.slug)
    context["published"] = feedback_selectors.published(office)
    return render(request, "dossiers/feedback_form.html", context, status=status)


def poster_view(request, slug):
    """Public: a printable poster with the QR code of the office's feedback form."""
    office = public_office(slug)
    url = f"{settings.SITE_URL}{reverse('dossiers:feedback_form', args=[office.slug])}"
    return render(
        request,
        "dossiers/feedback_poster.html",
        {"office": office, "url": url, "qr": qr_svg(url), "answer_days": settings.MOCUA_FEEDBACK_ANSWER_DAYS},
    )


@access.staff_required()
def list_view(request):
    staff = request.staff
    qs = feedback_selectors.visible(request.user, staff).filter(office=staff.office)
    state, loc = request.GET.get("trang_thai", ""), request.GET.get("loc", "")
    items = list(feedback_selectors.filtered(qs, state, loc, staff.office)[:200])
    today = timezone.localdate()
    rows = []
    for i in items:
        left = feedback.working_days_left(staff.office, today, i.due_on) if i.state in feedback.OPEN else None
        rows.append((i, left, abs(left) if left is not None else None))
    return render(
        request,
        "dossiers/feedback_list.html",
        {
            "rows": rows,
            "state": state,
            "loc": loc,
            "states": FeedbackState.choices,
            "poster_url": reverse("dossiers:feedback_poster", args=[staff.office.slug]),
            "form_url": reverse("dossiers:feedback_form", args=[staff.office.slug]),
        },
    )


def _item(request, pk) -> Feedback:
    qs = feedback_selectors.visible(request.user, request.staff).filter(office=request.staff.office)
    item = qs.filter(pk=pk).first()
    if item is None:
        raise Http404(access.NOT_FOUND)
    return item


@access.staff_required()
def detail_view(request, pk):
    item = _item(request, pk)
    staff = request.staff
    handler = staff.has_role(*feedback.HANDLERS)
    return render(
        request,
        "dossiers/feedback_detail.html",
        {
            "f": item,
            "handler": handler,
            "can_answer": item.state in feedback.OPEN and (handler or item.assignee_id == staff.pk),
            "categories": FeedbackCategory.choices,
            "assignees": Staff.objects.filter(office=item.office, is_active=True).order_by("full_name"),
            "on_time": feedback.on_time(item),
            "days_left": feedback.working_days_left(item.office, timezone.localdate(), item.due_on),
            "outbox": item.messages.order_by("created_at", "id"),
            "is_open": item.state in feedback.OPEN,
        },
    )


ACTIONS = {
    "phan-loai": lambda s, i, p: feedback.classify(s, i, p.get("category", "")),
    "giao": lambda s, i, p: feedback.assign(
        s, i, Staff.objects.filter(pk=_pk(p.get("assignee")), office=s.office).first()
    ),
    "tra-loi": lambda s, i, p: feedback.answer(s, i, p.get("answer", ""), publish=bool(p.get("publish"))),
    "cong-khai": lambda s, i, p: feedback.publish(s, i),
    "ket-thuc": lambda s, i, p: feedback.close(s, i),
}
DONE = {
    "phan-loai": "Đã phân loại",
    "giao": "Đã giao xử lý",
    "tra-loi": "Đã trả lời",
    "cong-khai": "Đã công khai câu trả lời",
    "ket-thuc": "Đã kết thúc",
}


def _pk(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@require_POST
@access.staff_required()
def act_view(request, pk, action):
    item = _item(request, pk)
    if action not in ACTIONS:
        raise Http404(access.NOT_FOUND)
    try:
        item = ACTIONS[action](request.staff, item, request.POST)
    except feedback.FeedbackError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, f"{DONE[action]} phản ánh, kiến nghị số {item.number}.")
    return redirect("dossiers:feedback_detail", pk=item.pk)
