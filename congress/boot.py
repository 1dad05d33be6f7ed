"""Startup guards: a wrong setting stops the process with one line that says what to fix."""

import secrets
import sys
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


class ConfigError(ImproperlyConfigured):
    """A setting is missing or wrong; the message says which and how to fix it."""


def dev_secret_key(path: Path) -> str:
    """Return the development secret key kept in ``path``, creating it on first use.

    Development only: production requires SECRET_KEY from the environment.
    """
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        path.write_text(key)
        path.chmod(0o600)
        return key


def describe_startup_error(exc: BaseException) -> str | None:
    """Return the one line to print for an error a user can fix by changing a setting, else None."""
    if isinstance(exc, ImproperlyConfigured):
        return "configuration error: %s" % exc
    try:
        from django.db import OperationalError
        from redis.exceptions import ConnectionError as RedisConnectionError
    except ImportError:  # pragma: no cover - only without the requirements installed
        return None
    if isinstance(exc, OperationalError):
        from django.conf import settings

        db = settings.DATABASES["default"]
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
        return "cannot use the database %s at %s:%s (check DATABASE_URL): %s" % (
            db.get("NAME"),
            db.get("HOST") or "localhost",
            db.get("PORT") or 5432,
            first,
        )
    if isinstance(exc, RedisConnectionError):
        return "cannot reach Redis (check REDIS_URL): %s" % exc
    return None


def guarded(main):
    """Run ``main()``; turn a configuration or connection error into one line on stderr and exit 2."""
    try:
        return main()
    except Exception as exc:
        line = describe_startup_error(exc)
        if line is None:
            raise
        print(line, file=sys.stderr)
        sys.exit(2)


def strict_env():
    """Return a django-environ reader whose every bad or missing value is a ConfigError naming the variable."""
    import environ

    class StrictEnv(environ.Env):
        def get_value(self, var, cast=None, default=environ.Env.NOTSET, parse_default=False):
            try:
                return super().get_value(var, cast=cast, default=default, parse_default=parse_default)
            except ImproperlyConfigured:
                raise ConfigError("set the environment variable %s" % var) from None
            except (ValueError, TypeError) as exc:
                raise ConfigError("%s has an invalid value (%s)" % (var, exc)) from None

        def bool(self, var, default=environ.Env.NOTSET):
            raw = self.str(var, default="")
            if raw == "":
                if default is environ.Env.NOTSET:
                    raise ConfigError("set the environment variable %s" % var)
                return default
            if raw.strip().lower() not in TRUE | FALSE:
                raise ConfigError("%s must be true or false, not %r" % (var, raw))
            return raw.strip().lower() in TRUE

    return StrictEnv()


TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off"}
