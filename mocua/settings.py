"""Settings for mocua, read from the environment.

With no configuration the project runs on SQLite with a file-system Celery
broker, so a fresh clone works. DATABASE_URL switches to PostgreSQL, REDIS_URL
makes Redis the Celery broker, the result backend and the cache. With
MOCUA_ENV=production the process refuses to start without SECRET_KEY and
ALLOWED_HOSTS. Every variable is listed in README.md.
"""

from pathlib import Path

from mocua.env import (
    database_from_url,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_required,
    env_str,
    redis_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("MOCUA_VAR_DIR") or BASE_DIR / "var")
VAR_DIR.mkdir(parents=True, exist_ok=True)  # the SQLite file and the file-system broker live here

MOCUA_ENV = env_choice("MOCUA_ENV", ("development", "production"), "development")
PRODUCTION = MOCUA_ENV == "production"
DEBUG = env_bool("DEBUG", False)

if PRODUCTION:
    SECRET_KEY = env_required("SECRET_KEY", "khi MOCUA_ENV=production")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        env_required("ALLOWED_HOSTS", "khi MOCUA_ENV=production (danh sách tên miền, cách nhau dấu phẩy)")
else:
    SECRET_KEY = env_str("SECRET_KEY") or "mocua-development-only-not-secret"
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "mocua",
    "models_catalog",
    "schedules",
    "dossiers",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "mocua.urls"
WSGI_APPLICATION = "mocua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mocua.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url()
    or {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": VAR_DIR / "mocua.sqlite3",
        "OPTIONS": {"timeout": 20},
        # A file, not memory, so that worker processes started by tests share it.
        "TEST": {"NAME": str(VAR_DIR / "test.sqlite3")},
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = redis_url()
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT") or VAR_DIR / "staticfiles")
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "mocua API",
    "DESCRIPTION": "API của phần mềm Bộ phận Một cửa cấp xã.",
    "VERSION": "1.0.0",
}

# Celery: Redis when REDIS_URL is set, otherwise kombu's file-system broker so
# that a worker with embedded beat runs with nothing else installed.
CELERY_DATA_DIR = VAR_DIR / "celery"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    # A dead broker must fail fast: a request that enqueues after commit logs the failure and
    # answers; the next sweep heals what was not enqueued (README "Jobs"). An unacknowledged task
    # (worker killed) is redelivered after `visibility_timeout` seconds; a short timeout (tests) is
    # also looked at every second.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
        "socket_connect_timeout": 2,
        "socket_timeout": 5,
        "max_retries": 1,
        "interval_start": 0,
        "interval_step": 0.2,
        "interval_max": 0.5,
    }
    if CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] < 60:
        CELERY_BROKER_TRANSPORT_OPTIONS |= {"unacked_restore_interval": 1, "unacked_restore_throttle": 1}
    CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
        "retry_policy": {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
    }
    CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
    CELERY_REDIS_SOCKET_TIMEOUT = 5
    CELERY_BROKER_CONNECTION_TIMEOUT = 2
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_RESULT_BACKEND = f"file://{CELERY_DATA_DIR / 'results'}"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_DATA_DIR / "queue"),
        "data_folder_out": str(CELERY_DATA_DIR / "queue"),
        "processed_folder": str(CELERY_DATA_DIR / "processed"),
        "control_folder": str(CELERY_DATA_DIR / "control"),
        "store_processed": False,
    }
CELERY_TIMEZONE = TIME_ZONE
# Tests give each worker they start a queue of its own, so runs sharing a broker do not mix.
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "celery")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240)
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
# Publishing: retry a lost connection briefly, then give up (the caller logs it).
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}

# Jobs (mocua/jobs): ONE beat entry runs every sweep; each applies each office's own rules in its
# local time, so adding an office or changing a cutoff needs no schedule change.
MOCUA_SWEEP_INTERVAL = env_int("MOCUA_SWEEP_INTERVAL", 300)
CELERY_BEAT_SCHEDULE: dict = {
    "run-sweeps": {
        "task": "mocua.jobs.run_sweeps",
        "schedule": MOCUA_SWEEP_INTERVAL,
        # A run not started within one interval is dropped: the next one does the same work.
        "options": {"expires": MOCUA_SWEEP_INTERVAL},
    },
}
# Letters to families (seed 004, model 2), by national procedure code: đăng ký kết hôn and
# đăng ký khai sinh → congratulation, đăng ký khai tử → condolence (domain-vn.md §6).
MOCUA_FAMILY_LETTER_CODES = {
    "1.000894": "congratulation",
    "1.001193": "congratulation",
    "1.000656": "condolence",
}
MOCUA_FAMILY_LETTER_DAYS = env_int("MOCUA_FAMILY_LETTER_DAYS", 30)  # returned within, looked at
# The period-close sweep archives these periods' reports (reports/sweeps.py).
MOCUA_REPORT_SWEEP_KINDS = ("month", "quarter")

EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if env_str("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "mocua@localhost")

if PRODUCTION:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint logs every rendering step at INFO; only its warnings are worth reading.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# Reports (reports/periods.py): "official" = the statistical reporting period of NĐ 09/2019,
# from the 15th of the month before the period to the 14th of its last month (quý III = 15/6–14/9);
# "calendar" = calendar months, quarters, halves and years.
MOCUA_REPORT_PERIOD = env_choice("MOCUA_REPORT_PERIOD", ("official", "calendar"), "official")

# Tests only: seconds every PDF render waits first, so a test can kill a worker in the middle
# of a render (mocua/pdf.py). Ignored in production.
MOCUA_TEST_RENDER_DELAY = 0 if PRODUCTION else env_int("MOCUA_TEST_RENDER_DELAY", 0)

# Set by .ci/run: tests that need PostgreSQL, Redis or Chromium fail instead of skipping.
MOCUA_REQUIRE_SERVICES = env_bool("MOCUA_REQUIRE_SERVICES", False)
# load_demo: days of dossier history before today at each seed office (0: none).
MOCUA_DEMO_HISTORY_DAYS = env_int("MOCUA_DEMO_HISTORY_DAYS", 91)

# --- Security headers (issue 15) ---
# Content-Security-Policy (django-csp), on in every environment so tests and development see what
# production sees. Pages load scripts and styles only from static/ files: no inline <script>, no
# event-handler or style attributes. CSP_REPORT_ONLY=1 sends the policy as
# Content-Security-Policy-Report-Only instead (to try a change without breaking pages).
INSTALLED_APPS.append("csp")  # its checks catch settings in the old (3.x) format
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "csp.middleware.CSPMiddleware"
)
_CSP = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # Bootstrap's icons are data: SVGs
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
}
if env_bool("CSP_REPORT_ONLY", False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP
else:
    CONTENT_SECURITY_POLICY = _CSP
# Cache-Control: no-store on every response to a signed-in user and on these public views, which
# show personal data (mocua/middleware.py).
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "mocua.middleware.NoStoreMiddleware",
)
MOCUA_NO_STORE_VIEWS = frozenset({"dossiers:track", "dossiers:track_apology", "api-track", "api-token"})
# HTTPS. Production assumes a TLS proxy in front (secure cookies, SECURE_PROXY_SSL_HEADER above):
# plain-HTTP requests are redirected, except /healthz/ which monitors probe from inside.
# HSTS is off until the operator sets SECURE_HSTS_SECONDS (browsers remember it: start small).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# `check --deploy`: security.W021 asks for HSTS preload. Entering the browsers' preload list is a
# decision of the owner of the whole domain (hstspreload.org), hard to undo, and a commune's site
# is usually a sub-domain it does not own: SECURE_HSTS_PRELOAD=1 opts in where it applies.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
# --- Logins and sessions (issue 15) ---
# Which request header holds the client's address (mocua/net.py): empty = REMOTE_ADDR, the peer of the
# connection; behind the TLS proxy, the header it sets (X-Forwarded-For, X-Real-IP …).
MOCUA_TRUSTED_PROXY_HEADER = env_str("MOCUA_TRUSTED_PROXY_HEADER")
# Login throttling (mocua/auth.py, django-axes): MOCUA_LOGIN_FAILURE_LIMIT failed logins for one account
# (from anywhere) or from one address (for any account) lock it for MOCUA_LOGIN_COOLOFF_MINUTES after
# the last failure; attempts during the lockout do not prolong it.
MOCUA_LOGIN_FAILURE_LIMIT = env_int("MOCUA_LOGIN_FAILURE_LIMIT", 10)
MOCUA_LOGIN_COOLOFF_MINUTES = env_int("MOCUA_LOGIN_COOLOFF_MINUTES", 15)
INSTALLED_APPS.append("mocua.axes_app.AxesConfig")  # django-axes, named in Vietnamese
MIDDLEWARE.append("axes.middleware.AxesMiddleware")
AUTHENTICATION_BACKENDS = ["mocua.auth.ThrottleBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_ENABLED = env_bool("MOCUA_LOGIN_THROTTLE", True)
AXES_FAILURE_LIMIT = MOCUA_LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = MOCUA_LOGIN_COOLOFF_MINUTES / 60  # hours, as a float
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "mocua.net.client_address"
AXES_LOCKOUT_CALLABLE = "mocua.auth.lockout_response"
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # every failure kept for the admin, not only the counters
AXES_SENSITIVE_PARAMETERS: list[str] = []  # the log names account and address (never the password)
# Sessions: a counter PC is shared. A session ends when the browser closes, and after
# MOCUA_SESSION_IDLE_MINUTES without a request (sliding): longer than any intake or visit at the
# counter, shorter than the lunch break, so a PC left at noon is logged out.
SESSION_COOKIE_AGE = env_int("MOCUA_SESSION_IDLE_MINUTES", 60) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# API tokens (mocua/tokens.py) expire MOCUA_API_TOKEN_DAYS after they were issued; the token endpoint
# then issues a new one. An office admin revokes its staff's tokens in the admin.
MOCUA_API_TOKEN_DAYS = env_int("MOCUA_API_TOKEN_DAYS", 30)
REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"] = [
    "mocua.tokens.ExpiringTokenAuthentication",
    "rest_framework.authentication.SessionAuthentication",
]
# Vietnamese for the admin pages of django-axes and DRF's tokens (they ship none): locale/vi.
LOCALE_PATHS = [BASE_DIR / "locale"]
# --- personal data retention (issue 15) ---
# Closed dossiers are anonymised this many whole years after the day they closed (dossiers/retention.py,
# the `retention` sweep and `manage.py anonymise_dossiers`); 0 turns anonymisation off. No legal period
# for the software's copy is verified in reference/domain-vn.md: 10 years is a conservative default.
MOCUA_RETENTION_YEARS = env_int("MOCUA_RETENTION_YEARS", 10)
# Dossiers anonymised per transaction; the sweep does at most MOCUA_RETENTION_SWEEP_BATCHES per run.
MOCUA_RETENTION_BATCH = env_int("MOCUA_RETENTION_BATCH", 200)
MOCUA_RETENTION_SWEEP_BATCHES = env_int("MOCUA_RETENTION_SWEEP_BATCHES", 10)
if MOCUA_RETENTION_YEARS < 0 or MOCUA_RETENTION_BATCH < 1 or MOCUA_RETENTION_SWEEP_BATCHES < 1:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "MOCUA_RETENTION_YEARS phải là số năm không âm (0: không ẩn danh); "
        "MOCUA_RETENTION_BATCH và MOCUA_RETENTION_SWEEP_BATCHES phải lớn hơn 0."
    )
