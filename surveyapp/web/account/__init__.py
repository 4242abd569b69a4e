"""Each signed-in person's own settings (``/account``): their personal access tokens for the
read-only API, made, listed and revoked."""

from flask import Blueprint

from surveyapp.web.account import views

bp = Blueprint("account", __name__, url_prefix="/account")
bp.add_url_rule("/tokens", "tokens", views.tokens, methods=["GET", "POST"])
bp.add_url_rule(
    "/tokens/<int:token_id>/revoke", "revoke_token", views.revoke_token, methods=["POST"]
)

__all__ = ["bp"]
