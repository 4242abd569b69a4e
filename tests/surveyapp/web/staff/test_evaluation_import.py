"""A service evaluation's records and reference data imported from the staff pages: a dry run,
then the import of the same kept file; a file that cannot be read refused with what to fix;
another system's export set up once as a source (its columns proposed, an NHS number never),
its mapping shown in the dry run, and reused for a later file; the reference lists loaded."""

from __future__ import annotations

import csv
import io
import re

import pytest
from sqlalchemy import func, select

from surveyapp.models import RecordsSource, ServiceLinkWorker, ServicePractice, ServiceRecord
from tests.helpers import hidden_fields, login

IMPORT = "/staff/studies/westminster/evaluation/import"
SOURCES = "/staff/studies/westminster/evaluation/sources"
OURS = [
    ["referral_id", "person_id", "referral_date", "practice", "first_contact_date", "needs"],
    ["R1", "P1", "03/01/2022", "S1", "05/01/2022", "housing"],
    ["R2", "P2", "2022-01-10", "S2", "", "debt; loneliness"],
    ["R3", "P3", "01/02/2022", "S3", "", ""],
    ["R4", "P4", "31/02/2022", "S3", "", ""],
]
#: Another system's export: its own names, dates month first, a row per contact.
THEIRS = [
    ["Referral Ref", "NHS Number", "Client ID", "Date Referred", "GP Surgery", "Needs",
     "Appointment Date"],
    ["J1", "9434765919", "C1", "01/03/2022", "S1", "housing", "01/10/2022"],
    ["J1", "9434765919", "C1", "01/03/2022", "S1", "debt", "01/05/2022"],
    ["J2", "4010232137", "C2", "01/04/2022", "S2", "", ""],
]  # fmt: skip


def csv_bytes(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def form_fields(html: str, button: str) -> dict[str, str]:
    """The hidden fields of the form whose button says ``button``."""
    for form in re.findall(r"<form.*?</form>", html, flags=re.S):
        if button in form:
            return hidden_fields(form)
    raise AssertionError(f"no form with '{button}' on the page")


def records(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count(ServiceRecord.id)))


@pytest.fixture
def staff(client, published, make_user):
    published("westminster", "ons4/v1")
    make_user("staff")
    login(client, "staff@example.org")
    return client


def upload(client, url, rows, name="records.csv", **fields):
    page = client.get(IMPORT).get_data(as_text=True)
    data = {"csrf_token": hidden_fields(page)["csrf_token"], **fields}
    data["file"] = (io.BytesIO(rows if isinstance(rows, bytes) else csv_bytes(rows)), name)
    return client.post(url, data=data, content_type="multipart/form-data", follow_redirects=True)


def test_upload_dry_run_then_import_of_the_kept_file(staff, session):
    evaluation = staff.get("/staff/studies/westminster/evaluation").get_data(as_text=True)
    assert f'href="{IMPORT}"' in evaluation  # the way in, before any record is imported
    dry = upload(staff, IMPORT, OURS)
    html = dry.get_data(as_text=True)
    assert dry.status_code == 200, html[:3000]
    assert "Dry run: nothing imported yet" in html
    assert "3 new referrals would be added, 0 would be updated" in html
    assert "1 row left out with problems" in html
    assert "&#39;31/02/2022&#39; is not a real date" in html and "C (referral_date)" in html
    assert records(session) == 0
    fields = form_fields(html, "Import the 3 new and 0 changed referrals")
    assert fields["token"].startswith("upload-")  # the file uploaded, kept: not chosen again
    done = staff.post(IMPORT, data=fields, follow_redirects=True).get_data(as_text=True)
    assert "Imported" in done and "3 new referrals were added" in done
    assert records(session) == 3
    # The evaluation page now links to a later extract's import near its top.
    page = staff.get("/staff/studies/westminster/evaluation").get_data(as_text=True)
    assert "Import a later extract, or reference data" in page
    again = upload(staff, IMPORT, OURS).get_data(as_text=True)
    assert "0 new referrals would be added, 0 would be updated and 3 are unchanged" in again
    assert "Import the" not in again  # nothing to import


