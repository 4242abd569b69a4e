"""A study designed in the app, no shell: created, a questionnaire uploaded with mistakes (each
named by its line, or by sheet, row and column in an XLSForm; the file kept), corrected,
previewed online and on paper, published, attached and opened; a changed file for a version with
responses becomes the next version; every version downloads as the YAML that was published, and
as an XLSForm that reads back the same."""

from __future__ import annotations

import io
import re
from html import unescape

import openpyxl
import pytest
import yaml
from sqlalchemy import func, select

from questionnaires import DEFINITIONS_ROOT
from questionnaires.uploads import load_yaml_bytes
from questionnaires.xlsform import read_xlsform, write_xlsform
from surveyapp.models import AuditEntry, QuestionnaireVersion, Response, StoredFile, Study
from surveyapp.services.definitions import FrozenVersionError, stored_definition
from tests.helpers import hidden_fields, login, submit_form

QUESTIONNAIRES = "/staff/questionnaires"

CARE_HOMES = """\
# Visitors of care homes: a short form.
key: care_homes
version: 1
title: Your visits to the care home
channels: [online, paper]
sections:
  - id: visits
    title: Your visits
    questions:
      - id: how_often
        number: "1"
        type: single
        text: How often do you visit?
        options:
          - {code: weekly, label: Every week}
          - {code: monthly, label: Every month}
      - id: rating
        number: "2"
        type: scale
        text: How would you rate the home?
        options:
          - {code: good, label: Good, value: 2}
          - {code: poor, label: Poor, value: 1}
  - id: more
    title: Anything else
    questions:
      - id: comments
        number: "3"
        type: textarea
        text: Is there anything else you would like to tell us?
"""

#: Three mistakes: an option code twice (in the question on line 10), a condition on a
#: question that does not exist (in the question on line 17) and a type that does not exist
#: (line 30). The last is found first: a form is built, and its meaning checked, only once its
#: structure is right.
MISTAKES = (
    CARE_HOMES.replace("{code: monthly,", "{code: weekly,")
    .replace(
        '        number: "2"\n',
        '        number: "2"\n        show_if: {question: visited, any_of: ["yes"]}\n',
    )
    .replace("type: textarea", "type: essay")
)

#: v1 changed: question 1 reworded, the comments asked as remarks that stand for them.
CHANGED = CARE_HOMES.replace("How often do you visit?", "How often do you visit the home?").replace(
    "      - id: comments\n", "      - id: remarks\n        replaces: [comments]\n"
)


@pytest.fixture
def staff(client, make_user):
    make_user("staff")
    login(client, "staff@example.org")
    return client


def csrf(client, url: str = QUESTIONNAIRES) -> str:
    return hidden_fields(client.get(url).get_data(as_text=True))["csrf_token"]


def upload(client, text: str, name: str = "care_homes.yaml"):
    """Upload a file and follow to its checks; returns (page, its URL)."""
    data = {"csrf_token": csrf(client), "file": (io.BytesIO(text.encode()), name)}
    posted = client.post(QUESTIONNAIRES, data=data, content_type="multipart/form-data")
    assert posted.status_code == 303, posted.get_data(as_text=True)[:2000]
    url = posted.headers["Location"]
    return client.get(url), url


def words(page) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", page.get_data(as_text=True))).split())


def publish(client, url: str):
    return client.post(f"{url}/publish", data={"csrf_token": csrf(client, url)})


def create_study(client, name: str, **fields):
    data = {"csrf_token": csrf(client, "/staff/new-study"), "name": name, **fields}
    return client.post("/staff/new-study", data=data)


def setup_post(client, slug: str, path: str, **fields):
    url = f"/staff/studies/{slug}/setup"
    return client.post(f"{url}/{path}", data={"csrf_token": csrf(client, url), **fields})


def version_row(session, key: str, version: int) -> QuestionnaireVersion:
    session.expire_all()
    return session.scalar(select(QuestionnaireVersion).filter_by(key=key, version=version))


