"""Every route of the app against the committed table of who may use it
(tests/fixtures/route_access.txt): a route without a line fails, and each posting route refuses
the roles the table leaves out (anonymous visitors are sent to sign in; others get 403)."""

from __future__ import annotations

import pytest

from tests.conftest import FIXTURES
from tests.helpers import hidden_fields, login

TABLE = FIXTURES / "route_access.txt"
ROLES = {
    "everyone": {"anonymous", "volunteer", "staff", "admin"},
    "keyers": {"volunteer", "staff", "admin"},
    "staff": {"staff", "admin"},
    "admin": {"admin"},
    "signed-in": {"volunteer", "staff", "admin"},
    # The read-only API: no sign-in opens it (it answers 401 to a cookie); a bearer token does,
    # as its user's role allows (tests/surveyapp/web/api/).
    "token": set(),
}


def access_table() -> dict[tuple[str, str], str]:
    entries = {}
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            endpoint, method, audience = line.split()
            assert audience in ROLES, line
            entries[(endpoint, method)] = audience
    return entries


def _routes(app) -> dict[tuple[str, str], object]:
    return {
        (rule.endpoint, method): rule
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }


def test_every_route_has_a_line_in_the_access_table(app):
    routes, table = set(_routes(app)), set(access_table())
    assert not routes - table, (
        f"give these routes their audience in {TABLE.name}: {sorted(routes - table)}"
    )
    assert not table - routes, f"{TABLE.name} names routes the app no longer has: {table - routes}"


def _url(rule) -> str:
    values = {}
    for name, converter in rule._converters.items():
        values[name] = 1 if type(converter).__name__ == "IntegerConverter" else "x"
    path = rule.build(values, append_unknown=False)[1]
    return path


@pytest.mark.parametrize("role", ["anonymous", "volunteer", "staff"])
def test_posting_routes_refuse_the_roles_the_table_leaves_out(app, client, make_user, role):
    if role != "anonymous":
        make_user(role)
        login(client, f"{role}@example.org")
    token = hidden_fields(client.get("/login").get_data(as_text=True))["csrf_token"]
    routes = _routes(app)
    checked = 0
    for (endpoint, method), audience in access_table().items():
        if method != "POST" or role in ROLES[audience]:
            continue
        response = client.post(_url(routes[(endpoint, method)]), data={"csrf_token": token})
        if role == "anonymous":
            assert response.status_code == 302, endpoint
            assert "/login" in response.headers["Location"], endpoint
        else:
            assert response.status_code == 403, f"{role} posting to {endpoint}"
        checked += 1
    assert checked >= {"anonymous": 35, "volunteer": 30, "staff": 3}[role]