# --- input guard (issue 15) ---
# Requests with control characters in the path, query or body are answered 400 before any view
# (mocua/input_guard.py); placed after the messages middleware so the 400 page has the site's look.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
    "mocua.input_guard.InputGuardMiddleware",
)
# The API schema declares the refusals each operation really gives (mocua/api_schema.py).
REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"] = "mocua.api_schema.AutoSchema"
# Vietnamese for the validation messages REST framework's own catalog leaves in English: the same
# locale/vi as the logins block above (LOCALE_PATHS).

# --- Papers (issue 15) ---
# The heal sweep (dossiers.papers.heal_pending) works through late papers in batches for at most this
# many seconds a run, so the backlog of a broker outage clears in one run.
MOCUA_HEAL_BUDGET_SECONDS = env_int("MOCUA_HEAL_BUDGET_SECONDS", 120)

# --- notifications to citizens and feedback (issue 17) ---
# Each channel's backend: "file" (default: appended to MOCUA_NOTIFY_FILE_DIR/<channel>.log, recipient
# masked), "email" (Django's mail, EMAIL_* above) or "http" (a gateway: JSON POST with a bearer token).
MOCUA_NOTIFY_FILE_DIR = env_str("MOCUA_NOTIFY_FILE_DIR", str(BASE_DIR / "var" / "outbox"))
MOCUA_NOTIFY_BACKENDS = {
    channel: {
        "backend": env_choice(
            f"MOCUA_NOTIFY_{channel.upper()}_BACKEND",
            ("file", "email", "http"),
            "email" if channel == "email" and EMAIL_HOST else "file",
        ),
        "url": env_str(f"MOCUA_NOTIFY_{channel.upper()}_URL"),
        "token": env_str(f"MOCUA_NOTIFY_{channel.upper()}_TOKEN"),
        "sender": env_str(f"MOCUA_NOTIFY_{channel.upper()}_SENDER"),
        "timeout": env_int(f"MOCUA_NOTIFY_{channel.upper()}_TIMEOUT", 10),
    }
    for channel in ("sms", "zalo", "email")
}
MOCUA_NOTIFY_MAX_ATTEMPTS = env_int("MOCUA_NOTIFY_MAX_ATTEMPTS", 8)  # then the message is marked failed
MOCUA_NOTIFY_STALE_MINUTES = env_int("MOCUA_NOTIFY_STALE_MINUTES", 10)  # a "sending" row older is taken back
MOCUA_NOTIFY_SWEEP_BATCH = env_int("MOCUA_NOTIFY_SWEEP_BATCH", 500)
# Feedback (phản ánh, kiến nghị): answered within this many working days (QĐ 766: 15), shown to the
# leader when this many working days or fewer are left; the public form takes this many items per
# address per hour.
MOCUA_FEEDBACK_ANSWER_DAYS = env_int("MOCUA_FEEDBACK_ANSWER_DAYS", 15)
MOCUA_FEEDBACK_NEAR_DAYS = env_int("MOCUA_FEEDBACK_NEAR_DAYS", 3)
MOCUA_FEEDBACK_PER_HOUR = env_int("MOCUA_FEEDBACK_PER_HOUR", 5)
# --- Ticket queue (issue 18) ---
# Counter seats of an office that can call numbers (dossiers/queue.py: seats 1 … MOCUA_QUEUE_SEATS).
MOCUA_QUEUE_SEATS = env_int("MOCUA_QUEUE_SEATS", 6)
# The public kiosk takes at most MOCUA_QUEUE_KIOSK_LIMIT numbers per address per MOCUA_QUEUE_KIOSK_WINDOW
# seconds (a kiosk is one device for every citizen: generous); the office's own kiosk devices can be
# exempted by address (MOCUA_QUEUE_KIOSK_TRUSTED, comma-separated).
MOCUA_QUEUE_KIOSK_LIMIT = env_int("MOCUA_QUEUE_KIOSK_LIMIT", 30)
MOCUA_QUEUE_KIOSK_WINDOW = env_int("MOCUA_QUEUE_KIOSK_WINDOW", 600)
MOCUA_QUEUE_KIOSK_TRUSTED = env_list("MOCUA_QUEUE_KIOSK_TRUSTED")
# Seconds between refreshes of the public display of numbers being served (no JavaScript).
MOCUA_QUEUE_DISPLAY_REFRESH = env_int("MOCUA_QUEUE_DISPLAY_REFRESH", 5)
# --- Fees and digital signatures (issue 20) ---
# The payment gateway (dossiers/payments.py): a dotted path to a class with `confirm(method, reference,
# amount)`. No gateway is reachable here; the default records the reference the citizen gives.
MOCUA_PAYMENT_GATEWAY = env_str("MOCUA_PAYMENT_GATEWAY", "dossiers.payments.ManualGateway")
# Digital signatures (mocua/signing.py): each office signs with `<slug>.p12` in MOCUA_SIGNING_DIR,
# opened with MOCUA_SIGNING_PASSPHRASE (or an office's own, MOCUA_SIGNING_PASSPHRASES
# "slug=passphrase,…"); signatures are verified against the authorities in MOCUA_SIGNING_TRUST_ROOTS.
# `manage.py make_signing_certs` makes a demo authority and certificates there (development only).
# Never in the database or the repository (var/ is ignored by git).
MOCUA_SIGNING_DIR = Path(env_str("MOCUA_SIGNING_DIR") or VAR_DIR / "certs")
MOCUA_SIGNING_PASSPHRASE = env_str(
    "MOCUA_SIGNING_PASSPHRASE", "" if MOCUA_ENV == "production" else "mocua-demo-ky-so"
)
MOCUA_SIGNING_PASSPHRASES = dict(
    item.split("=", 1) for item in env_list("MOCUA_SIGNING_PASSPHRASES") if "=" in item
)
MOCUA_SIGNING_TRUST_ROOTS = env_list("MOCUA_SIGNING_TRUST_ROOTS") or [str(MOCUA_SIGNING_DIR / "ca.pem")]
# Largest PDF the public verification page accepts.
MOCUA_VERIFY_MAX_BYTES = env_int("MOCUA_VERIFY_MAX_BYTES", 5 * 1024 * 1024)
# --- Beyond the counter: outreach, ceremonies, return by post (issue 18) ---
# The fee (đồng) for returning a result by post, printed on the receipt and the return screen;
# 0 (the default) prints nothing.
MOCUA_POSTAL_RETURN_FEE = env_int("MOCUA_POSTAL_RETURN_FEE", 0)
if MOCUA_POSTAL_RETURN_FEE < 0:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("MOCUA_POSTAL_RETURN_FEE phải là số tiền không âm (đồng).")
