"""How the API answers when something is wrong: always JSON, ``{"error": {"code", "message"}}``,
never an HTML page (a program reads it), with the headers HTTP asks for (``WWW-Authenticate``
on 401, ``Retry-After`` on 429 and 503)."""

from __future__ import annotations

from flask import Response, jsonify, request

#: Where the API lives; an error under it (a fault, an address that is not an endpoint) is JSON.
API_PREFIX = "/api/"
#: The bearer scheme's challenge (RFC 6750), sent with every 401.
CHALLENGE = 'Bearer realm="api"'


def in_api() -> bool:
    """Whether the request is the API's (even where no route matched)."""
    return request.path.startswith(API_PREFIX)


def api_error(
    status: int,
    code: str,
    message: str,
    *,
    retry_after: int | None = None,
    challenge: str | None = None,
) -> Response:
    response = jsonify({"error": {"code": code, "message": message}})
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = challenge or CHALLENGE
    if retry_after:
        response.headers["Retry-After"] = str(retry_after)
    return response
