"""Published versions are frozen by content hash; v1 and v2 live side by side."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import select

from questionnaires import DEFINITIONS_ROOT
from surveyapp.models import QuestionnaireVersion, Response
from surveyapp.services.definitions import publish_all
from tests.helpers import hidden_fields, login


@pytest.fixture
def definitions(tmp_path):
    """A private copy of the definition files, so a test can edit one."""
    root = tmp_path / "questionnaires"
    for key in ("patient", "equality", "contact", "ons4"):
        shutil.copytree(DEFINITIONS_ROOT / key, root / key)
    return root


@pytest.fixture
def app_config(definitions):
    return {"QUESTIONNAIRES_DIR": str(definitions)}


def _answer_ons4(client, score="6"):
    url = "/s/wb/ons4"
    page = client.get(url)
    assert page.status_code == 200, page.get_data(as_text=True)
    return client.post(url, data={**hidden_fields(page.get_data(as_text=True)), "happiness": score})


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_an_edited_version_with_responses_is_refused(client, published, definitions, session):
    published("wb", "ons4/v1")
    assert _answer_ons4(client).status_code == 302
    open_form = hidden_fields(client.get("/s/wb/ons4").get_data(as_text=True))
    _edit(definitions / "ons4" / "v1.yaml", "how happy did you feel", "how cheerful did you feel")

    page = client.get("/s/wb/ons4")
    html = page.get_data(as_text=True)
    assert page.status_code == 409
    assert "ons4 v1 has 1 response(s) and its file has changed" in html
    assert "publish the change as a new version" in html
    # Nor are answers accepted against it.
    late = client.post("/s/wb/ons4", data={**open_form, "happiness": "5"})
    assert late.status_code == 409
    session.expire_all()
    assert len(session.scalars(select(Response)).all()) == 1

    results = publish_all(session, definitions)
    refused = next(r for r in results if r.label == "ons4 v1")
    assert refused.outcome == "refused" and "frozen" in refused.message


def test_comments_and_spacing_do_not_count_as_a_change(client, published, definitions):
    published("wb", "ons4/v1")
    _answer_ons4(client)
    path = definitions / "ons4" / "v1.yaml"
    path.write_text("# reviewed by the team\n" + path.read_text(encoding="utf-8") + "\n\n")
    assert client.get("/s/wb/ons4").status_code == 200


def test_a_changed_version_without_responses_needs_publishing(
    client, published, definitions, session
):
    published("wb", "ons4/v1")
    _edit(definitions / "ons4" / "v1.yaml", "how happy did you feel", "how cheerful did you feel")
    page = client.get("/s/wb/ons4")
    assert page.status_code == 409
    assert "surveyapp questionnaires load" in page.get_data(as_text=True)
    results = {r.label: r.outcome for r in publish_all(session, definitions)}
    assert results["ons4 v1"] == "updated"
    assert "how cheerful did you feel" in client.get("/s/wb/ons4").get_data(as_text=True)


def test_editing_a_shared_section_freezes_the_forms_that_include_it(
    client, published, definitions, session
):
    published("bromley", "patient/v1")
    url = "/s/bromley/patient"
    first = client.post(url, data=hidden_fields(client.get(url).get_data(as_text=True)))
    assert first.status_code == 302
    _edit(definitions / "equality" / "v1.yaml", "Out of Borough", "Outside the borough")
    assert client.get(first.headers["Location"]).status_code == 409


def test_how_answers_are_tabulated_can_change_on_a_version_with_responses(
    client, published, definitions, session
):
    """A table label is not part of the form: the version keeps serving and accepting answers,
    and publishing takes the new label into what analysis reads."""
    published("bromley", "patient/v1")
    url = "/s/bromley/patient"
    first = client.post(url, data=hidden_fields(client.get(url).get_data(as_text=True)))
    assert first.status_code == 302
    _edit(definitions / "patient" / "v1.yaml", "table_label: Other\n", "table_label: Elsewhere\n")
    assert client.get(first.headers["Location"]).status_code == 200

    results = {r.label: r for r in publish_all(session, definitions)}
    assert results["patient v1"].outcome == "updated"
    assert "how its answers are tabulated changed" in results["patient v1"].message
    version = session.scalars(
        select(QuestionnaireVersion).filter_by(key="patient", version=1)
    ).one()
    (referred_by,) = [
        q for s in version.content["sections"] for q in s["questions"] if q["id"] == "referred_by"
    ]
    assert referred_by["options"][-1]["table_label"] == "Elsewhere"
    assert {r.label: r.outcome for r in publish_all(session, definitions)}["patient v1"] == (
        "unchanged"
    )


def test_v1_and_v2_responses_coexist_and_keep_their_version(
    client, published, session, make_user, app
):
    published("bromley", "patient/v1")
    url = "/s/bromley/patient"
    v1_page = client.get(url).get_data(as_text=True)
    assert v1_page.count('<span class="app-number">5.</span>') == 2

    from surveyapp.services.studies import attach_instrument

    first = client.post(url, data={**hidden_fields(v1_page), "signposted": "yes"})
    token_v1 = first.headers["Location"].split("/r/")[1].split("/")[0]
    attach_instrument(session, "bromley", "patient/v2")

    # A v1 form already in progress is finished on v1 ...
    about = client.get(first.headers["Location"])
    assert about.status_code == 200
    # ... while new visitors get v2, renumbered without the duplicate 5.
    fresh = app.test_client()
    v2_page = fresh.get(url).get_data(as_text=True)
    assert v2_page.count('<span class="app-number">5.</span>') == 1
    assert '<span class="app-number">11.</span>' in v2_page
    fresh.post(url, data={**hidden_fields(v2_page), "signposted": "no"})

    responses = session.scalars(select(Response).order_by(Response.id)).all()
    versions = [r.questionnaire_version.label for r in responses]
    assert versions == ["patient v1", "patient v2"]
    assert responses[0].resume_token == token_v1
    # Same question ids in both: pooling is possible.
    v1_signposted = [a.value_code for a in responses[0].answers if a.question_id == "signposted"]
    assert v1_signposted == ["yes"]
    v2_signposted = [a.value_code for a in responses[1].answers if a.question_id == "signposted"]
    assert v2_signposted == ["no"]

    make_user("staff")
    login(client, "staff@example.org")
    overview = client.get("/staff/studies/bromley").get_data(as_text=True)
    assert 'data-instrument="patient v1"' in overview and 'data-instrument="patient v2"' in overview
