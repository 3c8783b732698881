"""Schemathesis against /api/schema/ (issue 15, item 2): no server error, no schema violation.

Every operation of the schema is fuzzed in-process through the Django WSGI app, bounded (a few
examples per operation and generation mode), with a fixed seed (derandomized), authenticated with
a staff token. Operations with an office or a dossier in their path are also fuzzed with a real
one, so the fuzz reaches past the 404. Checks: no 5xx, every status declared, every body as
declared (status, content type and schema).
"""

import contextlib
import time

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from mocua.models import Office
from mocua.wsgi import application
from tests.dossier_helpers import marriage_status_procedure, received_dossier

pytestmark = pytest.mark.django_db

OFFICE = "duc-thanh"
MAX_EXAMPLES = 25
FUZZED_ACTIONS = ("refuse", "request_supplement", "assign", "apologise", "return")
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def wsgi_app():
    """The project's WSGI app, sharing the test's database connection (as Django's test client
    does: the request signals would otherwise close it mid-test)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield application
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _fuzz(operation, mode, headers, fixed, failures, calls, *, query=None, examples=MAX_EXAMPLES) -> None:
    """Up to MAX_EXAMPLES cases of `operation`; the first failing one (if any) goes to `failures`."""

    @settings(
        max_examples=examples,
        derandomize=True,  # a fixed seed: the same cases on every run
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: the first failure is reported
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(mode, path_parameters=fixed or None, query=query))
    def probe(case):
        calls.append(case.operation.label)
        cache.clear()  # the tracking rate limit would otherwise answer 429 to everything
        try:
            case.call_and_validate(headers=headers, checks=CHECKS)
        except BaseException as e:
            failures.append(f"{operation.label} [{mode.value}] {fixed or ''} {query or ''}\n{str(e)[:1500]}")
            raise

    with contextlib.suppress(BaseException):  # recorded above; the next operation is fuzzed
        probe()


def variants(path: str, real: dict) -> list[dict]:
    """Path parameters to fix besides fully generated ones: a real office, procedure, dossier, action."""
    if "/procedures/{code}" in path:
        return [{}, {"slug": real["slug"], "code": real["procedure"]}]
    if "{slug}" in path:
        return [{}, {"slug": real["slug"]}]
    if "{action}" in path:
        return [{}] + [{"code": real["dossier"], "action": a} for a in FUZZED_ACTIONS]
    if "{code}" in path:
        return [{}, {"code": real["dossier"]}]
    return [{}]


def test_api_schema_fuzz(demo, wsgi_app, settings):
    settings.MEDIA_ROOT = settings.MEDIA_ROOT.parent / "test-media-fuzz"
    office = Office.objects.get(slug=OFFICE)
    procedure = marriage_status_procedure(office)
    dossier = received_dossier(office, procedure)
    real = {"slug": OFFICE, "procedure": procedure.code, "dossier": dossier.code}
    user = get_user_model().objects.get(username=f"{OFFICE}.clerk")
    token, _ = Token.objects.get_or_create(user=user)
    headers = {"Authorization": f"Token {token.key}"}

    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_app)
    failures: list[str] = []
    calls: list[str] = []
    timings = []
    started = time.monotonic()
    for result in schema.get_all_operations():
        operation = result.ok()
        t0 = time.monotonic()
        for fixed in variants(operation.path, real):
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                _fuzz(operation, mode, headers, fixed, failures, calls)
        # NUL in every parameter, which random generation seldom hits (PostgreSQL refuses it: 500).
        real_path = variants(operation.path, real)[-1]
        for p in operation.path_parameters:
            hostile = {**real_path, p.name: "a\x00b"}
            _fuzz(operation, GenerationMode.POSITIVE, headers, hostile, failures, calls, examples=2)
        for p in operation.query:
            query = {p.name: "a\x00b"}
            _fuzz(
                operation,
                GenerationMode.POSITIVE,
                headers,
                real_path,
                failures,
                calls,
                query=query,
                examples=2,
            )
        timings.append((time.monotonic() - t0, operation.label))
    elapsed = time.monotonic() - started
    print(f"\nschema fuzz: {len(calls)} requests to {len(timings)} operations in {elapsed:.1f} s")
    for seconds, label in sorted(timings, reverse=True):
        print(f"  {seconds:5.1f} s  {label}")
    assert len(calls) > 20 * len(timings), "the fuzz ran too few cases to mean anything"
    assert not failures, f"{len(failures)} failing operations:\n\n" + "\n\n".join(failures)
