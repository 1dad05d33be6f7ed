"""WSGI entry point for gunicorn."""

import os

from congress.boot import guarded

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress.settings")


def _application():
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()


application = guarded(_application)
