"""WSGI entry point for gunicorn or any WSGI server; refuses to start with a wrong data key."""

import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "palermo.settings")
application = get_wsgi_application()

from palermo.core.keys import key_problems  # noqa: E402  (needs the app registry loaded)

_problems = key_problems()
if _problems:
    raise ImproperlyConfigured("palermo cannot start: " + "; ".join(_problems))
