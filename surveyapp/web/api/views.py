"""The read-only API's views: each parses its arguments, calls one service function with the
user of the call's token (checked before the view runs) and answers JSON."""

from __future__ import annotations

import datetime as dt

from flask import Response, g, jsonify, render_template, request

from surveyapp import settings
from surveyapp.extensions import db
from surveyapp.services import ServiceError, api
from surveyapp.web.api.openapi import document

#: The API's endpoints that need no token: its descriptions.
OPEN = ("api.docs", "api.openapi")


def authenticate() -> None:
    """Before every view but the descriptions: the token of ``Authorization: Bearer <token>``
    checked, counted against its allowance and the call recorded; its user kept for the view.
    A session cookie opens nothing here (the API takes no CSRF token, so it must not)."""
    if request.endpoint in OPEN:
        return
    header = request.headers.get("Authorization", "").strip()
    presented = None
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip() or " " in token.strip():
            raise api.TokenError(
                "malformed_header",
                "The Authorization header must read 'Bearer ' followed by the token, and "
                "nothing else.",
            )
        presented = token.strip()
    _token, g.api_user = api.api_caller(
        db.session,
        presented,
        settings.api_requests_per_minute(),
        request.full_path.rstrip("?"),
    )


def docs() -> str:
    return render_template(
        "api/docs.html",
        title="Read-only API",
        spec=document(settings.organisation_name()),
        per_minute=settings.api_requests_per_minute(),
    )


def openapi() -> Response:
    return jsonify(document(settings.organisation_name()))


def studies() -> Response:
    return jsonify(api.studies(db.session, g.api_user))


def study(slug: str) -> Response:
    return jsonify(api.study(db.session, g.api_user, slug))


def instruments(slug: str) -> Response:
    return jsonify(api.instruments(db.session, g.api_user, slug))


def responses(slug: str) -> Response:
    page = _page(request.args.get("limit"), request.args.get("cursor"))
    return jsonify(api.responses_page(db.session, g.api_user, slug, page))


def appendix(slug: str) -> Response:
    keys = request.args.getlist("instrument")
    return jsonify(api.appendix_tables(db.session, g.api_user, slug, keys))


def tracker() -> Response:
    as_of = _day(request.args.get("as_of"))
    study = request.args.get("study") or None
    return jsonify(api.tracker_status(db.session, g.api_user, as_of, settings.holidays(), study))


def _page(limit: str | None, cursor: str | None) -> api.PageRequest:
    """The page asked for, or ServiceError (400) saying what to change."""
    try:
        wanted = int(limit) if limit else api.PAGE_RESPONSES
    except ValueError:
        wanted = 0
    if not 1 <= wanted <= api.MOST_RESPONSES:
        raise ServiceError(
            "'limit' is the number of responses a page holds: a whole number from 1 to "
            f"{api.MOST_RESPONSES} (not '{limit}')"
        )
    try:
        after = int(cursor) if cursor else 0
    except ValueError:
        after = -1
    if after < 0:
        raise ServiceError(
            f"'cursor' is the 'next_cursor' of the page before, as it was given (not '{cursor}')"
        )
    return api.PageRequest(wanted, after)


def _day(text: str | None) -> dt.date:
    if not text:
        return dt.datetime.now(settings.time_zone()).date()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ServiceError(
            f"'as_of' is a day written YYYY-MM-DD, such as 2023-08-04 (not '{text}')"
        ) from None
