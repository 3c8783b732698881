"""Logins throttled by django-axes: per account and per address (README "Đăng nhập và phiên làm việc").

django-axes counts failed logins (the login page, the admin's login and the API's token endpoint all
go through `authenticate()` with the request) and refuses every login, right password or not, for
an account or an address with MOCUA_LOGIN_FAILURE_LIMIT failures within MOCUA_LOGIN_COOLOFF_MINUTES.
Each failure and each lockout is logged (logger `axes`) and kept in the admin (Axes' access
attempts and failure logs), where the system administrator also lifts a lockout early.
"""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render


def lockout_message() -> str:
    minutes = settings.MOCUA_LOGIN_COOLOFF_MINUTES
    return (
        "Đăng nhập sai quá nhiều lần: tài khoản này hoặc máy này tạm thời không đăng nhập được "
        f"trong {minutes} phút. Hãy thử lại sau, hoặc nhờ quản trị viên mở khóa."
    )


def locked_out(request) -> bool:
    """Whether axes refused (or has just locked) the login attempted by `request`."""
    return bool(getattr(request, "axes_locked_out", False))


class ThrottleBackend(AxesStandaloneBackend):
    """Refuses any login while its account or address is locked out; logs in nobody itself.

    A call without a request — the shell, the test client's `login()` — is no network login and is
    not counted; every view that logs people in passes its request (Django's and DRF's do).
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def lockout_response(request, original_response=None, credentials=None):
    """What a locked-out login page answers (AXES_LOCKOUT_CALLABLE): the form again, the reason, 429."""
    message = lockout_message()
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=429)
    from mocua.forms import LoginForm

    context = {"form": LoginForm(request), "lockout": message, "next": request.POST.get("next", "")}
    return render(request, "registration/login.html", context, status=429)
