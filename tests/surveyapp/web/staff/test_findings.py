"""A study's Findings page, its key findings form, the report's sections, the grouping of
written answers, the downloads and the export commands, on the demo study."""

from __future__ import annotations

import datetime as dt
import io
import random
import re
from html import unescape
from html.parser import HTMLParser

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import select

from surveyapp.models import AuditEntry, Study
from surveyapp.services.demo import add_generated_response
from surveyapp.services.studies import get_study, study_definitions
from tests.conftest import demo_once
from tests.helpers import hidden_fields, login

STUDY = "/staff/studies/bromley-social-prescribing"
FINDINGS = f"{STUDY}/findings"


@pytest.fixture
def demo(app, backend, demo_rows):
    demo_once(app, backend, demo_rows, patient_responses=40, seed=7)


@pytest.fixture
def staff(client, make_user, demo):
    login(client, "staff@example.org", "demo-password-2023")
    return client


class _Form(HTMLParser):
    """What a browser sends for the form posting to ``action``: hidden and text inputs,
    ticked boxes, text areas, in page order."""

    def __init__(self, action: str) -> None:
        super().__init__(convert_charrefs=True)
        self.action, self.inside, self.fields = action, False, []
        self._area: list | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = self.action in (a.get("action") or "")
        elif self.inside and tag == "input" and a.get("name"):
            if a.get("type") != "checkbox" or "checked" in a:
                self.fields.append([a["name"], a.get("value") or ""])
        elif self.inside and tag == "textarea":
            self._area = [a["name"], ""]

    def handle_data(self, data):
        if self._area is not None:
            self._area[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._area is not None:
            self.fields.append(self._area)
            self._area = None
        elif tag == "form":
            self.inside = False


def form_of(html: str, action: str) -> list[list[str]]:
    parser = _Form(action)
    parser.feed(html)
    return parser.fields


def _set(fields: list[list[str]], name: str, value: str) -> None:
    next(f for f in fields if f[0] == name)[1] = value


def test_the_findings_page_is_short_and_says_things_in_words(staff):
    html = staff.get(FINDINGS).get_data(as_text=True)
    assert "Key findings" in html and "(base 40)" in html
    # The long parts are closed sections the reader opens; one button saves every headline.
    assert html.count('<details class="govuk-details"') >= 3
    assert html.count("Save key findings") == 1 and "Save<span" not in html
    assert "Appendix 1: I am filling this in as:" in html
    assert "Most patients (" in html or "% of patients" in html
    # Equality monitoring is offered, not published, unless staff ask.
    assert "more: equality monitoring and routing questions" in html
    assert "What is your age?" in html


def test_staff_choose_order_and_word_headlines_in_one_form(staff, session):
    page = staff.get(f"{FINDINGS}?i=patient").get_data(as_text=True)
    fields = form_of(page, "/findings/headlines")
    keys = [value for name, value in fields if name == "key"]
    first, second = keys[0], keys[1]
    chosen = [f for f in fields if f[0] != "publish"]
    chosen += [["publish", first], ["publish", second]]
    _set(chosen, f"order-{first}", "2")
    _set(chosen, f"order-{second}", "1")
    _set(chosen, f"text-{first}", "Our own wording, n = 40.")
    saved = staff.post(f"{FINDINGS}/headlines?i=patient", data=_multi(chosen))
    assert saved.status_code == 302
    study = session.scalar(select(Study).filter_by(slug="bromley-social-prescribing"))
    session.refresh(study)
    # The patient headlines as chosen; the other questionnaires' suggested ones kept after them.
    assert study.headlines[:2] == [second, first]
    assert not set(study.headlines[2:]) & set(keys)
    assert all(not key.startswith("patient.") for key in study.headlines[2:])
    report = staff.get(f"{STUDY}/report.html?i=patient").get_data(as_text=True)
    findings = report[
        report.index('id="findings"') : report.index("</section>", report.index('id="findings"'))
    ]
    assert findings.count("<li>") == 2
    assert findings.index("Our own wording, n = 40.") > findings.index("<li>", 20)


def test_a_place_that_is_not_a_number_keeps_what_was_typed_and_saves_nothing(staff, session):
    page = staff.get(FINDINGS).get_data(as_text=True)
    fields = form_of(page, "/findings/headlines")
    key = next(value for name, value in fields if name == "key")
    _set(fields, f"order-{key}", "first")
    _set(fields, f"text-{key}", "Wording I typed")
    answer = staff.post(f"{FINDINGS}/headlines", data=_multi(fields))
    html = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert "There is a problem" in html and "must be a whole number from 1 to 999" in html
    assert "you typed &#39;first&#39;" in html
    assert 'value="first"' in html and "Wording I typed" in html
    study = session.scalar(select(Study).filter_by(slug="bromley-social-prescribing"))
    session.refresh(study)
    assert study.headlines is None


def test_an_edit_is_audited_and_flagged_when_the_numbers_change(staff, app, session):
    page = staff.get(f"{FINDINGS}?i=patient").get_data(as_text=True)
    fields = form_of(page, "/findings/headlines")
    bogus = [["csrf_token", hidden_fields(page)["csrf_token"]], ["key", "x" * 500]]
    assert staff.post(f"{FINDINGS}/headlines", data=_multi(bogus)).status_code == 400
    key = next(value for name, value in fields if name == "key")
    _set(fields, f"text-{key}", "Mine.")
    staff.post(f"{FINDINGS}/headlines", data=_multi(fields))
    entry = session.scalars(
        select(AuditEntry).filter_by(subject="study").order_by(AuditEntry.id)
    ).all()[-1]
    assert entry.changes["text"][1] == "Mine." and entry.user_id is not None
    assert "The answers have changed" not in staff.get(FINDINGS).get_data(as_text=True)

    with app.app_context():
        study = get_study(session, "bromley-social-prescribing")
        patient = next(d for d in study_definitions(session, study) if d.key == "patient")
        version = next(i for i in study.instruments if i.questionnaire_version.key == "patient")
        rng = random.Random(1)
        when = dt.datetime(2023, 3, 1, tzinfo=dt.UTC)
        for _ in range(5):
            add_generated_response(
                session, study, patient, version.questionnaire_version_id, rng, "paper", when
            )
        session.commit()
    page = staff.get(FINDINGS).get_data(as_text=True)
    assert "The answers have changed" in page
    # Saving again as it was keeps the flag; saying it was checked clears it.
    fields = form_of(page, "/findings/headlines")
    staff.post(f"{FINDINGS}/headlines", data=_multi(fields))
    assert "The answers have changed" in staff.get(FINDINGS).get_data(as_text=True)
    staff.post(f"{FINDINGS}/headlines", data=_multi([*fields, ["checked", key]]))
    assert "The answers have changed" not in staff.get(FINDINGS).get_data(as_text=True)


def test_the_report_opens_in_the_browser_and_downloads(staff):
    opened = staff.get(f"{STUDY}/report.html?i=patient")
    assert opened.status_code == 200 and opened.mimetype == "text/html"
    assert "attachment" not in opened.headers.get("Content-Disposition", "")
    # Its inline styles and plotly's scripts run, sandboxed away from the app's origin.
    policy = opened.headers["Content-Security-Policy"]
    assert policy.startswith("sandbox allow-scripts;") and "'unsafe-inline'" in policy
    html = opened.get_data(as_text=True)
    assert html.count("plotly.js v") == 1
    saved = staff.get(f"{STUDY}/report.html?i=patient&download=1")
    assert saved.headers["Content-Disposition"].startswith("attachment;")
    assert saved.get_data(as_text=True) == html
    docx = Document(io.BytesIO(staff.get(f"{STUDY}/report.docx").data))
    assert any(p.text == "Key findings" for p in docx.paragraphs)
    assert len(docx.inline_shapes) >= 1
    assert all(s._inline.docPr.get("descr") for s in docx.inline_shapes)
    xlsx = staff.get(f"{FINDINGS}/appendix.xlsx?i=patient")
    book = load_workbook(io.BytesIO(xlsx.data))
    values = [str(c.value) for s in book.worksheets for r in s.iter_rows() for c in r if c.value]
    assert any("Appendix 1" in v for v in values)
    assert any("I am filling this in as:" in v for v in values)


def test_staff_write_the_report_s_sections_and_what_we_did_starts_prefilled(staff, session):
    page = staff.get(f"{STUDY}/report").get_data(as_text=True)
    method = re.search(r'<textarea[^>]*id="method"[^>]*>([^<]*)</textarea>', page).group(1)
    assert "We asked patients to answer the" in method and "40 answered" in method
    fields = form_of(page, f"{STUDY}/report")
    _set(fields, "summary", "People valued the link workers.\n\nWaits were long.")
    _set(fields, "about", "x" * 50_001)
    refused = staff.post(f"{STUDY}/report", data=_multi(fields))
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert "&#39;About us&#39; is longer than 50,000 characters" in html
    assert "Waits were long." in html  # nothing typed is lost
    _set(fields, "about", "We are the independent champion for people who use services.")
    assert staff.post(f"{STUDY}/report", data=_multi(fields)).status_code == 302
    report = staff.get(f"{STUDY}/report.html").get_data(as_text=True)
    assert "<p>People valued the link workers.</p>\n<p>Waits were long.</p>" in report
    assert report.index('id="about"') < report.index('id="summary"') < report.index('id="findings"')
    assert "We asked patients to answer the" in report


def test_staff_group_what_people_wrote_and_the_tables_count_the_groups(staff):
    listing = staff.get(f"{STUDY}/written").get_data(as_text=True)
    assert "Who referred you" in listing
    url = f"{STUDY}/written/patient/referred_by"
    page = staff.get(url).get_data(as_text=True)
    fields = form_of(page, url)
    written = [value for name, value in fields if name == "written"]
    assert written, "the demo writes answers beside Other"
    for n in range(1, len(written) + 1):
        _set(fields, f"as-{n}", "Another professional")
    assert staff.post(url, data=_multi(fields)).status_code == 302
    report = staff.get(f"{STUDY}/report.html?i=patient").get_data(as_text=True)
    appendix = report[report.index('id="appendix"') :]
    assert '<th scope="row">Another professional</th>' in appendix
    # Too long a name: refused, with what was typed kept.
    _set(fields, "as-1", "y" * 300)
    refused = staff.post(url, data=_multi(fields))
    assert refused.status_code == 400 and "at most 255 characters" in refused.get_data(as_text=True)


def test_two_questions_are_compared_in_words(staff):
    html = staff.get(f"{FINDINGS}?row=patient.referred_by&column=patient.overall_rating").get_data(
        as_text=True
    )
    assert 'id="comparison"' in html
    assert "'Overall, how do you rate your experience?' by 'Who referred you" in html
    # Demo answers are random: whichever way the test goes (or if too few to test), it is
    # said in words with its n.
    sentence = re.search(r'</table></div>\s*<p class="govuk-body">([^<]*)</p>', html).group(1)
    assert re.search(r"chance|to test", sentence) and re.search(r"\d+", sentence)


def test_the_export_commands_write_the_files(app, demo, tmp_path):
    runner = app.test_cli_runner()
    book = tmp_path / "appendix.xlsx"
    result = runner.invoke(
        args=["export", "appendix", "bromley-social-prescribing", "-o", str(book)]
    )
    assert result.exit_code == 0, result.output
    assert "appendix table" in result.output and book.exists()
    report = tmp_path / "report.html"
    result = runner.invoke(
        args=["export", "report", "bromley-social-prescribing", "-i", "patient", "-o", str(report)]
    )
    assert result.exit_code == 0, result.output
    assert "Base: all 40 responses to the patient survey" in report.read_text(encoding="utf-8")
    word = tmp_path / "report.docx"
    result = runner.invoke(args=["export", "report", "bromley-social-prescribing", "-o", str(word)])
    assert result.exit_code == 0, result.output
    assert Document(str(word)).inline_shapes
    answers = tmp_path / "answers.csv"
    result = runner.invoke(
        args=["export", "answers", "bromley-social-prescribing", "-o", str(answers)]
    )
    assert result.exit_code == 0 and answers.read_text().startswith("response_id,")
    bad = runner.invoke(args=["export", "report", "nope", "-o", str(tmp_path / "x.pdf")])
    assert bad.exit_code == 1


def _multi(fields: list[list[str]]):
    """Form fields as the test client posts repeated names."""
    from werkzeug.datastructures import MultiDict

    return MultiDict([(name, value) for name, value in fields])


def test_no_quote_is_offered_against_the_sentiment_it_is_filed_under(app, staff, session):
    """A complaint written in answer to "What works well?" is offered only as a negative
    comment: the sentiment a quote is filed under is the answer's own."""
    from questionnaires.answers import GivenAnswer
    from surveyapp.models import QuestionnaireVersion
    from surveyapp.services.coding.theming import run_theming
    from surveyapp.services.responses.saving import add_answers, new_response

    complaint = "It took a long time to hear back after the referral, weeks of waiting."
    study = get_study(session, "bromley-social-prescribing")
    definition = next(d for d in study_definitions(session, study) if d.key == "professional")
    version = session.scalar(select(QuestionnaireVersion).filter_by(key="professional"))
    for _ in range(3):
        now = dt.datetime.now(dt.UTC)
        response = new_response(study, version, "online", status="submitted", submitted_at=now)
        session.add(response)
        add_answers(session, response, definition, [GivenAnswer("works_well", text=complaint)])
    session.commit()
    with app.app_context():
        run_theming(session, study.slug, new_only=True)
    session.commit()
    html = staff.get(f"{STUDY}/themes/professional/works_well/quotes").get_data(as_text=True)
    offered = re.findall(
        r'name="sentiment" value="(\w+)">.*?<textarea[^>]*>([^<]*)</textarea>', html, re.S
    )
    assert complaint in [unescape(text) for _, text in offered]
    assert ("negative", complaint) in [(s, unescape(t)) for s, t in offered]
    assert ("positive", complaint) not in [(s, unescape(t)) for s, t in offered]
