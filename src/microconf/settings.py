"""The one settings module, driven by environment variables.

DATABASE_URL   database URL; default a SQLite file (WAL mode) in the data directory,
               ``postgres://user:password@host:port/name`` for PostgreSQL.
SECRET_KEY     signing key, the same on every process; without it the key kept in
               the data directory (``microconf demo`` and ``make serve`` keep one
               there), and with neither the settings refuse to load.
DEBUG          "true"/"false" (default false).
ALLOWED_HOSTS  comma-separated host names (default: the loopback names).
MICROCONF_HTTPS  "false" serves plain http (the demo); otherwise production is
               https only: see docs/security.md for this and the other SECURE_* ones.
MICROCONF_DATA_DIR  where the SQLite file, the kept key, uploads and collected static
               files live (default ./data).
MICROCONF_BASE_URL  the public address links name; unset, each request's own host.
CACHE_URL      the store every app process shares for rate limits: unset, a table in
               the database; ``redis://host:6379/0`` or ``memcached://host:11211``.
TRUSTED_PROXY_COUNT  proxies in front of the app that append to X-Forwarded-For
               (default 0: the client is the connection's address; 1 behind nginx).

Importing this module only reads: it creates no folder and writes no key (the
console command and wsgi.py prepare the data directory when they start).
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from microconf.datadir import data_dir, kept_secret_key

PACKAGE_DIR = Path(__file__).resolve().parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    """Read a boolean variable, refusing values that are neither true nor false."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use true or false.")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_cache(name: str) -> dict:
    """The shared cache named by a URL: the database's table unless set."""
    raw = os.environ.get(name, "").strip()
    scheme = urlsplit(raw).scheme
    if raw in {"", "db"}:
        # MAX_ENTRIES: counters of every address at a busy conference, culled first
        # when expired.
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "microconf_cache",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    if scheme in {"redis", "rediss", "unix"}:
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": raw,
        }
    if scheme in {"memcached", "pymemcache"}:
        return {
            "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
            "LOCATION": urlsplit(raw).netloc,
        }
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a cache this site can share between processes: "
        "leave it unset (the database), or write redis://host:6379/0 or "
        "memcached://host:11211."
    )


def env_base_url(name: str) -> str:
    """An http(s) address without a final slash, or "" when the variable is unset."""
    raw = os.environ.get(name, "").strip()
    parts = urlsplit(raw)
    if raw and (parts.scheme not in {"http", "https"} or not parts.netloc):
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not an address: write it as https://host[:port]."
        )
    return raw.rstrip("/")


DATA_DIR = data_dir()
SECRET_KEY = os.environ.get("SECRET_KEY") or kept_secret_key(DATA_DIR)
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Set it in the environment, the same on every app "
        f"process and the worker; no key is kept in {DATA_DIR} either (microconf "
        "demo and make serve keep one there for a plain-http site)."
    )
DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# The address absolute links name (microconf/links.py): MICROCONF_BASE_URL when
# set, for every request; otherwise each request's own host, and outside a
# request the address `microconf demo/serve --bind` serves on (it sets
# MICROCONF_SERVED_URL), else the default.
BASE_URL_FIXED = bool(env_base_url("MICROCONF_BASE_URL"))
BASE_URL = (
    env_base_url("MICROCONF_BASE_URL")
    or env_base_url("MICROCONF_SERVED_URL")
    or "http://127.0.0.1:8000"
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "ninja",
    "axes",
    "corsheaders",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    # Before django_tasks_db: its db_worker command, with a heartbeat, wins.
    "microconf.worker",
    "django_tasks_db",
    "microconf.audit",
    "microconf.conference",
    "microconf.people",
    "microconf.cfp",
    "microconf.review",
    "microconf.notifications",
    "microconf.interest",
    "microconf.scheduling",
    "microconf.exchange",
    "microconf.api",
    "microconf.materials",
    "microconf.desk",
    "microconf.programme",
    "microconf.demo",
    "microconf.operations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so static files carry the policy too.
    "microconf.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything else that may answer (CommonMiddleware's redirects).
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language: the selector's cookie, else the browser's Accept-Language.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # After CommonMiddleware, which has refused hosts ALLOWED_HOSTS does not list.
    "microconf.links.BaseUrlMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "microconf.security.RefuseNulMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # A service's refusal that no view caught becomes a page with its sentence.
    "microconf.refusals.RefusalMiddleware",
    # Last, so it sees the outcome of every log-in attempt.
    "axes.middleware.AxesMiddleware",
]

