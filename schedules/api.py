"""The schedules API: the public calendar of an office (the roster API is in api_roster.py)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from mocua.models import SUPERVISOR_KINDS, Office
from schedules import calendar as cal
from schedules.forms import RangeForm

RANGE_PARAMS = [
    OpenApiParameter("from", str, description="Ngày bắt đầu, YYYY-MM-DD", required=True),
    OpenApiParameter("to", str, description="Ngày kết thúc, YYYY-MM-DD (tối đa 366 ngày)", required=True),
]


def parse_range(request):
    """(start, end) or a 400 Response with the Vietnamese reason."""
    form = RangeForm(request.query_params)
    if not form.is_valid():
        return None, Response({"detail": form.error_text()}, status=400)
    return (form.cleaned_data["start"], form.cleaned_data["end"]), None


class PeriodSerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()


class CalendarDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    working = serializers.BooleanField()
    kind = serializers.CharField()
    reason = serializers.CharField()
    open_for_intake = serializers.BooleanField()
    provisional = serializers.BooleanField(
        help_text="Năm chưa có thông báo chính thức: ngày nghỉ theo ước tính, chưa có ngày hoán đổi"
    )
    periods = PeriodSerializer(many=True)


class CalendarSerializer(serializers.Serializer):
    office = serializers.CharField()
    days = CalendarDaySerializer(many=True)


class OfficeCalendarView(APIView):
    """Public: each date of the range, working or not and why, with its working periods."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(parameters=RANGE_PARAMS, responses=CalendarSerializer)
    def get(self, request, slug):
        office = get_object_or_404(Office.objects.exclude(kind__in=SUPERVISOR_KINDS), slug=slug)
        dates, error = parse_range(request)
        if error:
            return error
        provisional = {y for y in range(dates[0].year, dates[1].year + 1) if cal.is_provisional_year(y)}
        days = [
            {
                "date": status.date,
                "working": status.working,
                "kind": status.kind,
                "reason": status.reason,
                "open_for_intake": status.open_for_intake,
                "provisional": status.date.year in provisional,
                "periods": [{"start": s, "end": e} for s, e in cal.working_periods(office, status.date)],
            }
            for status in cal.days_between(office, *dates)
        ]
        return Response(CalendarSerializer({"office": office.slug, "days": days}).data)
