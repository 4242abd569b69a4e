"""Every page carries the browser's protections: a Content-Security-Policy whose nonce is the one
the page's inline script and style carry, no framing, nosniff, a referrer kept to this site,
no-store on pages (assets cached), and HSTS behind HTTPS."""

from __future__ import annotations

import re

import pytest

from tests.conftest import make_app
from tests.helpers import login


@pytest.fixture
def study(published):
    return published("bromley", "patient/v1")


def _policy(response) -> dict[str, str]:
    parts = (
        p.strip().split(" ", 1) for p in response.headers["Content-Security-Policy"].split(";")
    )
    return {name: rest for name, rest in parts}


def test_a_page_s_inline_script_and_style_carry_the_policy_s_nonce(client, study):
    page = client.get("/s/bromley/patient")
    html = page.get_data(as_text=True)
    policy = _policy(page)
    nonce = re.search(r"'nonce-([^']+)'", policy["script-src"]).group(1)
    assert policy["style-src"] == f"'self' 'nonce-{nonce}'"
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    # Every inline script and style element has the nonce; no inline event handler anywhere.
    inline = re.findall(r"<(script|style)(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline and all(f'nonce="{nonce}"' in attributes for _tag, attributes in inline)
    assert not re.search(r"\son[a-z]+=", html)
    assert (
        client.get("/s/bromley/patient").headers["Content-Security-Policy"]
        != (page.headers["Content-Security-Policy"])
    )  # a fresh nonce for each page


def test_pages_cannot_be_framed_sniffed_or_cached_and_assets_can_be_cached(
    client, study, make_user
):
    make_user("staff")
    login(client, "staff@example.org")
    for url in ("/s/bromley/patient", "/staff/studies", "/login"):
        response = client.get(url)
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert response.headers["Cache-Control"] == "no-store"
        assert "Strict-Transport-Security" not in response.headers  # plain HTTP here
    with client.get("/static/app.css") as asset:
        assert asset.status_code == 200 and asset.headers.get("Cache-Control") != "no-store"
        assert asset.headers["X-Content-Type-Options"] == "nosniff"


def test_behind_https_browsers_are_told_to_keep_to_it(backend, database_urls, published):
    app = make_app(database_urls[backend], SESSION_COOKIE_SECURE=True)
    try:
        response = app.test_client().get("/login")
        assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    finally:
        app.extensions["surveyapp.engine"].dispose()


def test_an_external_logo_is_allowed_as_an_image_and_nothing_else(
    backend, database_urls, published
):
    app = make_app(database_urls[backend], ORG_LOGO_URL="https://cdn.example.org/logo.png")
    try:
        policy = _policy(app.test_client().get("/login"))
        assert policy["img-src"] == "'self' data: https://cdn.example.org"
        assert "cdn.example.org" not in policy["script-src"]
    finally:
        app.extensions["surveyapp.engine"].dispose()
