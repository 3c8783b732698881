"""Dossier codes: format, per-office per-day running numbers, gap-free under concurrency."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from dossiers import codes
from dossiers.models import AuditEvent, Dossier
from dossiers.validators import normalise_phone, validate_id_number, validate_phone
from mocua.models import Office
from tests.conftest import VN
from tests.dossier_helpers import marriage_status_procedure


def make_dossier(office, procedure, code, at):
    return Dossier.objects.create(
        office=office,
        procedure=procedure,
        code=code,
        full_name="Nguyễn Thị Hồng Nhung",
        id_number="051190001234",
        phone="0912345678",
        address="Thôn 1, xã Đức Thạnh",
        received_at=at,
        secret=codes.new_secret(),
    )


@pytest.mark.django_db
def test_codes_run_per_office_per_day(demo):
    duc_thanh = Office.objects.get(slug="duc-thanh")
    other = Office.objects.get(slug="luan-thanh")
    wed = dt.datetime(2026, 11, 25, 23, 30, tzinfo=VN)  # late evening: still the 25th locally
    with transaction.atomic():
        first = codes.next_dossier_code(duc_thanh, wed)
        second = codes.next_dossier_code(duc_thanh, wed)
        elsewhere = codes.next_dossier_code(other, wed)
        next_day = codes.next_dossier_code(duc_thanh, wed + dt.timedelta(hours=1))
    assert first == "000.21.53.H48-261125-0001"
    assert second == "000.21.53.H48-261125-0002"
    assert elsewhere.endswith("-261125-0001")
    assert next_day == "000.21.53.H48-261126-0001"


@pytest.mark.django_db
def test_a_rolled_back_intake_gives_its_number_back(demo):
    office = Office.objects.get(slug="duc-thanh")
    at = timezone.now()
    with pytest.raises(RuntimeError), transaction.atomic():
        codes.next_dossier_code(office, at)
        raise RuntimeError("intake failed")
    with transaction.atomic():
        assert codes.next_dossier_code(office, at).endswith("-0001")


def test_next_number_refuses_to_run_outside_a_transaction(transactional_db):
    from mocua.demo import load

    load()
    with pytest.raises(RuntimeError):
        codes.next_number(Office.objects.get(slug="duc-thanh"), "x")


def test_codes_are_unique_and_gap_free_under_parallel_intake(require_postgres, transactional_db):
    from mocua.demo import load

    load()
    office = Office.objects.get(slug="duc-thanh")
    procedure = marriage_status_procedure(office)
    at = dt.datetime(2026, 11, 25, 9, 0, tzinfo=VN)
    workers, per_worker = 8, 25
    barrier = threading.Barrier(workers)
    errors = []

    def intake_many():
        try:
            barrier.wait()
            for _ in range(per_worker):
                with transaction.atomic():
                    make_dossier(office, procedure, codes.next_dossier_code(office, at), at)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=intake_many) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = sorted(int(c.rsplit("-", 1)[1]) for c in Dossier.objects.values_list("code", flat=True))
    assert numbers == list(range(1, workers * per_worker + 1))


@pytest.mark.parametrize("value", ["051190001234", "212345678", " 051190001234 "])
def test_valid_id_numbers(value):
    validate_id_number(value)


@pytest.mark.parametrize("value", ["05119000123", "0511900012345", "05119000123A", "", "12345678"])
def test_invalid_id_numbers(value):
    with pytest.raises(ValidationError, match="12 chữ số"):
        validate_id_number(value)


@pytest.mark.parametrize(
    "value", ["0912345678", "+84 912 345 678", "0912.345.678", "02553822123", "0387654321"]
)
def test_valid_phones(value):
    validate_phone(value)


@pytest.mark.parametrize("value", ["091234567", "09123456789", "0112345678", "abc", "+1 912 345 678"])
def test_invalid_phones(value):
    with pytest.raises(ValidationError, match="Số điện thoại không hợp lệ"):
        validate_phone(value)


def test_phone_normalised():
    assert normalise_phone("+84 912-345-678") == "0912345678"


@pytest.mark.django_db
def test_audit_events_are_append_only(demo):
    office = Office.objects.get(slug="duc-thanh")
    with transaction.atomic():
        d = make_dossier(
            office, marriage_status_procedure(office), codes.next_dossier_code(office), timezone.now()
        )
    event = AuditEvent.objects.create(dossier=d, at=timezone.now(), action="receive", to_status="received")
    event.note = "sửa"
    with pytest.raises(ValidationError):
        event.save()
    with pytest.raises(ValidationError):
        event.delete()


@pytest.mark.django_db
def test_masked_name(demo):
    d = Dossier(full_name="Nguyễn Thị Hồng Nhung")
    assert d.masked_name == "Nguyễn T. H. N."


def test_the_database_keeps_closed_at_in_step_with_the_status(demo):
    """Even SQL that goes around the workflow (a script, a bulk load) cannot break the rule."""
    from django.db import IntegrityError

    from tests.dossier_helpers import received_dossier

    office = Office.objects.get(slug="duc-thanh")
    d = received_dossier(office, marriage_status_procedure(office))
    table = Dossier._meta.db_table

    def sql(assignments: str, *params):
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET {assignments} WHERE id = %s", [*params, d.pk])

    with pytest.raises(IntegrityError), transaction.atomic():  # closed, no closing moment
        sql("status = 'refused'")
    with pytest.raises(IntegrityError), transaction.atomic():  # open, with a closing moment
        sql("closed_at = %s", timezone.now())
    sql("status = 'refused', closed_at = %s", timezone.now())
    assert Dossier.objects.get(pk=d.pk).closed_at is not None
