"""One rule for every input, identical on both databases: text composed (NFC), control characters
refused naming the box, lengths checked as stored; anything else round-trips byte for byte."""

from __future__ import annotations

import unicodedata

import pytest
from sqlalchemy import select

from benchmarks.online_submission import PAGE1
from surveyapp.models import Answer, Response
from tests.helpers import PASSWORD, hidden_fields, login

START = "/s/bromley/patient"
WB = "/s/wb/ons4"
#: Welsh, an emoji with a joiner, Arabic (right to left), a zero-width space, a decomposed é.
MIXED = "Gwasanaeth ŵ 👩‍⚕️ مرحبا\u200bbien Cafe\u0301"


@pytest.fixture
def study(published):
    return published("bromley", "patient/v1")


def _complete(client, first_page):
    """A whole patient form with ``first_page``'s answers; its reference."""
    form = hidden_fields(client.get(START).get_data(as_text=True))
    posted = client.post(START, data={**form, **first_page})
    assert posted.status_code == 302, posted.get_data(as_text=True)
    return _complete_from(client, posted.headers["Location"])


def _complete_from(client, page):
    """The rest of a patient form from its second page; its reference."""
    for _ in range(2):
        fields = hidden_fields(client.get(page).get_data(as_text=True))
        page = client.post(page, data=fields).headers["Location"]
    return page.rsplit("/", 1)[1]


def _stored_texts(session, question_id):
    session.expire_all()
    return list(session.scalars(select(Answer.text).where(Answer.question_id == question_id)))


def test_a_nul_in_an_answer_is_refused_naming_the_question_and_keeps_the_page(
    client, study, session
):
    form = hidden_fields(client.get(START).get_data(as_text=True))
    sent = client.post(START, data={**form, **PAGE1, "referral_reason": "Feeling\x00 low"})
    html = sent.get_data(as_text=True)
    assert sent.status_code == 400
    assert "holds an invisible character (U+0000 NULL)" in html
    assert "Why were you referred" in html.split("holds an invisible character")[0][-300:]
    assert "Bromley Well" in html  # every other answer typed is still on the page
    assert session.scalar(select(Response.id)) is None


def test_tab_and_new_lines_are_text_in_a_box_of_several_lines_only(client, study, session):
    form = hidden_fields(client.get(START).get_data(as_text=True))
    several = client.post(START, data={**form, **PAGE1, "referral_reason": "Low.\r\n\tAnd alone."})
    assert several.status_code == 302
    assert _stored_texts(session, "referral_reason") == ["Low.\r\n\tAnd alone."]


def test_a_nul_in_the_sign_in_email_is_a_message_not_a_fault(client, make_user):
    make_user("staff")
    form = hidden_fields(client.get("/login").get_data(as_text=True))
    sent = client.post(
        "/login", data={**form, "email": "staff\x00@example.org", "password": PASSWORD}
    )
    assert sent.status_code in (200, 400)
    assert "invisible character (U+0000 NULL)" in sent.get_data(as_text=True)


def test_text_is_composed_and_otherwise_kept_byte_for_byte_to_the_export(
    client, study, session, make_user
):
    _complete(client, {**PAGE1, "referral_reason": MIXED})
    composed = unicodedata.normalize("NFC", MIXED)
    assert composed != MIXED and composed.endswith("Café")
    assert _stored_texts(session, "referral_reason") == [composed]
    make_user("staff")
    login(client, "staff@example.org")
    csv = client.get("/staff/studies/bromley/answers.csv").get_data(as_text=True)
    assert composed in csv


def test_a_participant_code_too_long_once_in_capitals_is_refused(client, published, session):
    published("wb", "ons4/v1")
    form = hidden_fields(client.get(WB).get_data(as_text=True))
    # 40 characters typed, 80 once in capitals ("ß" becomes "SS"): longer than a code may be.
    sent = client.post(WB, data={**form, "participant_code": "ß" * 40, "life_satisfaction": "7"})
    assert sent.status_code == 400
    assert "Shorten the participant code" in sent.get_data(as_text=True)
    assert session.scalar(select(Response.id)) is None
    form = hidden_fields(client.get(WB).get_data(as_text=True))
    fits = client.post(WB, data={**form, "participant_code": "straße", "life_satisfaction": "7"})
    assert fits.status_code == 302
    session.expire_all()
    assert session.scalar(select(Response.participant_code)) == "STRASSE"


def test_a_staff_box_read_without_a_form_class_keeps_the_rule(client, study, session, make_user):
    reference = _complete(client, PAGE1)
    make_user("staff")
    login(client, "staff@example.org")
    record = f"/staff/studies/bromley/responses/{reference}"
    token = hidden_fields(client.get(record).get_data(as_text=True))["csrf_token"]
    sent = client.post(f"{record}/void", data={"csrf_token": token, "reason": "dup\x00licate"})
    assert sent.status_code == 400
    assert "The reason holds an invisible character" in sent.get_data(as_text=True)
    session.expire_all()
    assert session.scalar(select(Response.status)) == "submitted"


#: Strings that have broken web apps: markup, formulas, injections, direction overrides,
#: joiners, decomposed accents, a long text, escapes. Each is either kept exactly (composed) or
#: refused with a message; never a fault, never a formula in the export.
HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    '=HYPERLINK("http://x.example","click")',
    "+SUM(1,2)",
    "-2+3",
    "@SUM(A1)",
    "'; DROP TABLE response; --",
    "\u202egnp.exe",
    "👨‍👩‍👧‍👦 family",
    "Cafe\u0301 ŵ ŷ",
    "zero\u200bwidth\ufeffmarks",
    "مرحبا بالعالم",
    "{{ 7*7 }} ${7*7}",
    "../../etc/passwd",
    "a" * 9_000,
    "tab\there\r\nand lines",
    "escape\x1b[31m",
    "bell\x07",
]


@pytest.mark.parametrize("hostile", HOSTILE, ids=range(len(HOSTILE)))
def test_a_hostile_answer_is_kept_exactly_or_refused_and_never_runs(
    client, study, session, make_user, hostile
):
    form = hidden_fields(client.get(START).get_data(as_text=True))
    sent = client.post(START, data={**form, **PAGE1, "referral_reason": hostile})
    assert sent.status_code in (302, 400)
    html = sent.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html and "onerror=alert" not in html
    if sent.status_code == 400:  # a control character, or longer than the box takes: said
        assert "govuk-error-summary" in html and 'href="#referral_reason"' in html
        return
    stored = _stored_texts(session, "referral_reason")
    assert stored == [unicodedata.normalize("NFC", hostile).strip()]
    reference = _complete_from(client, sent.headers["Location"])
    assert reference
    make_user("staff")
    login(client, "staff@example.org")
    exported = client.get("/staff/studies/bromley/answers.csv").get_data(as_text=True)
    assert not any(
        cell.startswith(("=", "+", "-", "@"))
        for line in exported.splitlines()
        for cell in line.split(",")
        if cell
    )
