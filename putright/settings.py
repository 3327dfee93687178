"""PutRight settings: one module, read from the environment (see .env.example)."""

from __future__ import annotations

import secrets
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from putright.env import REPORT_CACHE_TABLE, cache_from_url, env_bool, env_int, env_list, env_str, load_env_file
from putright.filestorage import default_storage

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("PUTRIGHT_VAR_DIR", str(BASE_DIR / "var")))
TESTING = env_bool("PUTRIGHT_TESTING", "pytest" in sys.modules)

# `make run` writes var/local.env for the demo: DEBUG=1 and a secret key made once, so that restarting it signs
# nobody out and `manage.py` commands work as the README writes them. The environment always wins; tests never
# read it; a production server must not have this file (set DEBUG, SECRET_KEY and the rest in the environment).
if not TESTING:
    load_env_file(VAR_DIR / "local.env")

DEBUG = env_bool("DEBUG", False)

# A random key is acceptable only in debug or tests; production must set SECRET_KEY (or SECRET_KEY_FILE).
SECRET_KEY = env_str("SECRET_KEY", "" if (DEBUG or TESTING) else None)
if not SECRET_KEY:
    SECRET_KEY = secrets.token_urlsafe(50)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if (DEBUG or TESTING) else [])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set outside debug, e.g. ALLOWED_HOSTS=complaints.example.gov.uk")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_tasks_db",
    "axes",  # failed staff sign-ins, kept in the database so the limit holds across workers and machines
    "django_otp",  # two-factor authentication: codes from an authenticator app (TOTP) and recovery codes
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Django REST framework serves the API without being an installed app (the API answers in JSON only, so it needs
    # none of DRF's templates). Installed, its template tags would be loaded into every web worker's template engine,
    # and with them django.contrib.postgres and the PostgreSQL driver, even on SQLite.
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "putright.core",
    "putright.organisation",
    "putright.people",
    "putright.procedures",
    "putright.cases",
    "putright.audit",
    "putright.notifications",
    "putright.portal",
    "putright.reporting",
    "putright.ombudsman",
    "putright.learning",
    "putright.demo",
    "putright.api",
    "putright.imports",
    "putright.records",
]

MIDDLEWARE = [
    "putright.core.security.RequestSizeLimitMiddleware",  # first: a body too large is refused before it is read
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "putright.core.security.PermissionsPolicyMiddleware",
    "putright.core.memo.RequestMemoMiddleware",  # the organisation is read once per request
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "putright.portal.middleware.StaffPagesInEnglish",  # Welsh is for the public pages only
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "putright.core.security.StaffIdleTimeoutMiddleware",
    "putright.portal.two_factor.SecondStepMiddleware",  # signed in with a password: the code (or its set-up) next
    "putright.audit.context.AccessContextMiddleware",  # where each access log entry came from; list pages read
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out sign-in into the "try again later" page
]

if not (DEBUG or TESTING):
    # Production serves static files itself (gunicorn + whitenoise); runserver and tests use staticfiles.
    MIDDLEWARE.insert(2, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "putright.urls"
WSGI_APPLICATION = "putright.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "putright" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "putright.organisation.context_processors.service",
                "django.template.context_processors.csp",
            ],
            # `|date` kept for each date, format and language (putright/core/templatetags/dates.py).
            "builtins": ["putright.core.templatetags.dates"],
        },
    },
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", "sqlite:///" + str(VAR_DIR / "putright.sqlite3")),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the worker and the web server read while the other writes; IMMEDIATE avoids
    # "database is locked" upgrades when two requests write at once.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0 if TESTING else DATABASES["default"]["CONN_MAX_AGE"]
# A read replica of DATABASE_URL for the report figures (putright/core/replica.py): REPORTS_DATABASE_URL. Only the
# figures' reads go there; every write and every other read stays on DATABASE_URL. Tests define the same alias as a
# mirror of the test database, used only where a test asks for it (PUTRIGHT_REPORTS_DATABASE).
REPORTS_DATABASE_URL = env_str("REPORTS_DATABASE_URL", "")
if REPORTS_DATABASE_URL:
    DATABASES["replica"] = dj_database_url.parse(
        REPORTS_DATABASE_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60)
    )
