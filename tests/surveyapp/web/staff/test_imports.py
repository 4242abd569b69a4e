"""Bulk import into the database, from the CLI and from the staff page: the dry run imports
nothing and names every problem by row and column; the clean file imports exactly its rows; the
same file again adds nothing."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from surveyapp.models import Answer, ContactDetails, QualityIssue, Response
from tests.helpers import hidden_fields, login

HEADER = ["reference", "filling_in_as", "filling_in_as_other", "1", "3", "signposted", "9"]
CLEAN = [
    HEADER,
    ["SS-101", "current", "", "GP", "Very Easy", "yes", "5 (Excellent)"],
    ["SS-102", "on_behalf", "My father", "self-referral", "n/a", "No", "poor"],
    ["SS-103", "", "", "other", "not very easy", "not sure", ""],
]
# One of each problem, each on its own row (or the header): unknown column, unknown option,
# two options in a single choice, other text without Other.
WITH_PROBLEMS = [
    [*HEADER, "Timestamp"],
    ["SS-201", "current", "", "GP", "Very Easy", "maybe", "good", "2023-03-01"],
    ["SS-202", "current", "", "GP; self-referral", "Very Easy", "yes", "good", "2023-03-01"],
    ["SS-203", "current", "my mum", "GP", "Very Easy", "yes", "good", "2023-03-01"],
    ["SS-204", "previous", "", "GP", "Fairly Easy", "yes", "good", "2023-03-01"],
]


def csv_file(rows, path) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.fixture
def study(published):
    return published("bromley", "patient/v1", "professional/v1")


def responses(session) -> list[Response]:
    return list(session.scalars(select(Response).order_by(Response.source_reference)))


def test_cli_dry_run_lists_each_problem_once_and_imports_nothing(app, session, study, tmp_path):
    path = tmp_path / "returns.csv"
    csv_file(WITH_PROBLEMS, path)
    result = app.test_cli_runner().invoke(
        args=["import", "responses", study, "patient/v1", str(path), "--dry-run"]
    )
    assert result.exit_code == 0, result.output
    problems = [line for line in result.stderr.splitlines() if line.startswith("Row")]
    assert len(problems) == 4, result.stderr
    assert problems[0].startswith("Row 1, column H (Timestamp): this column matches no question")
    assert problems[1].startswith("Row 2, column F (signposted): 'maybe' is not an option")
    assert problems[2].startswith("Row 3, column D (1): 'GP; self-referral' gives 2 options")
    assert problems[3].startswith("Row 4, column C (filling_in_as_other): 'my mum' is written")
    assert "Nothing was imported" in result.output
    assert responses(session) == []
    refused = app.test_cli_runner().invoke(
        args=["import", "responses", study, "patient/v1", str(path)]
    )
    assert refused.exit_code == 1 and responses(session) == []
    leaving_out = app.test_cli_runner().invoke(
        args=["import", "responses", study, "patient/v1", str(path), "--ignore-unknown-columns"]
    )
    assert "Imported 1 row(s)" in leaving_out.output
    assert [r.source_reference for r in responses(session)] == ["SS-204"]


def test_cli_imports_exactly_the_clean_rows_and_again_adds_nothing(app, session, study, tmp_path):
    path = tmp_path / "returns.csv"
    csv_file(CLEAN, path)
    args = ["import", "responses", study, "patient/v1", str(path)]
    first = app.test_cli_runner().invoke(args=args)
    assert first.exit_code == 0, first.output + first.stderr
    assert "Imported 3 row(s)" in first.output
    stored = responses(session)
    assert [(r.source_reference, r.channel, r.status) for r in stored] == [
        ("SS-101", "import", "submitted"),
        ("SS-102", "import", "submitted"),
        ("SS-103", "import", "submitted"),
    ]
    answers = {
        (a.question_id, a.value_code, a.other_text, a.state)
        for a in session.scalars(select(Answer).where(Answer.response_id == stored[1].id))
    }
    assert ("filling_in_as", "on_behalf", "My father", "answered") in answers
    assert ("referral_ease", "na", None, "answered") in answers
    assert ("overall_rating", "poor", None, "answered") in answers
    assert ("anything_else", "", None, "blank") in answers
    rows_before = session.scalar(select(func.count(Answer.id)))
    again = app.test_cli_runner().invoke(args=args)
    assert "Imported 0 row(s)" in again.output and "3 already imported before" in again.output
    session.expire_all()
    assert len(responses(session)) == 3
    assert session.scalar(select(func.count(Answer.id))) == rows_before


def _upload(client, study: str, instrument: str, rows, name: str):
    """A member of staff chooses the file on the import page and asks for the dry run."""
    url = f"/staff/studies/{study}/import"
    page = client.get(url).get_data(as_text=True)
    return client.post(
        url,
        data={
            **hidden_fields(page),
            "instrument": instrument,
            "file": (io.BytesIO(xlsx_bytes(rows)), name),
        },
        content_type="multipart/form-data",
    )


def test_staff_page_dry_run_then_import_of_an_xlsx(app, client, session, study, make_user):
    make_user("staff")
    login(client, "staff@example.org")
    url = f"/staff/studies/{study}/import"
    rows = [
        ["reference", "referrals_past_year"],
        ["P-1", "1,200"],
        ["P-2", "about 20"],
    ]
    dry = _upload(client, study, "professional/v1", rows, "professionals.xlsx")
    html = dry.get_data(as_text=True)
    assert dry.status_code == 200, html[:1000]
    assert "1 row can be imported" in html and "&#39;about 20&#39; is not a number" in html
    assert responses(session) == []
    done = client.post(url, data={**hidden_fields(html), "go": "import"})
    assert "1 row imported" in done.get_data(as_text=True)
    [imported] = responses(session)
    number = session.scalar(
        select(Answer.number).where(
            Answer.response_id == imported.id, Answer.question_id == "referrals_past_year"
        )
    )
    assert number == 1200


def test_a_file_over_the_web_s_row_limit_is_sent_to_the_cli_and_imports_nothing(
    app, client, session, study, make_user
):
    app.config["IMPORT_ROWS"] = 2
    make_user("staff")
    login(client, "staff@example.org")
    html = _upload(client, study, "patient/v1", CLEAN, "returns.xlsx").get_data(as_text=True)
    assert "has more than 2 rows of answers" in html, html[:3000]
    assert "surveyapp import responses" in html
    assert responses(session) == []


def test_imported_contact_details_are_kept_apart_and_rules_run(app, session, study, tmp_path):
    path = tmp_path / "returns.csv"
    csv_file(
        [
            ["reference", "signposted", "signposted_to", "contact_email"],
            ["R-1", "no", "Bromley Well", "ann@example.org"],
        ],
        path,
    )
    app.test_cli_runner().invoke(args=["import", "responses", study, "patient/v1", str(path)])
    [response] = responses(session)
    contact = session.scalar(select(ContactDetails).filter_by(response_id=response.id))
    assert contact.details == {"contact_email": "ann@example.org"}
    assert not session.scalar(select(func.count(Answer.id)).where(Answer.text == "ann@example.org"))
    rules = session.scalars(select(QualityIssue.rule).filter_by(response_id=response.id)).all()
    assert rules == ["skip_answered"]
