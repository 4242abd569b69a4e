"""Error pages that say what happened and what to do, in plain words.

Faults (the database unreachable, locked or full; a bug; a request too large) get a page in the
organisation's look that says whether what was sent is kept and when to try again, with the
request id that the log line carries. A form posted when the fault struck comes back on that
page, every field as typed (passwords apart) in a form that sends it again: nothing is lost.
The page touches no database, so it can be drawn while the database is the fault.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, make_response, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from werkzeug.exceptions import InternalServerError, RequestEntityTooLarge
from werkzeug.wrappers import Response

from surveyapp.extensions import db
from surveyapp.services import NotFoundError, ServiceError
from surveyapp.services.definitions import QuestionnaireUnavailableError
from surveyapp.web.api.replies import api_error, in_api
from surveyapp.web.security import request_id

#: SQLite's "operational" errors that are mistakes in the app, not a passing fault.
_NOT_PASSING = ("no such table", "no such column", "syntax error")


def _page(title: str, message: str, status: int, detail: str | None = None) -> tuple[str, int]:
    html = render_template("errors/error.html", title=title, message=message, detail=detail)
    return html, status


def _typed() -> dict[str, Any] | None:
    """What was posted, to send again (never a password: it is asked for again)."""
    if request.method != "POST":
        return None
    fields = [
        (name, value)
        for name, values in request.form.lists()
        for value in values
        if "password" not in name
    ]
    return {"action": request.full_path.rstrip("?"), "fields": fields}


def fault_page(
    title: str, message: str, status: int, *, retry_after: int | None = None, resend: bool = True
) -> Response:
    if in_api():  # a program reads it: the same words as JSON
        code = "unavailable" if status == 503 else "failed"
        return api_error(status, code, f"{title}. {message}", retry_after=retry_after)
    html = render_template(
        "errors/fault.html",
        title=title,
        message=message,
        status=status,
        request_id=request_id(),
        retry_after=retry_after,
        typed=_typed() if resend else None,
        fault=True,  # the page leaves out what needs the database (the staff menu)
    )
    response = make_response(html, status)
    if retry_after:
        response.headers["Retry-After"] = str(retry_after)
    return response


def register(app: Flask) -> None:
    retry_after = int(app.config["RETRY_AFTER_SECONDS"])

    def database_unavailable(exc: Exception) -> Response:
        if isinstance(exc, OperationalError) and any(
            text in str(exc.orig).lower() for text in _NOT_PASSING
        ):
            return internal_error(exc)
        # The session holds a failed transaction; its connection goes back to the pool, which
        # tests it before the next use, so the app recovers without a restart.
        db.discard_session()
        app.logger.error("[request %s] database unavailable: %s", request_id(), exc)
        return fault_page(
            "Sorry, the service is busy",
            "It could not reach its database just now. Anything you sent before this page is "
            "safely kept.",
            503,
            retry_after=retry_after,
        )

    for fault in (OperationalError, InterfaceError, PoolTimeoutError):
        app.register_error_handler(fault, database_unavailable)

    @app.errorhandler(InternalServerError)
    def internal_error(exc: Exception) -> Response:
        original = getattr(exc, "original_exception", None) or exc
        db.discard_session()
        app.logger.error("[request %s] failed: %r", request_id(), original)
        return fault_page(
            "Sorry, something went wrong",
            "The service could not finish this. Anything you sent before this page is safely "
            "kept; the people who run it have been told by the log.",
            500,
        )

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(_exc: RequestEntityTooLarge) -> Response:
        limit = int(app.config["MAX_CONTENT_LENGTH"])
        size = f"{limit / 2**20:g} MB" if limit >= 2**20 else f"{limit / 2**10:g} kB"
        return fault_page(
            "The file is too large",
            f"This site takes files of up to {size}. Split the file into parts and send "
            "each, or import it with the command 'surveyapp import responses', which has no "
            "limit.",
            413,
            resend=False,  # the form was not read
        )

    @app.errorhandler(NotFoundError)
    def not_found_service(exc: NotFoundError) -> tuple[str, int]:
        return _page("Page not found", str(exc), 404)

    @app.errorhandler(QuestionnaireUnavailableError)
    def unavailable(exc: QuestionnaireUnavailableError) -> tuple[str, int]:
        app.logger.error("refused to serve a questionnaire: %s", exc)
        return _page(
            "This questionnaire is not available just now",
            "It is being corrected by the people who run it, so it cannot take answers at the "
            "moment. Answers you have already sent are safe. Please try again later.",
            409,
            detail=str(exc),
        )

    @app.errorhandler(ServiceError)
    def service_error(exc: ServiceError) -> tuple[str, int]:
        return _page("That could not be done", str(exc), 400)

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError) -> tuple[str, int]:
        return _page(
            "Your form could not be sent",
            "The page had expired or did not come from this site. Go back, reload the page and "
            "send it again; answers already saved are kept.",
            400,
        )

    @app.errorhandler(403)
    def forbidden(_exc: Exception) -> tuple[str, int]:
        return _page("You cannot see this page", "Your account does not give access to it.", 403)

    @app.errorhandler(404)
    def not_found(_exc: Exception) -> tuple[str, int] | Response:
        if in_api():
            return api_error(
                404, "not_found", "No endpoint has this address: see /api/v1/openapi.json"
            )
        return _page("Page not found", "Check the address you typed or followed.", 404)

    @app.errorhandler(405)
    def wrong_method(exc: Exception) -> Exception | Response:
        if in_api():
            return api_error(405, "method_not_allowed", "The API only reads: use GET.")
        return exc  # Werkzeug's own answer, with its Allow header
