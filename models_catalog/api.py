"""The read-only public API of the catalog: offices, procedures, and today's policy."""

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from models_catalog import selectors
from models_catalog.models import Procedure, ReformModel, RequiredDocument
from models_catalog.policy import policy_at
from models_catalog.wording import model_summary, procedure_fee, procedure_time

BAD_MOMENT = "Tham số at phải là thời điểm dạng ISO 8601, ví dụ 2026-11-25T14:59:59+07:00."


class OfficeSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    short_name = serializers.CharField()
    counter_name = serializers.CharField()
    province = serializers.CharField()
    opens_saturday_morning = serializers.BooleanField()
    same_day_cutoff = serializers.TimeField()


class ProcedureSummarySerializer(serializers.ModelSerializer):
    field = serializers.CharField(source="field.name")
    time_unit_label = serializers.CharField(source="get_time_unit_display")
    public_url = serializers.SerializerMethodField()

    class Meta:
        model = Procedure
        fields = [
            "code",
            "name",
            "field",
            "time_unit",
            "time_unit_label",
            "processing_time",
            "online_level",
            "public_url",
        ]

    def get_public_url(self, procedure) -> str:
        return selectors.public_url(self.context["office"], procedure)


class DocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = RequiredDocument
        fields = ["id", "position", "name", "form", "quantity", "is_optional", "note"]


class ModelSerializer(serializers.ModelSerializer):
    summary = serializers.SerializerMethodField()
    promises = serializers.SerializerMethodField()

    class Meta:
        model = ReformModel
        fields = [
            "kind",
            "name",
            "weekdays",
            "cutoff",
            "window_start",
            "window_end",
            "valid_from",
            "valid_to",
            "all_procedures",
            "promises",
            "summary",
        ]

    def get_summary(self, model) -> str:
        return model_summary(model)

    def get_promises(self, model) -> dict[str, bool]:
        return model.promises()


class ProcedureDetailSerializer(ProcedureSummarySerializer):
    documents = DocumentSerializer(many=True)
    time_text = serializers.SerializerMethodField()
    fee_text = serializers.SerializerMethodField()
    reform_models = serializers.SerializerMethodField()

    class Meta(ProcedureSummarySerializer.Meta):
        fields = ProcedureSummarySerializer.Meta.fields + [
            "time_text",
            "verification_time",
            "fee_amount",
            "fee_text",
            "result_document",
            "legal_basis",
            "valid_from",
            "valid_to",
            "may_need_verification",
            "writing_forbidden",
            "documents",
            "reform_models",
        ]

    def get_time_text(self, procedure) -> str:
        return procedure_time(procedure, self.context["office"])

    def get_fee_text(self, procedure) -> str:
        return procedure_fee(procedure)

    @extend_schema_field(ModelSerializer(many=True))
    def get_reform_models(self, procedure) -> list[dict]:
        models = selectors.models_for_procedure(self.context["office"], procedure, timezone.localdate())
        return ModelSerializer(models, many=True).data


class TodaySerializer(serializers.Serializer):
    office = serializers.CharField()
    procedure = serializers.CharField(allow_null=True)
    at = serializers.DateTimeField()
    office_open = serializers.BooleanField()
    day_reason = serializers.CharField()
    models = ModelSerializer(many=True)
    same_day_until = serializers.DateTimeField(allow_null=True)
    minutes_left = serializers.IntegerField(allow_null=True)
    no_appointment_slip = serializers.BooleanField()
    assisted_writing = serializers.BooleanField()
    online_help = serializers.BooleanField()
    in_extra_hour = serializers.BooleanField()
    leader_on_duty = serializers.BooleanField()
    apology_for_late = serializers.BooleanField()
    single_supplement_request = serializers.BooleanField()
    no_waiting = serializers.BooleanField()
    volunteer_at_counter = serializers.BooleanField()
    lines = serializers.ListField(child=serializers.CharField())


class PublicView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []


class OfficeListView(PublicView):
    """Offices with a one-stop counter."""

    @extend_schema(responses=OfficeSerializer(many=True))
    def get(self, request):
        return Response(OfficeSerializer(selectors.public_offices(), many=True).data)


class ProcedureListView(PublicView):
    """Procedures an office offers; `q` ignores diacritics and case."""

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="Từ khóa (không cần dấu)"),
            OpenApiParameter("field", str, description="Mã lĩnh vực, ví dụ ho-tich"),
        ],
        responses=ProcedureSummarySerializer(many=True),
    )
    def get(self, request, slug):
        office = selectors.public_office(slug)
        qs = selectors.office_procedures(
            office,
            q=request.query_params.get("q", "")[:200],
            field_code=request.query_params.get("field", ""),
        )
        return Response(ProcedureSummarySerializer(qs, many=True, context={"office": office}).data)


class ProcedureDetailView(PublicView):
    """One procedure with its documents, fees, times, reform models and `public_url`."""

    @extend_schema(responses=ProcedureDetailSerializer)
    def get(self, request, slug, code):
        office = selectors.public_office(slug)
        procedure = selectors.office_procedure(office, code)
        return Response(ProcedureDetailSerializer(procedure, context={"office": office}).data)


class TodayView(PublicView):
    """The reform models in force at the office at a moment (default: now) and their promises."""

    @extend_schema(
        parameters=[
            OpenApiParameter("at", str, description="Thời điểm ISO 8601; mặc định là bây giờ"),
            OpenApiParameter("procedure", str, description="Mã thủ tục (tùy chọn)"),
        ],
        responses=TodaySerializer,
    )
    def get(self, request, slug):
        office = selectors.public_office(slug)
        at = timezone.now()
        raw = request.query_params.get("at")
        if raw:
            try:
                at = parse_datetime(raw.replace(" ", "+"))
            except ValueError:
                at = None
            if at is None:
                return Response({"detail": BAD_MOMENT}, status=400)
        code = request.query_params.get("procedure")
        procedure = selectors.office_procedure(office, code) if code else None
        policy = policy_at(office, procedure, at)
        data = {
            **{f: getattr(policy, f) for f in TodaySerializer().fields if hasattr(policy, f)},
            "office": office.slug,
            "procedure": procedure.code if procedure else None,
            "models": policy.models,
        }
        return Response(TodaySerializer(data).data)
