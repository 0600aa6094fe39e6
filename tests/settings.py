"""Settings for the test suite: production settings with fixed test keys and a fast hasher.

SQLite tests use a file-backed database (WAL and immediate transactions as in production), so
tests can read its raw bytes and run concurrent writers.
"""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

_tmp = Path(tempfile.mkdtemp(prefix="palermo-tests-"))
atexit.register(shutil.rmtree, _tmp, ignore_errors=True)
os.environ.setdefault("PALERMO_DATA_DIR", str(_tmp))
os.environ.setdefault("PALERMO_SECRET_KEY", "test-secret-key-" + "x" * 50)
os.environ.setdefault(
    "PALERMO_DATA_KEYS",
    "k2:MjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjI=,k1:MTExMTExMTExMTExMTExMTExMTExMTExMTExMTExMTE=",
)
os.environ.setdefault("PALERMO_INDEX_KEY", "aWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWk=")
os.environ.setdefault("PALERMO_AUDIT_KEY", "YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWE=")
os.environ.setdefault("PALERMO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("PALERMO_SSL_REDIRECT", "0")

from palermo.settings import *  # noqa: E402,F403
from palermo.settings import DATABASES, INSTALLED_APPS  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WHITENOISE_USE_FINDERS = True
INSTALLED_APPS = [*INSTALLED_APPS, "tests.testapp"]

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(_tmp / "test.sqlite3")}
(_tmp / "static").mkdir(exist_ok=True)
