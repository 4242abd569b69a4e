"""Error pages that say what happened and what to do, in plain words."""

from __future__ import annotations

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError

from surveyapp.services import NotFoundError, ServiceError
from surveyapp.services.definitions import QuestionnaireUnavailableError


def _page(title: str, message: str, status: int, detail: str | None = None) -> tuple[str, int]:
    html = render_template("errors/error.html", title=title, message=message, detail=detail)
    return html, status


def register(app: Flask) -> None:
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
    def not_found(_exc: Exception) -> tuple[str, int]:
        return _page("Page not found", "Check the address you typed or followed.", 404)
