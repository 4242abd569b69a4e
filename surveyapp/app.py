"""The application factory: configuration, extensions, the blueprint of each audience, the error
pages and the commands."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader
from werkzeug.middleware.proxy_fix import ProxyFix

from surveyapp import config as settings
from surveyapp.cli import register_commands
from surveyapp.extensions import csrf, db, login_manager
from surveyapp.web import (
    account,
    admin,
    api,
    assets,
    auth,
    dates,
    entry,
    errors,
    public,
    security,
    staff,
    tracker,
)
from surveyapp.web.inputs import AppRequest


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """The application factory: defaults, then environment, then ``config`` (tests pass theirs)."""
    app = Flask(__name__, instance_relative_config=True)
    app.request_class = AppRequest
    app.config.update(settings.DEFAULTS)
    app.config.update(settings.from_environment())
    if config:
        app.config.update(config)
    settings.resolve(app.config, app.instance_path)
    proxies = int(app.config["PROXIES"])
    if proxies:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies
        )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    app.jinja_loader = ChoiceLoader(
        [
            PackageLoader("surveyapp"),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    WTFormsHelpers(app)
    summary = app.jinja_env.globals["wtforms_errors"]

    def wtforms_errors(form: Any, params: dict | None = None) -> dict:
        # Errors of the whole form (not of one field) link to the form's first field, not "#None".
        found = summary(form, params or {})
        first = next((f.id for f in form if f.type not in ("CSRFTokenField", "HiddenField")), "")
        for item in found["errorList"]:
            if item.get("href") in ("#None", "#"):
                item["href"] = f"#{first}"
        return found

    app.jinja_env.globals["wtforms_errors"] = wtforms_errors
    db.init_app(app)
    csrf.init_app(app)
    login_manager.init_app(app)

    # One blueprint per audience, each with the whole of its URL map in its package's __init__.
    app.register_blueprint(assets.bp)
    app.register_blueprint(public.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(entry.bp)
    app.register_blueprint(staff.bp)
    app.register_blueprint(tracker.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(account.bp)
    # The read-only JSON API: bearer tokens, no cookie, so exempt from CSRF (in its package).
    app.register_blueprint(api.bp)
    errors.register(app)
    security.register(app)
    dates.register(app)

    @app.context_processor
    def organisation() -> dict[str, Any]:
        return {
            "org": {
                "name": app.config["ORG_NAME"],
                "colour": app.config["ORG_COLOUR"],
                "logo_url": app.config["ORG_LOGO_URL"],
                "contact": app.config["ORG_CONTACT"],
            }
        }

    register_commands(app)
    return app