elif TESTING:
    DATABASES["replica"] = DATABASES["default"].copy()
if "replica" in DATABASES:
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
PUTRIGHT_REPORTS_DATABASE = "replica" if REPORTS_DATABASE_URL else "default"
# PostgreSQL: the reads built once per process (core/prepared.py) are also prepared once per connection, so the
# server parses and plans each once rather than on every call; the ORM's other queries are unaffected. Turn off
# (DATABASE_PREPARED_READS=0) behind a pooler that cannot keep prepared statements (PgBouncer before 1.21 in
# transaction mode).
for _database in DATABASES.values():
    if _database["ENGINE"] == "django.db.backends.postgresql":
        _database.setdefault("OPTIONS", {})["prepare_threshold"] = (
            0 if env_bool("DATABASE_PREPARED_READS", True) else None
        )
DATABASE_ROUTERS = ["putright.core.replica.ReportReadRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache (rate limits on the public forms, worked-out report figures): the database by default, so every web
# worker shares the counts and the figures; Redis when CACHE_URL says so (redis://host:6379/1). See putright/env.py.
# "reports" is the same cache with keys of its own (its own table in the database; reporting/snapshots.py).
CACHE_URL = env_str("CACHE_URL", "db://")
CACHES = {
    "default": cache_from_url(CACHE_URL),
    "reports": cache_from_url(CACHE_URL, table=REPORT_CACHE_TABLE, key_prefix="reports"),
}

AUTH_USER_MODEL = "organisation.User"
LOGIN_URL = "login"
# Staff sign-in (the sign-in page and the admin's): after PUTRIGHT_SIGN_IN_FAILURES wrong passwords for one
# username from one address, that pair is refused for PUTRIGHT_SIGN_IN_LOCKOUT_MINUTES, even with the right password.
# Counted by django-axes in the database; a successful sign-in clears the count.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env_int("PUTRIGHT_SIGN_IN_FAILURES", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("PUTRIGHT_SIGN_IN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "staff/locked_out.html"
AXES_VERBOSE = False
# A member of staff idle this long is signed out on their next request (core/security.py, from the time kept in the
# session on the server); the cookie and the session's row themselves last Django's two weeks (SESSION_COOKIE_AGE).
PUTRIGHT_STAFF_IDLE_MINUTES = env_int("PUTRIGHT_STAFF_IDLE_MINUTES", 30)
# A forgotten password: the emailed reset link works once (it is tied to the old password) and for this long.
PASSWORD_RESET_TIMEOUT = 60 * env_int("PUTRIGHT_PASSWORD_RESET_MINUTES", 60)
LOGIN_REDIRECT_URL = "portal:signed_in"  # staff to their cases, councillors to their own pages
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "putright.core.breached_passwords.BreachedPasswordValidator"},
]
# New passwords are checked against Have I Been Pwned's Pwned Passwords (k-anonymity: only the first five
# characters of the password's SHA-1 leave the server). Empty URL: not checked. When the service cannot be reached
# in PUTRIGHT_PWNED_PASSWORDS_TIMEOUT seconds the password is accepted (the other validators still apply) and a
# warning is logged; PUTRIGHT_PWNED_PASSWORDS_REQUIRED=1 refuses it instead, asking to try again later.
PUTRIGHT_PWNED_PASSWORDS_URL = env_str(
    "PUTRIGHT_PWNED_PASSWORDS_URL", "" if TESTING else "https://api.pwnedpasswords.com/range/"
)  # tests start a stand-in
PUTRIGHT_PWNED_PASSWORDS_TIMEOUT = env_int("PUTRIGHT_PWNED_PASSWORDS_TIMEOUT", 3)
PUTRIGHT_PWNED_PASSWORDS_REQUIRED = env_bool("PUTRIGHT_PWNED_PASSWORDS_REQUIRED", False)

