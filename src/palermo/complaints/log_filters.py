"""Log records about the public pages carry the path and the status, never the request: Django
attaches the request to ``django.request`` and ``django.security`` records, and a handler such
as the admin e-mail one would print its headers (address, user agent)."""

from __future__ import annotations

import logging

PUBLIC_PREFIX = "/report/"


class DropPublicRequest(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if request is not None and str(getattr(request, "path", "")).startswith(PUBLIC_PREFIX):
            record.request = None
        return True
