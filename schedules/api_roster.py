"""The roster API: the shifts of an office, for that office's staff (token or session auth)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from mocua import access
from mocua.models import SUPERVISOR_KINDS
from schedules import roster_selectors as sel
from schedules.api import RANGE_PARAMS, parse_range


class ShiftSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    date = serializers.DateField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    counter = serializers.CharField(source="counter_staff.full_name", default="")
    volunteer = serializers.CharField(source="volunteer.full_name", default="")
    organisation = serializers.CharField(source="volunteer.organisation.name", default="")
    leader = serializers.CharField(source="leader.full_name", default="")
    edited_by_hand = serializers.BooleanField()


class ConflictSerializer(serializers.Serializer):
    date = serializers.DateField()
    shift_id = serializers.IntegerField()
    message = serializers.CharField()


class RosterSerializer(serializers.Serializer):
    office = serializers.CharField()
    shifts = ShiftSerializer(many=True)
    conflicts = ConflictSerializer(many=True)


class OfficeRosterView(APIView):
    """Shifts and conflicts of the range; only the office's own staff may read them."""

    @extend_schema(parameters=RANGE_PARAMS, responses=RosterSerializer)
    def get(self, request, slug):
        office = access.office_for(request.user, slug)
        access.require_office_role(request.user, office)
        if office.kind in SUPERVISOR_KINDS:
            return Response({"detail": access.NOT_FOUND}, status=404)
        dates, error = parse_range(request)
        if error:
            return error
        data = {
            "office": office.slug,
            "shifts": list(sel.shifts_between(office, *dates)),
            "conflicts": sel.roster_conflicts(office, *dates),
        }
        return Response(RosterSerializer(data).data)
