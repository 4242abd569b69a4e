"""The API's OpenAPI 3.1 document: valid (openapi-spec-validator), exactly the API's routes of
the URL map, served with the people's page that lists them; and real answers of each endpoint
validated against the schemas it declares."""

from __future__ import annotations

import re

import pytest
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate


def _api_paths(app) -> set[str]:
    """The API's routes as OpenAPI writes them: ``<slug>`` becomes ``{slug}``."""
    return {
        re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.")
    }


def test_the_document_is_valid_and_names_every_api_route_and_no_other(app, client):
    got = client.get("/api/v1/openapi.json")
    assert got.status_code == 200 and got.mimetype == "application/json"
    document = got.get_json()
    validate(document)  # raises on any departure from OpenAPI 3.1
    assert document["openapi"] == "3.1.0"
    assert set(document["paths"]) == _api_paths(app)
    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    for path, item in document["paths"].items():
        operation = item["get"]
        if operation.get("security") == []:
            continue  # the descriptions need no token
        assert {"200", "401", "403", "429"} <= set(operation["responses"]), path
        names = {p["name"] for p in operation["parameters"] if p["in"] == "path"}
        assert names == set(re.findall(r"{(\w+)}", path)), path


def test_the_people_s_page_lists_every_endpoint_and_links_the_document(app, client):
    page = client.get("/api/v1/")
    assert page.status_code == 200 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    for path in _api_paths(app):
        assert f"GET {path}</code>" in html, path
    assert 'href="/api/v1/openapi.json"' in html and 'href="/account/tokens"' in html
    assert "120 calls a minute" in html


@pytest.mark.parametrize(
    ("url", "schema"),
    [
        ("/api/v1/studies", "StudyList"),
        ("/api/v1/studies/bromley", "StudyDetail"),
        ("/api/v1/studies/bromley/instruments", "InstrumentList"),
        ("/api/v1/studies/bromley/responses?limit=3", "ResponsesPage"),
        ("/api/v1/studies/bromley/appendix", "Appendix"),
        ("/api/v1/tracker?as_of=2023-09-01", "Tracker"),
        ("/api/v1/studies/nowhere", "Error"),
    ],
)
def test_each_answer_is_what_the_document_says(client, world, url, schema):
    document = client.get("/api/v1/openapi.json").get_json()
    got = client.get(url, headers={"Authorization": f"Bearer {world['staff']}"})
    validator = OAS31Validator(
        {"$ref": f"#/components/schemas/{schema}", "components": document["components"]}
    )
    validator.validate(got.get_json())
