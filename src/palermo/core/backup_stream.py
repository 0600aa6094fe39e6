"""The encrypted container of ``palermo backup``: AES-256-GCM in authenticated chunks.

Layout: a header (magic, a random 32-byte salt, a 16-byte key check), then frames, each a 4-byte
big-endian length and one sealed chunk of at most ``CHUNK`` plaintext bytes. The file key and the
key check are derived with HKDF-SHA256 from the operator's key and the salt, so no two backups
share a key and a wrong key is told apart from a damaged file. Frame ``i`` is sealed under the
nonce ``i || last-flag`` with the header as associated data (the STREAM construction): a frame
changed, dropped, reordered or moved to another backup fails to open, and a file cut short ends
without a frame flagged last, which is reported as truncation.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import io
import os
import struct
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"palermo-backup-1\n"
SALT_BYTES = 32
CHECK_BYTES = 16
HEADER_BYTES = len(MAGIC) + SALT_BYTES + CHECK_BYTES
KEY_BYTES = 32
CHUNK = 1024 * 1024
TAG_BYTES = 16
_LENGTH = struct.Struct(">I")


class BackupError(Exception):
    """A backup cannot be made or read; the message says why in one line."""


# --- The operator's key file ----------------------------------------------------------------


def new_key_file(path: Path) -> None:
    """Write a fresh random key (base64 of 32 bytes) to ``path``, readable by its owner only."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise BackupError(f"{path} already exists; a key file is never overwritten.") from None
    except OSError as exc:
        raise BackupError(f"cannot create {path}: {exc.strerror}.") from None
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(base64.b64encode(os.urandom(KEY_BYTES)).decode() + "\n")


def read_key_file(path: Path) -> bytes:
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        raise BackupError(f"key file {path} does not exist.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BackupError(f"key file {path} cannot be read: {exc}.") from None
    try:
        key = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise BackupError(f"key file {path} does not hold base64 text.") from None
    if len(key) != KEY_BYTES:
        raise BackupError(
            f"key file {path} holds {len(key)} bytes; a backup key is 32 bytes "
            "(create one with 'palermo backup --new-key FILE')."
        )
    return key


# --- Sealing and opening --------------------------------------------------------------------


def _derive(key: bytes, salt: bytes, purpose: bytes, length: int) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=length, salt=salt,
                info=b"palermo backup v1 " + purpose)
    return hkdf.derive(key)


def _nonce(index: int, last: bool) -> bytes:
    return struct.pack(">QB3x", index, 1 if last else 0)


class EncryptedWriter(io.RawIOBase):
    """A writable stream that seals what is written to ``target`` in frames."""

    def __init__(self, target: BinaryIO, key: bytes) -> None:
        super().__init__()
        salt = os.urandom(SALT_BYTES)
        self._header = MAGIC + salt + _derive(key, salt, b"key check", CHECK_BYTES)
        self._aead = AESGCM(_derive(key, salt, b"stream", KEY_BYTES))
        self._target = target
        self._buffer = bytearray()
        self._index = 0
        self._finished = False
        target.write(self._header)

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        if self._finished:
            raise ValueError("the backup stream is already finished")
        self._buffer += data
        while len(self._buffer) > CHUNK:
            self._seal(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        return len(data)

    def finish(self) -> None:
        """Seal the rest as the last frame; without it a reader reports truncation."""
        if not self._finished:
            self._seal(bytes(self._buffer), last=True)
            self._buffer.clear()
            self._finished = True

    def _seal(self, chunk: bytes, *, last: bool) -> None:
        sealed = self._aead.encrypt(_nonce(self._index, last), chunk, self._header)
        self._target.write(_LENGTH.pack(len(sealed)) + sealed)
        self._index += 1


class EncryptedReader(io.RawIOBase):
    """A readable stream of the plaintext; every byte it returns has been authenticated."""

    def __init__(self, source: BinaryIO, key: bytes) -> None:
        super().__init__()
        header = source.read(HEADER_BYTES)
        if len(header) < HEADER_BYTES or not header.startswith(MAGIC):
            raise BackupError("this is not a palermo backup (or its first bytes are damaged).")
        salt = header[len(MAGIC) : len(MAGIC) + SALT_BYTES]
        check = header[len(MAGIC) + SALT_BYTES :]
        if not hmac.compare_digest(check, _derive(key, salt, b"key check", CHECK_BYTES)):
            raise BackupError("wrong key: this backup was not made with this key file.")
        self._header = header
        self._aead = AESGCM(_derive(key, salt, b"stream", KEY_BYTES))
        self._source = source
        self._pending = b""
        self._index = 0
        self._ended = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._pending and not self._ended:
            self._pending = self._open_next()
        count = min(len(buffer), len(self._pending))
        buffer[:count] = self._pending[:count]
        self._pending = self._pending[count:]
        return count

    def _open_next(self) -> bytes:
        frame = self._index + 1
        length_bytes = self._source.read(_LENGTH.size)
        if len(length_bytes) < _LENGTH.size:
            raise BackupError(f"the backup is truncated (it ends before frame {frame}).")
        (length,) = _LENGTH.unpack(length_bytes)
        if not TAG_BYTES <= length <= CHUNK + TAG_BYTES:
            raise BackupError(f"the backup is damaged (frame {frame} has an impossible length).")
        sealed = self._source.read(length)
        if len(sealed) < length:
            raise BackupError(f"the backup is truncated (frame {frame} is cut short).")
        for last in (False, True):
            try:
                chunk = self._aead.decrypt(_nonce(self._index, last), sealed, self._header)
            except InvalidTag:
                continue
            self._index += 1
            if last:
                self._ended = True
                if self._source.read(1):
                    raise BackupError("the backup is damaged (data follows its last frame).")
            return chunk
        raise BackupError(f"the backup is damaged or was altered (frame {frame} fails to open).")

    @property
    def ended(self) -> bool:
        """True once the frame flagged last has been opened."""
        return self._ended
