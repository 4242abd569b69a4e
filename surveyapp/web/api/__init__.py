"""The read-only JSON API (``/api/v1``): a study's instruments, answers, appendix tables and the
tracker, read with a personal access token (``Authorization: Bearer hwt_...``). Exempt from
CSRF, since it only reads and takes no cookie; every error is JSON (``replies``)."""

from flask import Blueprint, Response

from surveyapp.extensions import csrf
from surveyapp.services import NotFoundError, ServiceError
from surveyapp.services.api import NotAllowedError, TokenError, TooManyCallsError
from surveyapp.web.api import views
from surveyapp.web.api.replies import CHALLENGE, api_error

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
bp.before_request(views.authenticate)

bp.add_url_rule("/", "docs", views.docs)
bp.add_url_rule("/openapi.json", "openapi", views.openapi)
bp.add_url_rule("/studies", "studies", views.studies)
bp.add_url_rule("/studies/<slug>", "study", views.study)
bp.add_url_rule("/studies/<slug>/instruments", "instruments", views.instruments)
bp.add_url_rule("/studies/<slug>/responses", "responses", views.responses)
bp.add_url_rule("/studies/<slug>/appendix", "appendix", views.appendix)
bp.add_url_rule("/tracker", "tracker", views.tracker)


@bp.errorhandler(TokenError)
def refused_token(exc: TokenError) -> Response:
    # RFC 6750: no error code when no credentials came at all.
    challenge = CHALLENGE
    if exc.code != "missing_token":
        challenge += f', error="invalid_token", error_description="{exc.code}"'
    return api_error(401, exc.code, str(exc), challenge=challenge)


@bp.errorhandler(TooManyCallsError)
def too_many(exc: TooManyCallsError) -> Response:
    return api_error(429, "too_many_requests", str(exc), retry_after=exc.retry_after)


@bp.errorhandler(NotAllowedError)
def not_allowed(exc: NotAllowedError) -> Response:
    return api_error(403, "forbidden", str(exc))


@bp.errorhandler(NotFoundError)
def not_found(exc: NotFoundError) -> Response:
    return api_error(404, "not_found", str(exc))


@bp.errorhandler(ServiceError)
def bad_request(exc: ServiceError) -> Response:
    return api_error(400, "bad_request", str(exc))


__all__ = ["bp"]
