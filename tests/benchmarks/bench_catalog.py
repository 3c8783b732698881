"""Catalog benchmarks (make bench): the public procedure page and the poster PDF.

Floors measured in the same run: serving a static file of the same size from the same
live server, and a bare WeasyPrint render of the same poster HTML.
"""

import gzip
import io
import statistics
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from weasyprint import HTML

from mocua.models import Office
from models_catalog.models import Field, Procedure, RequiredDocument, TimeUnit
from models_catalog.papers import poster_html, poster_pdf
from tests.benchmarks.timing import p95

REQUESTS = 200
RUNS = 3


def timed_get(url: str) -> tuple[float, bytes]:
    start = time.perf_counter()
    with urllib.request.urlopen(url) as response:
        body = response.read()
    return time.perf_counter() - start, body


def table(rows):
    print()
    print(f"{'benchmark':<46} {'figure':>12} {'floor':>12} {'ratio':>7}")
    for name, figure, floor in rows:
        print(f"{name:<46} {figure:>12.2f} {floor:>12.2f} {figure / floor:>7.2f}")


@pytest.mark.django_db(transaction=True)
def test_public_procedure_page(live_server):
    from mocua.demo import load

    load()
    call_command("load_demo", stdout=io.StringIO())
    page_url = f"{live_server.url}/thu-tuc/duc-thanh/1.004873/"
    _, body = timed_get(page_url)
    static_file = Path(settings.BASE_DIR) / "static" / "bench-catalog-floor.html"
    static_file.write_bytes(b"x" * len(body))
    try:
        static_url = f"{live_server.url}/static/{static_file.name}"
        for url in (page_url, static_url):  # warm up
            timed_get(url)
        page = [timed_get(page_url)[0] * 1000 for _ in range(REQUESTS)]
        floor = [timed_get(static_url)[0] * 1000 for _ in range(REQUESTS)]
    finally:
        static_file.unlink()
    table(
        [
            ("public procedure page p95 (ms)", p95(page), p95(floor)),
            ("public procedure page p50 (ms)", statistics.median(page), statistics.median(floor)),
        ]
    )
    print(f"page bytes {len(body)}, gzipped {len(gzip.compress(body))}")


def _fifty_procedures(office):
    field, _ = Field.objects.get_or_create(code="bench", defaults={"name": "Lĩnh vực thử tải"})
    n = 0
    while Procedure.objects.filter(offices=office).count() < 50:
        n += 1
        p = Procedure.objects.create(
            code=f"9.{900000 + n}", name=f"Thủ tục thử tải số {n}", field=field, time_unit=TimeUnit.SAME_DAY
        )
        RequiredDocument.objects.create(procedure=p, name="Tờ khai")
        p.offices.add(office)


@pytest.mark.django_db
def test_poster_pdf_for_50_procedures():
    from mocua.demo import load

    load()
    call_command("load_demo", stdout=io.StringIO())
    office = Office.objects.get(slug="duc-thanh")
    _fifty_procedures(office)
    html = poster_html(office)
    base = (Path(settings.BASE_DIR) / "static").as_uri() + "/"

    def best(fn) -> float:
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        return min(times) * 1000

    ours = best(lambda: poster_pdf(office))
    bare = best(lambda: HTML(string=html, base_url=base).write_pdf())
    table([("poster PDF, 50 procedures, best of 3 (ms)", ours, bare)])
