"""The crash test's WSGI entry point: palermo's, with the URLconf imported before gunicorn forks.

Django imports the URLconf (and with it every view module) at a worker's first request; with
``--preload`` that happens once in the master instead, so a restarted server answers in the
time of one import rather than one per worker. palermo.wsgi closes the connection its key check
opened; whatever the imports open is closed here too, before the fork, or the workers would
share its socket.
"""

from importlib import import_module

from django.db import connections

from palermo.wsgi import application

# After the application: Django must be set up before the views are imported.
import_module("palermo.urls")
connections.close_all()

__all__ = ["application"]