# Two-factor authentication (django-otp): administrators and anyone who may see restricted cases must set up an
# authenticator app; anyone who has set one up is asked for its code after their password. The name the app shows:
OTP_TOTP_ISSUER = env_str("PUTRIGHT_TWO_FACTOR_ISSUER", "PutRight")
OTP_TOTP_THROTTLE_FACTOR = 1  # each wrong code doubles the wait before the next is tried (1 s, 2 s, 4 s ...)
OTP_STATIC_THROTTLE_FACTOR = 1

# Single sign-on with the council's identity provider (OpenID Connect; README "Security" has Microsoft Entra ID as
# the worked example). Off while PUTRIGHT_OIDC_DISCOVERY_URL or PUTRIGHT_OIDC_CLIENT_ID is empty.
PUTRIGHT_OIDC_DISCOVERY_URL = env_str("PUTRIGHT_OIDC_DISCOVERY_URL", "")
PUTRIGHT_OIDC_CLIENT_ID = env_str("PUTRIGHT_OIDC_CLIENT_ID", "")
PUTRIGHT_OIDC_CLIENT_SECRET = env_str("PUTRIGHT_OIDC_CLIENT_SECRET", "")
PUTRIGHT_OIDC_SCOPES = env_str("PUTRIGHT_OIDC_SCOPES", "openid profile email")
PUTRIGHT_OIDC_BUTTON = env_str("PUTRIGHT_OIDC_BUTTON", "Sign in with your council account")
# The claim holding the person's groups or app roles ("groups" in Entra with group claims on; "roles" for app roles),
# and which of them gives which PutRight role: "<group or role>=<PutRight role>" pairs, comma-separated, e.g.
# "2f1c...=complaints_officer,9a0b...=administrator". Several matching: the first listed wins. None: refused.
PUTRIGHT_OIDC_ROLES_CLAIM = env_str("PUTRIGHT_OIDC_ROLES_CLAIM", "groups")
PUTRIGHT_OIDC_ROLE_MAP = env_str("PUTRIGHT_OIDC_ROLE_MAP", "")
# The claim naming the person's PutRight username (Entra: preferred_username, their sign-in name).
PUTRIGHT_OIDC_USERNAME_CLAIM = env_str("PUTRIGHT_OIDC_USERNAME_CLAIM", "preferred_username")
PUTRIGHT_OIDC_TIMEOUT = env_int("PUTRIGHT_OIDC_TIMEOUT", 10)
# Local passwords (for small landlords without an identity provider). 0: everyone signs in through the identity
# provider, on the sign-in page and the admin's; the password pages are closed.
PUTRIGHT_LOCAL_PASSWORDS = env_bool("PUTRIGHT_LOCAL_PASSWORDS", True)
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en", _("English")), ("cy", _("Cymraeg"))]
LOCALE_PATHS = [BASE_DIR / "putright" / "locale"]
# "18 December 2026" (Welsh "18 Rhagfyr 2026") wherever a template shows a date without its own format.
FORMAT_MODULE_PATH = ["putright.formats"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "putright" / "static"]
STORAGES = {
    # Evidence, letters and inbound email: local files under MEDIA_ROOT, or object storage (putright/filestorage.py).
    "default": default_storage(),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if (DEBUG or TESTING)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"

# Background tasks: the database by default (worker: `manage.py db_worker`). Deployments that outgrow one machine
# may use Redis instead (django-tasks-rq): TASKS_BACKEND as below, REDIS_URL, and workers started with
# `manage.py rqworker default --job-class django_tasks_rq.Job` (README, "Running at scale").
TASKS_BACKEND = env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
TASKS = {"default": {"BACKEND": TASKS_BACKEND, "QUEUES": ["default"]}}
if TASKS_BACKEND == "django_tasks_rq.RQBackend":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {
        "default": {
            "URL": env_str("REDIS_URL", "redis://127.0.0.1:6379/0"),
            "DEFAULT_TIMEOUT": env_int("RQ_JOB_TIMEOUT", 600),  # seconds a task may run before RQ stops it
        }
    }

# Email goes through Django 6.1's MAILERS; defining any EMAIL_* setting beside it is an error.
MAILERS = {
    "default": {
        "BACKEND": env_str("MAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"),
        "OPTIONS": {
            key: value
            for key, value in {
                "host": env_str("SMTP_HOST", ""),
                "port": env_int("SMTP_PORT", 25),
                "username": env_str("SMTP_USERNAME", ""),
                "password": env_str("SMTP_PASSWORD", ""),
                "use_tls": env_bool("SMTP_USE_TLS", False),
                "timeout": env_int("SMTP_TIMEOUT", 10),
            }.items()
            if env_str("SMTP_HOST", "")
        },
    }
}
# Empty: emails come from the organisation's complaints address, where replies are read
# (putright/notifications/outbound/addresses.py).
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "")

