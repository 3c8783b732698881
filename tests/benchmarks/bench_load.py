"""Load test: 100 simulated users against the production stack on loopback (`make bench`, never CI).

The benchmark starts everything itself and stops it at the end: a private PostgreSQL database
(`mocua_load_bench` or MOCUA_LOAD_DB, dropped and made anew, on the server of MOCUA_LOAD_POSTGRES, by default
postgres://postgres@127.0.0.1:5432), Redis db 12 (MOCUA_LOAD_REDIS, flushed), `migrate`,
`load_demo`, `collectstatic`, one Celery worker (renders the receipts of the intakes) and gunicorn
with the production settings (MOCUA_ENV=production, 3 sync workers, --preload).

The users (asyncio + httpx, one client and one session each, a seeded random think time of 1–4 s
between steps, started over the first 3 s) run for MOCUA_LOAD_SECONDS (60) seconds:
- 25 clerks (5 per demo office): the worklist, or the intake form then its POST (a new dossier);
- 10 leaders (2 per office): the approval queue, then approve one of the submitted dossiers set
  aside for them (each its own, so no two leaders race for one);
- 35 citizens reading the public procedure list and procedure pages of an office;
- 30 citizens tracking a dossier by code and secret.
Staff sessions are made beforehand (the login form is not what is measured). Requests carry
`X-Forwarded-Proto: https` as behind the TLS proxy the production settings assume.

Figures, per endpoint: p50 / p95 / p99, next to a floor measured in the same run: a static file
(Bootstrap's CSS, through whitenoise) served by the same gunicorn to the same users (a page view
fetches it one time in four). Also: errors (a status other than the expected one, a timeout, or a
write the database does not show afterwards: every intake POST must have made one dossier and
every approve POST one approval), throughput, the database connections of the run
(pg_stat_activity, sampled every 0.5 s) and the load average.
"""

import asyncio
import json
import logging
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import textwrap
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
import pytest

from tests.conftest import ROOT, need, start_celery_worker, stop_celery_worker

