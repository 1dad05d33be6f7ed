"""DEBUG is never on against the production database.

``manage.py migrate`` with DJANGO_ENV=production marks the database itself
(``ALTER DATABASE … SET portal.environment = 'production'``), so the mark travels with the database,
its replica and every restored backup. A process with DEBUG on that opens a connection to a marked
database stops with one line (a ConfigError) before it runs a query of its own: a developer's laptop
pointed at production by a stray DATABASE_URL never shows tracebacks with production data.
With DEBUG off the check costs nothing.
"""

from django.conf import settings
from django.db import connections

from congress.boot import ConfigError

SETTING = "portal.environment"


def refuse_debug_on_production(sender, connection, **kwargs):
    """connection_created receiver."""
    if not settings.DEBUG or connection.vendor != "postgresql":
        return
    with connection.connection.cursor() as cur:  # the raw connection: no recursion into Django's
        cur.execute("select current_setting(%s, true)", [SETTING])
        mark = cur.fetchone()[0]
    if mark == "production":
        name = connection.settings_dict.get("NAME")
        connection.close()  # not reused by the next request either
        raise ConfigError(
            "DEBUG is on but DATABASE_URL points at the production database %s: "
            "unset DEBUG (and set DJANGO_ENV=production) or use another database" % name
        )


def mark_production_database(sender=None, using="default", **kwargs):
    """post_migrate receiver: in production, mark the database as the production one."""
    if not settings.PRODUCTION:
        return
    connection = connections[using]
    with connection.cursor() as cur:
        cur.execute(
            "alter database %s set %s = 'production'"
            % (connection.ops.quote_name(connection.settings_dict["NAME"]), SETTING)
        )