@pytest.mark.parametrize(
    ("data", "name", "said"),
    [
        (b"referral_id\nR1\n", "records.txt", "is not a CSV or Excel (.xlsx) file"),
        (b"", "records.csv", "is empty: upload the file"),
        (b"PK\x03\x04 not really", "records.xlsx", "could not be opened as an Excel workbook"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_with_what_to_fix(staff, session, data, name, said):
    refused = upload(staff, IMPORT, data, name)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "govuk-error-summary" in html and said in html
    assert 'href="#file"' in html  # the summary leads to the box to choose again
    assert records(session) == 0


def test_a_file_over_the_web_s_row_limit_is_sent_to_the_records_command(staff, app, session):
    app.config["IMPORT_ROWS"] = 2
    refused = upload(staff, IMPORT, OURS)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "has more than 2 rows of referrals" in html and "surveyapp import records" in html
    assert records(session) == 0


def test_no_file_chosen_is_said(staff):
    page = staff.get(IMPORT).get_data(as_text=True)
    refused = staff.post(IMPORT, data={"csrf_token": hidden_fields(page)["csrf_token"]})
    assert refused.status_code == 400
    assert "Choose the CSV or Excel (.xlsx) file of the service&#39;s records" in (
        refused.get_data(as_text=True)
    )


def test_another_system_s_export_is_set_up_once_as_a_source_and_reused(staff, session):
    first = upload(staff, IMPORT, THEIRS, "joy.csv")
    html = first.get_data(as_text=True)
    # Not our columns: said, and the file is offered for setting up as a source.
    assert first.status_code == 400 and "No referral_id column" in html
    fields = form_fields(html, "Set up this file&#39;s columns as a source")
    form = staff.post(SOURCES, data=fields)
    page = form.get_data(as_text=True)
    assert form.status_code == 200, page[:3000]
    # Proposed from the names; the NHS number never, with the hint saying why.
    assert re.search(r'id="column-referral_id".*?<option value="Referral Ref" selected', page, re.S)
    assert re.search(r'id="column-person_id".*?<option value="Client ID" selected', page, re.S)
    assert not re.search(r'value="NHS Number" selected', page)
    assert "never their NHS number" in page
    assert re.search(r'<option value="Appointment Date" selected>Yes: Appointment Date', page)
    # Staff choose an NHS number for person_id and no name: refused, said per field.
    chosen = {
        **hidden_fields(page),
        "column-referral_id": "Referral Ref",
        "column-person_id": "NHS Number",
        "column-referral_date": "Date Referred",
        "column-practice": "GP Surgery",
        "column-needs": "Needs",
        "date_order": "month-first",
        "contact_date_column": "Appointment Date",
        "name": "",
    }
    refused = staff.post(SOURCES, data=chosen)
    said = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert 'href="#column-person_id"' in said and "must be pseudonymous" in said
    assert 'href="#name"' in said and "Give the source a name" in said
    assert session.scalar(select(func.count(RecordsSource.id))) == 0
    # Corrected: saved, and the same kept file checked through it.
    chosen.update({"column-person_id": "Client ID", "name": "Joy"})
    checked = staff.post(SOURCES, data=chosen, follow_redirects=True)
    html = checked.get_data(as_text=True)
    assert checked.status_code == 200, html[:3000]
    assert "The columns read through the source Joy" in html
    mapping = re.findall(
        r"<code>(\w+)</code></th><td class=\"govuk-table__cell\">([^<]+)</td>", html
    )
    assert ("person_id", "Client ID") in mapping and ("referral_date", "Date Referred") in mapping
    assert ("first_contact_date", "the earliest Appointment Date of the referral&#39;s rows") in (
        mapping
    )
    assert "Columns not read: NHS Number" in html
    assert "The file's 3 rows, one per contact, are 2 referrals" in html
    done = staff.post(
        IMPORT, data=form_fields(html, "Import the 2 new"), follow_redirects=True
    ).get_data(as_text=True)
    assert "2 new referrals were added" in done
    j1 = session.scalar(select(ServiceRecord).filter_by(referral_id="J1"))
    assert (j1.person_id, j1.needs, str(j1.referral_date)) == ("C1", "housing;debt", "2022-01-03")
    assert str(j1.first_contact_date) == "2022-01-05"  # the earliest contact, month first
    # A later export of the same system: the saved source chosen, nothing set up again.
    later = [*THEIRS, ["J3", "", "C3", "02/01/2022", "S1", "", ""]]
    again = upload(staff, IMPORT, later, "joy-later.csv", source="Joy").get_data(as_text=True)
    assert "The columns read through the source Joy" in again
    assert "1 new referral would be added, 0 would be updated and 2 are unchanged" in again
    sources = staff.get(SOURCES).get_data(as_text=True)
    assert "Joy" in sources and "one per contact (Appointment Date)" in sources


def test_a_source_is_deleted_and_the_records_stay(staff, session, app):
    from surveyapp.extensions import db
    from surveyapp.services.evaluation.sources import save_source

    with app.app_context():
        save_source(
            db.session,
            "westminster",
            "Elemental",
            {"referral_id": "Ref", "person_id": "Client", "referral_date": "Date"},
            date_order="day-first",
        )
    page = staff.get(SOURCES).get_data(as_text=True)
    action = re.search(r'action="([^"]+/delete)"', page).group(1)
    gone = staff.post(action, data=form_fields(page, "the source Elemental"), follow_redirects=True)
    assert "The source &#39;Elemental&#39; is deleted" in gone.get_data(as_text=True)
    assert session.scalar(select(func.count(RecordsSource.id))) == 0


def test_reference_data_is_loaded_from_its_form_or_refused_whole(staff, session):
    url = "/staff/studies/westminster/evaluation/reference"
    practices = [["practice", "pcn", "list_size"], ["S1", "PCN-A", "9,000"], ["S2", "PCN-A", ""]]
    loaded = upload(staff, url, practices, "practices.csv", kind="practices")
    html = loaded.get_data(as_text=True)
    assert loaded.status_code == 200, html[:3000]
    assert "Practices: loaded" in html and "2 rows loaded, replacing the list loaded before" in html
    assert session.scalar(select(func.count(ServicePractice.id))) == 2
    workers = [["link_worker", "capacity"], ["Ann", "30"], ["Bob", "thirty"]]
    refused = upload(staff, url, workers, "workers.csv", kind="link-workers").get_data(as_text=True)
    assert "Link workers: nothing loaded" in refused and "is not a whole number" in refused
    assert session.scalar(select(func.count(ServiceLinkWorker.id))) == 0
    no_file = upload(staff, url, b"", "", kind="population")
    assert no_file.status_code == 400
    assert 'href="#reference-population"' in no_file.get_data(as_text=True)
