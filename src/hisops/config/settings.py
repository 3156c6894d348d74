"""HISOps settings, driven by the environment.

Defaults run the embedded product: SQLite and files under ``HISOPS_HOME`` and no broker.
Production sets ``DATABASE_URL`` (PostgreSQL), ``REDIS_URL`` and ``HISOPS_SECRET_KEY``.
"""

import contextlib
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent
HISOPS_HOME = Path(os.environ.get("HISOPS_HOME", "var")).resolve()


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


DEBUG = env_bool("HISOPS_DEBUG")
SECRET_KEY = os.environ.get("HISOPS_SECRET_KEY", "")
if not SECRET_KEY:
    # The embedded product keeps a generated key in HISOPS_HOME so sessions survive restarts.
    key_file = HISOPS_HOME / "secret_key"
    if key_file.exists():
        SECRET_KEY = key_file.read_text().strip()
    else:
        from django.core.management.utils import get_random_secret_key

        SECRET_KEY = get_random_secret_key()
        try:
            HISOPS_HOME.mkdir(parents=True, exist_ok=True)
            key_file.write_text(SECRET_KEY)
            key_file.chmod(0o600)
        except OSError as exc:  # read-only home: refuse rather than run with a throwaway key
            raise ImproperlyConfigured(
                f"HISOPS_SECRET_KEY is not set and {key_file} cannot be written: {exc}"
            ) from exc

ALLOWED_HOSTS = env_list("HISOPS_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("HISOPS_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",  # widget templates for the project form renderer
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_celery_beat",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Bottom to top: the layer order of docs/architecture.md.
    "hisops.core",
    "hisops.audit",
    "hisops.accounts",
    "hisops.calendars",
    "hisops.notify",
    "hisops.catalog",
    "hisops.contracts",
    "hisops.oncall",
    "hisops.tickets",
    "hisops.problems",
    "hisops.monitoring",
    "hisops.intake",
    "hisops.checks",
    "hisops.changes",
    "hisops.knowledge",
    "hisops.inspections",
    "hisops.search",
    "hisops.evaluations",
    "hisops.reports",
    "hisops.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "hisops.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "hisops.audit.middleware.RequestContextMiddleware",
    "hisops.core.middleware.SessionLimitsMiddleware",
    "hisops.accounts.middleware.SignInGatesMiddleware",
    "hisops.core.middleware.DomainErrorMiddleware",
    "axes.middleware.AxesMiddleware",  # last: it answers a locked-out login
]

# Identity (等保 身份鉴别): repeated failures lock the account and, separately, the
# address for a cool-down; sessions end after idle minutes and at an absolute limit.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# 统一身份认证: sign-in through the hospital's LDAP or Active Directory (the ``ldap`` extra).
# The directory checks passwords; roles stay in HISOPS (accounts/directory.py).
HISOPS_LDAP_URI = os.environ.get("HISOPS_LDAP_URI", "")
HISOPS_LDAP_HOSPITAL = os.environ.get("HISOPS_LDAP_HOSPITAL", "")
HISOPS_LDAP_CREATE_USERS = os.environ.get("HISOPS_LDAP_CREATE_USERS", "") in ("1", "true", "yes")
HISOPS_LDAP_DEFAULT_ROLE = os.environ.get("HISOPS_LDAP_DEFAULT_ROLE", "clinician")
if HISOPS_LDAP_URI:
    import ldap
    from django_auth_ldap.config import LDAPSearch

    AUTH_LDAP_SERVER_URI = HISOPS_LDAP_URI
    AUTH_LDAP_BIND_DN = os.environ.get("HISOPS_LDAP_BIND_DN", "")
    AUTH_LDAP_BIND_PASSWORD = os.environ.get("HISOPS_LDAP_BIND_PASSWORD", "")
    AUTH_LDAP_START_TLS = os.environ.get("HISOPS_LDAP_START_TLS", "") in ("1", "true", "yes")
    AUTH_LDAP_USER_SEARCH = LDAPSearch(
        os.environ.get("HISOPS_LDAP_USER_BASE", ""), ldap.SCOPE_SUBTREE,
        os.environ.get("HISOPS_LDAP_USER_FILTER", "(uid=%(user)s)"),  # AD: (sAMAccountName=%(user)s)
    )  # fmt: skip
    AUTH_LDAP_USER_ATTR_MAP = {
        "full_name": os.environ.get("HISOPS_LDAP_NAME_ATTR", "cn"), "email": "mail", "phone": "telephoneNumber",
    }  # fmt: skip
    AUTH_LDAP_CONNECTION_OPTIONS = {ldap.OPT_NETWORK_TIMEOUT: 5, ldap.OPT_TIMEOUT: 10}
    AUTHENTICATION_BACKENDS.insert(1, "hisops.accounts.directory.DirectoryBackend")
