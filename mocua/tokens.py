"""API tokens that expire (MOCUA_API_TOKEN_DAYS) and that an office admin revokes (the admin).

A token is DRF's `Token`: one per account, its `created` time the start of its life. The token
endpoint hands out the live token, or a new one in place of an expired one; revoking is deleting.
"""

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

log = logging.getLogger(__name__)

INVALID = "Mã truy cập API không hợp lệ hoặc đã bị thu hồi. Hãy đăng nhập lại để lấy mã mới."
EXPIRED = "Mã truy cập API đã hết hạn. Hãy đăng nhập lại để lấy mã mới."
INACTIVE = "Tài khoản này đã bị khóa."


def lifetime() -> dt.timedelta:
    return dt.timedelta(days=settings.MOCUA_API_TOKEN_DAYS)


def expires_at(token: Token) -> dt.datetime:
    return token.created + lifetime()


def is_expired(token: Token, now: dt.datetime | None = None) -> bool:
    return (now or timezone.now()) >= expires_at(token)


def issue(user, now: dt.datetime | None = None) -> Token:
    """The account's live token; an expired one is replaced by a new key."""
    with transaction.atomic():
        token, created = Token.objects.select_for_update().get_or_create(user=user)
        if not created and is_expired(token, now):
            token.delete()
            token = Token.objects.create(user=user)
            created = True
    if created:
        log.info("API token issued to %s, valid until %s", user.get_username(), expires_at(token))
    return token


class ExpiringTokenAuthentication(TokenAuthentication):
    """`Authorization: Token …` refused, with a Vietnamese reason, once the token has expired."""

    def authenticate_credentials(self, key):
        try:
            token = Token.objects.select_related("user").get(key=key)
        except Token.DoesNotExist:
            raise exceptions.AuthenticationFailed(INVALID) from None
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(INACTIVE)
        if is_expired(token):
            raise exceptions.AuthenticationFailed(EXPIRED)
        return token.user, token
