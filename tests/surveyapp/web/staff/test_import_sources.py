"""Other tools' exports imported from the staff pages, on both databases: a first file read for
its columns, the mapping proposed and confirmed (or corrected) on a page that keeps what was
chosen when it comes back with a problem, saved as a responses source; the dry run says what
lands where and names problems by the export's row and column; the import, then the same
export again (nothing added) and a later export through the saved source, from the page and
from the command line."""

from __future__ import annotations

import io
import re
from html import unescape

import pytest
from sqlalchemy import func, select

from surveyapp.models import Answer, Response, ResponsesSource
from tests.conftest import VALID_DEFINITIONS
from tests.helpers import hidden_fields, login
from tests.surveyapp.importing import exports as ex

SOURCES = "/staff/studies/visits/import/sources"
IMPORT = "/staff/studies/visits/import"


@pytest.fixture
def app_config():
    return {"QUESTIONNAIRES_DIR": str(VALID_DEFINITIONS)}


@pytest.fixture
def staff(client, published, make_user):
    published("visits", "every_type/v1")
    make_user("staff")
    login(client, "staff@example.org")
    return client


def form_values(html: str, button: str) -> dict[str, str]:
    """What a browser would post from the form whose button says ``button``: hidden fields,
    text inputs, the checked radio and each select's selected option."""
    form = next(f for f in re.findall(r"<form.*?</form>", html, flags=re.S) if button in f)
    values = hidden_fields(form)
    for tag in re.findall(r'<input[^>]*type="text"[^>]*>', form):
        name, value = re.search(r'name="([^"]+)"', tag), re.search(r'value="([^"]*)"', tag)
        values[name.group(1)] = unescape(value.group(1)) if value else ""
    for tag in re.findall(r'<input[^>]*type="radio"[^>]*checked[^>]*>', form):
        values[re.search(r'name="([^"]+)"', tag).group(1)] = unescape(
            re.search(r'value="([^"]*)"', tag).group(1)
        )
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)"\s*selected', body) or re.search(
            r'<option value="([^"]*)"', body
        )
        values[name] = unescape(chosen.group(1))
    return values


def upload(client, url: str, data: bytes, name: str, **fields):
    page = client.get(url).get_data(as_text=True)
    posted = {"csrf_token": hidden_fields(page)["csrf_token"], **fields}
    posted["file"] = (io.BytesIO(data), name)
    return client.post(url, data=posted, content_type="multipart/form-data", follow_redirects=True)


def counts(session) -> tuple[int, int]:
    session.expire_all()
    return (
        session.scalar(select(func.count(Response.id))),
        session.scalar(select(func.count(Answer.id))),
    )


def column_field(html: str, header: str) -> str:
    """The select of the column headed ``header`` on the confirming page."""
    label = re.search(
        rf'<label[^>]*for="(column-\d+)">Column \d+: {re.escape(header)}</label>', html
    )
    assert label, f"no column {header}"
    return label.group(1)


EXPORTS = [
    ("surveymonkey", ex.csv_bytes(ex.SURVEYMONKEY[:4]), "SurveyMonkey", 2),
    ("google-forms", ex.csv_bytes(ex.GOOGLE_FORMS[:2] + ex.GOOGLE_FORMS[3:]), "Google Forms", 2),
    ("microsoft-forms", ex.xlsx_bytes(ex.MICROSOFT_FORMS), "Microsoft Forms", 2),
    ("limesurvey", ex.csv_bytes(ex.LIMESURVEY_TEXT), "LimeSurvey", 2),
    ("smartsurvey", ex.csv_bytes(ex.SMARTSURVEY), "SmartSurvey", 2),
]


