"""GET /api/v1/reports/?office=<slug>&period=2026-Q3: the report figures as JSON."""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from mocua.api_schema import ERROR_RESPONSE
from reports.access import report_office
from reports.periods import PeriodError, current, parse_period
from reports.selectors import report_for

NO_DATA = "Không có hồ sơ nào trong {label} ({span})."


class ReportView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("office", str, description="Mã đường dẫn của đơn vị; bỏ trống: đơn vị của bạn"),
            OpenApiParameter(
                "period",
                str,
                description="Kỳ báo cáo: 2026-Q3, 2026-11, 2026-H2 hoặc 2026; bỏ trống: quý hiện tại",
            ),
        ],
        responses={200: OpenApiTypes.OBJECT, 404: ERROR_RESPONSE},
        description="Số liệu báo cáo CCHC (Biểu II.06a, mô hình CCHC, chỉ số QĐ 766 ước tính nội bộ).",
    )
    def get(self, request):
        try:
            office = report_office(request.user, request.query_params.get("office"))
        except Http404 as e:
            return Response({"detail": str(e)}, status=404)
        text = request.query_params.get("period")
        try:
            period = parse_period(text) if text else current("quarter")
        except PeriodError as e:
            return Response({"detail": str(e)}, status=400)
        data = report_for(office, period)
        if not data["has_data"]:
            data["detail"] = NO_DATA.format(label=period.label, span=period.span)
        return Response(data)
