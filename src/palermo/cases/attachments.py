"""Attachment files, encrypted at rest with the data key ring and bound to their record.

The file is written inside the transaction that creates its row. Should that transaction roll
back, the file stays behind, still encrypted and tied to a uid no row has; removing such
orphans is a maintenance job, never a way to read them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings

from palermo.core import crypto

MAX_BYTES = 20 * 1024 * 1024


def path_of(attachment: Any) -> Path:
    return Path(settings.PALERMO_ATTACHMENTS_DIR) / f"{attachment.uid}.bin"


def _context(attachment: Any) -> str:
    return f"cases.Attachment.file:{attachment.uid}"


def write(attachment: Any, content: bytes) -> None:
    path = path_of(attachment)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(crypto.encrypt(content, context=_context(attachment)), encoding="ascii")
    os.replace(tmp, path)


def read(attachment: Any) -> bytes:
    token = path_of(attachment).read_text(encoding="ascii")
    return crypto.decrypt(token, context=_context(attachment))