# Who sends the outbox's messages: "smtp" (email through MAILERS above; letters are PDFs for the council's print
# room; no text messages) or "notify" (GOV.UK Notify sends email and text messages and posts the letters).
MESSAGE_PROVIDER = env_str("MESSAGE_PROVIDER", "smtp").strip().lower()
if MESSAGE_PROVIDER not in {"smtp", "notify"}:
    raise ImproperlyConfigured(f"MESSAGE_PROVIDER={MESSAGE_PROVIDER!r} must be smtp or notify.")
# GOV.UK Notify: an API key ("name-<service id>-<secret>", from the service's API integration page) and one generic
# template per channel whose content is only placeholders: email subject ((subject)) and body ((body)); text message
# ((body)). Letters are sent as PutRight's own PDF (precompiled), so they need no template.
NOTIFY_API_KEY = env_str("NOTIFY_API_KEY", "")
NOTIFY_BASE_URL = env_str("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk").rstrip("/")
NOTIFY_EMAIL_TEMPLATE_ID = env_str("NOTIFY_EMAIL_TEMPLATE_ID", "")
NOTIFY_SMS_TEMPLATE_ID = env_str("NOTIFY_SMS_TEMPLATE_ID", "")
NOTIFY_EMAIL_REPLY_TO_ID = env_str("NOTIFY_EMAIL_REPLY_TO_ID", "")  # empty: the service's default reply-to address
NOTIFY_LETTER_POSTAGE = env_str("NOTIFY_LETTER_POSTAGE", "second").strip().lower()
NOTIFY_TIMEOUT = env_int("NOTIFY_TIMEOUT", 30)
# The bearer token set for the delivery-receipt and received-text callbacks in Notify; empty: both answer 404.
NOTIFY_CALLBACK_TOKEN = env_str("NOTIFY_CALLBACK_TOKEN", "")
if NOTIFY_LETTER_POSTAGE not in {"first", "second", "economy"}:
    raise ImproperlyConfigured(f"NOTIFY_LETTER_POSTAGE={NOTIFY_LETTER_POSTAGE!r} must be first, second or economy.")
if MESSAGE_PROVIDER == "notify":
    _notify_needs = {
        "NOTIFY_API_KEY": NOTIFY_API_KEY,
        "NOTIFY_EMAIL_TEMPLATE_ID": NOTIFY_EMAIL_TEMPLATE_ID,
        "NOTIFY_SMS_TEMPLATE_ID": NOTIFY_SMS_TEMPLATE_ID,
    }
    if _missing := [name for name, value in _notify_needs.items() if not value]:
        raise ImproperlyConfigured(f"MESSAGE_PROVIDER=notify needs {', '.join(_missing)} (see .env.example).")
    if len(NOTIFY_API_KEY) < 74 or NOTIFY_API_KEY[-37] != "-" or NOTIFY_API_KEY[-74] != "-":
        raise ImproperlyConfigured("NOTIFY_API_KEY must be the whole key Notify gave: name-<service id>-<secret>.")

