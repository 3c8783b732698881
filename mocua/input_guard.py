"""Control characters never reach a view (issue 15): one middleware checks every request.

The path, every query parameter (names and values), form fields and JSON bodies are checked for
control characters (Unicode category Cc: NUL, the C0 and C1 ranges, DEL) and lone surrogates,
which PostgreSQL refuses ("a string literal cannot contain NUL") or which no person types. Form
and JSON bodies may carry tab, line feed and carriage return (free text: reasons, notes, lists);
paths and query strings may not. A request that has one is answered 400 with a Vietnamese
message — an HTML page with the site's look, or {"detail": …} under /api/ — before any view runs,
so nothing is read or written with it.

What a middleware cannot see (uploaded files, values built by code) is checked where it is parsed,
with `has_control` and `CONTROL_MESSAGE` (e.g. dossiers/validators.py).
"""

import json
import re

from django.http import JsonResponse
from django.shortcuts import render

CONTROL_MESSAGE = "Dữ liệu gửi lên có ký tự điều khiển không hợp lệ (ví dụ ký tự NUL); vui lòng nhập lại."

TOO_DEEP_MESSAGE = "Dữ liệu JSON gửi lên lồng nhau quá sâu."

# Cc (C0 controls, DEL, C1 controls) and surrogates; the free-text variant lets \t \n \r through.
_ANY_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_JSON_TYPES = ("application/json", "application/vnd.api+json")


def has_control(value: str, *, free_text: bool = False) -> bool:
    """True when `value` has a control character (with `free_text`, tab and line breaks are allowed)."""
    return bool((_CONTROL_IN_TEXT if free_text else _ANY_CONTROL).search(value or ""))


def _strings(value):
    """Every string inside a parsed JSON value, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _json_strings(request) -> list[str]:
    """The strings of a JSON body; [] when it is not JSON (the view's parser answers that)."""
    try:
        return list(_strings(json.loads(request.body)))
    except ValueError:
        return []


def error_answer(request, status: int, message: str):
    """A refusal: {"detail": message} under /api/, otherwise the site's page for `status`."""
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    return render(request, f"{status}.html", {"message": message}, status=status)


def bad_request(request, message: str = CONTROL_MESSAGE):
    return error_answer(request, 400, message)


def request_problem(request) -> str | None:
    """Why the request is refused (a Vietnamese message), or None."""
    if has_control(request.path_info):
        return CONTROL_MESSAGE
    for key, values in request.GET.lists():
        if has_control(key) or any(has_control(v) for v in values):
            return CONTROL_MESSAGE
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return None
    content_type = (request.content_type or "").lower()
    if content_type in _JSON_TYPES:
        try:
            texts = _json_strings(request)
        except RecursionError:  # the JSON parser itself fails on it (it would be a 500)
            return TOO_DEEP_MESSAGE
    elif content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        texts = [t for key, values in request.POST.lists() for t in (key, *values)]
        texts += [f.name or "" for f in request.FILES.values()]
    else:
        return None
    return CONTROL_MESSAGE if any(has_control(t, free_text=True) for t in texts) else None


class InputGuardMiddleware:
    """Answers 400 to a request with control characters in its path, query or body (or JSON too
    deeply nested to parse)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if problem := request_problem(request):
            return bad_request(request, problem)
        return self.get_response(request)
