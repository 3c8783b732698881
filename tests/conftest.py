"""Shared fixtures: demo data, required services, a real Celery worker, and a browser.

Tests that need PostgreSQL, Redis, Chromium or a Debian tool skip with a reason
when it is absent, and fail instead when MOCUA_REQUIRE_SERVICES=1 (set by .ci/run).
"""

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
import zoneinfo
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.db import connection

# Playwright's sync API runs an event loop in the test thread; the ORM calls a
# test makes between page actions are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def at(*when) -> dt.datetime:
    """A moment on the offices' clock: at(day, hour=9, minute=0, second=0) with `day` a date, or
    at(year, month, day, hour=9, minute=0, second=0)."""
    if isinstance(when[0], dt.date):
        day, clock = when[0], when[1:]
    else:
        day, clock = dt.date(*when[:3]), when[3:]
    hour, minute, second = (*clock, *(9, 0, 0)[len(clock) :])
    return dt.datetime.combine(day, dt.time(hour, minute, second), tzinfo=VN)


def frozen(*when):
    """The clock stopped at at(*when), for a `with` block: with frozen(WEDNESDAY, 14, 59): …"""
    return time_machine.travel(at(*when), tick=False)


def need(condition: bool, reason: str) -> None:
    """Skip (or, under MOCUA_REQUIRE_SERVICES, fail) when `condition` is false."""
    if condition:
        return
    if settings.MOCUA_REQUIRE_SERVICES:
        pytest.fail(f"required but missing: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session", autouse=True)
def session_media_root(tmp_path_factory):
    """Files of tests that name no folder of their own go to this run's temporary folder (one per
    xdist worker), not to var/media, which other runs and workers share."""
    from django.test import override_settings

    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    # load_demo adds no dossier history under tests (tests/test_dossier_demo.py asks for it).
    settings.MOCUA_DEMO_HISTORY_DAYS = 0


@pytest.fixture
def require_postgres(db):
    need(connection.vendor == "postgresql", "needs PostgreSQL: set DATABASE_URL=postgres://…")


@pytest.fixture
def require_redis():
    need(bool(settings.REDIS_URL), "needs Redis: set REDIS_URL=redis://…")


def require_tool(name: str) -> str:
    path = shutil.which(name)
    need(path is not None, f"needs the command {name} (see scripts/sysdeps.sh test)")
    return path


def demo_loaded() -> bool:
    """Whether the demo offices and people are in the database (the last person load() makes)."""
    from mocua.demo import COMMUNES, PEOPLE
    from mocua.models import Staff

    return Staff.objects.filter(user__username=f"{COMMUNES[-1].slug}.{PEOPLE[-1][0]}").exists()


def load_demo_people() -> None:
    from django.test import override_settings

    from mocua.demo import load

    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        load()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, with the demo offices and people (mocua.demo.load) written once per session.

    Every `db` test runs inside a transaction that is rolled back, so it starts from this state; a
    test that wants an office without them makes its own office. A transactional test (transactional_db,
    live_server) empties every table when it ends: the `demo` fixture writes them again when missing.
    """
    with django_db_blocker.unblock():
        load_demo_people()


@pytest.fixture
def demo(db):
    """The demo offices and people of the seed plans (written once per session, see django_db_setup)."""
    if not demo_loaded():
        load_demo_people()


@pytest.fixture
def paper_media(settings, tmp_path):
    """Papers written to a fresh folder, their QR codes on a fixed public address."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = "https://motcua.example.vn"


@pytest.fixture
def empty_db(db):
    """The database as the migrations leave it: the demo offices, people, fields and admin group
    written once per session are deleted inside this test's transaction (and come back after it).
    For tests that count every office or user, or write rows the demo already has."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from mocua.demo import ADMIN_GROUP, DEMO_FIELDS
    from mocua.models import Office, Staff
    from models_catalog.models import Field

    Staff.objects.all().delete()
    get_user_model().objects.all().delete()
    Office.objects.filter(supervisor__isnull=False).delete()
    Office.objects.all().delete()
    Field.objects.filter(code__in=[code for code, _ in DEMO_FIELDS]).delete()
    Group.objects.filter(name=ADMIN_GROUP).delete()


@pytest.fixture
def catalog(demo):
    """Everything `load_demo` writes under tests (no dossier history): the starter catalog, the reform
    models of the seed plans, local calendars and duty rosters."""
    import io

    from django.core.management import call_command

    from schedules import calendar

    calendar.clear_memo()
    call_command("load_demo", stdout=io.StringIO())
    yield
    calendar.clear_memo()


@pytest.fixture
def office(demo):
    """Xã Đức Thạnh, the demo office most tests work in (a module may override it)."""
    from mocua.models import Office

    return Office.objects.get(slug="duc-thanh")


@pytest.fixture
def people(demo) -> dict:
    """Đức Thạnh's demo staff by role: people["clerk"], "specialist", "leader", "volunteer", "secretary"."""
    from tests.dossier_helpers import staff

    return {r: staff(f"duc-thanh.{r}") for r in ("clerk", "specialist", "leader", "volunteer", "secretary")}


@pytest.fixture
def proc(office):
    """The marriage status certificate at the office, with Đức Thạnh's Wednesday "Ngày không hẹn"
    (same-day results for intake until 15:00)."""
    from tests.dossier_helpers import marriage_status_procedure, no_appointment_day

    p = marriage_status_procedure(office)
    no_appointment_day(office, p)
    return p