def test_a_study_designed_and_opened_without_a_shell(staff, session):
    # The study, its short name proposed from its name.
    created = create_study(staff, "Care homes in Bromley, 2024")
    assert created.status_code == 303
    assert created.headers["Location"].endswith("/staff/studies/care-homes-in-bromley-2024/setup")
    slug = "care-homes-in-bromley-2024"
    assert session.scalar(select(Study).filter_by(slug=slug)).name == "Care homes in Bromley, 2024"

    # A file with mistakes: every one named with its line; the file is kept.
    page, url = upload(staff, MISTAKES)
    said = words(page)
    assert page.status_code == 200
    assert "1 problem to fix before it can be published" in said
    assert "line 30, sections, section 'more', questions, question 'comments', type" in said
    assert "'essay' is not one of" in said
    assert "Publish as" not in said
    token = url.rsplit("/", 1)[1]
    assert session.scalar(select(StoredFile.name).filter_by(key=token)) == "care_homes.yaml"
    # Only the structure is checked while the file cannot be built; fixed, the meaning is.
    page, url = upload(staff, MISTAKES.replace("type: essay", "type: textarea"))
    said = words(page)
    assert "2 problems to fix" in said
    assert "line 10, question 'how_often' option code 'weekly' appears more than once" in said
    assert "line 17, question 'rating' show_if refers to question 'visited'" in said
    assert staff.get(url).status_code == 200  # still there, read again

    # Corrected: no problems, previews, and what publishing will do.
    page, url = upload(staff, CARE_HOMES)
    said = words(page)
    assert "No problems: Your visits to the care home (care_homes), 2 parts, 3 questions" in said
    assert "It will be published as care_homes v1." in said
    online = staff.get(f"{url}/form")
    assert online.status_code == 200
    html = online.get_data(as_text=True)
    assert "How often do you visit?" in html and 'name="how_often"' in html
    assert "Next part: Anything else" in html
    second = staff.get(f"{url}/form?part=more").get_data(as_text=True)
    assert "Is there anything else you would like to tell us?" in second
    assert "Previous part: Your visits" in second
    assert staff.get(f"{url}/form?part=nowhere").status_code == 404
    paper = staff.get(f"{url}/paper")
    assert paper.status_code == 200 and "How would you rate the home?" in words(paper)
    pdf = staff.get(f"{url}/paper.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert session.scalar(select(func.count(QuestionnaireVersion.id))) == 0  # nothing yet

    # Published: stored with its content, no file in the definitions folder.
    published = publish(staff, url)
    assert published.status_code == 303
    listed = words(staff.get(published.headers["Location"]))
    assert "care_homes v1 (Your visits to the care home) is published" in listed
    v1 = version_row(session, "care_homes", 1)
    assert v1.content["sections"][0]["questions"][0]["text"] == "How often do you visit?"
    published_token = url.rsplit("/", 1)[1]
    session.expire_all()
    assert session.scalar(select(StoredFile).filter_by(key=published_token)) is None
    assert not (DEFINITIONS_ROOT / "care_homes").exists()
    assert session.scalar(
        select(AuditEntry.what).filter_by(subject="questionnaire_version", subject_id=v1.id)
    ) == ("published care_homes v1 from care_homes.yaml")

    # Attached, opened online: the public link and the print view work.
    assert setup_post(staff, slug, "attach", version_id=str(v1.id)).status_code == 303
    assert setup_post(staff, slug, f"{v1.id}/online", online="close").status_code == 303
    assert staff.get(f"/s/{slug}/care_homes").status_code == 404  # closed online
    assert setup_post(staff, slug, f"{v1.id}/online", online="open").status_code == 303
    setup = staff.get(f"/staff/studies/{slug}/setup").get_data(as_text=True)
    assert f'href="/s/{slug}/care_homes"' in setup
    assert f'href="/s/{slug}/care_homes/print"' in setup
    public = staff.get(f"/s/{slug}/care_homes")
    assert public.status_code == 200 and "How often do you visit?" in words(public)
    assert "Every month" in words(staff.get(f"/s/{slug}/care_homes/print"))

    # Closed on a day, as 'surveyapp study close' does.
    closing = setup_post(staff, slug, "closing", closes_on="2024-06-30", contact_months="6")
    assert closing.status_code == 303
    session.expire_all()
    study = session.scalar(select(Study).filter_by(slug=slug))
    assert (study.closes_on.isoformat(), study.contact_months) == ("2024-06-30", 6)


def test_a_changed_file_for_a_version_with_responses_becomes_the_next(staff, session):
    create_study(staff, "Care homes", slug="care")
    _page, url = upload(staff, CARE_HOMES)
    publish(staff, url)
    v1 = version_row(session, "care_homes", 1)
    setup_post(staff, "care", "attach", version_id=str(v1.id))
    # Someone answers the first part online: v1 has a response.
    answered = submit_form(staff, "/s/care/care_homes", {"how_often": "weekly", "rating": "good"})
    assert answered.status_code == 302, answered.get_data(as_text=True)[:2000]
    assert session.scalar(select(func.count(Response.id))) == 1
    before = (v1.content_sha256, v1.content)

    # The same file again: nothing to publish.
    page, same_url = upload(staff, CARE_HOMES)
    assert "This is care_homes v1 as published already." in words(page)
    assert "Publish as" not in words(page)
    refused = publish(staff, same_url)
    assert refused.status_code == 400 and "Nothing to publish" in words(refused)

    # A changed file declaring v1 becomes v2, questions keeping their ids and replaces.
    page, url = upload(staff, CHANGED)
    said = words(page)
    assert "care_homes v1 is published already and has 1 response" in said
    assert "it will be published as the next version, care_homes v2" in said
    assert "Publish as care_homes v2" in said
    assert publish(staff, url).status_code == 303
    v1_after = version_row(session, "care_homes", 1)
    assert (v1_after.content_sha256, v1_after.content) == before  # untouched
    v2 = version_row(session, "care_homes", 2)
    assert v2.content["version"] == 2
    remarks = v2.content["sections"][1]["questions"][0]
    assert (remarks["id"], remarks["replaces"]) == ("remarks", ["comments"])

    # Attached, v2 takes over the online link; v1 keeps its response and stays attached.
    setup_post(staff, "care", "attach", version_id=str(v2.id))
    assert "How often do you visit the home?" in words(staff.get("/s/care/care_homes/print"))
    refused = setup_post(staff, "care", f"{v1.id}/detach")
    assert refused.status_code == 400
    assert "care_homes v1 has responses in this study" in words(refused)
    session.expire_all()
    study = session.scalar(select(Study).filter_by(slug="care"))
    labels = [i.questionnaire_version.label for i in study.instruments]
    assert labels == ["care_homes v1", "care_homes v2"]


def test_a_version_without_responses_is_detached(staff, session):
    create_study(staff, "Care homes", slug="care")
    _page, url = upload(staff, CARE_HOMES)
    publish(staff, url)
    v1 = version_row(session, "care_homes", 1)
    setup_post(staff, "care", "attach", version_id=str(v1.id))
    detached = setup_post(staff, "care", f"{v1.id}/detach")
    assert detached.status_code == 303
    session.expire_all()
    assert session.scalar(select(Study).filter_by(slug="care")).instruments == []
    # ... and may be attached again.
    assert setup_post(staff, "care", "attach", version_id=str(v1.id)).status_code == 303


@pytest.mark.parametrize("key", ["care_homes", "patient"])
def test_a_version_downloads_as_the_yaml_published(staff, session, published, key):
    if key == "care_homes":
        _page, url = upload(staff, CARE_HOMES)
        publish(staff, url)
    row = version_row(session, key, 1)
    got = staff.get(f"{QUESTIONNAIRES}/{key}/v1.yaml")
    assert got.status_code == 200
    assert got.headers["Content-Disposition"] == f'attachment; filename="{key}-v1.yaml"'
    again = load_yaml_bytes(got.data, f"{key}.yaml")
    assert again.content_sha256 == row.content_sha256
    assert dict(again.raw) == row.content  # patient v1's included sections written out


def test_stored_content_changed_by_hand_is_refused(staff, session):
    _page, url = upload(staff, CARE_HOMES)
    publish(staff, url)
    row = version_row(session, "care_homes", 1)
    edited = dict(row.content, title="Changed behind the app's back")
    row.content = edited
    session.commit()
    with pytest.raises(FrozenVersionError, match="no longer matches what was published"):
        stored_definition(row, DEFINITIONS_ROOT)


@pytest.mark.parametrize(
    ("fields", "message", "field"),
    [
        ({"name": "  "}, "Enter the study&#39;s name", "name"),
        ({"name": "Care", "slug": "Care Homes!"}, "cannot be a short name", "slug"),
    ],
)
def test_a_study_typed_wrong_is_refused_keeping_what_was_typed(staff, fields, message, field):
    refused = create_study(staff, **fields, description="Visits, 2024")
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400 and message in html
    assert f'href="#{field}"' in html  # the summary leads to the box to fix
    assert "Visits, 2024</textarea>" in html


def test_a_taken_short_name_and_a_wrong_file_are_said(staff, session):
    create_study(staff, "Care homes", slug="care")
    taken = create_study(staff, "Other care homes", slug="care")
    assert taken.status_code == 400 and "already a study called &#39;care&#39;" in taken.text
    assert 'value="Other care homes"' in taken.text
    data = {"csrf_token": csrf(staff), "file": (io.BytesIO(b"a,b"), "answers.csv")}
    wrong = staff.post(QUESTIONNAIRES, data=data, content_type="multipart/form-data")
    assert wrong.status_code == 400
    assert "neither a questionnaire in YAML (.yaml) nor an XLSForm (.xlsx)" in words(wrong)
    nothing = staff.post(QUESTIONNAIRES, data={"csrf_token": csrf(staff)})
    assert nothing.status_code == 400 and "Choose the questionnaire file" in words(nothing)
    closing = setup_post(staff, "care", "closing", closes_on="2024-02-30", contact_months="6")
    assert closing.status_code == 400 and "as a real date" in words(closing)
    assert 'value="2024-02-30"' in closing.text


def xlsform(content: dict, **cells: str) -> bytes:
    """``content`` as an XLSForm, with ``cells`` of its survey sheet typed over (``A3=...``)."""
    book = openpyxl.load_workbook(io.BytesIO(write_xlsform(content)))
    for cell, value in cells.items():
        book["survey"][cell] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_xlsform_is_checked_by_cell_published_and_downloaded_back(staff, session):
    content = yaml.safe_load(CARE_HOMES)
    data = {
        "csrf_token": csrf(staff),
        "file": (io.BytesIO(xlsform(content, A3="select_one nowhere")), "visits.xlsx"),
    }
    posted = staff.post(QUESTIONNAIRES, data=data, content_type="multipart/form-data")
    said = words(staff.get(posted.headers["Location"]))
    assert "1 problem to fix" in said
    assert "survey sheet, row 3, column 'type' the choices list 'nowhere' is not on" in said

    data["file"] = (io.BytesIO(xlsform(content)), "visits.xlsx")
    posted = staff.post(QUESTIONNAIRES, data=data, content_type="multipart/form-data")
    url = posted.headers["Location"]
    assert "It will be published as care_homes v1." in words(staff.get(url))
    assert "How often do you visit?" in words(staff.get(f"{url}/form"))
    assert publish(staff, url).status_code == 303
    row = version_row(session, "care_homes", 1)
    assert row.content == content  # the same questionnaire as the YAML file says

    got = staff.get(f"{QUESTIONNAIRES}/care_homes/v1.xlsx")
    assert got.status_code == 200
    assert got.headers["Content-Disposition"] == 'attachment; filename="care_homes-v1.xlsx"'
    again = read_xlsform(got.data, "care_homes-v1.xlsx")
    assert again.problems == [] and again.definition == row.content
