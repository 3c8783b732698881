"""PDF rendering with WeasyPrint, for every paper and report.

Templates extend `papers/base.html` (A4, the NĐ 30/2020 layout, the bundled
Liberation Serif font). Only local files under static/ and data: URIs may be
fetched while rendering: a paper never reaches the network.

One WeasyPrint `FontConfiguration` serves every render of a worker process (one per thread): a new
one per render loaded the fonts again each time (a tenth of a receipt's render) and grew the
process's memory; the configuration keeps each @font-face once, so reuse holds memory flat.
"""

import logging
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

STATIC_DIR = Path(settings.BASE_DIR) / "static"
logger = logging.getLogger(__name__)


class LocalOnlyFetcher(URLFetcher):
    """Fetch data: URIs and files below static/; refuse everything else."""

    def __init__(self):
        super().__init__(allowed_protocols={"file", "data"})

    def fetch(self, url, headers=None):
        if url.startswith("file:"):
            path = Path(unquote(urlparse(url).path)).resolve()
            if not path.is_relative_to(STATIC_DIR.resolve()):
                raise ValueError(f"refused to fetch a file outside static/: {path}")
        return super().fetch(url, headers)


_local = threading.local()


def font_config() -> FontConfiguration:
    """This thread's font configuration, made on first use (gunicorn's and Celery's workers have
    one thread each; Pango's font maps are not shared between threads)."""
    config = getattr(_local, "font_config", None)
    if config is None:
        config = _local.font_config = FontConfiguration()
    return config


def html_to_pdf(html: str) -> bytes:
    """Render an HTML string (relative URLs resolve against static/) to PDF bytes."""
    if settings.MOCUA_TEST_RENDER_DELAY:  # a test hook, never set in production (see settings)
        logger.warning("test render delay: %s s", settings.MOCUA_TEST_RENDER_DELAY)
        time.sleep(settings.MOCUA_TEST_RENDER_DELAY)
    document = HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=LocalOnlyFetcher())
    return document.write_pdf(font_config=font_config())


def warm_up() -> None:
    """Render a one-line paper once, so the first real paper of this process does not pay for
    loading fonts and Pango (gunicorn.conf.py calls this in each worker)."""
    html_to_pdf(render_to_string("papers/warm_up.html"))


PX_TO_PT = 0.75  # CSS px (1/96 in) to PDF points (1/72 in)


def html_to_pdf_with_box(html: str, anchor: str) -> tuple[bytes, dict | None]:
    """Render like `html_to_pdf`, and find the element with id `anchor` (a signature block): its page
    and box in PDF points from the bottom left, {page, x1, y1, x2, y2}; None when absent."""
    if settings.MOCUA_TEST_RENDER_DELAY:
        time.sleep(settings.MOCUA_TEST_RENDER_DELAY)
    document = HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=LocalOnlyFetcher()).render()
    box = None
    for number, page in enumerate(document.pages):
        if anchor in page.anchors:
            x1, y1, x2, y2 = page.anchors[anchor]
            height = page.height * PX_TO_PT
            box = {
                "page": number,
                "x1": round(x1 * PX_TO_PT, 2),
                "y1": round(height - y2 * PX_TO_PT, 2),
                "x2": round(x2 * PX_TO_PT, 2),
                "y2": round(height - y1 * PX_TO_PT, 2),
            }
            break
    return document.write_pdf(), box


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a Django template to PDF bytes."""
    return html_to_pdf(render_to_string(template_name, context))
