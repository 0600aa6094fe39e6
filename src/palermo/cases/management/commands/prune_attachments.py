"""``palermo prune-attachments``: remove attachment files that no attachment record owns."""

from __future__ import annotations

import json
import os
import stat
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from palermo.cases.models import Attachment
from palermo.core import audit
from palermo.core.management.commands._help import ParagraphHelpFormatter
from palermo.core.models import AuditAction

HELP = """List, and with --delete remove, the files in PALERMO_ATTACHMENTS_DIR that no attachment
record owns and that were last modified more than --min-age-minutes ago (default 60):

  <uid>.bin  an encrypted attachment whose uid no cases.Attachment row has (left behind when the
             upload's transaction rolled back);
  <uid>.tmp  a half-written file left by an upload that crashed (a .tmp is renamed to .bin as
             soon as it is complete, so an old one is never needed).

Only regular files directly in that folder whose names are a lower-case uuid followed by .bin or
.tmp are considered; every other file, every sub-folder and every symbolic link is left alone and
never followed. A .bin whose uid has a row is never touched, however old. The minimum age keeps
an upload still in progress safe: its row is not visible here until its transaction commits.
Files are read by name, size and age only; none is decrypted.

Without --delete (or with --dry-run) it only reports what would be deleted. With --delete it
deletes those files and writes one audit event (cases.AttachmentFile, delete) with the number of
files deleted, if that number is not 0. The counts, and the names of the files, go to stdout as
text or, with --format json, as one JSON object. Exit code 0, or 2 if the folder cannot be read
or a file cannot be deleted.
"""

_SUFFIXES = {".bin": "orphan", ".tmp": "temporary"}


@dataclass
class Prunable:
    """What a scan of the attachments folder found to remove."""

    orphans: list[str] = field(default_factory=list)
    temporary: list[str] = field(default_factory=list)
    bytes: int = 0


def _uid_of(name: str) -> tuple[str, str] | None:
    """The uid and suffix of a name the attachment store writes, or None for any other name."""
    stem, suffix = os.path.splitext(name)
    if suffix not in _SUFFIXES:
        return None
    try:
        uid = uuid.UUID(stem)
    except ValueError:
        return None
    return (str(uid), suffix) if str(uid) == stem else None


def _owned_uids(uids: list[str]) -> set[str]:
    owned: set[str] = set()
    for start in range(0, len(uids), 500):  # stays under SQLite's bound-parameter limit
        chunk = [uuid.UUID(u) for u in uids[start:start + 500]]
        owned.update(
            str(u) for u in Attachment.objects.filter(uid__in=chunk).values_list("uid", flat=True)
        )
    return owned


def scan(dir_fd: int, *, min_age_seconds: float) -> Prunable:
    """Find the prunable files of the folder open as ``dir_fd``; symbolic links are not followed."""
    cutoff = time.time() - min_age_seconds
    old_bins: dict[str, tuple[str, int]] = {}
    found = Prunable()
    with os.scandir(dir_fd) as entries:
        for entry in entries:
            parsed = _uid_of(entry.name)
            if parsed is None:
                continue
            info = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(info.st_mode) or info.st_mtime > cutoff:
                continue
            uid, suffix = parsed
            if suffix == ".tmp":
                found.temporary.append(entry.name)
                found.bytes += info.st_size
            else:
                old_bins[uid] = (entry.name, info.st_size)
    owned = _owned_uids(sorted(old_bins))
    for uid, (name, size) in sorted(old_bins.items()):
        if uid not in owned:
            found.orphans.append(name)
            found.bytes += size
    found.temporary.sort()
    return found


class Command(BaseCommand):
    help = HELP

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        kwargs.setdefault("formatter_class", ParagraphHelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--dry-run", dest="delete", action="store_false",
            help="Only report the files that would be deleted (the default).",
        )
        mode.add_argument(
            "--delete", dest="delete", action="store_true",
            help="Delete them and write one audit event with the number deleted.",
        )
        parser.set_defaults(delete=False)
        parser.add_argument(
            "--min-age-minutes", type=int, default=60, metavar="MINUTES",
            help="Leave alone every file modified less than this long ago (default 60).",
        )
        parser.add_argument("--format", choices=["text", "json"], default="text",
                            help="Output format on stdout (default text).")

    def handle(self, *args: Any, **options: Any) -> None:
        min_age = options["min_age_minutes"]
        if min_age < 1:
            raise CommandError("--min-age-minutes must be at least 1.", returncode=2)
        folder = Path(settings.PALERMO_ATTACHMENTS_DIR)
        delete: bool = options["delete"]
        found, deleted, failed = Prunable(), 0, []
        if folder.exists() or folder.is_symlink():
            try:
                # Working through a descriptor of the folder keeps every step inside it, even if
                # a path component is swapped for a link while the command runs.
                dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
            except OSError as exc:
                raise CommandError(f"cannot open {folder}: {exc.strerror}.", returncode=2) from None
            try:
                found = scan(dir_fd, min_age_seconds=min_age * 60)
                if delete:
                    for name in [*found.orphans, *found.temporary]:
                        try:
                            os.unlink(name, dir_fd=dir_fd)
                        except FileNotFoundError:
                            continue  # gone meanwhile: nothing left to delete
                        except OSError as exc:
                            failed.append(f"{name}: {exc.strerror}")
                            continue
                        deleted += 1
            finally:
                os.close(dir_fd)
        if deleted:
            audit.record(actor=None, action=AuditAction.DELETE,
                         object_type="cases.AttachmentFile", objects=[],
                         detail={"files_deleted": deleted})
        self._report(folder, found, min_age=min_age, delete=delete, deleted=deleted,
                     output_format=options["format"])
        if failed:
            raise CommandError("could not delete " + "; ".join(failed) + ".", returncode=2)

    def _report(self, folder: Path, found: Prunable, *, min_age: int, delete: bool,
                deleted: int, output_format: str) -> None:
        if output_format == "json":
            self.stdout.write(json.dumps({
                "folder": str(folder),
                "dry_run": not delete,
                "min_age_minutes": min_age,
                "orphans": len(found.orphans),
                "temporary": len(found.temporary),
                "bytes": found.bytes,
                "files_deleted": deleted,
                "files": [*found.orphans, *found.temporary],
            }))
            return
        total = len(found.orphans) + len(found.temporary)
        summary = (f"{len(found.orphans)} orphan file(s) and {len(found.temporary)} stale "
                   f"temporary file(s) older than {min_age} minute(s), {found.bytes} bytes")
        if delete:
            self.stdout.write(f"Deleted {deleted} of {total} file(s) in {folder}: {summary}.")
        else:
            self.stdout.write(f"Dry run: would delete {total} file(s) in {folder}: {summary}. "
                              "Nothing was changed; run with --delete to delete them.")
        for name in [*found.orphans, *found.temporary]:
            self.stdout.write(f"  {name}")
