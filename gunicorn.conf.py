"""gunicorn settings read from the working directory (the image's /app, `gunicorn` in docker-compose).

The access log names the path, never the query string nor the referrer: the tracking link printed
as a QR code carries the dossier's secret in its query (`/tra-cuu/?code=…&secret=…`), and a page
opened from it sends that link as its referrer (issue 15: no secret in a server log line).
"""

accesslog = "-"
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)ss "%(a)s"'

# --- preload and warm-up (issue 19) ---
# The app is imported once in the master and its templates compiled there (mocua/warmup.py), then
# the workers are forked from it: no 2-second first request per worker. Each worker loads its fonts
# and connects to the database before taking requests. MOCUA_GUNICORN_PRELOAD=0 turns it off.
import os  # noqa: E402

preload_app = os.environ.get("MOCUA_GUNICORN_PRELOAD", "1") != "0"


def when_ready(server):
    if preload_app:
        from mocua import warmup

        warmup.preload()


def post_worker_init(worker):
    from mocua import warmup

    warmup.worker()
