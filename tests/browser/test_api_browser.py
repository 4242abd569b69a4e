"""A member of staff makes an API token from the keyboard, copies it, reads the API's page and
revokes the token; axe (WCAG 2.2 A/AA) on the tokens page, with and without a new token shown,
and on the API's page."""

from __future__ import annotations

import urllib.request

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import assert_none, check

pytestmark = pytest.mark.browser


def _status(url: str, token: str) -> int:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})  # noqa: S310
    try:
        with urllib.request.urlopen(request) as answer:  # noqa: S310 (our own live server)
            return answer.status
    except urllib.error.HTTPError as refused:
        return refused.code


def test_staff_make_copy_and_revoke_a_token_from_the_keyboard(page, live_server):
    found: dict[str, list[dict]] = {}
    sign_in(page, live_server)
    page.get_by_role("link", name="API tokens").click()
    expect(page.get_by_role("heading", name="API tokens", level=1)).to_be_visible()
    check(page, "tokens page", found)

    page.get_by_label("Name").fill("Weekly dashboard")
    page.get_by_label("Expires after (days, optional)").fill("30")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # the form sends from the keyboard alone
    box = page.get_by_label("Your new token")
    token = box.input_value()
    assert token.startswith("hwt_") and len(token) == 47
    expect(page.get_by_text("Copy it now")).to_be_visible()
    check(page, "tokens page, a token just made", found)
    assert _status(f"{live_server}/api/v1/studies", token) == 200

    page.get_by_role("link", name="How to use the API").click()
    expect(page.get_by_role("heading", name="Read-only API")).to_be_visible()
    expect(page.get_by_text("GET /api/v1/studies/{slug}/responses")).to_be_visible()
    check(page, "API page", found)

    page.goto(f"{live_server}/account/tokens")
    assert token not in page.content()
    revoke = page.get_by_role("button", name="Revoke token Weekly dashboard")
    revoke.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text("is revoked: it no longer works")).to_be_visible()
    check(page, "tokens page, a token revoked", found)
    assert _status(f"{live_server}/api/v1/studies", token) == 401
    assert_none(found)
