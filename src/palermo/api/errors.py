"""One error body for every failure of the API, so clients need one parser:

    {"error": {"code": "...", "message": "...", "fields": {"field": ["message", ...]}}}

``fields`` is empty unless the request had invalid fields; nested fields are dotted
(``documents.0.number``). No API error is ever an HTML page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

logger = logging.getLogger("palermo.api")

#: Parts of a pydantic error location that name where the value came from, not the field.
_SOURCES = {"body", "query", "path", "payload", "filters", "form", "header", "cookie"}


class ErrorDetail(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] = {}


class ErrorOut(Schema):
    """The body of every error response."""

    error: ErrorDetail


def error_body(
    code: str, message: str, fields: dict[str, list[str]] | None = None
) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def error_response(
    status: int, code: str, message: str, fields: dict[str, list[str]] | None = None
) -> JsonResponse:
    return JsonResponse(error_body(code, message, fields), status=status)


def _field_name(location: Iterable[Any]) -> str:
    parts = [str(part) for part in location]
    # ninja puts the source first, then (for a body) the parameter's name.
    while parts and parts[0] in _SOURCES:
        parts.pop(0)
    return ".".join(parts) or "__all__"


def _pydantic_message(error: dict[str, Any]) -> str:
    """Our own (translated) wording for the common cases; pydantic's otherwise."""
    kind = error.get("type", "")
    context = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind == "enum":
        return _("Unknown code. Use one of: %(codes)s.") % {"codes": context.get("expected", "")}
    if kind == "extra_forbidden":
        return _("This field is not recognised.")
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return _("Enter a whole number.")
    if kind.startswith("date_"):
        return _("Enter a date as YYYY-MM-DD.")
    if kind == "string_type":
        return _("Enter text.")
    if kind == "list_type":
        return _("Enter a list.")
    if kind == "bool_parsing" or kind == "bool_type":
        return _("Enter true or false.")
    if kind in {"greater_than_equal", "greater_than"}:
        return _("Enter a value of at least %(limit)s.") % {
            "limit": context.get("ge", context.get("gt", ""))
        }
    if kind in {"less_than_equal", "less_than"}:
        return _("Enter a value of at most %(limit)s.") % {
            "limit": context.get("le", context.get("lt", ""))
        }
    if kind in {"string_too_long", "too_long"}:
        return _("This value is too long (at most %(limit)s).") % {
            "limit": context.get("max_length", "")
        }
    if kind in {"too_short", "string_too_short"}:
        return _("This value is too short (at least %(limit)s).") % {
            "limit": context.get("min_length", "")
        }
    if kind == "string_pattern_mismatch":
        return _("This value is not in the expected form.")
    if kind in {"model_attributes_type", "dict_type", "model_type"}:
        return _("Enter an object.")
    if kind == "json_invalid":
        return _("The request body is not valid JSON.")
    if kind == "value_error":
        # Our validators raise ValueError with a translated message.
        return str(context.get("error", error.get("msg", "")))
    return str(error.get("msg", _("This value is not valid.")))


def fields_from_ninja(errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for error in errors:
        fields.setdefault(_field_name(error.get("loc", ())), []).append(_pydantic_message(error))
    return fields


def fields_from_django(error: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {
            field: [str(message) for message in messages]
            for field, messages in error.message_dict.items()
        }
    return {"__all__": [str(message) for message in error.messages]}


def invalid_fields(fields: dict[str, list[str]]) -> JsonResponse:
    return error_response(422, "invalid", _("Some fields are not valid."), fields)


def install(api: NinjaAPI) -> None:
    """Register a handler for every exception an API view can meet."""

    @api.exception_handler(NinjaValidationError)
    def _request_invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return invalid_fields(fields_from_ninja(exc.errors))

    @api.exception_handler(DjangoValidationError)
    def _model_invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return invalid_fields(fields_from_django(exc))

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = error_response(
            401, "not_authenticated",
            _("Sign in, or send a valid API token as 'Authorization: Bearer <token>'."),
        )
        response["WWW-Authenticate"] = 'Bearer realm="palermo"'
        return response

    @api.exception_handler(PermissionDenied)
    def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return error_response(403, "forbidden", _("Your role may not do this."))

    @api.exception_handler(Http404)
    def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return not_found()

    @api.exception_handler(HttpError)
    def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 403:  # ninja's CSRF failure
            return error_response(
                403, "csrf_failed",
                _("The CSRF token is missing or wrong; send the X-CSRFToken header."),
            )
        if exc.status_code == 429:
            return error_response(429, "throttled", _("Too many requests; try again later."))
        return error_response(exc.status_code, "error", str(exc))

    @api.exception_handler(Exception)
    def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API error on %s %s", request.method, request.path)
        return error_response(500, "server_error", _("Something went wrong on the server."))


def not_found() -> JsonResponse:
    return error_response(404, "not_found", _("Not found."))


def method_not_allowed(allowed: Iterable[str]) -> JsonResponse:
    allowed = sorted(allowed)
    response = error_response(
        405, "method_not_allowed",
        _("This method is not allowed here. Allowed: %(methods)s.")
        % {"methods": ", ".join(allowed)},
    )
    response["Allow"] = ", ".join(allowed)
    return response


def json_405(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Turn django-ninja's plain-text 405 into the JSON error body."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = [m.strip() for m in response.get("Allow", "").split(",") if m.strip()]
            return method_not_allowed(allowed)
        return response

    return wrapped


@csrf_exempt  # it changes nothing; without this a POST would get the HTML CSRF page
def unknown_route(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """Any path under the API that is not a route: JSON 404, not the HTML page."""
    return not_found()
