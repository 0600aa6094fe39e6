"""Files sent with a complaint: checked by their first bytes (not their name or the browser's
word), kept in memory while they arrive, and written encrypted with the data key ring."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest

from palermo.core import crypto

#: Accepted types: phone photos, scans and documents. Checked against the file's own bytes.
ACCEPTED = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "image/heic": ".heic",
    "application/pdf": ".pdf",
}
_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"mif1", b"msf1"}


def sniff(head: bytes) -> str | None:
    """The accepted type these first bytes begin, or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return "image/heic"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def max_bytes() -> int:
    return int(settings.PALERMO_COMPLAINT_FILE_MAX_BYTES)


class MemoryOnlyUploadHandler(FileUploadHandler):
    """Keeps each file in memory up to the limit and skips it beyond (``too_large`` is set):
    Django's default handler would spill large files to a plaintext temporary file."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.too_large = False
        self._buffer = io.BytesIO()

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self._buffer = io.BytesIO()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if start + len(raw_data) > max_bytes():
            self.too_large = True
            self._buffer = io.BytesIO()
            raise SkipFile
        self._buffer.write(raw_data)
        return None

    def file_complete(self, file_size: int) -> InMemoryUploadedFile | None:
        self._buffer.seek(0)
        return InMemoryUploadedFile(
            file=self._buffer, field_name=self.field_name, name=self.file_name,
            content_type=self.content_type, size=file_size, charset=self.charset,
            content_type_extra=self.content_type_extra,
        )


def path_of(uid: str) -> Path:
    return Path(settings.PALERMO_ATTACHMENTS_DIR) / "complaints" / f"{uid}.bin"


def _context(uid: str) -> str:
    return f"complaints.Attachment.file:{uid}"


def write(uid: str, content: bytes) -> Path:
    path = path_of(uid)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(crypto.encrypt(content, context=_context(uid)), encoding="ascii")
    os.replace(tmp, path)
    return path


def read(uid: str) -> bytes:
    return crypto.decrypt(path_of(uid).read_text(encoding="ascii"), context=_context(uid))
