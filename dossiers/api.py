"""The dossiers API: token for staff, intake, a dossier with its trail and papers, actions, public tracking.

Writes go through `intake.receive` and the `workflow` door only; reads through
`mocua.access` (another office's dossier is a 404, the same as a missing one).
Every error is a JSON body {"detail": "<Vietnamese message>"} (plus "errors" per
field for bad input) with 400, 403, 404 or 429.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from dossiers import actions, intake, papers, tracking, workflow
from dossiers.models import Dossier, DossierDocument, FeePayment, Paper, PaperKind, PaperState, PaymentMethod
from dossiers.views_papers import pdf_response
from mocua import access, auth, tokens
from mocua.api_schema import ERROR_RESPONSE
from mocua.models import Staff


def error(message: str, status: int = 400, errors: dict | None = None) -> Response:
    body = {"detail": message}
    if errors:
        body["errors"] = errors
    return Response(body, status=status)


def bad_input(serializer) -> Response:
    errors = {
        k: " ".join(str(m) for m in v) if isinstance(v, list) else v for k, v in serializer.errors.items()
    }
    return error("Dữ liệu gửi lên không hợp lệ.", 400, errors)


class TokenView(ObtainAuthToken):
    """POST username + password → {"token": …}; send it as `Authorization: Token …`."""

    @extend_schema(responses={200: AuthTokenSerializer, 403: ERROR_RESPONSE, 429: ERROR_RESPONSE})
    def post(self, request, *args, **kwargs):
        serializer = self.serializer_class(data=request.data, context={"request": request})
        if not serializer.is_valid():
            if auth.locked_out(request):
                return error(auth.lockout_message(), 429)
            return error("Tên đăng nhập hoặc mật khẩu không đúng.", 400)
        if access.staff_or_none(serializer.validated_data["user"]) is None:
            return error(access.NO_OFFICE, 403)
        return Response({"token": tokens.issue(serializer.validated_data["user"]).key})


# --- serializers -----------------------------------------------------------------------------


class DocumentInSerializer(serializers.Serializer):
    document = serializers.IntegerField(help_text="id của thành phần hồ sơ (RequiredDocument) của thủ tục")
    form = serializers.ChoiceField(
        choices=DossierDocument.Form.choices, default=DossierDocument.Form.ORIGINAL
    )
    count = serializers.IntegerField(min_value=1, max_value=99, default=1)


class FeeInSerializer(serializers.Serializer):
    amount = serializers.IntegerField(min_value=0, help_text="Số tiền đã thu (đồng)")
    exemption = serializers.IntegerField(
        required=False, allow_null=True, help_text="id trường hợp miễn, giảm của thủ tục"
    )
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Lý do khi thu khác mức quy định"
    )
    method = serializers.ChoiceField(choices=PaymentMethod.choices, default=PaymentMethod.CASH)
    reference = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=60,
        help_text="Mã giao dịch / số hiệu bưu gửi",
    )


class IntakeSerializer(serializers.Serializer):
    procedure = serializers.CharField(max_length=40, help_text="Mã thủ tục, ví dụ 1.004873.000.00.00.H48")
    office = serializers.SlugField(
        required=False, help_text="Đơn vị tiếp nhận (mặc định: đơn vị của người gọi)"
    )
    full_name = serializers.CharField(max_length=120)
    id_number = serializers.CharField(max_length=20)
    phone = serializers.CharField(max_length=20)
    address = serializers.CharField(max_length=300)
    birth_date = serializers.DateField(required=False, allow_null=True)
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    organisation_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    channel = serializers.CharField(default="counter")
    channel_ref = serializers.CharField(required=False, allow_blank=True, default="", max_length=60)
    documents = DocumentInSerializer(many=True, required=False, default=list)
    assisted_writing = serializers.CharField(required=False, allow_blank=True, default="")
    assisted_by = serializers.IntegerField(required=False, allow_null=True, help_text="id cán bộ viết hộ")
    online_help = serializers.BooleanField(default=False)
    needs_verification = serializers.BooleanField(
        default=False, help_text="Hồ sơ phải xác minh (chỉ với thủ tục có bước xác minh)"
    )
    intake_key = serializers.CharField(required=False, allow_blank=True, max_length=64, default="")
    missing = serializers.ListField(child=serializers.CharField(max_length=300), required=False, default=list)
    refusal_reasons = serializers.CharField(required=False, allow_blank=True, default="")
    notify_consent = serializers.BooleanField(
        default=False, help_text="Người nộp đồng ý nhận thông báo về hồ sơ"
    )
    notify_channels = serializers.ListField(
        child=serializers.CharField(max_length=10),
        required=False,
        default=list,
        max_length=3,
        help_text="Kênh nhận thông báo: sms, zalo, email (SMS và Zalo cần số di động Việt Nam)",
    )
    ticket = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Số thứ tự hôm nay người nộp được gọi (nếu có)",
    )
    fee = FeeInSerializer(
        required=False, allow_null=True, help_text="Phí, lệ phí đã thu (bỏ trống: không ghi nhận thu phí)"
    )
    outreach_session = serializers.IntegerField(
        required=False, allow_null=True, help_text="id buổi lưu động nơi tiếp nhận hồ sơ (nếu có)"
    )


class EventSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    action = serializers.CharField()
    label = serializers.CharField()
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    actor = serializers.CharField(allow_null=True)
    note = serializers.CharField()


class PaperSerializer(serializers.Serializer):
    kind = serializers.CharField()
    title = serializers.CharField()
    number = serializers.CharField()
    issued_on = serializers.DateField()
    state = serializers.ChoiceField(choices=PaperState.choices, help_text="pending: PDF đang được tạo")
    url = serializers.URLField()


class IntakeResultSerializer(serializers.Serializer):
    code = serializers.CharField()
    status = serializers.CharField()
    track = serializers.ChoiceField(choices=["same_day", "normal"])
    received_at = serializers.DateTimeField()
    due_at = serializers.DateTimeField(allow_null=True)
    receipt_url = serializers.URLField(allow_null=True)
    secret = serializers.CharField(help_text="Mã tra cứu in trên giấy tiếp nhận (để người dân tra cứu hồ sơ)")
    tracking_url = serializers.URLField(help_text="Địa chỉ tra cứu công khai (mã QR trên giấy tiếp nhận)")
    papers = PaperSerializer(many=True)


class ApologyLetterSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="dùng cho thao tác sign_apology (letter)")
    status = serializers.CharField()
    number = serializers.CharField()
    missed_due_at = serializers.DateTimeField()
    new_due_at = serializers.DateTimeField()


class DossierSerializer(serializers.Serializer):
    code = serializers.CharField()
    office = serializers.CharField()
    procedure = serializers.CharField()
    procedure_name = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    track = serializers.CharField()
    channel = serializers.CharField()
    full_name = serializers.CharField()
    phone = serializers.CharField()
    received_at = serializers.DateTimeField()
    due_at = serializers.DateTimeField(allow_null=True)
    returned_at = serializers.DateTimeField(allow_null=True)
    outcome = serializers.CharField()
    events = EventSerializer(many=True)
    papers = PaperSerializer(many=True)
    apology_letters = ApologyLetterSerializer(many=True)
    actions = serializers.ListField(
        child=serializers.CharField(), help_text="Các thao tác người gọi được thực hiện lúc này"
    )
    fee = serializers.DictField(
        allow_null=True, required=False, help_text="Phí, lệ phí đã thu, miễn giảm và hoàn trả (issue 20)"
    )


class ActionSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="send_back, stop, apologise"
    )
    reasons = serializers.CharField(required=False, allow_blank=True, default="", help_text="refuse")
    returned_to = serializers.CharField(required=False, allow_blank=True, default="", help_text="return")
    specialist = serializers.IntegerField(required=False, help_text="assign: id công chức chuyên môn")
    missing = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    documents = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        default=list,
        help_text="request_supplement: id các thành phần hồ sơ của thủ tục cần bổ sung",
    )
    override_reason = serializers.CharField(required=False, allow_blank=True, default="")
    responsible_unit = serializers.CharField(required=False, allow_blank=True, default="")
    responsible_person = serializers.CharField(required=False, allow_blank=True, default="")
    new_due_at = serializers.DateTimeField(required=False, help_text="apologise: ngày giờ hẹn trả mới")
    letter = serializers.IntegerField(required=False, help_text="sign_apology: id phiếu xin lỗi")
    amount = serializers.IntegerField(required=False, help_text="refund: số tiền hoàn trả (đồng)")
    by_post = serializers.BooleanField(default=False, help_text="return: trả kết quả qua bưu chính")
    parcel_number = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="return qua bưu chính: số hiệu bưu gửi"
    )
    posted_on = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="return qua bưu chính: ngày gửi (YYYY-MM-DD)"
    )
    carrier = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="đơn vị chuyển phát"
    )
    at_ceremony = serializers.BooleanField(default=False, help_text="return: trao tại lễ trao GCN kết hôn")
    ceremony_at = serializers.DateTimeField(
        required=False, help_text="schedule_ceremony: ngày giờ tổ chức lễ"
    )
    room = serializers.CharField(required=False, allow_blank=True, default="", help_text="schedule_ceremony")
    leader = serializers.IntegerField(required=False, help_text="schedule_ceremony: id lãnh đạo chủ trì")


# --- helpers ---------------------------------------------------------------------------------


def paper_url(request, paper: Paper) -> str:
    return request.build_absolute_uri(reverse("api-dossier-paper", args=[paper.dossier.code, paper.pk]))


def dossier_data(request, d: Dossier) -> dict:
    events = d.events.select_related("actor").order_by("at", "id")
    return {
        "code": d.code,
        "office": d.office.slug,
        "procedure": d.procedure.code,
        "procedure_name": d.procedure.name,
        "status": d.status,
        "status_label": d.get_status_display(),
        "track": d.track,
        "channel": d.channel,
        "full_name": d.full_name,
        "phone": d.phone,
        "received_at": d.received_at,
        "due_at": workflow.current_due_at(d),
        "returned_at": d.returned_at,
        "outcome": d.outcome,
        "events": [
            {
                "at": e.at,
                "action": e.action,
                "label": workflow.ACTION_LABELS.get(e.action, e.action),
                "from_status": e.from_status,
                "to_status": e.to_status,
                "actor": e.actor.full_name if e.actor else None,
                "note": e.note,
            }
            for e in events
        ],
        "papers": [paper_data(request, p) for p in d.papers.select_related("dossier").order_by("id")],
        "apology_letters": list(
            d.apology_letters.order_by("id").values("id", "status", "number", "missed_due_at", "new_due_at")
        ),
        "actions": [a for a in actions.ACTIONS if workflow.allowed(access.staff_or_none(request.user), d, a)],
        "fee": fee_data(d),
    }


def fee_data(d: Dossier) -> dict | None:
    """What was collected for the dossier (the same as the fee card of the dossier page)."""
    fee = FeePayment.objects.filter(dossier=d).select_related("exemption", "receipt").first()
    if fee is None:
        return None
    return {
        "amount": fee.amount,
        "catalog_amount": fee.catalog_amount,
        "exemption": fee.exemption.name if fee.exemption else None,
        "legal_ground": fee.legal_ground,
        "reason": fee.reason,
        "method": fee.method,
        "reference": fee.reference,
        "collected_at": fee.collected_at,
        "receipt": fee.receipt.number if fee.receipt else None,
        "refunded": fee.refunded(),
    }


def paper_data(request, p: Paper) -> dict:
    return {
        "kind": p.kind,
        "title": p.title,
        "number": p.number,
        "issued_on": p.issued_on,
        "state": p.state,
        "url": paper_url(request, p),
    }


def scoped_dossier(request, code: str) -> Dossier:
    return access.get_scoped(Dossier.objects.select_related("office", "procedure"), request.user, code=code)


def workflow_error(e: workflow.WorkflowError) -> Response:
    if isinstance(e, workflow.NotAllowed):
        return error(str(e), 403)
    return error(str(e), 404 if str(e) == workflow.NOT_FOUND else 400)


# --- views -----------------------------------------------------------------------------------


class StaffAPIView(APIView):
    """Our messages for the access layer's refusals (DRF would replace them with generic ones)."""

    def handle_exception(self, exc):
        if isinstance(exc, DjangoPermissionDenied):
            return error(str(exc) or access.NO_ROLE, 403)
        if isinstance(exc, Http404):
            return error(workflow.NOT_FOUND, 404)
        return super().handle_exception(exc)


