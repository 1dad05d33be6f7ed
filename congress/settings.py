"""Settings for the district people's congress portal.

Every deployment difference is an environment variable (see .env.example and the README's table);
the defaults are safe for development on one machine with the project-local PostgreSQL and Redis
that `make run` starts. Production (DJANGO_ENV=production) has no defaults for secrets.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy

from congress.boot import ConfigError, dev_secret_key, strict_env

BASE_DIR = Path(__file__).resolve().parent.parent

env = strict_env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in ("development", "production"):
    raise ConfigError("DJANGO_ENV must be 'development' or 'production', not %r" % DJANGO_ENV)
PRODUCTION = DJANGO_ENV == "production"

DEBUG = env.bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ConfigError("DEBUG must be off when DJANGO_ENV=production: unset DEBUG")

if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY", default="")
    if len(SECRET_KEY) < 50:
        raise ConfigError("SECRET_KEY must be set to a random string of 50+ characters in production")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="") or dev_secret_key(BASE_DIR / "var" / "dev-secret-key")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rules.apps.AutodiscoverRulesConfig",
    "csp",
    "congress",
    "deputies",
    "proposals",
    "meetings",
    "projects",
    "appointments",
    "oversight",
    "reports",
]

MIDDLEWARE = [
    "congress.middleware.ClientAddressMiddleware",  # first: REMOTE_ADDR is the visitor, not nginx
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "congress.principals.CachedAuthenticationMiddleware",  # the user from the cache (one Redis read)
    "congress.principals.CachedOTPMiddleware",  # django-otp's, with the verifying device from that read
    "congress.middleware.PortalLocaleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "congress.middleware.SessionGuardMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "congress.middleware.PolicyOnceCSPMiddleware",  # django-csp's, the constant header built once
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "congress.urls"
WSGI_APPLICATION = "congress.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "congress.context_processors.portal",
            ],
        },
    },
]

# --- data stores -----------------------------------------------------------------------------
_database_url = env.str("DATABASE_URL", default="postgres://portal@127.0.0.1:54329/portal")
if not _database_url.startswith(("postgres://", "postgresql://")):
    raise ConfigError("DATABASE_URL must point at PostgreSQL (postgres://user:password@host:port/name)")
DATABASES = {"default": environ.Env.db_url_config(_database_url)}
DATABASES["default"]["TEST"] = {"NAME": env.str("TEST_DB_NAME", default="") or None}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env.int("DB_CONNECT_TIMEOUT", default=5)
# JIT compiling and parallel workers pay off for long analytical queries, not for pages served to many
# at once on a few cores: a search whose plan the bigram function's declared cost makes look dear spent
# 420 ms of 490 compiling 15 ms of work, and 8 ms starting two workers for a branch it then skipped
# (bench/search.py)
DATABASES["default"]["OPTIONS"]["options"] = "-c jit=off -c max_parallel_workers_per_gather=0"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:63799/0")
if not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ConfigError("REDIS_URL must start with redis://, rediss:// or unix://")
CACHES = {
    "default": {
        "BACKEND": "congress.cache.ResilientRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="portal"),
        "OPTIONS": {"socket_connect_timeout": 3, "socket_timeout": 3},
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- Celery ----------------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=REDIS_URL)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_RESULT_EXPIRES = 3600
CELERY_TIMEZONE = "Asia/Shanghai"
# Beat records its own heartbeat as it ticks; /healthz/celery/ answers 503 when the worker's or beat's
# last heartbeat is older than HEARTBEAT_STALE_SECONDS (the worker's is written every minute).
CELERY_BEAT_SCHEDULER = "congress.celery:HeartbeatScheduler"
CELERY_BEAT_MAX_LOOP_INTERVAL = 30
HEARTBEAT_STALE_SECONDS = env.int("HEARTBEAT_STALE_SECONDS", default=180)
# The one place that defines every periodic task (later apps add theirs here).
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {"task": "congress.tasks.heartbeat", "schedule": 60.0},
    "outbox-flush": {"task": "congress.tasks.outbox_flush", "schedule": 300.0},
    "reminders": {
        "task": "congress.tasks.reminders_sweep",
        "schedule": crontab(hour=env.int("REMINDER_HOUR", default=8), minute=0),
    },
    # before the 02:30 backup, so that it holds no expired upload
    "retention": {"task": "congress.tasks.retention_sweep", "schedule": crontab(hour=2, minute=0)},
    # one digest email a day for the users who chose it (congress/digest.py)
    "digest": {
        "task": "congress.tasks.digest_sweep",
        "schedule": crontab(hour=env.int("DIGEST_HOUR", default=18), minute=0),
    },
}
# Retention (congress/retention.py, daily at 02:00): unconfirmed roster uploads (ID and mobile numbers)
# are deleted after RETENTION_IMPORT_DAYS; ended sessions' records and django-axes' login logs after
# RETENTION_LOGIN_DAYS; expired sessions at once.
RETENTION_IMPORT_DAYS = env.int("RETENTION_IMPORT_DAYS", default=2)
RETENTION_LOGIN_DAYS = env.int("RETENTION_LOGIN_DAYS", default=180)

# --- auth --------------------------------------------------------------------------------------
AUTH_USER_MODEL = "congress.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "congress:home"
LOGOUT_REDIRECT_URL = "reports:home"

# Second factor (TOTP + recovery codes, django-otp): these roles must use it; anyone may enable it.
OTP_REQUIRED_ROLES = env.list("OTP_REQUIRED_ROLES", default=["staff", "leader", "admin"] if PRODUCTION else [])
OTP_TOTP_ISSUER = "区人大常委会履职服务平台"
# No one, administrators included, reads another person's authenticator secret or QR code in the admin.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Sessions end after this long without a request, and this long after login whatever happens.
SESSION_IDLE_SECONDS = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_ABSOLUTE_SECONDS = env.int("SESSION_ABSOLUTE_SECONDS", default=10 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS

# Login throttling: 5 failures for one username from one address locks it for 15 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Reverse proxies in front of gunicorn (1 behind deploy/nginx): the client's address is the PROXY_COUNT-th
# X-Forwarded-For entry from the right (congress.middleware.client_ip), for axes, ratelimit and sessions.
PROXY_COUNT = env.int("PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "congress.middleware.client_ip"
RATELIMIT_IP_META_KEY = "congress.middleware.client_ip"
AXES_SENSITIVE_PARAMETERS = ["password"]
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # every failed attempt is a row (AccessFailureLog); successes in AccessLog

# --- i18n --------------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- static and uploaded files -----------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
    ("vendor/tom-select", NODE_MODULES / "tom-select" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploads live outside the web root and are served only through permission-checked views.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
MEDIA_URL = "/uploads/"  # never routed: files are served only by permission-checked views
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# --- email -------------------------------------------------------------------------------------
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env.str("EMAIL_HOST", default="127.0.0.1")
EMAIL_PORT = env.int("EMAIL_PORT", default=8025)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="区人大常委会履职服务平台 <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Addresses that receive error reports (comma-separated); personal data is masked in them.
ADMINS = [("", address) for address in env.list("ADMINS", default=[])]
PORTAL_MAIL_DOMAIN = env.str("PORTAL_MAIL_DOMAIN", default="portal.localhost")

# --- forms and UI ------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# A filter's "no choice" and "no value" options read as words, not "---------" (congress.filters
# gives yes/no filters the same "全部").
FILTERS_EMPTY_CHOICE_LABEL = gettext_lazy("All")
FILTERS_NULL_CHOICE_LABEL = gettext_lazy("Not set")
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
PAGINATE_BY = 25
APPOINTMENT_PASS_MARK = env.int("APPOINTMENT_PASS_MARK", default=60)  # legal-knowledge exam, of 100
# How appointment votes are cast ("secret" or "named"), and how many days before the review meeting an
# appointee's performance report (述职报告) falls due.
APPOINTMENT_VOTE_MODE = env.str("APPOINTMENT_VOTE_MODE", default="secret")
if APPOINTMENT_VOTE_MODE not in ("secret", "named"):
    raise ConfigError("APPOINTMENT_VOTE_MODE must be 'secret' or 'named', not %r" % APPOINTMENT_VOTE_MODE)
APPOINTMENT_REVIEW_REPORT_DAYS = env.int("APPOINTMENT_REVIEW_REPORT_DAYS", default=20)
# Months an organization has to answer review opinions (审议意见), counted from sending, month ends clamped.
OVERSIGHT_RESPONSE_MONTHS = env.int("OVERSIGHT_RESPONSE_MONTHS", default=2)
# Days between an adopted livelihood project's progress reports (reminded like every deadline).
PROJECTS_REPORT_EVERY_DAYS = env.int("PROJECTS_REPORT_EVERY_DAYS", default=90)
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="")

# --- security ----------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
# No inline script or style anywhere: every page's JS and CSS come from /static/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Personal data (ID numbers, mobile numbers, addresses) never in logs or error reports (congress/privacy.py).
DEFAULT_EXCEPTION_REPORTER = "congress.privacy.PersonalDataExceptionReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = "congress.privacy.PersonalDataReporterFilter"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "personal_data": {"()": "congress.privacy.PersonalDataLogFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["personal_data"]},
        # errors only: a 404 or 403 (django.request at WARNING) is logged, never mailed
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", "personal_data"],
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # Django's own loggers reach the console through the root; errors (500s) also mail ADMINS when set.
    "loggers": {
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        # a scanner's wrong Host header is an ERROR record but nothing to act on: console only
        "django.security.DisallowedHost": {"handlers": ["console"], "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