AXES_FAILURE_LIMIT = int(os.environ.get("HISOPS_LOGIN_FAILURES", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("HISOPS_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "hisops.accounts.lockout.locked_out"
# The client's address, for the audit log and the lockout alike: the peer's, or behind a
# reverse proxy that sets it, X-Forwarded-For's first entry (HISOPS_TRUST_X_FORWARDED_FOR).
HISOPS_TRUST_X_FORWARDED_FOR = env_bool("HISOPS_TRUST_X_FORWARDED_FOR")
# Machines' calls (alert hooks, the WeCom callback): per credential a minute (twice that per
# address), and wrong tokens per address a minute (core/throttle.py).
HISOPS_HOOK_CALLS_PER_MINUTE = int(os.environ.get("HISOPS_HOOK_CALLS_PER_MINUTE", "600"))
HISOPS_HOOK_MISSES_PER_MINUTE = int(os.environ.get("HISOPS_HOOK_MISSES_PER_MINUTE", "20"))
# A second factor (TOTP, with recovery codes) is required of these roles at every sign-in;
# anyone may enrol, and whoever has enrolled is asked for it.
HISOPS_2FA_ROLES = [
    r
    for r in os.environ.get("HISOPS_2FA_ROLES", "it_admin,security_admin,audit_admin").split(",")
    if r
]
OTP_TOTP_ISSUER = "HISOps"
# API tokens expire (and stop working when their owner's password changes).
HISOPS_TOKEN_DAYS = int(os.environ.get("HISOPS_TOKEN_DAYS", "90"))
# 定期权限核查: an account unused this many days is dormant; the daily check tells the security
# admins, and disables it too when HISOPS_DORMANT_DISABLE=1.
# Keys kept off the database: HMAC seals of signed records and backup manifests
# (core/sealing.py; derived from the secret key when unset) and the SM4 keys that encrypt
# secrets and patient data at rest (core/crypto.py; a key file made on first use).
HISOPS_SEAL_KEY = os.environ.get("HISOPS_SEAL_KEY", "")
HISOPS_DATA_KEYS = os.environ.get("HISOPS_DATA_KEYS", "")
HISOPS_DATA_KEY_FILE = os.environ.get("HISOPS_DATA_KEY_FILE", "")
# Audit events older than this (never under 180 days) go to signed files, then leave the
# database (audit/archive.py; daily).
HISOPS_AUDIT_RETENTION_DAYS = int(
    os.environ.get("HISOPS_AUDIT_RETENTION_DAYS", "180")
)  # at least 180: audit.archive
HISOPS_AUDIT_ARCHIVE_DIR = os.environ.get("HISOPS_AUDIT_ARCHIVE_DIR", "")
HISOPS_DORMANT_DAYS = int(os.environ.get("HISOPS_DORMANT_DAYS", "90"))
HISOPS_DORMANT_DISABLE = os.environ.get("HISOPS_DORMANT_DISABLE", "") in ("1", "true", "yes")
# Automated checks: how many probes run at once, and (in tests, or a lab) whether a check
# may only look at this machine.
HISOPS_CHECK_WORKERS = int(os.environ.get("HISOPS_CHECK_WORKERS", "50"))
HISOPS_CHECK_LOOPBACK_ONLY = os.environ.get("HISOPS_CHECK_LOOPBACK_ONLY", "") in (
    "1",
    "true",
    "yes",
)
AXES_CLIENT_IP_CALLABLE = "hisops.audit.middleware.client_ip"
AXES_VERBOSE = False

ROOT_URLCONF = "hisops.config.urls"
WSGI_APPLICATION = "hisops.config.wsgi.application"

FORM_RENDERER = "hisops.core.forms.Renderer"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # A hospital's own templates come first (its letterhead on the service reports' PDF,
        # ``HISOPS_HOME/templates/reports/report_pdf.html``; docs/reports.md).
        "DIRS": [HISOPS_HOME / "templates", PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hisops.notify.context_processors.notifications",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{HISOPS_HOME / 'hisops.sqlite3'}",
        conn_max_age=int(os.environ.get("HISOPS_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the embedded web server and background thread read while one writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "hisops.accounts.passwords.PolicyValidator"},  # the security admin's policy
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("HISOPS_STATIC_ROOT", HISOPS_HOME / "static"))
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("HISOPS_MEDIA_ROOT", HISOPS_HOME / "media"))
for _folder in (STATIC_ROOT, MEDIA_ROOT):
    with contextlib.suppress(OSError):  # a read-only image prepares these itself
        _folder.mkdir(parents=True, exist_ok=True)
# Static files are served by the app itself (hospital intranets have no CDN).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
# A session ends after 15 idle minutes and 8 hours after its login, whichever comes first
# (core.middleware.SessionLimitsMiddleware; the cookie itself lasts the absolute limit).
HISOPS_SESSION_IDLE_SECONDS = int(os.environ.get("HISOPS_IDLE_SECONDS", str(15 * 60)))
HISOPS_SESSION_ABSOLUTE_SECONDS = int(os.environ.get("HISOPS_SESSION_SECONDS", str(8 * 3600)))
SESSION_COOKIE_AGE = HISOPS_SESSION_ABSOLUTE_SECONDS
# Served over HTTPS (behind a proxy that terminates TLS and says so in X-Forwarded-Proto):
# HISOPS_HTTPS=1 turns on secure cookies, HSTS and the redirect to https (check --deploy).
HISOPS_HTTPS = env_bool("HISOPS_HTTPS")
SESSION_COOKIE_SECURE = HISOPS_HTTPS or env_bool("HISOPS_SECURE_COOKIES")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if HISOPS_HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = int(os.environ.get("HISOPS_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Preloading matters only for names submitted to the browsers' list (an intranet name
    # never is); saying so costs nothing and keeps `check --deploy` clean.
    SECURE_HSTS_PRELOAD = env_bool("HISOPS_HSTS_PRELOAD", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the proxy's health check may speak plain http
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "hisops.accounts.authentication.HashedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # No caller floods the API: strangers get a few calls a minute, each person a ceiling.
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("HISOPS_API_RATE_ANON", "60/min"),
        "user": os.environ.get("HISOPS_API_RATE_USER", "6000/min"),
    },
    "DEFAULT_PAGINATION_CLASS": "hisops.core.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "hisops.core.api.exception_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "HISOps API",
    "DESCRIPTION": "医院信息系统运维管理平台 REST API",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],  # not for strangers
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ItemKindEnum": "hisops.catalog.choices.ItemKind",
        "RelationKindEnum": "hisops.catalog.choices.RelationKind",
        "VendorKindEnum": "hisops.accounts.choices.VendorKind",
        "DepartmentKindEnum": "hisops.accounts.choices.DepartmentKind",
        "OverrideKindEnum": "hisops.calendars.choices.OverrideKind",
        "TicketKindEnum": "hisops.tickets.choices.Kind",
        "TicketStatusEnum": "hisops.tickets.choices.Status",
        "TicketChannelEnum": "hisops.tickets.choices.Channel",
        "ProblemStatusEnum": "hisops.problems.choices.ProblemStatus",
        "AlertStatusEnum": "hisops.monitoring.choices.AlertStatus",
        "ChangeKindEnum": "hisops.changes.choices.ChangeKind",
        "ChangeStatusEnum": "hisops.changes.choices.ChangeStatus",
        "ChangeTestKindEnum": "hisops.changes.choices.TestKind",
        "ChangeTestResultEnum": "hisops.changes.choices.TestResult",
        "ArticleStatusEnum": "hisops.knowledge.choices.ArticleStatus",
        "ArticleAudienceEnum": "hisops.knowledge.choices.Audience",
        "DocumentCategoryEnum": "hisops.knowledge.choices.DocumentCategory",
        "CheckKindEnum": "hisops.checks.choices.CheckKind",
        "DataSourceEngineEnum": "hisops.checks.choices.Engine",
        "ActivityKindEnum": "hisops.inspections.choices.ActivityKind",
        "ReportKindEnum": "hisops.reports.choices.ReportKind",
        "ReportFormatEnum": "hisops.reports.choices.ReportFormat",
        "ReportStatusEnum": "hisops.reports.choices.ReportStatus",
        "EvaluationSubjectKindEnum": "hisops.evaluations.choices.SubjectKind",
        "ActivityStatusEnum": "hisops.inspections.choices.ActivityStatus",
        "InspectionStatusEnum": "hisops.inspections.choices.InspectionStatus",
        "InspectionLineKindEnum": "hisops.inspections.choices.LineKind",
        "InspectionCadenceEnum": "hisops.inspections.choices.Cadence",
        "InspectionModeEnum": "hisops.inspections.choices.Mode",
    },
}

# Background work. With REDIS_URL, tasks go through Celery on Redis (``hisops worker``).
# Without it, tasks run in-process and ``hisops serve`` runs the periodic schedule itself.
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# The periodic work, as defaults: ``hisops init`` copies each entry into django-celery-beat's
# table once, where admins may change its interval or switch it off; Celery beat (production)
# and the embedded scheduler (``hisops serve`` without Redis) both run what the table says.
HISOPS_PERIODIC_TASKS = {
    "core-heartbeat": {"task": "hisops.core.tasks.heartbeat", "schedule": timedelta(minutes=1)},
    # Idempotent per contract year and lead time, so hourly is safe and survives restarts.
    "sla-sweep": {"task": "hisops.tickets.tasks.sla_sweep", "schedule": timedelta(minutes=1)},
    # Alert payloads the intake stored; with a worker each is also queued on arrival.
    "monitoring-payloads": {
        "task": "hisops.monitoring.tasks.payloads_pending",
        "schedule": timedelta(seconds=10),
    },
    # Service reports asked for: the embedded product writes them here (a worker gets each
    # at once and this only catches what it missed).
    "reports-pending": {"task": "hisops.reports.tasks.pending", "schedule": timedelta(seconds=10)},
    # Automated checks whose interval has passed, concurrently (HISOPS_CHECK_WORKERS).
    "checks-due": {"task": "hisops.checks.tasks.run_due", "schedule": timedelta(minutes=1)},
    # The hospitals' 报修 mailboxes: new mail becomes tickets or comments.
    "intake-mailboxes": {
        "task": "hisops.intake.tasks.poll_mailboxes",
        "schedule": timedelta(minutes=1),
    },
    # Escalation chains move on when a step's wait passes unacknowledged.
    "oncall-escalations": {
        "task": "hisops.oncall.tasks.escalations_due",
        "schedule": timedelta(minutes=1),
    },
    # Retries with backoff, robots' per-minute limits, and sends whose worker died.
    "notify-deliveries": {
        "task": "hisops.notify.tasks.deliveries_due",
        "schedule": timedelta(minutes=1),
    },
    "tickets-auto-confirm": {
        "task": "hisops.tickets.tasks.auto_confirm",
        "schedule": timedelta(hours=1),
    },
    "contract-expiry-reminders": {
        "task": "hisops.contracts.tasks.contract_expiry_reminders",
        "schedule": timedelta(hours=1),
    },
    # A minimum quota (每月巡检) whose period ended short: told once per quota and period.
    "quota-shortfalls": {
        "task": "hisops.contracts.tasks.quota_shortfalls",
        "schedule": timedelta(hours=1),
    },
    # Data-quality rules whose interval has passed (each keeps its own, default a day).
    "quality-rules": {
        "task": "hisops.inspections.tasks.quality_rules",
        "schedule": timedelta(hours=1),
    },
    # Inspections, drills, trainings, meetings missed in a period ended: told once.
    "obligations-missed": {
        "task": "hisops.inspections.tasks.obligations_missed",
        "schedule": timedelta(hours=1),
    },
    # 定期权限核查: accounts unused for HISOPS_DORMANT_DAYS, told (or disabled) once a day.
    "dormant-accounts": {
        "task": "hisops.ops.tasks.dormant_accounts",
        "schedule": timedelta(hours=6),
    },
    # Audit events past the retention go to signed files before they leave the database.
    "audit-archive": {
        "task": "hisops.audit.tasks.audit_archive",
        "schedule": timedelta(hours=24),
    },
    # Seal unsealed audit rows and recompute the hash chains; the audit admins hear of a break.
    "audit-chain-check": {
        "task": "hisops.ops.tasks.audit_chain_check",
        "schedule": timedelta(hours=1),
    },
    # Fewer resident staff on site than the contract asks; certificates missing or expiring.
    "staffing-checks": {
        "task": "hisops.contracts.tasks.staffing_checks",
        "schedule": timedelta(hours=1),
    },
    # Scheduled service reports, on the first working day after their period (once each).
    "reports-due": {"task": "hisops.reports.tasks.due", "schedule": timedelta(hours=1)},
}
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1

if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Outbound mail (notifications): an SMTP relay of the hospital's. Links in messages start
# with HISOPS_BASE_URL, the address people reach the product at.
EMAIL_HOST = os.environ.get("HISOPS_SMTP_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("HISOPS_SMTP_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("HISOPS_SMTP_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("HISOPS_SMTP_PASSWORD", "")
EMAIL_USE_TLS = env_bool("HISOPS_SMTP_STARTTLS")
EMAIL_USE_SSL = env_bool("HISOPS_SMTP_SSL")
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("HISOPS_MAIL_FROM", "HISOps <hisops@localhost>")
HISOPS_BASE_URL = os.environ.get("HISOPS_BASE_URL", "http://127.0.0.1:8000")

LOG_LEVEL = os.environ.get("HISOPS_LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "jieba": {"level": "WARNING"},
        "celery.app.trace": {"level": "WARNING"},  # one line per task run is noise
        "axes": {"level": "WARNING"},  # sign-ins are in the audit log, once
        "weasyprint": {"level": "WARNING"},  # its progress, step by step, for every PDF
        "fontTools": {"level": "WARNING"},  # font subsetting's chatter
    },
}
