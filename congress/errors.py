"""The server-error handler: a database that cannot be reached answers 503 with a page that says so.

While PostgreSQL restarts or fails over, every request that needs it raises OperationalError
(possibly in a middleware, before any view). Django hands each such exception to ``handler500``;
this one answers ``503 Service Unavailable`` with ``Retry-After`` and a plain page rendered without
touching the database, and any other error the usual 500 page. Connections are health-checked at
the next request (``CONN_HEALTH_CHECKS``), so the portal recovers by itself when the database is back.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader

RETRY_AFTER_SECONDS = 30


def database_unavailable(exc: BaseException | None) -> bool:
    while exc is not None:
        if isinstance(exc, (OperationalError, InterfaceError)):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def server_error(request, template_name="500.html"):
    if database_unavailable(sys.exc_info()[1]):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.get_template(template_name).render())
