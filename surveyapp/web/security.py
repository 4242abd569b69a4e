"""What every answer carries for the browser's protection, and the request id a fault page quotes.

- Content-Security-Policy: scripts and styles only from this site, or inline with the page's
  own nonce (GOV.UK Frontend's "js-enabled" line and the colour of the organisation's header);
  no plugins; forms post only here; no page may be framed (a staff page inside another site's
  frame could be clicked through without the person knowing).
- nosniff, a referrer that never carries a resume link's token to another site, HSTS behind
  HTTPS, and ``no-store`` on every page (a page can show a person's answers or staff data; a
  shared computer's browser must not keep it). Assets are cached as usual.
- A request id, taken from the proxy's ``X-Request-Id`` when it sends a sound one, so that the
  person's "reference for this fault" finds the line in both logs.
"""

from __future__ import annotations

import re
import secrets
from urllib.parse import urlsplit

from flask import Flask, Response, g, request

_SOUND_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
#: The policy of a page; ``{nonce}`` is the request's. Images may be data: URIs (charts).
POLICY = (
    "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'nonce-{nonce}'; "
    "img-src 'self' data:{logo}; font-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)

#: The policy of a file the app made and shows as it is (the findings report as a web page,
#: with its inline styles and plotly's inline scripts): sandboxed, so that it runs apart from
#: the app (no cookies, no requests to the app in the staff member's name), and sends nothing.
SHOWN_FILE_POLICY = (
    "sandbox allow-scripts; default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; "
    "style-src 'unsafe-inline'; img-src data: blob:; font-src data:; frame-ancestors 'none'"
)


def request_id() -> str:
    """This request's id (made on first use, outside a request too: the CLI's log lines)."""
    if "request_id" not in g:
        offered = request.headers.get("X-Request-Id", "") if request else ""
        g.request_id = offered if _SOUND_ID.match(offered) else secrets.token_hex(6)
    return str(g.request_id)


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return str(g.csp_nonce)


def register(app: Flask) -> None:
    logo = app.config.get("ORG_LOGO_URL") or ""
    logo_origin = ""
    if logo.startswith(("https://", "http://")):
        parts = urlsplit(logo)
        logo_origin = f" {parts.scheme}://{parts.netloc}"

    @app.context_processor
    def nonce() -> dict[str, str]:
        # govuk-frontend-jinja's page template gives its inline script this nonce.
        return {"cspNonce": csp_nonce()}

    @app.after_request
    def protect(response: Response) -> Response:
        headers = response.headers
        # A view may set a stricter policy of its own (a report file shown in the browser).
        headers.setdefault(
            "Content-Security-Policy", POLICY.format(nonce=csp_nonce(), logo=logo_origin)
        )
        headers.setdefault("X-Frame-Options", "DENY")  # frame-ancestors, for old browsers
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "same-origin"
        headers["X-Request-Id"] = request_id()
        if request.is_secure or app.config.get("SESSION_COOKIE_SECURE"):
            headers["Strict-Transport-Security"] = "max-age=31536000"
        if request.endpoint != "static" and request.blueprint != "assets":
            headers["Cache-Control"] = "no-store"
        return response
