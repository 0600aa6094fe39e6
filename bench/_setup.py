"""Shared by the benchmarks: a throwaway palermo (fresh keys, temporary data folder, SQLite)."""

from __future__ import annotations

import atexit
import base64
import json
import os
import secrets
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

VARIABLES = ("PALERMO_SECRET_KEY", "PALERMO_DATA_KEYS", "PALERMO_INDEX_KEY", "PALERMO_AUDIT_KEY",
             "PALERMO_DATA_DIR", "PALERMO_ALLOWED_HOSTS", "PALERMO_DEMO", "DATABASE_URL")


def configure(*, keep_database_url: bool = False, keep: Path | None = None) -> Path:
    """Point palermo at a new temporary folder with new keys, and start Django (on SQLite unless
    ``keep_database_url``: then on the database ``DATABASE_URL`` names).

    With ``keep``, that folder is used instead and kept, with its keys in ``bench-keys.json``, so
    a later run finds the same data (generated data cached under ``var/bench/``).
    """
    database_url = os.environ.get("DATABASE_URL") if keep_database_url else None
    if keep is None:
        folder = Path(tempfile.mkdtemp(prefix="palermo-bench-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
    else:
        folder = keep
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)

    def key() -> str:
        return base64.b64encode(secrets.token_bytes(32)).decode()

    keys = {
        "PALERMO_SECRET_KEY": secrets.token_urlsafe(50),
        "PALERMO_DATA_KEYS": f"bench:{key()}",
        "PALERMO_INDEX_KEY": key(),
        "PALERMO_AUDIT_KEY": key(),
    }
    if keep is not None:
        saved = folder / "bench-keys.json"
        if saved.exists():
            keys = json.loads(saved.read_text())
        else:
            saved.write_text(json.dumps(keys))
            saved.chmod(0o600)
    for name in VARIABLES:
        os.environ.pop(name, None)
        os.environ.pop(f"{name}_FILE", None)
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "palermo.settings",
        "PALERMO_DATA_DIR": str(folder),
        "PALERMO_ALLOWED_HOSTS": "localhost",
        **keys,
    })
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()
    return folder


def per_second(work: Callable[[], object], repeat: int) -> float:
    """Calls of ``work`` per second over ``repeat`` calls, after a short warm-up."""
    for _ in range(min(50, repeat)):
        work()
    start = time.perf_counter()
    for _ in range(repeat):
        work()
    return repeat / (time.perf_counter() - start)


def line(label: str, figure: str, baseline: str = "") -> None:
    print(f"{label:<42} {figure:>16}   {baseline}".rstrip())