USERS = int(os.environ.get("MOCUA_LOAD_USERS", "100"))
SECONDS = float(os.environ.get("MOCUA_LOAD_SECONDS", "60"))
DB_NAME = os.environ.get("MOCUA_LOAD_DB", "mocua_load_bench")  # a name of its own per engineer
SERVER = os.environ.get("MOCUA_LOAD_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("MOCUA_LOAD_REDIS", "redis://127.0.0.1:6379/12")
THINK = (1.0, 4.0)
STATIC_SHARE = 0.25
APPROVALS_PER_LEADER = 12
EXPECTED = {"intake POST": 302, "approve POST": 302}
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def database_url(name: str) -> str:
    parts = urlsplit(SERVER)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", "", ""))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- the stack ---------------------------------------------------------------------------------


def run(env: dict, *args: str, timeout: float = 300) -> str:
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if done.returncode:
        raise AssertionError(f"{' '.join(args)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done.stdout


def fresh_database() -> None:
    import psycopg2

    conn = psycopg2.connect(database_url("postgres"))
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        cur.execute(f"CREATE DATABASE {DB_NAME}")
    conn.close()


def drop_database() -> None:
    import psycopg2

    conn = psycopg2.connect(database_url("postgres"))
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    conn.close()


def flush_redis() -> None:
    import redis

    redis.Redis.from_url(REDIS, socket_connect_timeout=2).flushdb()


def services_up() -> bool:
    import psycopg2
    import redis

    try:
        psycopg2.connect(database_url("postgres"), connect_timeout=2).close()
        redis.Redis.from_url(REDIS, socket_connect_timeout=2).ping()
    except Exception:  # noqa: BLE001 - either service missing: the benchmark is skipped
        return False
    return True


# Run in a child process with the benchmark's environment: offices and people from load_demo,
# sessions for the staff, submitted dossiers for the leaders to approve (they are also what the
# citizens track), and for each office a procedure with its documents for the intake POST.
SETUP = textwrap.dedent(
    """
    import json, django
    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone
    from dossiers import workflow
    from mocua.models import Office, Role, Staff
    from tests.dossier_helpers import received_dossier

    def session(staff):
        s = SessionStore()
        s[SESSION_KEY] = str(staff.user.pk)
        s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        s[HASH_SESSION_KEY] = staff.user.get_session_auth_hash()
        s.create()
        return s.session_key

    today = timezone.localdate()
    offices = []
    for office in Office.objects.filter(slug__in=SLUGS).order_by("slug"):
        people = {r: Staff.objects.get(user__username=f"{office.slug}.{r}") for r in ("clerk", "specialist", "leader")}
        procedure = next(
            p for p in office.procedures.exclude(valid_from__gt=today).exclude(valid_to__lt=today)
            .prefetch_related("documents").order_by("code") if p.documents.exists()
        )
        submitted = []
        for i in range(APPROVALS):
            d = received_dossier(office, procedure, received_by=people["clerk"])
            d = workflow.assign(people["clerk"], d, people["specialist"])
            d = workflow.start(people["specialist"], d)
            d = workflow.submit(people["specialist"], d)
            submitted.append([d.code, d.secret])
        offices.append({
            "slug": office.slug,
            "procedure": procedure.code,
            "documents": [doc.pk for doc in procedure.documents.all()],
            "procedures": list(office.procedures.order_by("code").values_list("code", flat=True)[:20]),
            "clerk": [session(people["clerk"]) for _ in range(CLERKS)],
            "leader": [session(people["leader"]) for _ in range(LEADERS)],
            "submitted": submitted,
        })
    print("SETUP" + json.dumps(offices))
    """
)


def static_css() -> str:
    """The collected name of Bootstrap's CSS (hashed by the manifest storage)."""
    found = sorted((ROOT / "static").rglob("bootstrap*.min.css"))
    assert found, "no bootstrap CSS under static/"
    return found[0].relative_to(ROOT / "static").as_posix()


# The fallback settings: the production ones, with the manifest storage told not to rewrite
# sourceMappingURL comments (the bundle's .map files are not in the repository, issue 15 item 1).
NO_MAPS_SETTINGS = """
from django.contrib.staticfiles.storage import ManifestStaticFilesStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage

from mocua.settings import *  # noqa: F403


def _keep(pattern):
    return "sourceMappingURL" not in (pattern if isinstance(pattern, str) else pattern[0])


class NoMapsManifestStorage(CompressedManifestStaticFilesStorage):
    patterns = tuple((ext, tuple(filter(_keep, p))) for ext, p in ManifestStaticFilesStorage.patterns)


STORAGES["staticfiles"] = {"BACKEND": "load_settings.NoMapsManifestStorage"}  # noqa: F405
"""


def collect_static(env: dict, tmp: Path) -> str:
    """collectstatic with the production storage; if the bundle's missing source maps still break it,
    with the same storage minus the source-map rewriting (and say so in the figures)."""
    try:
        run(env, "manage.py", "collectstatic", "--no-input")
        return "production settings"
    except AssertionError:
        (tmp / "load_settings.py").write_text(NO_MAPS_SETTINGS)
        env["PYTHONPATH"] = f"{tmp}{os.pathsep}{ROOT}"
        env["DJANGO_SETTINGS_MODULE"] = "load_settings"
        run(env, "manage.py", "collectstatic", "--no-input", "--clear")
        return "production settings (collectstatic skipping the missing source maps)"


def start_gunicorn(env: dict, port: int, log: Path) -> subprocess.Popen:
    with open(log, "a") as out:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "mocua.wsgi",
                "--workers=3",
                "--worker-class=sync",
                "--preload",
                f"--bind=127.0.0.1:{port}",
                "--timeout=60",
                "--log-level=warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop(proc: subprocess.Popen | None) -> None:
    if proc is not None and proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)


# --- the users -------------------------------------------------------------------------------------


class Stats:
    def __init__(self):
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.samples: list[str] = []
        self.ok_writes: dict[str, int] = defaultdict(int)

    def error(self, name: str, what: str) -> None:
        self.errors[name] += 1
        if len(self.samples) < 10:
            self.samples.append(f"{name}: {what}")


class User:
    def __init__(self, base: str, stats: Stats, rng: random.Random, css: str, session: str | None = None):
        headers = {"X-Forwarded-Proto": "https", "User-Agent": "mocua-load-bench"}
        self.client = httpx.AsyncClient(base_url=base, headers=headers, timeout=30)
        if session:
            self.client.cookies.set("sessionid", session)
        self.host = urlsplit(base).netloc
        self.stats, self.rng, self.css = stats, rng, css

    async def request(self, name: str, method: str, url: str, **kwargs):
        expected = EXPECTED.get(name, 200)
        begin = time.perf_counter()
        try:
            response = await self.client.request(method, url, **kwargs)
        except Exception as e:  # noqa: BLE001 - every failure is counted and shown
            self.stats.error(name, f"{type(e).__name__} {url}")
            return None
        self.stats.times[name].append(time.perf_counter() - begin)
        if response.status_code != expected:
            self.stats.error(name, f"{response.status_code} {method} {url}")
            return None
        return response

    async def page(self, name: str, url: str, **kwargs):
        response = await self.request(name, "GET", url, **kwargs)
        if self.rng.random() < STATIC_SHARE:
            await self.request("static file (floor)", "GET", self.css)
        return response

    async def post(self, name: str, url: str, data: dict):
        token = self.client.cookies.get("csrftoken", "")
        origin = f"https://{self.host}"
        headers = {"X-CSRFToken": token, "Origin": origin, "Referer": f"{origin}{url}"}
        response = await self.request(name, "POST", url, data=data, headers=headers)
        if response is not None:
            self.stats.ok_writes[name] += 1
        return response

    async def think(self):
        await asyncio.sleep(self.rng.uniform(*THINK))


async def clerk(user: User, office: dict, n: int, deadline: float):
    while time.monotonic() < deadline:
        if user.rng.random() < 0.5:
            await user.page("worklist", "/ho-so/")
        else:
            form = await user.page("intake form", f"/ho-so/tiep-nhan/?thu_tuc={office['procedure']}")
            if form is not None:
                data = {
                    "procedure": office["procedure"],
                    "intake_key": f"load-{n}-{time.monotonic_ns()}",
                    "full_name": "Nguyễn Thị Hồng Nhung",
                    "id_number": "051190001234",
                    "phone": "0912345678",
                    "address": "Thôn 1",
                    "channel": "counter",
                    "decision": "receive",
                }
                for pk in office["documents"]:
                    data |= {f"doc_{pk}": "original", f"doc_{pk}_count": "1"}
                await user.think()
                await user.post("intake POST", "/ho-so/tiep-nhan/", data)
        await user.think()


async def leader(user: User, codes: list[str], deadline: float):
    while time.monotonic() < deadline:
        queue = await user.page("leader queue", "/ho-so/trinh-ky/")
        if queue is not None and codes:
            await user.think()
            await user.post("approve POST", f"/ho-so/{codes.pop()}/thao-tac/approve/", {"note": ""})
        await user.think()


async def reader(user: User, office: dict, deadline: float):
    while time.monotonic() < deadline:
        if user.rng.random() < 0.3:
            await user.page("procedure list", f"/thu-tuc/{office['slug']}/")
        else:
            code = user.rng.choice(office["procedures"])
            await user.page("procedure page", f"/thu-tuc/{office['slug']}/{code}/")
        await user.think()


async def tracker(user: User, dossiers: list, deadline: float):
    while time.monotonic() < deadline:
        code, secret = user.rng.choice(dossiers)
        await user.page("tracking", "/tra-cuu/", params={"code": code, "secret": secret})
        await user.think()


async def connections(samples: list[int], stop_at: float):
    import psycopg2

    conn = psycopg2.connect(database_url("postgres"))
    conn.autocommit = True
    try:
        while time.monotonic() < stop_at:
            with conn.cursor() as cur:
                cur.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [DB_NAME])
                samples.append(cur.fetchone()[0])
            await asyncio.sleep(0.5)
    finally:
        conn.close()


