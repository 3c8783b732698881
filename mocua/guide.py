"""The Vietnamese user guide (`docs/guide/*.md`), served under /huong-dan/ with the site's look.

The Markdown files are the source (read on GitHub or printed as they are); their screenshots in
`docs/guide/img/` are taken by the browser journeys of `tests/test_guide_screens.py` (`make guide`).
"""

import re
from functools import lru_cache
from pathlib import Path

import markdown
from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from mocua.access import NOT_FOUND

GUIDE_DIR = Path(settings.BASE_DIR) / "docs" / "guide"
IMAGE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*\.png$")
CHAPTER = re.compile(r"^\d\d-([a-z0-9-]+)\.md$")


def chapters() -> list[tuple[str, str, Path]]:
    """(slug, title, path) of every chapter, in file-name order ('01-can-bo-mot-cua.md' …)."""
    out = []
    for path in sorted(GUIDE_DIR.glob("*.md")):
        match = CHAPTER.match(path.name)
        if match:
            out.append((match.group(1), _title(path), path))
    return out


def _title(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return path.stem


@lru_cache(maxsize=32)
def _html(path: Path, mtime: float) -> str:
    html = markdown.markdown(
        path.read_text(encoding="utf-8"), extensions=["tables", "toc", "sane_lists", "fenced_code"]
    )
    image_base = reverse("guide_image", args=["x.png"]).removesuffix("x.png")
    html = html.replace('src="img/', f'src="{image_base}')
    # Links between chapters: "02-chuyen-mon.md" -> /huong-dan/chuyen-mon/ ; README.md -> the index.
    html = re.sub(
        r'href="(\d\d)-([a-z0-9-]+)\.md(#[^"]*)?"',
        lambda m: f'href="{reverse("guide_chapter", args=[m.group(2)])}{m.group(3) or ""}"',
        html,
    )
    return html.replace('href="README.md"', f'href="{reverse("guide")}"')


def _page(path: Path) -> str:
    return _html(path, path.stat().st_mtime)


@require_GET
def index(request):
    return render(
        request,
        "guide/page.html",
        {"title": "Hướng dẫn sử dụng", "body": _page(GUIDE_DIR / "README.md"), "chapters": chapters()},
    )


@require_GET
def chapter(request, slug):
    for chapter_slug, title, path in chapters():
        if chapter_slug == slug:
            return render(
                request,
                "guide/page.html",
                {"title": title, "body": _page(path), "chapters": chapters(), "current": slug},
            )
    raise Http404(NOT_FOUND)


@require_GET
def image(request, name):
    path = GUIDE_DIR / "img" / name
    if not IMAGE_NAME.match(name) or not path.is_file():
        raise Http404(NOT_FOUND)
    response = FileResponse(path.open("rb"), content_type="image/png")
    response["Cache-Control"] = "public, max-age=86400"
    return response
