"""Serves GOV.UK Frontend's precompiled CSS, JS and images from the npm package.

The package is installed at set-up (``npm install``) and never committed. When it is absent these
routes answer 404 and the pages still work, unstyled. The GDS Transport font is not served: this
is not a GOV.UK service, so the CSS falls back to Arial.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, send_from_directory
from werkzeug.wrappers import Response

bp = Blueprint("assets", __name__)

ALLOWED_FILES = {"govuk-frontend.min.css", "govuk-frontend.min.js"}


def frontend_dir() -> Path:
    return Path(str(current_app.config["GOVUK_FRONTEND_DIR"]))


@bp.get("/govuk/<path:filename>")
def frontend(filename: str) -> Response:
    if filename not in ALLOWED_FILES:
        abort(404)
    return send_from_directory(frontend_dir(), filename, max_age=3600)


@bp.get("/assets/<path:filename>")
def frontend_asset(filename: str) -> Response:
    if filename.startswith("fonts/"):
        abort(404)
    return send_from_directory(frontend_dir() / "assets", filename, max_age=3600)
