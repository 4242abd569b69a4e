"""WCAG 2.2 A/AA checks (axe-core) of the pages the public and staff reach first.

Each failure lists every violation: rule id, impact, what to do, and the first elements affected.
"""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
    }
}
NODES_SHOWN = 3

_axe = Axe()


def violations(page) -> list[dict]:
    return _axe.run(page, options=AXE_OPTIONS).response["violations"]


def report(found: dict[str, list[dict]]) -> str:
    """Readable lines for a developer: per page, each rule with its first offending elements."""
    lines = []
    for where, items in found.items():
        for v in items:
            lines.append(
                f"{where}: {v['id']} ({v['impact']}): {v['help']} [{len(v['nodes'])} element(s)]"
                f" {v['helpUrl']}"
            )
            for node in v["nodes"][:NODES_SHOWN]:
                summary = (node.get("failureSummary") or "").replace("\n", " ")
                lines.append(f"    {node['target']}: {node['html'][:160]}")
                if summary:
                    lines.append(f"      {summary[:300]}")
    return "\n".join(lines)


def check(page, where: str, found: dict[str, list[dict]]) -> None:
    items = violations(page)
    if items:
        found[where] = items


def assert_none(found: dict[str, list[dict]]) -> None:
    text = report(found)
    if text:
        print(text)
    assert not found, "axe found WCAG violations:\n" + text


def press(page, name: str) -> None:
    """Press a form's button and wait for the page the server answers with."""
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def test_public_index(page, live_server):
    page.goto(f"{live_server}/")
    assert page.locator(f'a[href="/s/{live_server.study}/patient"]').count() == 1
    found: dict[str, list[dict]] = {}
    check(page, "/", found)
    assert_none(found)


def test_patient_form_pages_and_confirmation(page, live_server):
    found: dict[str, list[dict]] = {}
    page.goto(f"{live_server}/s/{live_server.study}/patient")
    check(page, "patient page 1", found)
    press(page, "Save and continue")
    page.wait_for_url(re.compile(r"/about_you$"))
    check(page, "patient page 2 (About you)", found)
    press(page, "Save and continue")
    page.wait_for_url(re.compile(r"/contact$"))
    check(page, "patient page 3 (contact details)", found)
    press(page, "Submit")
    page.wait_for_url(re.compile(r"/done/[^/]+$"))
    assert "Your reference" in page.locator(".govuk-panel").inner_text()
    check(page, "confirmation page", found)
    assert_none(found)


def test_form_page_with_an_error(page, live_server):
    page.goto(f"{live_server}/s/{live_server.study}/professional")
    page.fill("#registered_people", "lots")
    press(page, "Save and continue")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator("#registered_people-error")).to_be_visible()
    found: dict[str, list[dict]] = {}
    check(page, "professional page 1 with an error", found)
    assert_none(found)


def test_print_view(page, live_server):
    page.goto(f"{live_server}/s/{live_server.study}/patient/print")
    found: dict[str, list[dict]] = {}
    check(page, "patient print view", found)
    assert_none(found)


def test_login_page(page, live_server):
    page.goto(f"{live_server}/login")
    found: dict[str, list[dict]] = {}
    check(page, "/login", found)
    assert_none(found)


def test_a_fault_keeps_what_was_typed_and_sends_it_again(page, live_server, monkeypatch):
    """A fault while saving: the fault page (in the organisation's look, axe-clean) holds what
    was typed, and "Send again" saves it once the fault has passed."""
    from surveyapp.web.public import views

    saving = views.save_page

    def broken(*_args, **_kwargs):
        raise RuntimeError("a passing fault")

    page.goto(f"{live_server}/s/{live_server.study}/patient")
    page.locator("#referral_reason").fill("Typed before the fault")
    monkeypatch.setattr(views, "save_page", broken)
    press(page, "Save and continue")
    expect(page.get_by_role("heading", name="Sorry, something went wrong")).to_be_visible()
    found: dict[str, list[dict]] = {}
    check(page, "fault page", found)
    assert_none(found)
    monkeypatch.setattr(views, "save_page", saving)
    press(page, "Send again")
    page.wait_for_url(re.compile(r"/about_you$"))
    press(page, "Save and go back")
    expect(page.locator("#referral_reason")).to_have_value("Typed before the fault")


def test_admin_user_pages(page, live_server):
    from surveyapp.extensions import db
    from surveyapp.models import User
    from surveyapp.services.accounts import create_user
    from tests.helpers import PASSWORD

    with live_server.app.app_context():
        if db.session.query(User).filter_by(email="admin@example.org").first() is None:
            create_user(db.session, "admin@example.org", "Admin", "admin", PASSWORD)
        staff_id = db.session.query(User).filter_by(email=live_server.staff_email).one().id
    page.goto(f"{live_server}/login")
    page.get_by_label("Email address").fill("admin@example.org")
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    press(page, "Sign in")
    found: dict[str, list[dict]] = {}
    page.goto(f"{live_server}/admin/users")
    check(page, "/admin/users", found)
    page.get_by_role("link", name=live_server.staff_email).click()
    page.wait_for_url(re.compile(rf"/admin/users/{staff_id}$"))
    check(page, "a user's page", found)
    page.get_by_label("New password").fill("short")
    press(page, "Set the new password")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check(page, "a user's page with an error", found)
    page.goto(f"{live_server}/staff/studies/{live_server.study}/contacts")
    check(page, "the study's contact details", found)
    page.get_by_role("link", name="Activity").click()
    page.wait_for_url(re.compile(r"/admin/activity$"))
    expect(page.get_by_text("viewed the contact details")).to_be_visible()
    check(page, "/admin/activity", found)
    assert_none(found)