@pytest.fixture(autouse=True)
def private_cache(settings):
    """Every test has a cache no other test reads (a key prefix of its own): counters such as the
    tracking page's failed lookups from 127.0.0.1 never carry over to another test, nor between
    xdist workers sharing a Redis. Clearing the cache instead would empty the whole Redis database
    the Celery broker and tests running at the same time also use."""
    settings.CACHES = {"default": {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}}


@pytest.fixture(autouse=True)
def fresh_calendar_memo():
    """Every test starts with no memoised calendar nor reform models of a day: a rolled-back test sends
    no signal, so a memo built from its rows (a reform model it created) would outlive them."""
    from schedules import calendar

    calendar.clear_memo(tell_others=False)


@pytest.fixture
def staff_client(client, demo):
    """Log in as a demo user: staff_client('duc-thanh.clerk')."""
    from django.contrib.auth import get_user_model

    def login(username: str):
        client.force_login(get_user_model().objects.get(username=username))
        return client

    return login


def database_url_for_subprocess() -> str:
    """The URL of the database the running test uses, for processes the test starts."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    host = s.get("HOST") or "127.0.0.1"
    port = s.get("PORT") or 5432
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{host}:{port}/{s['NAME']}"


def start_celery_worker(env: dict, log_path: Path, name: str = "test") -> subprocess.Popen:
    """Start one `celery worker` process (solo pool) in its own process group, logging to log_path."""
    env = {**env}
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)
    with open(log_path, "a") as log:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "mocua",
                "worker",
                "--pool=solo",
                "--loglevel=INFO",
                "--without-mingle",
                "--without-gossip",
                "-n",
                f"{name}-{os.getpid()}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop_celery_worker(proc: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
    """Stop a worker started by start_celery_worker. By default it is killed at once, as a crash
    would: the test is over and nothing of the worker is kept (SIGTERM and SIGQUIT took 5 s each,
    the file-system transport's polling loop). SIGTERM asks for a warm shutdown."""
    if proc.poll() is None:
        os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=20)


BROKER_CONF = (
    "broker_url",
    "broker_transport_options",
    "result_backend",
    "task_default_queue",
    "task_always_eager",
)


def _reset_celery_pools(app) -> None:
    """Make the app connect again with its current conf: broker pools and the result backend."""
    app._pool = None
    if "amqp" in app.__dict__:
        app.amqp._producer_pool = None
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)


@pytest.fixture
def private_broker(settings, tmp_path):
    """use(kind) points this process's Celery app, and returns the environment for the workers the test
    starts, at a queue of the test's own: on Redis (kind "redis", REDIS_URL) or on a file-system broker
    in tmp_path (kind "filesystem"). MEDIA_ROOT is in tmp_path too, so the test sees the files the
    workers write. Tests running at the same time (xdist, CI runs sharing a Redis) never mix."""
    from django.conf import settings as django_settings

    from mocua.celery import app

    saved = {k: app.conf[k] for k in BROKER_CONF}
    queue = f"test-{uuid.uuid4().hex[:12]}"
    settings.MEDIA_ROOT = tmp_path / "media"

    def use(kind: str) -> dict:
        env = {
            **os.environ,
            "DATABASE_URL": database_url_for_subprocess(),
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "CELERY_QUEUE": queue,
            "MOCUA_TEST_RENDER_DELAY": "0",
        }
        if kind == "redis":
            app.conf.broker_url = app.conf.result_backend = django_settings.REDIS_URL
        else:
            env |= {"REDIS_URL": "", "MOCUA_VAR_DIR": str(tmp_path / "var")}
            folder = tmp_path / "var" / "celery"
            for sub in ("queue", "processed", "control", "results"):
                (folder / sub).mkdir(parents=True, exist_ok=True)
            app.conf.broker_url = "filesystem://"
            app.conf.result_backend = f"file://{folder / 'results'}"
            app.conf.broker_transport_options = {
                "data_folder_in": str(folder / "queue"),
                "data_folder_out": str(folder / "queue"),
                "processed_folder": str(folder / "processed"),
                "control_folder": str(folder / "control"),
                "store_processed": False,
            }
        app.conf.task_default_queue = queue
        app.conf.task_always_eager = False
        _reset_celery_pools(app)
        return env

    yield use
    app.conf.update(saved)
    _reset_celery_pools(app)


@pytest.fixture
def celery_worker_process(transactional_db, private_broker, tmp_path):
    """Start a real `celery worker` process on the configured broker, on a queue of its own; yields
    its state (proc, env, log).

    Without REDIS_URL the broker is kombu's file-system transport in the test's own folder.
    """
    env = private_broker("redis" if settings.REDIS_URL else "filesystem")
    proc = start_celery_worker(env, tmp_path / "worker.log")
    state = {"proc": proc, "env": env, "log": tmp_path / "worker.log"}
    yield state
    stop_celery_worker(state["proc"])


def wait_for(predicate, timeout: float = 30.0, interval: float = 0.2):
    """Poll `predicate` until it returns a truthy value (for other processes, never to pass time)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s")


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (no downloaded browser)."""
    need(CHROMIUM is not None, "needs Debian's chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def phone_page(browser):
    """A page the size of a 390×844 phone."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    yield page
    context.close()


def login(page, live_server, username: str, *, wait: bool = True) -> None:
    """Log in through the login form as a demo user (password DEMO_PASSWORD)."""
    from mocua.demo import DEMO_PASSWORD

    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    if wait:
        page.wait_for_selector("text=Xin chào")


def screenshot(page, name: str) -> Path:
    """Save a screenshot under tests/artifacts/ to be looked at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
