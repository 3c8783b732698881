"""The catalog's revision number: what printed catalog papers are cached against."""

import uuid

from django.db import models


def new_token() -> str:
    return uuid.uuid4().hex[:16]


class CatalogRevision(models.Model):
    """One row (pk=1): a number bumped whenever something a poster or handbook shows changes —
    procedures, their documents and offering, fields, reform models, office hours, calendars.
    Kept in the database, not the cache, so a cache eviction never brings back an old number; the
    random token, drawn anew at each bump, tells apart two databases (a restored backup, a test
    rolled back) that reached the same number."""

    number = models.PositiveBigIntegerField("số phiên bản", default=0)
    token = models.CharField("mã phiên bản", max_length=32, default=new_token)

    class Meta:
        verbose_name = "phiên bản danh mục"
        verbose_name_plural = "phiên bản danh mục"

    def __str__(self) -> str:
        return f"phiên bản {self.number}-{self.token}"
