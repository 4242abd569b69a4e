"""Saved sources of a service's records, on both databases: saved (or replaced by name) only
when their mapping holds, listed, deleted; another system's export imported through one from
the CLI (``--source``), its rows per contact grouped; and a check made again when the source
changes."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from surveyapp.extensions import db
from surveyapp.models import RecordsSource, ServiceRecord
from surveyapp.services import NotFoundError
from surveyapp.services.evaluation.sources import (
    SourceError,
    delete_source,
    get_source,
    list_sources,
    save_source,
)
from surveyapp.services.jobs import JobSettings, fingerprint
from surveyapp.services.studies import get_study

ELEMENTAL = {
    "referral_id": "Case No",
    "person_id": "Client ref",
    "referral_date": "Referral received",
    "pcn": "PCN",
    "needs": "Need",
    "support_offered": "Signposted to",
}
#: A row per contact, dates month first, as a system set up in the USA writes them.
EXPORT = [
    ["Case No", "Client ref", "Referral received", "PCN", "Need", "Signposted to", "Contact"],
    ["E-1", "C-1", "03/14/2022", "Regents", "Housing", "Shelter", "03/21/2022"],
    ["E-1", "C-1", "03/14/2022", "Regents", "Debt", "Citizens Advice; Shelter", "03/16/2022"],
    ["E-2", "C-2", "03/15/2022", "Marylebone", "Loneliness", "", ""],
    ["E-3", "C-3", "03/15/2022", "Regents", "", "", "03/18/2022"],
    ["E-3", "C-3", "03/15/2022", "Marylebone", "", "", "03/25/2022"],
]


@pytest.fixture
def study(published):
    return published("westminster", "ons4/v1")


def _xlsx(rows, path) -> str:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return str(path)


def _save(app, name="Elemental", **changes):
    options = {"date_order": "month-first", "contact_date_column": "Contact", **changes}
    with app.app_context():
        return save_source(db.session, "westminster", name, dict(ELEMENTAL), **options).id


def test_a_source_is_saved_replaced_by_name_listed_and_deleted(app, session, study):
    first = _save(app)
    again = _save(app, date_order="day-first", contact_date_column=None)
    assert again == first  # the same name: replaced, not a second source
    with app.app_context():
        [saved] = list_sources(db.session, study)
        assert (saved.name, saved.date_order, saved.contact_date_column) == (
            "Elemental", "day-first", None
        )  # fmt: skip
        assert list(saved.columns) == ["referral_id", "person_id", "referral_date", "pcn",
                                       "needs", "support_offered"]  # fmt: skip
        assert delete_source(db.session, study, first) == "Elemental"
        with pytest.raises(NotFoundError, match="No source is saved as 'Elemental'"):
            get_source(db.session, study, "Elemental")


def test_a_mapping_that_does_not_hold_is_not_saved(app, session, study):
    with app.app_context(), pytest.raises(SourceError) as refused:
        save_source(
            db.session,
            study,
            "  ",
            {"referral_id": "Case No", "person_id": "NHS no.", "pcn": "Case No"},
            date_order="backwards",
        )
    fields = dict(refused.value.problems)
    assert set(fields) == {"name", "person_id", "pcn", "referral_date", "date_order"}
    assert "pseudonymous" in fields["person_id"]
    assert session.scalar(select(func.count(RecordsSource.id))) == 0


def test_the_cli_imports_another_system_s_export_through_a_saved_source(
    app, session, study, tmp_path
):
    _save(app)
    path = _xlsx(EXPORT, tmp_path / "elemental.xlsx")
    run = app.test_cli_runner().invoke
    checked = run(args=["import", "records", study, path, "--source", "Elemental", "--dry-run"])
    assert checked.exit_code == 0, checked.output + checked.stderr
    assert "Read through the source Elemental: referral_id <- Case No, person_id <- Client ref" in (
        checked.output
    )
    assert "first_contact_date <- the earliest Contact of the referral's rows" in checked.output
    assert "Row 5, column D (PCN): Referral E-3's rows disagree on its pcn (row 5 says " in (
        checked.stderr
    )
    assert "2 new referral(s) would be added" in checked.output
    assert session.scalar(select(func.count(ServiceRecord.id))) == 0
    done = run(args=["import", "records", study, path, "--source", "Elemental"])
    assert "2 new referral(s) were added" in done.output, done.output + done.stderr
    e1 = session.scalar(select(ServiceRecord).filter_by(referral_id="E-1"))
    assert (str(e1.referral_date), str(e1.first_contact_date)) == ("2022-03-14", "2022-03-16")
    assert e1.needs == "Housing;Debt" and e1.support_offered == "Shelter;Citizens Advice"
    e2 = session.scalar(select(ServiceRecord).filter_by(referral_id="E-2"))
    assert e2.first_contact_date is None and e2.pcn == "Marylebone"
    unknown = run(args=["import", "records", study, path, "--source", "Joy"])
    assert unknown.exit_code == 1 and "No source is saved as 'Joy'" in unknown.stderr


def test_a_check_through_a_source_is_made_again_when_the_source_changes(app, session, study):
    _save(app)
    settings = JobSettings(organisation="Test", small_base=10)
    params = {"upload": "upload-x", "source": "Elemental", "go": False}

    def made_for() -> str:
        with app.app_context():
            found = get_study(db.session, study)
            return fingerprint(db.session, "records", found, params, settings)

    before = made_for()
    assert made_for() == before
    _save(app, date_order="day-first")
    assert made_for() != before
    # An import of one upload is one job however the source changes.
    params["go"] = True
    go = made_for()
    _save(app, date_order="year-first")
    assert made_for() == go


def test_an_excel_date_cell_is_read_whatever_the_order(app, session, study, tmp_path):
    _save(app, date_order="year-first", contact_date_column=None)
    rows = [EXPORT[0][:6], ["E-9", "C-9", dt.datetime(2022, 3, 4), "Regents", "", ""]]
    path = _xlsx(rows, tmp_path / "dates.xlsx")
    got = app.test_cli_runner().invoke(
        args=["import", "records", study, path, "--source", "Elemental"]
    )
    assert "1 new referral(s) were added" in got.output, got.output + got.stderr
    record = session.scalar(select(ServiceRecord).filter_by(referral_id="E-9"))
    assert record.referral_date == dt.date(2022, 3, 4)
