"""The one settings module. Everything that differs between machines comes from the environment
(see docs/configuration.md); the defaults are safe for production, and `make run` sets what a
local demo needs."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
import django.conf.locale
from django.core.exceptions import ImproperlyConfigured

from anlaufstelle.config import env

BASE_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = BASE_DIR.parent
VAR_DIR = Path(env.get("ANLAUFSTELLE_VAR_DIR") or REPO_DIR / "var")

DEBUG = env.get_bool("DEBUG", False)

SECRET_KEY = env.get("SECRET_KEY") or ""
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY (or SECRET_KEY_FILE) must be set; `make run` creates var/secret_key for you"
    )
if len(SECRET_KEY) < 32 and not DEBUG:
    raise ImproperlyConfigured("SECRET_KEY must be at least 32 characters long")

# Files that people's records keep (uploaded documents), backed up with the database.
MEDIA_ROOT = Path(env.get("MEDIA_ROOT") or VAR_DIR / "media")
# The largest document a case keeps (cases/files.py).
CASE_DOCUMENT_MAX_BYTES = int(env.get("CASE_DOCUMENT_MAX_BYTES") or 10 * 1024 * 1024)

# The key of the audit trail's HMAC chain and of its checkpoints. It must not be stored in the
# database: whoever can rewrite the database, but does not hold this key, cannot re-seal a
# rewritten trail. It must never change (entries sealed with it could no longer be checked).
AUDIT_KEY = env.get("AUDIT_KEY") or ""
if not AUDIT_KEY:
    raise ImproperlyConfigured(
        "AUDIT_KEY (or AUDIT_KEY_FILE) must be set; `make run` creates var/audit_key for you"
    )
if len(AUDIT_KEY) < 32:
    raise ImproperlyConfigured("AUDIT_KEY must be at least 32 characters long")
# Where the signed checkpoints of the chain's head are appended (a file outside the database,
# ideally on another machine's mount or shipped off by the log system), and how often.
AUDIT_CHECKPOINT_FILE = Path(
    env.get("AUDIT_CHECKPOINT_FILE") or VAR_DIR / "audit-checkpoints.jsonl"
)
AUDIT_CHECKPOINT_SECONDS = env.get_int("AUDIT_CHECKPOINT_SECONDS", 60)
if AUDIT_CHECKPOINT_SECONDS < 0:
    raise ImproperlyConfigured("AUDIT_CHECKPOINT_SECONDS must not be negative")
# Search first: at most this many distinct people opened, and short searches (2–3 letters),
# per user and hour; 0 switches the limit off (people/services/pace.py).
PEOPLE_PER_HOUR = env.get_int("PEOPLE_PER_HOUR", 150)
SHORT_SEARCHES_PER_HOUR = env.get_int("SHORT_SEARCHES_PER_HOUR", 40)
# Listed under *Unusual access*: users who read at least this many people in 30 days whom
# their agency neither registered nor has a case with; 0 switches the list off.
UNUSUAL_PEOPLE_OUTSIDE_WORK = env.get_int("UNUSUAL_PEOPLE_OUTSIDE_WORK", 50)
# Reads at these local hours (from, until) are listed under *Unusual access* (audit/unusual.py).
_night = env.get_list("UNUSUAL_NIGHT_HOURS", ["22", "6"])
try:
    UNUSUAL_NIGHT_HOURS = (int(_night[0]) % 24, int(_night[1]) % 24)
except (ValueError, IndexError) as exc:
    raise ImproperlyConfigured("UNUSUAL_NIGHT_HOURS must be two hours, e.g. 22,6") from exc
# Planning runs as a background job (planning/jobs.py), never inside a web request. "process":
# the web process starts a detached runner when a job is queued; "external": a runner started
# by the operator (`anlaufstelle planning_jobs`) takes the jobs.
PLANNING_RUNNER = env.get("PLANNING_RUNNER") or "process"
if PLANNING_RUNNER not in {"process", "external"}:
    raise ImproperlyConfigured("PLANNING_RUNNER must be 'process' or 'external'")
# A job that runs longer is stopped and says so; at most this many jobs run at once; a job
# whose runner has not been heard of for PLANNING_STALE_SECONDS is taken over by another.
PLANNING_TIME_LIMIT_SECONDS = env.get_int("PLANNING_TIME_LIMIT_SECONDS", 600)
PLANNING_PARALLEL = env.get_int("PLANNING_PARALLEL", 1)
PLANNING_STALE_SECONDS = env.get_int("PLANNING_STALE_SECONDS", 30)
if min(PLANNING_TIME_LIMIT_SECONDS, PLANNING_PARALLEL, PLANNING_STALE_SECONDS) < 1:
    raise ImproperlyConfigured(
        "PLANNING_TIME_LIMIT_SECONDS, PLANNING_PARALLEL and PLANNING_STALE_SECONDS must be "
        "at least 1"
    )
# A folder of rules files (docs/rules.md) that replace or extend the built-in eligibility rules,
# so the centre's lawyer can correct a date or add a version without a new release.
RULES_DIR = env.get("RULES_DIR") or ""

# The database role the application runs as, when migrations run as another role (the owner of
# the tables, MIGRATE_DATABASE_URL): `migrate` grants it the rights it needs and no more.
DATABASE_APP_ROLE = env.get("DATABASE_APP_ROLE") or ""

ALLOWED_HOSTS = env.get_list("ALLOWED_HOSTS", [])
if not ALLOWED_HOSTS and not DEBUG:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the host names this server answers to")
CSRF_TRUSTED_ORIGINS = env.get_list("CSRF_TRUSTED_ORIGINS", [])

_database_url = env.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'anlaufstelle.sqlite3'}"
try:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database address: {exc}") from exc
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parameters bound by the server, not pasted into the text: psycopg then prepares a query
    # the fifth time a connection runs it, and PostgreSQL no longer plans it every time (2.5 ms
    # of a desk's 3 ms query).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=5
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Immediate transactions serialise writers up front instead of failing mid-transaction;
    # WAL lets readers go on while one writer works.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

# A cache in each server process (no cache server to run): the visitors' rendered status pages
# (about 1 KB each) and the projected waits behind them. Django's default keeps 300 entries,
# which a busy hall's thousand phones would push out before each is asked for again.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_countries",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "anlaufstelle.core",
    "anlaufstelle.audit",
    "anlaufstelle.organisation",
    "anlaufstelle.people",
    "anlaufstelle.privacy",
    "anlaufstelle.cases",
    "anlaufstelle.demo",
    "anlaufstelle.planning",
    "anlaufstelle.hall",
    "anlaufstelle.outbox",
    "anlaufstelle.appointments",
    "anlaufstelle.guide",
    "anlaufstelle.eligibility",
    "anlaufstelle.housing",
    "anlaufstelle.hotline",
    "anlaufstelle.network",
    "anlaufstelle.reports",
    "anlaufstelle.payouts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Views asked every few seconds that need no sign-in (a free desk's look), before sessions.
    "anlaufstelle.core.http.Sessionless",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Whether this session's sign-in had its second factor; then whether it needs one.
    "django_otp.middleware.OTPMiddleware",
    "anlaufstelle.organisation.twofactor.SecondFactorMiddleware",
    # Right after the user is known: records of rights changes name who made them.
    "anlaufstelle.core.actor.ActingUser",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After language, user and messages (its 400 is a normal page of the site), before any view.
    "anlaufstelle.core.http.RefuseNulBytes",
    # After user and messages: an ended session leads to the sign-in page with a message.
    "anlaufstelle.core.sessions.SessionTimeouts",
    # After language, user and messages: the 405 page is a normal page of the site.
    "anlaufstelle.core.http.MethodNotAllowedPage",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Answers a refused listing of the registry (429), after the view's transaction is over.
    "anlaufstelle.people.middleware.RefuseTooFast",
    # Records a read the access decision refused, after the view's transaction is over.
    "anlaufstelle.privacy.middleware.RecordRefusals",
    # Last, so that a locked-out login never reaches the view.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "anlaufstelle.config.urls"
WSGI_APPLICATION = "anlaufstelle.config.wsgi.application"
ASGI_APPLICATION = "anlaufstelle.config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "anlaufstelle.core.context_processors.staff",
            ],
        },
    }
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "anlaufstelle.core.passwords.GuessablePasswordValidator"},
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:login"

# Throttled logins: five failures for one user name lock it for 15 minutes, from one address or
# spread over many (guesses from many addresses must not avoid the lock-out). Each lock-out is
# logged (core/apps.py) and listed in the admin under Axes.
# When the live hall closes each day (local time, HH:MM): the coordinator's projection of the
# rest of the day runs until then.
HALL_CLOSES_AT = env.get("HALL_CLOSES_AT") or "18:00"
try:
    _hour, _minute = (int(part) for part in HALL_CLOSES_AT.split(":"))
    if not (0 <= _hour <= 23 and 0 <= _minute <= 59):
        raise ValueError
except ValueError:
    raise ImproperlyConfigured("HALL_CLOSES_AT must be a time of day, HH:MM") from None

# A visitor who did not come when called queues again after this many minutes; after this many
# calls of one step they are *missed* until reception takes them back.
HALL_NO_SHOW_RETURN_MINUTES = env.get_int("HALL_NO_SHOW_RETURN_MINUTES", 5)
HALL_MISSED_AFTER_CALLS = env.get_int("HALL_MISSED_AFTER_CALLS", 3)
# A called visitor is called again (recall) not before this many seconds after the last call.
HALL_RECALL_SECONDS = env.get_int("HALL_RECALL_SECONDS", 30)
if HALL_NO_SHOW_RETURN_MINUTES < 0 or HALL_MISSED_AFTER_CALLS < 1 or HALL_RECALL_SECONDS < 0:
    raise ImproperlyConfigured(
        "HALL_NO_SHOW_RETURN_MINUTES and HALL_RECALL_SECONDS must not be negative, "
        "HALL_MISSED_AFTER_CALLS at least 1"
    )
# The call board says each call aloud in the visitor's language, rendered by Debian's espeak-ng
# (a program name on PATH, or a path); without it the board falls back to the browser's speech.
# The rendered sentences are kept in HALL_ANNOUNCE_DIR, at most HALL_ANNOUNCE_KEEP files (about
# 250 KB each): a board fetches each only while its call is on the screen.
HALL_ANNOUNCE_ESPEAK = env.get("HALL_ANNOUNCE_ESPEAK") or "espeak-ng"
HALL_ANNOUNCE_DIR = VAR_DIR / "announcements"
HALL_ANNOUNCE_KEEP = 200

# The second factor (organisation/twofactor.py): optional for all staff, required for these
# roles (comma-separated role codes, e.g. "administrator,data_protection"; empty: for none).
TWO_FACTOR_REQUIRED_ROLES = env.get_list("TWO_FACTOR_REQUIRED_ROLES", [])
OTP_TOTP_ISSUER = "Anlaufstelle"
# Each wrong code doubles the wait before the next one is checked (1, 2, 4, … seconds).
OTP_TOTP_THROTTLE_FACTOR = 1

AXES_FAILURE_LIMIT = env.get_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_USERNAME_CALLABLE = "anlaufstelle.core.throttle.username_for_throttling"
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

LANGUAGE_CODE = "de"
LANGUAGES = [
    ("de", "Deutsch"),
    ("en", "English"),
    ("uk", "Українська"),
    ("ru", "Русский"),
    ("ar", "العربية"),
    ("fa", "فارسی"),
    ("ku", "Kurmancî"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Django knows Sorani (ckb) but not Kurmanji, which is written in Latin script, left to right.
django.conf.locale.LANG_INFO.setdefault(
    "ku", {"bidi": False, "code": "ku", "name": "Kurdish (Kurmanji)", "name_local": "Kurmancî"}
)
TIME_ZONE = env.get("TIME_ZONE") or "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    ("kern", REPO_DIR / "node_modules" / "@kern-ux" / "native" / "dist"),
    ("htmx", REPO_DIR / "node_modules" / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serving straight from the finders keeps `make test` free of a collectstatic step.
WHITENOISE_USE_FINDERS = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Security: cookies only over HTTPS unless told otherwise (the local demo runs on plain HTTP).
SECURE_COOKIES = env.get_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# Shared desks: a session ends after SESSION_IDLE_MINUTES without activity, SESSION_MAX_HOURS
# after sign-in however busy, and when the browser closes (core/sessions.py).
SESSION_IDLE_MINUTES = env.get_int("SESSION_IDLE_MINUTES", 30)
SESSION_MAX_HOURS = env.get_int("SESSION_MAX_HOURS", 10)
if SESSION_IDLE_MINUTES < 1 or SESSION_MAX_HOURS < 1:
    raise ImproperlyConfigured("SESSION_IDLE_MINUTES and SESSION_MAX_HOURS must be at least 1")
# The cookie and the stored session never outlive the longest sign-in.
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env.get_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env.get_int("SECURE_HSTS_SECONDS", 0)
if env.get_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.get("LOG_LEVEL") or "WARNING"},
}

MESSAGE_TAGS = {10: "info", 20: "info", 25: "success", 30: "warning", 40: "danger"}

# Appointments (appointments/): the grid of start times, how long a chosen time is held while
# the visitor fills in the form, how long a cancelled time stays blocked, bookings per e-mail
# address or phone number, how far ahead visitors book at least, the reminder, and the window
# around the booked time in which a check-in keeps it (later: the visitor joins as a walk-in).
APPOINTMENT_SLOT_MINUTES = env.get_int("APPOINTMENT_SLOT_MINUTES", 15)
APPOINTMENT_HOLD_MINUTES = env.get_int("APPOINTMENT_HOLD_MINUTES", 10)
APPOINTMENT_CANCEL_EMBARGO_MINUTES = env.get_int("APPOINTMENT_CANCEL_EMBARGO_MINUTES", 60)
APPOINTMENT_LIMIT_PER_CONTACT = env.get_int("APPOINTMENT_LIMIT_PER_CONTACT", 2)
APPOINTMENT_LEAD_MINUTES = env.get_int("APPOINTMENT_LEAD_MINUTES", 30)
APPOINTMENT_WALK_MINUTES = env.get_int("APPOINTMENT_WALK_MINUTES", 2)
APPOINTMENT_REMINDER_HOURS = env.get_int("APPOINTMENT_REMINDER_HOURS", 24)
APPOINTMENT_EARLY_MINUTES = env.get_int("APPOINTMENT_EARLY_MINUTES", 30)
APPOINTMENT_LATE_MINUTES = env.get_int("APPOINTMENT_LATE_MINUTES", 15)
# The address of the public pages, for the links in e-mails and letters.
PUBLIC_BASE_URL = env.get("PUBLIC_BASE_URL") or "http://127.0.0.1:8000"

# E-mail (outbox/): mails are queued in the database and sent by `anlaufstelle send_mail`
# through this SMTP server; a failed attempt is tried again after each of OUTBOX_RETRY_MINUTES
# (the last repeated), and after OUTBOX_MAX_ATTEMPTS it is given up and shown to staff (/outbox/).
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = env.get_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env.get("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = env.get("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = env.get_bool("EMAIL_USE_TLS", False)
# TLS from the first byte (port 465), where the server does not speak STARTTLS.
EMAIL_USE_SSL = env.get_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env.get_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env.get("DEFAULT_FROM_EMAIL") or "anlaufstelle@localhost"
if not 0 < EMAIL_PORT < 65536:
    raise ImproperlyConfigured("EMAIL_PORT must be a port number (1 to 65535)")
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL exclude each other; set one")
if EMAIL_TIMEOUT < 1:
    raise ImproperlyConfigured("EMAIL_TIMEOUT must be at least 1 second")
try:
    OUTBOX_RETRY_MINUTES = [
        int(m) for m in env.get_list("OUTBOX_RETRY_MINUTES", ["1", "5", "15", "60"])
    ]
except ValueError as exc:
    raise ImproperlyConfigured(
        "OUTBOX_RETRY_MINUTES must be whole minutes separated by commas, e.g. 1,5,15,60"
    ) from exc
if not OUTBOX_RETRY_MINUTES or min(OUTBOX_RETRY_MINUTES) < 1:
    raise ImproperlyConfigured(
        "OUTBOX_RETRY_MINUTES must name at least one wait of 1 minute or more"
    )
OUTBOX_MAX_ATTEMPTS = env.get_int("OUTBOX_MAX_ATTEMPTS", len(OUTBOX_RETRY_MINUTES) + 1)
# How long a sender holds a mail it has taken; one that died holding it (killed, machine lost)
# leaves the mail to the next sender after this. Each step of an SMTP conversation may wait
# EMAIL_TIMEOUT, so a shorter lease could hand a mail still being sent to a second sender.
OUTBOX_LEASE_MINUTES = env.get_int("OUTBOX_LEASE_MINUTES", 10)
if OUTBOX_MAX_ATTEMPTS < 1:
    raise ImproperlyConfigured("OUTBOX_MAX_ATTEMPTS must be at least 1")
if OUTBOX_LEASE_MINUTES * 60 < 10 * EMAIL_TIMEOUT:
    raise ImproperlyConfigured(
        f"OUTBOX_LEASE_MINUTES must be at least {-(-10 * EMAIL_TIMEOUT // 60)}: ten times"
        f" EMAIL_TIMEOUT ({EMAIL_TIMEOUT} seconds)"
    )
# Days after an invitation run was sent before an invited person who has not answered is
# reminded (once).
APPOINTMENT_INVITATION_REMINDER_DAYS = env.get_int("APPOINTMENT_INVITATION_REMINDER_DAYS", 3)