async def load(base: str, offices: list[dict], css: str, stats: Stats, conn_samples: list[int]) -> float:
    rng = random.Random(15)
    per = max(1, len(offices))
    n_clerks, n_leaders = USERS * 25 // 100, USERS * 10 // 100
    n_readers = USERS * 35 // 100
    n_trackers = USERS - n_clerks - n_leaders - n_readers
    tracked = [d for o in offices for d in o["submitted"]]
    users, tasks = [], []
    start = time.monotonic()
    deadline = start + SECONDS

    async def later(delay, coro):
        await asyncio.sleep(delay)
        await coro

    def add(coro_for, session=None):
        user = User(base, stats, random.Random(rng.random()), css, session)
        users.append(user)
        tasks.append(later(rng.uniform(0, 3), coro_for(user)))

    for i in range(n_clerks):
        office = offices[i % per]
        add(
            lambda u, o=office, i=i: clerk(u, o, i, deadline),
            office["clerk"][i // per % len(office["clerk"])],
        )
    for i in range(n_leaders):
        office = offices[i % per]
        k = i // per % len(office["leader"])
        share = [c for j, (c, _) in enumerate(office["submitted"]) if j % len(office["leader"]) == k]
        add(lambda u, s=share: leader(u, s, deadline), office["leader"][k])
    for i in range(n_readers):
        add(lambda u, o=offices[i % per]: reader(u, o, deadline))
    for _ in range(n_trackers):
        add(lambda u: tracker(u, tracked, deadline))
    monitor = asyncio.create_task(connections(conn_samples, deadline + 2))
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=SECONDS + 90)
    elapsed = time.monotonic() - start
    await monitor
    await asyncio.gather(*(u.client.aclose() for u in users))
    return elapsed