class DossierCreateView(StaffAPIView):
    """Receive a dossier (intake); the receipt or appointment slip is issued at once."""

    @extend_schema(request=IntakeSerializer, responses={201: IntakeResultSerializer})
    def post(self, request):
        staff = access.require_role(request.user, *intake.INTAKE_ROLES)
        s = IntakeSerializer(data=request.data)
        if not s.is_valid():
            return bad_input(s)
        data = dict(s.validated_data)
        if data.pop("office", None) not in (None, staff.office.slug):
            return error("Bạn chỉ được tiếp nhận hồ sơ cho đơn vị của mình.", 403)
        helper = data.pop("assisted_by", None)
        if helper is not None:
            data["assisted_by"] = Staff.objects.filter(pk=helper, office=staff.office).first()
            if data["assisted_by"] is None:
                return error("Người viết hộ phải thuộc đơn vị.", 400, {"assisted_by": "Không tìm thấy."})
        data["documents"] = [
            intake.DocumentIn(x["document"], x["form"], x["count"]) for x in data["documents"]
        ]
        data["intake_key"] = data["intake_key"] or None
        try:
            d = intake.receive(staff, intake.IntakeData(**data))
        except ValidationError as e:
            errors = {k: " ".join(v) for k, v in e.message_dict.items()} if hasattr(e, "error_dict") else {}
            return error("Hồ sơ chưa hợp lệ: " + " ".join(e.messages), 400, errors)
        except workflow.WorkflowError as e:
            return workflow_error(e)
        issued = list(d.papers.order_by("id"))
        receipt = next((p for p in issued if p.kind in (PaperKind.RECEIPT, PaperKind.APPOINTMENT_SLIP)), None)
        body = {
            "code": d.code,
            "status": d.status,
            "track": d.track,
            "received_at": d.received_at,
            "due_at": d.due_at,
            "receipt_url": paper_url(request, receipt) if receipt else None,
            "secret": d.secret,
            "tracking_url": papers.tracking_url(d),
            "papers": [paper_data(request, p) for p in issued],
        }
        return Response(IntakeResultSerializer(body).data, status=201)


