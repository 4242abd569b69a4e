"""Browser tests: the real app served over HTTP on a fresh SQLite file, driven by Debian's Chromium.

The browser is ``/usr/bin/chromium`` (installed by the CI script), never one downloaded by
Playwright. Each test module gets its own server and database; each test its own browser context.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from questionnaires import DEFINITIONS_ROOT
from surveyapp.app import create_app
from surveyapp.extensions import db
from surveyapp.migrate import upgrade
from tests.helpers import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
STUDY = "bromley"
STAFF_EMAIL = "staff@example.org"
#: Milliseconds Playwright waits for a page or an element before failing the test.
TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything under tests/browser is a browser test (``-m "not browser"`` leaves it out)."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@dataclass(frozen=True)
class LiveServer:
    """The running app: ``url`` to browse, ``app`` to arrange and check data directly."""

    url: str
    app: Flask
    staff_email: str = STAFF_EMAIL
    staff_password: str = PASSWORD
    study: str = STUDY

    def __str__(self) -> str:
        return self.url


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The app on a fresh, migrated SQLite file with study ``bromley`` (patient v1, professional
    v1) and one staff user, served by Werkzeug in a daemon thread on a free port."""
    from surveyapp.services.accounts import create_user
    from surveyapp.services.definitions import publish_all
    from surveyapp.services.studies import create_study

    database = tmp_path_factory.mktemp("browser") / "live.db"
    app = create_app(
        {
            "DATABASE_URL": f"sqlite:///{database}",
            "SECRET_KEY": "browser-test-secret",
            "QUESTIONNAIRES_DIR": str(DEFINITIONS_ROOT),
        }
    )
    engine = app.extensions["surveyapp.engine"]
    upgrade(engine)
    with app.app_context():
        publish_all(db.session)
        create_study(
            db.session, STUDY, "Bromley social prescribing", ["patient/v1", "professional/v1"]
        )
        create_user(db.session, STAFF_EMAIL, "Staff Member", "staff", PASSWORD)

    with _served(app) as url:
        yield LiveServer(url=url, app=app)


@contextmanager
def _served(app: Flask) -> Iterator[str]:
    """``app`` served by Werkzeug in a daemon thread on a free port: its URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        app.extensions["surveyapp.engine"].dispose()


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The app with the demo loaded (small): both demo studies, their responses, a printed
    batch, the tracker, and the demo's admin, staff and volunteer."""
    from surveyapp.services.demo import DEMO_PASSWORD, load_demo

    database = tmp_path_factory.mktemp("browser") / "demo.db"
    app = create_app({"DATABASE_URL": f"sqlite:///{database}", "SECRET_KEY": "browser-demo"})
    upgrade(app.extensions["surveyapp.engine"])
    with app.app_context():
        load_demo(db.session, patient_responses=12, seed=5)
    with _served(app) as url:
        yield LiveServer(
            url=url,
            app=app,
            staff_email="admin@example.org",
            staff_password=DEMO_PASSWORD,
            study="bromley-social-prescribing",
        )


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium, launched once for the run."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests drive Debian's Chromium "
            "(apt-get install chromium); do not run 'playwright install'.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser):
    """A page in a new browser context (own cookies and session) for each test."""
    context = browser.new_context()
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    page = context.new_page()
    # The Content-Security-Policy refuses inline script and style without the page's nonce:
    # anything it refused would be a feature quietly not working, so it fails the test. So does
    # any other console error, and any file a page asks for that does not come (a font the app
    # refuses, a missing image): a person's browser would log it too.
    faults: list[str] = []
    page.on("console", lambda message: _console_fault(message, faults))
    page.on("pageerror", lambda error: faults.append(f"script error: {error}"))
    page.on("response", lambda response: _failed_file(response, faults))
    page.on(
        "requestfailed",
        lambda request: (
            faults.append(f"{request.url}: {request.failure}")
            if request.resource_type != "document" and "ERR_ABORTED" not in (request.failure or "")
            else None
        ),
    )
    try:
        yield page
    finally:
        context.close()
    assert not faults, faults


def _console_fault(message, faults: list[str]) -> None:
    # A page answered with 400 or 404 on purpose (a form refused, a page not found) is logged
    # as "Failed to load resource"; files that fail are caught by _failed_file instead.
    refused_page = message.text.startswith("Failed to load resource")
    policy = "Content Security Policy" in message.text
    if (message.type == "error" and not refused_page) or policy:
        faults.append(f"console: {message.text}")


def _failed_file(response, faults: list[str]) -> None:
    if response.status >= 400 and response.request.resource_type != "document":
        faults.append(f"{response.request.resource_type} {response.url}: {response.status}")


def sign_in(page, live_server: LiveServer) -> None:
    """Sign in as the live server's staff member through the sign-in page."""
    page.goto(f"{live_server}/login")
    page.get_by_label("Email address").fill(live_server.staff_email)
    page.get_by_role("textbox", name="Password").fill(live_server.staff_password)
    page.get_by_role("button", name="Sign in").click()