@pytest.mark.parametrize(("tool", "data", "said", "rows"), EXPORTS, ids=[e[0] for e in EXPORTS])
def test_each_tool_s_export_proposed_confirmed_imported_once(
    staff, session, tool, data, said, rows
):
    name = "export.xlsx" if tool == "microsoft-forms" else "export.csv"
    page = upload(staff, SOURCES, data, name, instrument="every_type/v1")
    html = page.get_data(as_text=True)
    assert page.status_code == 200, html[:2000]
    assert f"Read as a <strong>{said}</strong> export" in html
    posted = form_values(html, "Save the source and check the file")
    posted["name"] = f"{said} visits"
    dry = staff.post(SOURCES, data=posted, follow_redirects=True)
    shown = dry.get_data(as_text=True)
    assert dry.status_code == 200, shown[:3000]
    assert "Dry run: nothing imported yet" in shown
    assert f"Read through the source <strong>{said} visits</strong>" in shown
    assert "question 1 (visit_place)" in shown  # what lands where
    assert f"{rows} rows can be imported" in shown and "Problems" not in shown
    assert counts(session) == (0, 0)
    done = staff.post(IMPORT, data=form_values(shown, "Import the"), follow_redirects=True)
    assert f"{rows} rows imported" in done.get_data(as_text=True)
    imported = counts(session)
    assert imported[0] == rows
    references = set(session.scalars(select(Response.source_reference)))
    assert all(r.startswith(f"{said} visits:") for r in references)
    # The same export again, chosen through the saved source: nothing added.
    again = upload(staff, IMPORT, data, name, source=f"{said} visits")
    text = again.get_data(as_text=True)
    repeat = staff.post(IMPORT, data=form_values(text, "Import the"), follow_redirects=True)
    assert "0 rows imported" in repeat.get_data(as_text=True)
    assert f"{rows} already imported before" in repeat.get_data(as_text=True)
    assert counts(session) == imported


def test_corrections_are_kept_on_the_page_saved_and_reused_for_a_later_file(staff, session):
    page = upload(staff, SOURCES, ex.csv_bytes(ex.LIMESURVEY_CODES), "codes.csv",
                  instrument="every_type/v1", tool="limesurvey")  # fmt: skip
    html = page.get_data(as_text=True)
    posted = form_values(html, "Save the source and check the file")
    assert posted[column_field(html, "Q1")] == "question:visit_place"
    assert posted[column_field(html, "Q2[SQ001]")] == "skip"
    # Staff say which option each subquestion is, and what each answer code means, but forget
    # the name: the page comes back with every choice as made.
    for n, code in enumerate(["check_up", "new_problem", "prescription", "dont_know"], 1):
        posted[column_field(html, f"Q2[SQ00{n}]")] = f"option:visit_reasons:{code}"
    meant = {"visit_place|A1": "gp", "visit_place|-oth-": "other",
             "waiting_ease|A1": "very_easy", "waiting_ease|A2": "fairly_easy"}  # fmt: skip
    for key, said in list(posted.items()):
        if key.startswith("said-"):
            posted["text-" + key.removeprefix("said-")] = meant[said]
    posted["name"] = ""
    refused = staff.post(SOURCES, data=posted)
    back = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "Give the source a name" in back and 'href="#name"' in back
    kept = form_values(back, "Save the source and check the file")
    assert kept[column_field(back, "Q2[SQ003]")] == "option:visit_reasons:prescription"
    assert sorted(v for k, v in kept.items() if k.startswith("text-")) == sorted(meant.values())
    assert session.scalar(select(func.count(ResponsesSource.id))) == 0
    kept["name"] = "LimeSurvey codes"
    dry = staff.post(SOURCES, data=kept, follow_redirects=True).get_data(as_text=True)
    assert "2 rows can be imported" in dry, dry[:3000]
    staff.post(IMPORT, data=form_values(dry, "Import the"), follow_redirects=True)
    session.expire_all()
    saved = session.scalar(select(ResponsesSource))
    assert saved.values == {
        "visit_place": {"a1": "gp", "oth": "other"},
        "waiting_ease": {"a1": "very_easy", "a2": "fairly_easy"},
    }
    assert saved.columns["Q2[SQ001]"] == {
        "question": "visit_reasons",
        "option": "check_up",
        "part": None,
        "item": None,
    }
    # A later export: the two responses again, one new (codes as before) and one with a code
    # the source has never seen, named by its row and column.
    later = [*ex.LIMESURVEY_CODES,
             ["9", "2023-03-20 12:00:00", "2", "en", "5", "", "", "A1", "", "", "Y", "", "",
              "A1", "SE6", "100", "50", "10"],
             ["10", "2023-03-21 12:00:00", "2", "en", "6", "", "", "A9", "", "", "", "", "",
              "A1", "SE6", "100", "50", "10"]]  # fmt: skip
    checked = upload(staff, IMPORT, ex.csv_bytes(later), "later.csv", source="LimeSurvey codes")
    text = checked.get_data(as_text=True)
    assert "3 rows can be imported" in text
    assert "Q1" in text and "&#39;A9&#39; is not an option of question 1 (visit_place)" in text
    assert re.search(r"<td[^>]*>5</td><td[^>]*>H \(Q1\)</td>", text)
    done = staff.post(IMPORT, data=form_values(text, "Import the"), follow_redirects=True)
    assert "1 row imported" in done.get_data(as_text=True)
    assert "2 already imported before" in done.get_data(as_text=True)
    session.expire_all()
    new = session.scalar(select(Response).where(Response.source_reference == "LimeSurvey codes:9"))
    assert new is not None and str(new.submitted_at.date()) == "2023-03-20"
    codes = session.scalars(select(Answer.value_code).where(Answer.response_id == new.id))
    assert {"gp", "new_problem", "very_easy"} <= set(codes)
    # Listed, and deleted: the returns imported through it stay.
    listed = staff.get(SOURCES).get_data(as_text=True)
    assert "LimeSurvey codes" in listed and "every_type/v1" in listed
    gone = staff.post(
        f"{SOURCES}/{saved.id}/delete", data=form_values(listed, "Delete"), follow_redirects=True
    )
    assert "The source &#39;LimeSurvey codes&#39; is deleted" in gone.get_data(as_text=True)
    assert session.scalar(select(func.count(ResponsesSource.id))) == 0
    assert counts(session)[0] == 3


