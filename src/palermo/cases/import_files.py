"""Reading an uploaded CSV (UTF-8) or XLSX file into rows of cells, refusing what cannot be
read safely: size, encoding, broken or oversized workbooks. Checking the cells is ``importer``'s."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator

from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024
#: An XLSX is a zip: refuse one whose contents unpack to more than this (a "zip bomb").
MAX_UNPACKED_BYTES = 200 * 1024 * 1024


class FileRejected(Exception):
    """The file as a whole cannot be read (size, format, encoding, rows)."""


def size_message() -> str:
    return _("The file is larger than %(mb)d MB. Split it into smaller files.") % {
        "mb": MAX_BYTES // (1024 * 1024)
    }


def read_table(content: bytes, filename: str) -> Iterator[tuple[int, list[object]]]:
    """The file's rows as (row number, cells); raises FileRejected when it cannot be read."""
    if not content:
        raise FileRejected(_("The file is empty."))
    if len(content) > MAX_BYTES:
        raise FileRejected(size_message())
    name = filename.lower()
    is_zip = content.startswith(b"PK\x03\x04")
    if name.endswith(".xlsx"):
        return _xlsx_rows(content)
    if name.endswith(".csv"):
        if is_zip:
            raise FileRejected(
                _("This file is a spreadsheet workbook, not CSV text. Name it .xlsx or save it "
                  "as \"CSV UTF-8\".")
            )
        return _csv_rows(content)
    raise FileRejected(_("Choose a .csv (UTF-8) or .xlsx file."))


def _csv_rows(content: bytes) -> Iterator[tuple[int, list[object]]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise FileRejected(
            _("The file is not UTF-8 text (the first character that is not UTF-8 is on line "
              "%(line)d). Save it as \"CSV UTF-8\" and upload it again.") % {"line": line}
        ) from None
    if "\x00" in text:
        raise FileRejected(_("The file holds binary data, not CSV text."))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)

    def rows() -> Iterator[tuple[int, list[object]]]:
        number = 0
        try:
            for number, cells in enumerate(reader, start=1):  # noqa: B007 (used below)
                yield number, list(cells)
        except csv.Error:
            raise FileRejected(
                _("The CSV cannot be read after row %(row)d (a quote that is not closed, or a "
                  "value that is too long).") % {"row": number}
            ) from None

    return rows()


def _xlsx_rows(content: bytes) -> Iterator[tuple[int, list[object]]]:
    import openpyxl

    broken = FileRejected(_("The file is not a valid XLSX workbook. Save it again from your "
                            "spreadsheet as .xlsx (Excel workbook) or as CSV UTF-8."))
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise broken from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise FileRejected(_("The workbook unpacks to more than %(mb)d MB. Split it into "
                             "smaller files.") % {"mb": MAX_UNPACKED_BYTES // (1024 * 1024)})
    try:
        # Not data_only: a formula cell must arrive as its formula ("=...") so that it is
        # refused, rather than as a cached value nobody checked.
        workbook = openpyxl.load_workbook(
            io.BytesIO(content), read_only=True, data_only=False, keep_links=False
        )
        sheet = workbook.worksheets[0]
    # openpyxl raises many kinds of errors on a damaged workbook; all mean the same to the user.
    except Exception:  # noqa: BLE001
        raise broken from None

    def rows() -> Iterator[tuple[int, list[object]]]:
        try:
            for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, list(cells)
        except FileRejected:
            raise
        except Exception:  # noqa: BLE001  (damaged sheet XML; see above)
            raise broken from None
        finally:
            workbook.close()

    return rows()