# Django's database sessions, with the read every request makes built into SQL once, and a save the request marks
# as one that may be lost not waiting for the disk (putright/core/sessions.py).
SESSION_ENGINE = "putright.core.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG and not TESTING)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# HTTPS only, remembered by the browser for a year (sent on HTTPS responses; set 0 while trying HTTPS out).
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
# Content-Security-Policy (Django's own): scripts, styles, images and fonts from PutRight itself, nothing inline
# except styles carrying the page's nonce (the print pages' own styles).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Request bodies: 2 MB for a form (Django's check on fields); the pages that take files allow more, and
# RequestSizeLimitMiddleware refuses a larger body from its Content-Length before reading any of it.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Retention (putright/records): years after closure that cases with no procedure (comments, compliments) keep personal
# data; each procedure sets its own. PUTRIGHT_RETENTION=off stops the daily run (a dry run still lists what is due).
PUTRIGHT_RETENTION_YEARS = env_int("PUTRIGHT_RETENTION_YEARS", 6)
PUTRIGHT_RETENTION = env_str("PUTRIGHT_RETENTION", "on")
PUTRIGHT_MAX_REQUEST_BYTES = env_int("PUTRIGHT_MAX_REQUEST_BYTES", 2 * 1024 * 1024)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
# How many proxies (load balancers) in front of the web nodes append the address they were sent from to
# X-Forwarded-For; the public forms' limits then count by the visitor's address, not the proxy's (portal/ratelimit.py).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

PUTRIGHT_SERVICE_NAME = env_str("PUTRIGHT_SERVICE_NAME", "")  # empty: the organisation's name
PUTRIGHT_PAGE_SIZE = env_int("PUTRIGHT_PAGE_SIZE", 25)
# Public forms: how many complaints, comments and compliments one IP address may send in an hour.
PUTRIGHT_SUBMISSIONS_PER_HOUR = env_int("PUTRIGHT_SUBMISSIONS_PER_HOUR", 10)
# Customer sign-in by emailed link: how long a link works, how many links one email address and one IP address
# may ask for in an hour (the per-address limit counts staff password reset emails too, separately), and how long a
# customer stays signed in.
PUTRIGHT_SIGN_IN_LINK_MINUTES = env_int("PUTRIGHT_SIGN_IN_LINK_MINUTES", 30)
PUTRIGHT_SIGN_IN_LINKS_PER_EMAIL_PER_HOUR = env_int("PUTRIGHT_SIGN_IN_LINKS_PER_EMAIL_PER_HOUR", 3)
PUTRIGHT_SIGN_INS_PER_HOUR = env_int("PUTRIGHT_SIGN_INS_PER_HOUR", 10)
PUTRIGHT_CUSTOMER_SESSION_MINUTES = env_int("PUTRIGHT_CUSTOMER_SESSION_MINUTES", 120)

