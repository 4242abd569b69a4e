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