def test_a_file_in_no_layout_of_ours_offers_a_source_and_the_cli_uses_one(
    app, staff, session, tmp_path
):
    refused = upload(staff, IMPORT, ex.csv_bytes(ex.GOOGLE_FORMS), "form.csv",
                     instrument="every_type/v1")  # fmt: skip
    html = refused.get_data(as_text=True)
    assert "matches no question" in html
    offered = form_values(html, "Set up this file&#39;s columns as a source")
    form = staff.post(SOURCES, data=offered).get_data(as_text=True)
    assert "Read as a <strong>Google Forms</strong> export" in form
    posted = form_values(form, "Save the source and check the file")
    posted["name"] = "Google visits"
    dry = staff.post(SOURCES, data=posted, follow_redirects=True).get_data(as_text=True)
    # "The dentist" was left unmatched: named by its row and column.
    assert "B (1. Where did you go?)" in dry and "The dentist" in dry
    path = tmp_path / "form.csv"
    path.write_bytes(ex.csv_bytes(ex.GOOGLE_FORMS))
    run = app.test_cli_runner().invoke(
        args=["import", "responses", "visits", "every_type/v1", str(path), "--source",
              "Google visits"]
    )  # fmt: skip
    assert run.exit_code == 0, run.output
    assert "Read through the source Google visits" in run.output
    assert "Imported 2 row(s)" in run.output
    assert "Row 3, column B (1. Where did you go?): 'The dentist' is not an option" in run.stderr
    assert counts(session)[0] == 2
    wrong = app.test_cli_runner().invoke(
        args=["import", "responses", "visits", "patient/v1", str(path), "--source",
              "Google visits"]
    )  # fmt: skip
    assert wrong.exit_code == 1 and "reads exports of every_type/v1" in wrong.output