class DossierDetailView(StaffAPIView):
    """A dossier of the caller's office (or area, for supervisors) with its audit events and papers."""

    @extend_schema(responses=DossierSerializer)
    def get(self, request, code):
        access.staff_for(request.user)
        return Response(DossierSerializer(dossier_data(request, scoped_dossier(request, code))).data)


class DossierActionView(StaffAPIView):
    """One step through the workflow door; the answer is the dossier as after the step."""

    @extend_schema(request=ActionSerializer, responses=DossierSerializer)
    def post(self, request, code, action):
        staff = access.staff_for(request.user)
        if action not in actions.ACTIONS:
            return error("Thao tác không tồn tại.", 404)
        d = scoped_dossier(request, code)
        s = ActionSerializer(data=request.data)
        if not s.is_valid():
            return bad_input(s)
        try:
            actions.perform(staff, d, action, s.validated_data)
        except workflow.WorkflowError as e:
            return workflow_error(e)
        return Response(DossierSerializer(dossier_data(request, scoped_dossier(request, code))).data)


class StaffListView(StaffAPIView):
    """The active people of the caller's office with their roles: `assign` takes a specialist's id,
    `assisted_by` (intake) a helper's id."""

    @extend_schema(
        responses=inline_serializer(
            "StaffMember",
            {
                "id": serializers.IntegerField(),
                "full_name": serializers.CharField(),
                "position": serializers.CharField(),
                "roles": serializers.ListField(child=serializers.CharField()),
                "organisation": serializers.CharField(allow_null=True),
            },
            many=True,
        )
    )
    def get(self, request):
        staff = access.staff_for(request.user)
        people = (
            Staff.objects.filter(office=staff.office, is_active=True)
            .select_related("organisation")
            .prefetch_related("roles")
            .order_by("full_name", "id")
        )
        return Response(
            [
                {
                    "id": s.pk,
                    "full_name": s.full_name,
                    "position": s.position,
                    "roles": sorted(s.role_set),
                    "organisation": s.organisation.name if s.organisation else None,
                }
                for s in people
            ]
        )