# Notifications (putright/notifications): links in staff emails, the scheduler's daily jobs and staff alerts.
PUTRIGHT_SITE_URL = env_str("PUTRIGHT_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The local hour from which the day's digest and staff alerts are sent.
PUTRIGHT_DAILY_JOBS_HOUR = env_int("PUTRIGHT_DAILY_JOBS_HOUR", 7)
PUTRIGHT_DUE_SOON_WORKING_DAYS = env_int("PUTRIGHT_DUE_SOON_WORKING_DAYS", 2)
PUTRIGHT_ESCALATE_AFTER_WORKING_DAYS = env_int("PUTRIGHT_ESCALATE_AFTER_WORKING_DAYS", 5)
# Working days an open case may go without contact with the customer before its officer is reminded to update them.
PUTRIGHT_NO_CONTACT_WORKING_DAYS = env_int("PUTRIGHT_NO_CONTACT_WORKING_DAYS", 10)
# Working days before an ombudsman order or recommendation is due when its owner is first reminded.
PUTRIGHT_OMBUDSMAN_DUE_SOON_WORKING_DAYS = env_int("PUTRIGHT_OMBUDSMAN_DUE_SOON_WORKING_DAYS", 5)
# Days before a return or publication is due (Reports, Dates returns are due) when managers are emailed a reminder.
PUTRIGHT_RETURN_REMINDER_DAYS = env_int("PUTRIGHT_RETURN_REMINDER_DAYS", 30)
# Days before a contact restriction's review date when the person who decided it is emailed a reminder.
PUTRIGHT_RESTRICTION_REVIEW_REMINDER_DAYS = env_int("PUTRIGHT_RESTRICTION_REVIEW_REMINDER_DAYS", 14)
# Minutes the worked-out report figures are used for before they are worked out again (reporting/snapshots.py).
PUTRIGHT_REPORT_SNAPSHOT_MINUTES = env_int("PUTRIGHT_REPORT_SNAPSHOT_MINUTES", 15)
# A worker's claim on a message older than this means the worker died mid-send: the sweep sends the message again,
# with the same Message-ID (and Notify reference). Keep it well above SMTP_TIMEOUT and NOTIFY_TIMEOUT.
PUTRIGHT_STALE_CLAIM_SECONDS = env_int("PUTRIGHT_STALE_CLAIM_SECONDS", 15 * 60)
# Inbound email: read from an IMAP mailbox by `manage.py fetch_mail`, or POSTed by the provider to /messages/inbound/.
IMAP_HOST = env_str("IMAP_HOST", "")
IMAP_PORT = env_int("IMAP_PORT", 993)
IMAP_USE_SSL = env_bool("IMAP_USE_SSL", True)
IMAP_USER = env_str("IMAP_USER", "")
IMAP_PASSWORD = env_str("IMAP_PASSWORD", "")
IMAP_MAILBOX = env_str("IMAP_MAILBOX", "INBOX")
IMAP_PROCESSED_MAILBOX = env_str("IMAP_PROCESSED_MAILBOX", "")  # empty: handled messages are only marked as read
IMAP_TIMEOUT = env_int("IMAP_TIMEOUT", 30)
INBOUND_EMAIL_SECRET = env_str("INBOUND_EMAIL_SECRET", "")  # empty: the HTTP endpoint answers 404
INBOUND_EMAIL_MAX_BYTES = env_int("INBOUND_EMAIL_MAX_BYTES", 20 * 1024 * 1024)
# The pages that take files accept larger bodies than PUTRIGHT_MAX_REQUEST_BYTES (RequestSizeLimitMiddleware).
PUTRIGHT_UPLOAD_LIMITS = {
    # A step of a public form with up to 5 files of 10 MB (portal/evidence.py), and the mail provider's POST.
    "portal:step": 51 * 1024 * 1024,
    "notifications:inbound": INBOUND_EMAIL_MAX_BYTES + 1024 * 1024,
}
# Malware scanning of customers' files with ClamAV's clamd (putright/core/scanning.py; README "Security"):
# `clamd` scans every file and holds it, unopened, while clamd cannot be reached; `off` serves files unscanned.
MALWARE_SCANNING = env_str("MALWARE_SCANNING", "off" if (DEBUG or TESTING) else "clamd")
CLAMD_SOCKET = env_str("CLAMD_SOCKET", "")  # for example /run/clamav/clamd.ctl (Debian's clamav-daemon)
CLAMD_TCP = env_str("CLAMD_TCP", "")  # or host:port
CLAMD_TIMEOUT = env_int("CLAMD_TIMEOUT", 30)

# The API (/api/v1/) for other systems, Open311 (/open311/v2/) and webhooks; README "Integration".
PUTRIGHT_API_RATE_LIMIT = env_str("PUTRIGHT_API_RATE_LIMIT", "600/minute")  # per key, counted in the cache
PUTRIGHT_WEBHOOK_TIMEOUT = env_int("PUTRIGHT_WEBHOOK_TIMEOUT", 10)  # seconds to wait for a receiver
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["putright.api.auth.APIKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["putright.api.auth.HasAPIKey"],
    "DEFAULT_THROTTLE_CLASSES": ["putright.api.auth.KeyRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "putright.api.schema.ProblemAutoSchema",
    "EXCEPTION_HANDLER": "putright.api.problems.problem_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "PutRight API",
    "DESCRIPTION": (
        "Cases, contacts and reference data for the systems around PutRight. Send the key an administrator gave "
        "you as `Authorization: Bearer <key>`. Errors are problem details (RFC 9457); lists are paged by cursor."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "CaseKindEnum": "putright.cases.choices.CaseKind",
        "OmbudsmanRemedyKindEnum": "putright.ombudsman.choices.RemedyKind",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