# Other origins may read the public programme's files and the read-only API
# (docs/api.md): schedule.json/.xml/.ics of every conference and each track's
# calendar, the public API routes and the OpenAPI document. Nothing else: no
# page of a signed-in person, no team route, nothing that writes. Any origin,
# never with cookies ("*" forbids credentials).
CORS_URLS_REGEX = (
    r"^/(?:[-\w]+/schedule\.(?:json|xml|ics)"
    r"|[-\w]+/tracks/[-\w]+/schedule\.ics"
    r"|api/v1/openapi\.json"
    r"|api/v1/conferences(?:/[-\w]+(?:/(?:tracks|rooms|people|sponsors"
    r"|contributions(?:/\d+(?:/materials)?)?))?)?)$"
)
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]

AUTHENTICATION_BACKENDS = [
    # First: refuses locked-out clients before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

ROOT_URLCONF = "microconf.urls"
WSGI_APPLICATION = "microconf.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def _database() -> dict:
    default_url = f"sqlite:///{DATA_DIR / 'microconf.sqlite3'}"
    # Connections are kept for a minute per process, on both databases: opening
    # one (with SQLite's WAL pragmas below) costs more than serving a cached page.
    config = dj_database_url.config(
        default=default_url, conn_max_age=60, conn_health_checks=True
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            # WAL lets readers go on while one writer commits; IMMEDIATE takes the
            # write lock at BEGIN so concurrent writers queue instead of failing.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "people:dashboard"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "microconf.people.forms.SignupForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[microconf] "
# Links in mails stop working: reset links after three hours, confirmation links
# (signed, nothing stored) after three days.
PASSWORD_RESET_TIMEOUT = 3 * 60 * 60
ACCOUNT_EMAIL_CONFIRMATION_HMAC = True
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
# allauth's limits per address and per account, stated here to be seen (429 past them).
# A conference's attendees may share one address at the venue, hence 20 sign-ups.
ACCOUNT_RATE_LIMITS = {
    "signup": "20/m/ip",
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
}
# Five failed log-ins for one account from one address lock it for fifteen minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "login"
AXES_USERNAME_CALLABLE = "microconf.security.login_attempt_username"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", default=True)
# E-mail domains that say nothing about an employer, so a shared one is no
# conflict of interest: public mail providers and the reserved example domains.
REVIEW_CONFLICT_IGNORED_DOMAINS = env_list(
    "REVIEW_CONFLICT_IGNORED_DOMAINS",
    [
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com",
        "yahoo.com", "icloud.com", "me.com", "proton.me", "protonmail.com",
        "gmx.de", "gmx.net", "web.de", "mail.ru", "yandex.ru", "qq.com",
        "163.com", "fastmail.com", "posteo.de", "example.org", "example.com",
        "example.net",
    ],
)  # fmt: skip
# What one imported schedule file may hold, besides its bytes: each bounds the work
# of one import (a small file can name 200,000 people). Raise one to import a file
# that exceeds it; the refusal names the setting.
IMPORT_MAX_EVENTS = int(os.environ.get("IMPORT_MAX_EVENTS", "10000"))
IMPORT_MAX_PEOPLE = int(os.environ.get("IMPORT_MAX_PEOPLE", "20000"))
IMPORT_MAX_ROOMS = int(os.environ.get("IMPORT_MAX_ROOMS", "500"))
IMPORT_MAX_DAYS = int(os.environ.get("IMPORT_MAX_DAYS", "100"))
# The staff import page hands files larger than this to the worker, which shows
# its progress; smaller ones are imported while the page waits.
IMPORT_IN_WORKER_ABOVE_BYTES = int(
    os.environ.get("IMPORT_IN_WORKER_ABOVE_BYTES", str(512 * 1024))
)
# Uploaded images (sponsor logos, image materials) of more pixels than this are
# refused from their header, before decoding: a few kB can hold gigapixels.
IMAGE_MAX_PIXELS = int(os.environ.get("IMAGE_MAX_PIXELS", str(40_000_000)))
# API tokens stop working after this many days; a leaked old token is then harmless.
API_TOKEN_LIFETIME_DAYS = int(os.environ.get("API_TOKEN_LIFETIME_DAYS", "90"))

# Mail: SMTP when EMAIL_HOST is set, otherwise each message is written as a file into
# the data directory, so a demo can follow confirmation links without a mail server.
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "microconf <noreply@localhost>"
)
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
    # Bounded, so a send never outlives the outbox's recovery time (600 s).
    EMAIL_TIMEOUT = 60
else:
    # One file per message, written once even if a crash makes the worker resend.
    EMAIL_BACKEND = "microconf.notifications.mailfiles.EmailBackend"
    EMAIL_FILE_PATH = DATA_DIR / "mail"

# Background work (sending the outbox) runs in `microconf db_worker`.
TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
}

