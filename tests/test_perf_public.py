"""Public catalog pages cached per office and day, with conditional GET (issue 19): a phone that
opens a page again gets 304; any change of the catalog, a reform model or the calendar shows at once."""

import datetime as dt

import pytest

from models_catalog import public_cache
from models_catalog.models import Procedure, ReformModel
from schedules.models import CalendarDay, DayKind
from tests.conftest import frozen

pytestmark = pytest.mark.django_db
PAGE = "/thu-tuc/duc-thanh/1.004873/"
LIST = "/thu-tuc/duc-thanh/"


def again(client, url, first):
    return client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])


def test_second_request_is_304_until_the_catalog_changes(client, catalog, django_assert_max_num_queries):
    with frozen(2026, 11, 17, 9, 0):  # a Tuesday: no same-day model, no countdown
        first = client.get(PAGE)
        assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
        assert first["Cache-Control"] == "no-cache"
        with django_assert_max_num_queries(0):  # the page and its office come from the cache
            second = again(client, PAGE, first)
        assert second.status_code == 304 and second.content == b""
        listed = client.get(LIST)
        assert again(client, LIST, listed).status_code == 304

        proc = Procedure.objects.get(code="1.004873")
        proc.name = "Cấp Giấy xác nhận tình trạng hôn nhân (đã sửa)"
        proc.save()
        third = again(client, PAGE, first)
        assert third.status_code == 200 and "(đã sửa)" in third.content.decode()
        assert third["ETag"] != first["ETag"]
        assert "(đã sửa)" in again(client, LIST, listed).content.decode()
        assert again(client, PAGE, third).status_code == 304


def test_a_reform_model_or_the_calendar_changes_the_page(client, catalog):
    with frozen(2026, 11, 17, 9, 0):
        first = client.get(PAGE)
        shown = first.content.decode()
        model = next(m for m in ReformModel.objects.filter(office__slug="duc-thanh") if m.name in shown)
        model.name = "Ngày không hẹn (mới)"
        model.save()
        second = again(client, PAGE, first)
        assert second.status_code == 200 and "(mới)" in second.content.decode()
        before = public_cache.stamp()
        CalendarDay.objects.create(
            office=model.office, date=dt.date(2026, 11, 17), kind=DayKind.LOCAL_DAY_OFF, name="Nghỉ đột xuất"
        )
        assert public_cache.stamp() != before  # every cached page of every office is stale
        third = again(client, PAGE, second)
        assert third.status_code == 200 and "Nghỉ đột xuất" in third.content.decode()


def test_the_banner_stays_live_inside_the_cached_page(client, catalog):
    # Wednesday, Đức Thạnh's "Ngày không hẹn": the banner counts the minutes to 15:00.
    with frozen(2026, 11, 18, 14, 0):
        early = client.get(PAGE).content.decode()
    with frozen(2026, 11, 18, 14, 30):
        later = client.get(PAGE).content.decode()
    assert "còn 60 phút" in early and "còn 30 phút" in later
    assert "14:30" in later
