"""Tools of the wall matrix (tests/test_wall_matrix.py): every route of the resolver, every row
that belongs to an office, and answers made comparable."""

import io
import re
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.contrib.messages import get_messages
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver

from mocua.models import Office


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", "" when unnamed
    route: str  # the full route or regex, as written in the urlconfs
    params: tuple[str, ...]

    @property
    def key(self) -> str:
        """How the matrix's table names the route: its name, or its route when it has none."""
        return self.name if self.name and not self.name.endswith(":") else self.route


def walk(resolver=None, prefix: str = "", namespace: str = "") -> list[Route]:
    """Every URL pattern reachable from the root urlconf, with its full route and kwargs names."""
    out = []
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}:{p.namespace}" if namespace and p.namespace else (p.namespace or namespace)
            out += walk(p, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name or ''}" if namespace else (p.name or "")
            out.append(Route(name, prefix + str(p.pattern), tuple(p.pattern.regex.groupindex)))
    return out


# --- an office's rows -------------------------------------------------------------------------


def _hops(model):
    """(lookup name, related model, is_m2m) of the relations a path to an office may follow."""
    for f in model._meta.get_fields():
        if not f.is_relation or f.related_model is None:
            continue
        if f.concrete and (f.many_to_one or f.one_to_one):
            yield f.name, f.related_model, False
        elif f.concrete and f.many_to_many:
            yield f.name, f.related_model, True
        elif f.one_to_one and f.auto_created and not f.concrete:  # User → its Staff
            yield f.name, f.related_model, False


def office_paths(model, depth: int = 3) -> list[str]:
    """The shortest lookups from `model` to its office (several when they are as short).

    Office itself is matched by pk; a path never goes on past an office, and many-to-many only
    as the last step (the offices offering a procedure), never through the shared catalog.
    """
    if model is Office:
        return ["pk"]
    frontier = [("", model, {model})]
    for _ in range(depth):
        found, nxt = [], []
        for path, m, seen in frontier:
            for name, related, m2m in _hops(m):
                lookup = f"{path}__{name}" if path else name
                if related is Office:
                    found.append(lookup)
                elif not m2m and related not in seen:
                    nxt.append((lookup, related, seen | {related}))
        if found:
            return sorted(set(found))
        frontier = nxt
    return []


@cache
def office_models() -> dict[str, list[str]]:
    """Every model (join tables included) whose rows belong to an office, with its paths."""
    out = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy:
            continue
        paths = office_paths(model)
        if paths:
            out[model._meta.label] = paths
    return out


def _plain(value):
    if isinstance(value, memoryview | bytes):
        return bytes(value)
    return value


# A paper's PDF is rendered when it is first read (papers.ensure_rendered): a cache, not a write.
RENDERING = {"dossiers.Paper": {"pdf", "state", "error", "rendered_at", "enqueued_at"}}


def snapshot(office: Office) -> dict[str, list]:
    """Every row of `office` (directly or through a dossier, a staff member, a procedure …)."""
    out = {}
    for label, paths in office_models().items():
        model = apps.get_model(label)
        q = models.Q()
        for path in paths:
            q |= models.Q(**{path: office.pk})
        names = [f.attname for f in model._meta.concrete_fields if f.name not in RENDERING.get(label, ())]
        rows = model._base_manager.filter(q).distinct().values(*names)
        out[label] = sorted(repr(sorted((k, _plain(v)) for k, v in row.items())) for row in rows)
    return out


def changed_tables(before: dict, after: dict) -> list[str]:
    """The models whose rows differ, each with how many rows were added, removed or changed."""
    out = []
    for label in sorted(before):
        old, new = set(before[label]), set(after[label])
        if old != new:
            out.append(f"{label} (+{len(new - old)} / -{len(old - new)})")
    return out


# --- comparable answers -----------------------------------------------------------------------

CSRF = re.compile(rb'(name="csrfmiddlewaretoken" value=|"csrfToken": ?|csrftoken=)"?[^"\s;]+"?')


def _swap(text: bytes, values) -> bytes:
    for value in values:
        v = str(value).encode()
        if not v:
            continue
        if v.isdigit():  # ids: whole numbers only, never a digit inside another number
            text = re.sub(rb"(?<!\d)" + re.escape(v) + rb"(?!\d)", b"<ID>", text)
        else:
            text = text.replace(v, b"<ID>")
    return text


@dataclass(frozen=True)
class Answer:
    status: int
    location: str
    messages: tuple[str, ...]
    body: bytes

    def short(self) -> str:
        extra = f" → {self.location}" if self.location else ""
        said = f" {list(self.messages)}" if self.messages else ""
        return f"{self.status}{extra}{said}"


PDF_CLOCK = re.compile(rb"/(CreationDate|ModDate) *\(D:[^)]*\)|/ID *\[ *<[0-9A-Fa-f]*> *<[0-9A-Fa-f]*> *\]")


def _stable(body: bytes, content_type: str) -> bytes:
    """A document's content without the moment it was made: an XLSX (a zip stamped with the time of
    writing) as its cells, a PDF without its creation date and file id. Two exports of the same rows
    a second apart are then equal, and two of different rows are not."""
    if "spreadsheetml" in content_type:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(body))
        cells = [(ws.title, [list(row) for row in ws.iter_rows(values_only=True)]) for ws in book]
        return repr(cells).encode()
    if "pdf" in content_type:
        return PDF_CLOCK.sub(b"", body)
    return body


def answer(response, values) -> Answer:
    """The response with the ids it was asked about (and its path) replaced by a placeholder.

    Two requests that differ only by the id they name answer alike when their Answers are equal.
    """
    path = response.wsgi_request.path.encode()
    values = sorted({str(v) for v in values if v not in (None, "")}, key=len, reverse=True)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    body = _stable(body, response.get("Content-Type", ""))
    body = _swap(CSRF.sub(b"<CSRF>", body.replace(path, b"<PATH>")), values)
    location = _swap(response.get("Location", "").encode(), values).decode()
    said = tuple(_swap(str(m).encode(), values).decode() for m in get_messages(response.wsgi_request))
    return Answer(response.status_code, location, said, body)