LANGUAGE_CODE = "en"
# The interface's languages (docs/programme.md, "Languages"); a conference's own
# texts stay as their organisers wrote them.
LANGUAGES = [("en", "English"), ("de", "Deutsch")]
# django.po per language; the .mo files are built from it (make messages).
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# Stored in UTC; every page converts to the conference's own timezone.
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Uploads in an S3-compatible object store instead of the data directory.
if os.environ.get("S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["S3_BUCKET"],
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("S3_REGION") or None,
            "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

# --- Transport and headers (docs/security.md) -----------------------------------
# A site is reached over HTTPS, directly or through a TLS-terminating proxy, unless
# it runs in DEBUG or says otherwise: ``microconf demo`` serves plain http on the
# loopback, where secure cookies would never come back and a redirect would fail.
HTTPS = env_bool("MICROCONF_HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=HTTPS)
# Behind a proxy the app sees plain http; trust the proxy's header (e.g.
# X-Forwarded-Proto) only when set, since a client could send it too.
if os.environ.get("SECURE_PROXY_SSL_HEADER"):
    _header = os.environ["SECURE_PROXY_SSL_HEADER"].strip().upper().replace("-", "_")
    SECURE_PROXY_SSL_HEADER = (f"HTTP_{_header}", "https")
# HSTS is only sent over https; a year, as preload lists ask.
SECURE_HSTS_SECONDS = (
    int(os.environ.get("SECURE_HSTS_SECONDS", 31_536_000)) if HTTPS else 0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
# programme.js reads the CSRF cookie to star sessions on cached pages, which cannot
# carry a per-person token; an HttpOnly CSRF cookie would not protect anything more.
CSRF_COOKIE_HTTPONLY = False
SESSION_COOKIE_SAMESITE = "Lax"
# The language selector's choice: no script reads it.
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Scripts and styles come from our static files only; no 'unsafe-inline'.
_image_sources = ["'self'", "data:"]
if os.environ.get("S3_BUCKET"):
    # Sponsor logos are linked straight from the object store.
    _endpoint = urlsplit(os.environ.get("S3_ENDPOINT_URL") or "https://*.amazonaws.com")
    _image_sources.append(f"{_endpoint.scheme}://{_endpoint.netloc}")
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": _image_sources,
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- Caches -------------------------------------------------------------------
# "default" holds what must count alike in every process: allauth's log-in, sign-up
# and reset limits and the API's throttles (both use Django's default cache). The
# public pages live in each process's memory ("pages"): they are keyed by a
# programme version read from the database on every request, so processes never
# disagree, and a page served from memory costs no round trip to a shared store.
CACHES = {
    "default": env_cache("CACHE_URL"),
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "microconf-pages",
        # A large conference's pages in two languages; ~30 kB each at most.
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}
PAGE_CACHE = "pages"
# Behind a proxy, the client's address is the one it appended to X-Forwarded-For;
# the same count for allauth's limits, the API's throttles and django-axes.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
NINJA_NUM_PROXIES = TRUSTED_PROXY_COUNT
AXES_CLIENT_IP_CALLABLE = "microconf.security.client_ip"
# The API's limits, counted in the shared cache: requests a minute per signed-in
# user or token, and refused tokens a minute per address (past that, every token
# from the address waits). Anonymous reads are cached pages, left to the proxy.
API_RATE_PER_USER = os.environ.get("API_RATE_PER_USER", "300/m")
API_RATE_REFUSED_TOKENS = os.environ.get("API_RATE_REFUSED_TOKENS", "20/m")