class PaperPdfView(StaffAPIView):
    """The stored PDF of one paper of a dossier of the caller's office."""

    @extend_schema(responses={(200, "application/pdf"): bytes})
    def get(self, request, code, pk):
        access.staff_for(request.user)
        paper = access.get_scoped(
            Paper.objects.select_related("dossier"), request.user, pk=pk, dossier__code=code
        )
        return pdf_response(paper, request)


TRACK_RESULT = inline_serializer(
    "TrackResult",
    {
        "code": serializers.CharField(),
        "status": serializers.CharField(),
        "status_label": serializers.CharField(),
        "procedure": serializers.CharField(),
        "office": serializers.CharField(),
        "masked_name": serializers.CharField(),
        "received_at": serializers.DateTimeField(),
        "due_at": serializers.DateTimeField(allow_null=True),
        "returned_at": serializers.DateTimeField(allow_null=True),
        "apology_letters": serializers.ListField(child=serializers.DictField()),
        "can_rate": serializers.BooleanField(),
        "rating": serializers.IntegerField(allow_null=True),
    },
)


class TrackView(APIView):
    """Public: a dossier's status by code and the secret on the receipt (rate-limited)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(
        parameters=[
            OpenApiParameter("code", str, required=True),
            OpenApiParameter("secret", str, required=True),
        ],
        responses={200: TRACK_RESULT, 404: ERROR_RESPONSE, 429: ERROR_RESPONSE},
    )
    def get(self, request):
        try:
            d = tracking.find(
                request.query_params.get("code", ""),
                request.query_params.get("secret", ""),
                tracking.client_address(request),
            )
        except tracking.TrackingError as e:
            return error(str(e), e.status)
        return Response(tracking.public_view(d))
