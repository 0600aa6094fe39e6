"""WSGI entry point for gunicorn or any WSGI server; refuses to start with a wrong data key."""

import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application
from django.db import connections

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "palermo.settings")
application = get_wsgi_application()

from palermo.core.keys import key_problems  # noqa: E402  (needs the app registry loaded)

_problems = key_problems()
# The check read the database: close that connection, so that a server that loads this module
# before forking (gunicorn --preload) does not hand one connection to every worker.
connections.close_all()
if _problems:
    raise ImproperlyConfigured("palermo cannot start: " + "; ".join(_problems))
