"""The OpenAPI schema says what the API really answers (issue 15): the project's AutoSchema.

Every operation declares, beside its success, the refusals it can give, each with the error body
{"detail": "<Vietnamese message>"} (plus "errors" per field for bad input):

- 400 everywhere (bad input; the input guard refuses control characters on every route),
- 401 and 403 where the caller must be signed in,
- 404 where the path names an object (an office, a dossier, a paper …),
- 429 where the view is throttled.

A view adds what the rule cannot see (e.g. 404 for a code in the query) with
`extend_schema(responses={200: …, 404: ERROR_RESPONSE})`; this class only adds what is missing.

Times of day ("15:00:00") are declared as strings of that shape: OpenAPI's `format: time` means an
RFC 3339 time with its offset, which a counter's cutoff is not.
"""

import re

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import append_meta
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny

ERROR = inline_serializer(
    "Error",
    {
        "detail": serializers.CharField(help_text="Thông báo lỗi bằng tiếng Việt"),
        "errors": serializers.DictField(
            child=serializers.JSONField(), required=False, help_text="Lỗi theo từng trường dữ liệu"
        ),
    },
)
ERROR_DESCRIPTIONS = {
    400: "Dữ liệu gửi lên không hợp lệ",
    401: "Chưa đăng nhập hoặc mã truy cập không hợp lệ",
    403: "Không có quyền",
    404: "Không tìm thấy (hoặc thuộc đơn vị khác)",
    429: "Quá nhiều yêu cầu; vui lòng thử lại sau",
}


def error_response(status: int) -> OpenApiResponse:
    return OpenApiResponse(ERROR, description=ERROR_DESCRIPTIONS[status])


ERROR_RESPONSE = ERROR  # for extend_schema(responses={404: ERROR_RESPONSE})
TIME_OF_DAY = {"type": "string", "pattern": r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$", "example": "15:00:00"}


class AutoSchema(SpectacularAutoSchema):
    def error_statuses(self) -> set[int]:
        statuses = {400}
        permissions = self.view.get_permissions()
        if any(not isinstance(p, AllowAny) for p in permissions):
            statuses |= {401, 403}
        if re.search(r"{\w+}", self.path):
            statuses.add(404)
        if self.view.get_throttles():
            statuses.add(429)
        return statuses

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for status in sorted(self.error_statuses()):
            if str(status) not in responses:
                responses[str(status)] = self._get_response_for_code(
                    error_response(status), str(status), direction=direction
                )
        return responses

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        if isinstance(field, serializers.TimeField):
            return append_meta(dict(TIME_OF_DAY), self._get_serializer_field_meta(field, direction))
        return super()._map_serializer_field(field, direction, bypass_extensions)
