"""PDF rendering with WeasyPrint, for every paper and report.

Templates extend `papers/base.html` (A4, the NĐ 30/2020 layout, the bundled
Liberation Serif font). Only local files under static/ and data: URIs may be
fetched while rendering: a paper never reaches the network.
"""

import logging
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML
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


def html_to_pdf(html: str) -> bytes:
    """Render an HTML string (relative URLs resolve against static/) to PDF bytes."""
    if settings.MOCUA_TEST_RENDER_DELAY:  # a test hook, never set in production (see settings)
        logger.warning("test render delay: %s s", settings.MOCUA_TEST_RENDER_DELAY)
        time.sleep(settings.MOCUA_TEST_RENDER_DELAY)
    return HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=LocalOnlyFetcher()).write_pdf()


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a Django template to PDF bytes."""
    return html_to_pdf(render_to_string(template_name, context))