def warm_up(base: str, offices: list[dict], css: str) -> None:
    """Each page a few times before the clock starts, so every gunicorn worker has loaded its
    templates and opened its database connection (not measured)."""
    headers = {"X-Forwarded-Proto": "https"}
    for _ in range(4):
        for office in offices:
            code, secret = office["submitted"][0]
            urls = [css, f"/thu-tuc/{office['slug']}/", f"/thu-tuc/{office['slug']}/{office['procedure']}/"]
            urls.append(f"/tra-cuu/?code={code}&secret={secret}")
            for url in urls:
                httpx.get(base + url, headers=headers, timeout=30)
            for session, url in [
                (office["clerk"][0], "/ho-so/"),
                (office["clerk"][0], f"/ho-so/tiep-nhan/?thu_tuc={office['procedure']}"),
                (office["leader"][0], "/ho-so/trinh-ky/"),
            ]:
                httpx.get(base + url, headers=headers, cookies={"sessionid": session}, timeout=30)


# --- the benchmark -------------------------------------------------------------------------------


def db_count(sql: str) -> int:
    import psycopg2

    conn = psycopg2.connect(database_url(DB_NAME))
    try:
        with conn.cursor() as cur:
            cur.execute(sql)
            return cur.fetchone()[0]
    finally:
        conn.close()


def quantiles(values: list[float]) -> tuple[float, float, float]:
    if len(values) < 2:
        v = values[0] if values else float("nan")
        return v, v, v
    q = statistics.quantiles(values, n=100, method="inclusive")
    return q[49], q[94], q[98]


