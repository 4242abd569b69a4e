"""A service's referral records imported from its record system's export, through the CLI on
both databases: problems named by row and column and kept out, the same file again adding
nothing, a later extract adding the new and updating the changed, and the measures read back."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import func, select

from analysis.service import Period, caseloads, length_of_support, waits_to_first_contact
from surveyapp.models import Response, ServiceRecord
from surveyapp.services.evaluation.records import study_records

HEADER = ["Referral ID", "person_id", "referral_date", "PCN", "practice", "link_worker",
          "first_contact_date", "declined", "needs", "discharge_date"]  # fmt: skip
FIRST = [
    HEADER,
    ["R1", "P1", "03/01/2022", "PCN-A", "S1", "LW1", "05/01/2022", "no",
     "housing; mental health", "10/03/2022"],
    ["R2", "P2", "2022-01-10", "PCN-A", "S2", "LW1", "2022-01-20", "", "loneliness", ""],
    ["R3", "P3", "01/02/2022", "PCN-B", "S3", "", "", "871711000000103", "", ""],
]  # fmt: skip


@pytest.fixture
def study(published):
    return published("westminster", "ons4/v1")


def _file(rows, path):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return str(path)


def _run(app, *args):
    return app.test_cli_runner().invoke(args=["import", "records", *args])


def test_problems_are_named_and_kept_out_and_the_dry_run_writes_nothing(
    app, session, study, tmp_path
):
    bad = [
        HEADER,
        ["R1", "P1", "03/01/2022", "A", "S1", "L", "02/01/2022", "no", "", ""],
        ["", "P2", "03/01/2022", "A", "S1", "L", "", "no", "", ""],
        ["R3", "P3", "03/01/2022", "A", "S1", "L", "", "maybe", "", "01/01/2022"],
        ["R4", "P4", "31/02/2022", "A", "S1", "L", "", "", "", ""],
        ["R5", "P5", "03/01/2022", "A", "S1", "L", "", "", "", ""],
    ]
    checked = _run(app, study, _file(bad, tmp_path / "bad.csv"), "--dry-run")
    assert checked.exit_code == 0, checked.output + checked.stderr
    said = checked.stderr
    assert "Row 2, column G (first_contact_date): The first contact (02/01/2022) is before" in said
    assert "Row 3, column A (referral_id): Every referral needs its referral id" in said
    assert "Row 4, column H (declined): 'maybe' is not yes or no" in said
    assert "Row 4, column J (discharge_date): The discharge (01/01/2022) is before" in said
    assert "Row 5, column C (referral_date): '31/02/2022' is not a real date" in said
    assert "1 new referral(s) would be added" in checked.output
    assert "4 row(s) left out with problems" in checked.output
    assert session.scalar(select(func.count(ServiceRecord.id))) == 0


def test_importing_again_adds_nothing_and_a_later_extract_updates_by_referral(
    app, session, study, tmp_path
):
    first = _run(app, study, _file(FIRST, tmp_path / "march.csv"))
    assert "3 new referral(s) were added, 0 were updated, 0 unchanged" in first.output
    again = _run(app, study, _file(FIRST, tmp_path / "march.csv"))
    assert "0 new referral(s) were added, 0 were updated, 3 unchanged" in again.output
    later = [
        *FIRST[:2],
        ["R2", "P2", "2022-01-10", "PCN-A", "S2", "LW1", "2022-01-20", "", "loneliness",
         "2022-04-30"],  # discharged since
        ["R4", "P4", "2022-03-01", "PCN-B", "S3", "LW2", "", "no", "", ""],
    ]  # fmt: skip
    updated = _run(app, study, _file(later, tmp_path / "april.csv"))
    assert "1 new referral(s) were added, 1 were updated, 1 unchanged" in updated.output
    session.expire_all()
    assert session.scalar(select(func.count(ServiceRecord.id))) == 4  # R3 stays
    r2 = session.scalar(select(ServiceRecord).filter_by(referral_id="R2"))
    assert r2.discharge_date == dt.date(2022, 4, 30)
    r3 = session.scalar(select(ServiceRecord).filter_by(referral_id="R3"))
    assert r3.declined is True  # given as the SNOMED code for "declined"

    frame = study_records(session, study)
    assert frame.set_index("referral_id").loc["R1", "needs"] == ("housing", "mental health")
    waits = waits_to_first_contact(frame, Period(dt.date(2022, 1, 1), dt.date(2022, 3, 31)))
    assert (waits.n, waits.median_days) == (2, 6.0)  # R1 2 days, R2 10 days


def test_a_file_without_the_needed_columns_imports_nothing(app, session, study, tmp_path):
    result = _run(app, study, _file([["person", "date"], ["P1", "2022-01-01"]], tmp_path / "x.csv"))
    assert result.exit_code != 0
    assert "No referral_id column" in result.stderr and "No referral_date column" in result.stderr
    assert session.scalar(select(func.count(ServiceRecord.id))) == 0


def test_the_evaluation_workbook_from_the_records(app, session, study, tmp_path):
    rows = [*FIRST, ["R4", "P4", "2022-02-01", "PCN-B", "=HYPERLINK(1)", "LW2", "", "", "", ""]]
    assert _run(app, study, _file(rows, tmp_path / "records.csv")).exit_code == 0
    book_path = tmp_path / "evaluation.xlsx"
    made = app.test_cli_runner().invoke(
        args=["export", "evaluation", study, "--from", "2022-01-01", "--to", "2022-03-31",
              "-o", str(book_path)]
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    assert "1 January 2022 to 31 March 2022" in made.stdout
    book = load_workbook(book_path)
    glance = {r[0]: r[1] for r in book["At a glance"].iter_rows(values_only=True) if r[0]}
    # R1 R2 R4 not declined (3 people), R3 declined; R1 waited 2 days, R2 10: median 6.
    assert glance["People referred (not declined)"] == 3
    assert glance["Referrals declined"] == 1
    assert glance["Median wait to first contact"] == "6 days"
    assert glance["Waiting on 31 March 2022"] == 1  # R4, never contacted
    pcn = book[next(name for name in book.sheetnames if "PCN" in name)]
    lines = list(pcn.iter_rows(values_only=True))
    assert lines[0][0] == "Table 1: Referrals by PCN"
    assert lines[1][0] == "1 January 2022 to 31 March 2022; base: 4"
    assert lines[3:] == [("PCN-A", 2, 0, 2), ("PCN-B", 1, 1, 2)]
    practice = book[next(name for name in book.sheetnames if "practice" in name)]
    typed = [c for row in practice.iter_rows() for c in row if c.value == "=HYPERLINK(1)"]
    assert typed and all(c.data_type == "s" and c.quotePrefix for c in typed)


def test_the_evaluation_report_from_the_cli_as_the_file_is_named(app, study, tmp_path):
    rows = [*FIRST, ["R4", "P4", "2022-02-01", "PCN-B", "<b>S4</b>", "LW2", "", "", "", ""]]
    assert _run(app, study, _file(rows, tmp_path / "records.csv")).exit_code == 0

    def export(name):
        return app.test_cli_runner().invoke(
            args=["export", "evaluation", study, "--from", "2022-01-01", "--to", "2022-03-31",
                  "-o", str(tmp_path / name)]
        )  # fmt: skip

    made = export("evaluation.html")
    assert made.exit_code == 0, made.output
    html = (tmp_path / "evaluation.html").read_text(encoding="utf-8")
    assert "4 referrals were made from 1 January 2022 to 31 March 2022; 1 was declined" in html
    assert "&lt;b&gt;S4&lt;/b&gt;" in html and "<b>S4</b>" not in html  # text, never markup
    assert export("evaluation.docx").exit_code == 0
    word = Document(str(tmp_path / "evaluation.docx"))
    assert word.paragraphs[0].text.endswith(": evaluation")
    assert any(p.text == "Period: 1 January 2022 to 31 March 2022" for p in word.paragraphs)
    refused = export("evaluation.pdf")
    assert refused.exit_code != 0 and ".xlsx (the workbook), .html or .docx" in refused.stderr
    assert not (tmp_path / "evaluation.pdf").exists()


def _reference(app, study, kind, rows, path, *more):
    return app.test_cli_runner().invoke(
        args=["import", "reference", study, kind, _file(rows, path), *more]
    )


def test_reference_data_checks_practices_and_fills_the_workbook(app, session, study, tmp_path):
    practices = [["Practice", "PCN", "List size"], ["S1", "PCN-A", "12,000"],
                 ["S2", "PCN-A", "8000"], ["S3", "PCN-B", "5000"]]  # fmt: skip
    bad = [["practice", "list_size"], ["S1", "lots"], ["S2", "10"], ["S2", "11"]]
    refused = _reference(app, study, "practices", bad, tmp_path / "bad.csv")
    assert refused.exit_code != 0
    assert "Row 2: list size 'lots' is not a whole number" in refused.stderr
    assert "Row 4: S2 is listed twice" in refused.stderr
    loaded = _reference(app, study, "practices", practices, tmp_path / "practices.csv")
    assert "Loaded 3 row(s) of practices" in loaded.stdout, loaded.output
    workers = [["link_worker", "capacity"], ["LW1", "1"], ["LW2", "30"]]
    assert _reference(app, study, "link-workers", workers, tmp_path / "lw.csv").exit_code == 0
    people = [["characteristic", "category", "people"], ["Ward", "North", "100"]]
    assert _reference(app, study, "population", people, tmp_path / "pop.csv").exit_code == 0

    # A referral from a practice not on the list is kept out, named.
    rows = [*FIRST, ["R9", "P9", "2022-02-01", "PCN-C", "Elsewhere", "LW1", "", "", "", ""]]
    imported = _run(app, study, _file(rows, tmp_path / "records.csv"))
    assert "Row 5, column E (practice): 'Elsewhere' is not on the practices list" in imported.stderr
    assert "3 new referral(s) were added" in imported.stdout

    book_path = tmp_path / "evaluation.xlsx"
    app.test_cli_runner().invoke(
        args=["export", "evaluation", study, "--from", "2022-01-01", "--to", "2022-03-31",
              "-o", str(book_path)]
    )  # fmt: skip
    book = load_workbook(book_path)
    pcn = list(book[next(n for n in book.sheetnames if "PCN" in n)].iter_rows(values_only=True))
    # PCN-A: 2 referrals over 20,000 registered (S1 + S2) = 0.1 per 1,000.
    assert pcn[2] == ("PCN", "Referrals", "Declined", "Total", "Per 1,000 registered")
    assert pcn[3] == ("PCN-A", 2, 0, 2, 0.1)
    loads = book[next(n for n in book.sheetnames if "Caseload" in n)]
    over = [r for r in loads.iter_rows(values_only=True) if r[0] == "LW1" and r[4] is True]
    assert over  # LW1 holds 2 people in January against a capacity of 1


def test_the_demo_evaluation_is_shaped_like_the_seed(app, session, tmp_path):
    from surveyapp.services.demo import load_demo

    with app.app_context():
        load_demo(session, patient_responses=5, seed=1)
    frame = study_records(session, "wellbeing-evaluation")
    period = Period(dt.date(2021, 3, 1), dt.date(2022, 3, 31))
    assert len(frame) == 1000 and frame["link_worker"].nunique() == 12
    waits = waits_to_first_contact(frame, period)
    assert waits.median_days <= 7  # first contact within a week of being tasked, mostly
    loads = caseloads(frame, period)["caseload"]
    assert 20 <= loads.median() <= 35  # caseloads near 30
    support = length_of_support(frame, period)
    assert 90 <= support.median_days <= 150  # about four months
    # 14 of the records carry the participant codes of the demo's ONS4 answers.
    codes = set(frame["participant_code"].dropna())
    ons4 = set(session.scalars(select(Response.participant_code).distinct()))
    assert len(codes) == 14 and codes <= ons4
    # Its workbook links the 14 to their ONS4 answers: wellbeing before and after, by need.
    book_path = tmp_path / "demo.xlsx"
    made = app.test_cli_runner().invoke(
        args=["export", "evaluation", "wellbeing-evaluation", "--from", "2021-03-01",
              "--to", "2022-03-31", "-o", str(book_path)]
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    book = load_workbook(book_path)
    sheet = book[next(n for n in book.sheetnames if "by need" in n)]
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert rows and all(row[2] >= 1 for row in rows)  # pairs in every group shown
    assert {row[1] for row in rows} == {"Life satisfaction", "Worthwhile", "Happiness", "Anxiety"}


def test_what_the_tables_cannot_hold_is_named_not_a_fault(app, session, study, tmp_path):
    rows = [
        [*HEADER, "gender"],
        ["R1", "P1", "2022-01-03", "A", "S1", "L", "2022-01-05", "no", "", "2022-01-04", "x" * 70],
        ["R2", "P2", "2022-01-03", "A", "S1", "L", "2022-01-05", "no", "", "2022-01-04", ""],
    ]
    checked = _run(app, study, _file(rows, tmp_path / "odd.csv"))
    assert checked.exit_code == 0, checked.output
    assert "Row 2, column K (gender): 'xxx" in checked.stderr and "at most 64" in checked.stderr
    assert "Row 3, column J (discharge_date): The discharge (04/01/2022) is before the first" in (
        checked.stderr
    )
    zero = _reference(app, study, "link-workers", [["link_worker", "capacity"], ["L", "0"]],
                      tmp_path / "lw.csv")  # fmt: skip
    assert zero.exit_code != 0 and "A capacity of 0 cannot be" in zero.stderr
    # An extract with no link workers still makes its workbook.
    plain = [["referral_id", "person_id", "referral_date"], ["R9", "P9", "2022-02-02"]]
    assert _run(app, study, _file(plain, tmp_path / "plain.csv")).exit_code == 0
    made = app.test_cli_runner().invoke(
        args=["export", "evaluation", study, "--from", "2022-01-01", "--to", "2022-03-31",
              "-o", str(tmp_path / "plain.xlsx")]
    )  # fmt: skip
    assert made.exit_code == 0, made.output
