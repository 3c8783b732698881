"""Catalog benchmarks (make bench): the public procedure page and the poster PDF.

Floors measured in the same run, each timed alternately with its figure: serving a static file of
the same size from the same live server, and a bare WeasyPrint render of the same poster HTML.
The public page is cached per office and day (models_catalog/public_cache.py): timed as a phone
opening it (200) and re-opening it with its ETag (304).
"""

import gzip
import io
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from weasyprint import HTML

from mocua import pdf
from mocua.models import Office
from models_catalog.models import Field, Procedure, RequiredDocument, TimeUnit
from models_catalog.papers import poster_html, poster_pdf
from tests.benchmarks.timing import alternate, p50, p95, report

REQUESTS = 200
RUNS = 3


def timed_get(url: str, headers: dict | None = None) -> tuple[float, bytes]:
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {})) as response:
            body = response.read()
    except urllib.error.HTTPError as e:  # 304 Not Modified
        assert e.code == 304, e
        body = b""
    return time.perf_counter() - start, body


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
        with urllib.request.urlopen(page_url) as response:
            etag = response.headers["ETag"]
        page, floor = alternate(lambda i: timed_get(page_url), lambda i: timed_get(static_url), REQUESTS)
        again, floor2 = alternate(
            lambda i: timed_get(page_url, {"If-None-Match": etag}), lambda i: timed_get(static_url), REQUESTS
        )
    finally:
        static_file.unlink()
    report(
        f"catalog: public procedure page, {len(body):,} B ({len(gzip.compress(body)):,} B gzipped), "
        "cached per office and day",
        [
            ("public procedure page p95", p95(page), p95(floor), "static file of the same size"),
            ("public procedure page p50", p50(page), p50(floor)),
            ("the same page re-opened with its ETag (304) p95", p95(again), p95(floor2)),
        ],
    )


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

    ours, bare = alternate(lambda i: poster_pdf(office), lambda i: pdf.html_to_pdf(html), RUNS, warm=1)
    _, fresh = alternate(lambda i: None, lambda i: HTML(string=html, base_url=base).write_pdf(), RUNS, warm=0)
    report(
        "catalog: A4 poster PDF of 50 procedures with QR codes, best of 3",
        [
            (
                "poster PDF (query, QR codes, template, render)",
                min(ours),
                min(bare),
                "html_to_pdf, same HTML",
            ),
            ("same HTML, new FontConfiguration (before)", min(fresh), min(bare)),
        ],
    )