def test_load_100_users_on_the_production_stack(tmp_path):
    need(services_up(), f"the load test needs PostgreSQL ({SERVER}) and Redis ({REDIS})")
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_", "CELERY_"))},
        "MOCUA_ENV": "production",
        "SECRET_KEY": "load-bench-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "SECURE_COOKIES": "0",  # plain HTTP on loopback: the client must get its cookies back
        "DEBUG": "0",
        "DATABASE_URL": database_url(DB_NAME),
        "REDIS_URL": REDIS,
        "CELERY_QUEUE": "load-bench",
        "MOCUA_VAR_DIR": str(tmp_path / "var"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "STATIC_ROOT": str(tmp_path / "static"),
        "MOCUA_DEMO_HISTORY_DAYS": "0",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "mocua.settings",
    }
    load_before = os.getloadavg()
    begin = time.monotonic()
    gunicorn = worker = None
    fresh_database()
    try:
        flush_redis()
        run(env, "manage.py", "migrate", "--no-input")
        run(env, "manage.py", "load_demo")
        settings_used = collect_static(env, tmp_path)
        slugs = ["duc-thanh", "thanh-binh-thinh", "luan-thanh", "dong-thanh", "sa-dec-p1"]
        clerks_per_office = max(1, USERS * 25 // 100 // len(slugs))
        leaders_per_office = max(1, USERS * 10 // 100 // len(slugs))
        script = (
            f"SLUGS = {slugs!r}; APPROVALS = {APPROVALS_PER_LEADER * leaders_per_office}; "
            f"CLERKS = {clerks_per_office}; LEADERS = {leaders_per_office}\n" + SETUP
        )
        out = run(env, "-c", script)
        offices = json.loads(out[out.index("SETUP") + 5 :])
        flush_redis()  # the setup's renders are not part of the run
        setup_seconds = time.monotonic() - begin

        worker = start_celery_worker(env, tmp_path / "worker.log", name="load-bench")
        gunicorn = start_gunicorn(env, port, tmp_path / "gunicorn.log")
        base = f"http://127.0.0.1:{port}"
        logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request otherwise
        manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())["paths"]
        css = "/static/" + manifest[static_css()]
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + css, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline and gunicorn.poll() is None, (
                tmp_path / "gunicorn.log"
            ).read_text()[-3000:]
            time.sleep(0.2)

        warm_up(base, offices, css)
        stats, conn_samples = Stats(), []
        elapsed = asyncio.run(load(base, offices, css, stats, conn_samples))
        load_after = os.getloadavg()

        approvals = db_count("SELECT count(*) FROM dossiers_auditevent WHERE action = 'approve'")
        intakes = db_count("SELECT count(*) FROM dossiers_dossier WHERE intake_key LIKE 'load-%'")
        rendered = db_count(
            "SELECT count(*) FROM dossiers_paper p JOIN dossiers_dossier d ON d.id = p.dossier_id "
            "WHERE d.intake_key LIKE 'load-%' AND p.state = 'ready'"
        )
        issued = db_count(
            "SELECT count(*) FROM dossiers_paper p JOIN dossiers_dossier d ON d.id = p.dossier_id "
            "WHERE d.intake_key LIKE 'load-%'"
        )
        if approvals != stats.ok_writes["approve POST"]:
            stats.error(
                "approve POST", f"{stats.ok_writes['approve POST']} answered 302, {approvals} approved"
            )
        if intakes != stats.ok_writes["intake POST"]:
            stats.error("intake POST", f"{stats.ok_writes['intake POST']} answered 302, {intakes} dossiers")
    finally:
        stop(gunicorn)
        if worker is not None:
            stop_celery_worker(worker)
        drop_database()
        flush_redis()

    total = sum(len(v) for v in stats.times.values())
    floor = quantiles(stats.times["static file (floor)"])
    print()
    print(
        f"{USERS} users, {elapsed:.0f} s of load after {setup_seconds:.0f} s of setup; gunicorn 3 sync "
        f"workers --preload, {settings_used}; load average {load_before[0]:.1f} before, "
        f"{load_after[0]:.1f} after (1 min), {os.cpu_count()} cores"
    )
    print(
        f"{'endpoint':<22} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'p50/floor':>10} {'p95/floor':>10}"
    )
    for name in sorted(stats.times, key=lambda n: (n.startswith("static"), n)):
        p50, p95, p99 = quantiles(stats.times[name])
        print(
            f"{name:<22} {len(stats.times[name]):>6} {p50 * 1e3:>8.1f} {p95 * 1e3:>8.1f} {p99 * 1e3:>8.1f} "
            f"{p50 / floor[0]:>10.1f} {p95 / floor[1]:>10.1f}"
        )
    print(
        f"requests {total}, throughput {total / elapsed:.1f}/s, errors {sum(stats.errors.values())}, "
        f"intakes {intakes} (receipts rendered by the worker during the run: {rendered} of {issued}), "
        f"approvals {approvals}"
    )
    print(
        f"database connections (pg_stat_activity, {len(conn_samples)} samples): "
        f"max {max(conn_samples)}, median {statistics.median(conn_samples):.0f}"
    )
    assert not stats.errors, (dict(stats.errors), stats.samples)
    assert intakes > 0 and approvals > 0
    assert re.match(r"/static/.+\.css$", css)
