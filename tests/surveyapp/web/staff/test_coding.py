"""Free-text coding through the staff pages, on SQLite and PostgreSQL: automatic codes with
their evidence, review (human codes win), a blind second coder and kappa, training, emerging
themes added in one step, anonymised quotes approved into the report, and the workbook's theme
tables read back."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from surveyapp.extensions import db
from surveyapp.models import AddedTheme, HumanCoding, MachineCoding, Quote, ThemeModel
from tests.helpers import hidden_fields, login

ANSWERS = [
    "I waited three months to hear back from anyone.",
    "The link worker was so kind and really listened to me.",
    "I need help with housing, my flat is damp and I am lonely.",
    "Nothing",
    "Dr Patel referred me and the social prescriber rang me on 07700 900123, very kind.",
    "The parking at the surgery is impossible and the car park is always full.",
    "No parking near the surgery, I drove round for ages.",
    "Car parking is a nightmare at the surgery.",
    "Parking spaces at the surgery are always taken.",
    "The parking outside the surgery is too expensive.",
    "I could not find parking near the surgery.",
]


def import_answers(app, texts, question="anything_else", slug="bromley") -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["reference", question])
    writer.writerows([f"R{i}", text] for i, text in enumerate(texts, start=1))
    from surveyapp.services.imports import import_returns

    with app.app_context():
        result = import_returns(
            db.session, slug, "patient/v1", out.getvalue().encode(), "r.csv", dry_run=False
        )
        assert result.imported == len(texts), result.plan.problems


@pytest.fixture
def staff(app, published, make_user):
    published("bromley", "patient/v1")
    make_user("staff")
    make_user("admin", "second@example.org")
    client = app.test_client()
    login(client, "staff@example.org")
    return client


URL = "/staff/studies/bromley/themes"
QUESTION = f"{URL}/patient/anything_else"


def test_automatic_codes_then_review_where_people_win(app, staff, session):
    import_answers(app, ANSWERS)
    overview = staff.get(URL).get_data(as_text=True)
    staff.post(f"{URL}/run", data=hidden_fields(overview))
    machine = {m.answer.text: m for m in session.scalars(select(MachineCoding))}
    assert "experience.waiting" in machine[ANSWERS[0]].codes
    assert "needs.housing" in machine[ANSWERS[2]].codes
    assert machine["Nothing"].not_applicable and machine["Nothing"].codes == []
    assert machine[ANSWERS[1]].sentiment == "positive"

    page = staff.get(f"{QUESTION}/review").get_data(as_text=True)
    assert '<mark class="app-evidence"' in page and "waited" in page
    first = machine[ANSWERS[0]]
    # Reject waiting, add communication: the person's codes are the answer's codes now.
    saved = staff.post(
        f"{QUESTION}/review",
        data={
            **hidden_fields(page),
            "answer_id": first.answer_id,
            "codes": ["experience.communication"],
            "sentiment": "negative",
        },
    )
    assert saved.status_code == 302
    with app.app_context():
        from surveyapp.models import Study
        from surveyapp.services.coding import coded_frame

        frame = coded_frame(db.session, db.session.scalar(select(Study)))
    row = frame[frame["answer_id"] == first.answer_id].iloc[0]
    assert row["codes"] == ("experience.communication",) and row["coded_by"] == "staff"
    bad = staff.post(
        f"{QUESTION}/review",
        data={**hidden_fields(page), "answer_id": first.answer_id, "codes": ["experience.nope"]},
    )
    assert bad.status_code == 400 and "is not a theme of the codebook" in bad.get_data(as_text=True)


def test_a_second_coder_codes_a_sample_blind_and_kappa_is_shown(app, staff, session):
    import_answers(app, ANSWERS * 3)
    staff.post(f"{URL}/run", data=hidden_fields(staff.get(URL).get_data(as_text=True)))
    from surveyapp.services.coding import in_second_sample

    sample = [m for m in session.scalars(select(MachineCoding)) if in_second_sample(m.answer_id)][
        :4
    ]
    assert sample, "the sample is a fifth of the answers"
    page = staff.get(f"{QUESTION}/review").get_data(as_text=True)
    for m in sample:
        staff.post(
            f"{QUESTION}/review",
            data={
                **hidden_fields(page),
                "answer_id": m.answer_id,
                "codes": ["experience.kindness"],
            },
        )
    second = app.test_client()
    login(second, "second@example.org")
    blind = second.get(f"{QUESTION}/review?round=2").get_data(as_text=True)
    assert "app-evidence" not in blind and "suggested" not in blind
    for i, m in enumerate(sample):
        codes = ["experience.kindness"] if i % 2 == 0 else []
        second.post(
            f"{QUESTION}/review?round=2",
            data={**hidden_fields(blind), "answer_id": m.answer_id, "codes": codes},
        )
    assert session.scalars(select(HumanCoding).filter_by(round=2)).all()
    figures = staff.get(QUESTION).get_data(as_text=True)
    assert 'id="kappa"' in figures and "experience.kindness" in figures
    assert 'id="machine-overall"' in figures


def test_training_needs_enough_codes_then_combines_with_the_rules(app, staff, session):
    import_answers(app, ANSWERS * 5)
    overview = staff.get(URL).get_data(as_text=True)
    too_early = staff.post(
        f"{URL}/train", data={**hidden_fields(overview), "codebook": "social_prescribing"}
    )
    assert too_early.status_code == 400 and "code at least 40" in too_early.get_data(as_text=True)
    staff.post(f"{URL}/run", data=hidden_fields(overview))
    from surveyapp.models import User
    from surveyapp.services.coding import save_coding

    with app.app_context():
        user = db.session.scalar(select(User).filter_by(email="staff@example.org"))
        for m in db.session.scalars(select(MachineCoding)).all():
            codes = ["experience.kindness"] if "kind" in m.answer.text else list(m.codes)
            save_coding(
                db.session,
                "bromley",
                "patient",
                "anything_else",
                m.answer_id,
                user,
                round_=1,
                codes=codes,
                sentiment=m.sentiment,
                not_applicable=m.not_applicable,
            )
    trained = staff.post(
        f"{URL}/train", data={**hidden_fields(overview), "codebook": "social_prescribing"}
    )
    assert trained.status_code == 302
    assert session.scalar(select(ThemeModel)).trained_on >= 40
    session.expire_all()
    assert {m.method for m in session.scalars(select(MachineCoding))} == {"combined"}


def test_an_emerging_theme_is_added_in_one_step(app, staff, session):
    import_answers(app, ANSWERS)
    staff.post(f"{URL}/run", data=hidden_fields(staff.get(URL).get_data(as_text=True)))
    page = staff.get(f"{QUESTION}/emerging").get_data(as_text=True)
    assert "park" in page
    added = staff.post(
        f"{QUESTION}/emerging",
        data={
            **hidden_fields(page),
            "label": "Parking",
            "phrases": "parking, car park",
            "axis": "experience",
        },
    )
    assert added.status_code == 302
    assert session.scalar(select(AddedTheme)).theme_id == "parking"
    session.expire_all()
    parked = [
        m for m in session.scalars(select(MachineCoding)) if "parking" in m.answer.text.lower()
    ]
    assert parked and all("experience.parking" in m.codes for m in parked)


def test_quotes_are_anonymised_and_published_only_when_approved(app, staff, session):
    import_answers(app, ANSWERS)
    staff.post(f"{URL}/run", data=hidden_fields(staff.get(URL).get_data(as_text=True)))
    report = staff.get("/staff/studies/bromley/report.html").get_data(as_text=True)
    assert "No quote has been approved" in report
    page = staff.get(f"{QUESTION}/quotes").get_data(as_text=True)
    assert "07700 900123" not in page and "Patel" not in page
    assert "[phone]" in page and "Dr [name]" in page
    quote = next(m for m in session.scalars(select(MachineCoding)) if m.answer.text == ANSWERS[4])
    theme = next(c for c in quote.codes if c.startswith("experience."))
    staff.post(
        f"{QUESTION}/quotes",
        data={
            **hidden_fields(page),
            "answer_id": quote.answer_id,
            "theme": theme,
            "sentiment": "positive",
            "decision": "approved",
            "text": ANSWERS[4],  # even if sent back with the name, it is anonymised again
        },
    )
    assert session.scalar(select(Quote)).status == "approved"
    report = staff.get("/staff/studies/bromley/report.html").get_data(as_text=True)
    assert "Positive comments" in report and "Dr [name] referred me" in report
    assert "Patel" not in report and "07700" not in report


def test_the_workbook_holds_theme_tables_and_their_sentiment(app, staff):
    import_answers(app, ANSWERS)
    staff.post(f"{URL}/run", data=hidden_fields(staff.get(URL).get_data(as_text=True)))
    download = staff.get("/staff/studies/bromley/findings/appendix.xlsx")
    book = load_workbook(io.BytesIO(download.data))
    themes_sheet = book["Appendix tables – themes"]
    cells = [[c.value for c in row] for row in themes_sheet.iter_rows()]
    waiting = next(r for r in cells if r[0] and str(r[0]).endswith("Waiting"))
    assert waiting[1] == 1 and waiting[2] == 10  # 1 of the 10 answers that say something
    sentiment = book["Themes by sentiment"]
    rows = [[c.value for c in row] for row in sentiment.iter_rows()]
    assert ["Theme", "No.", "%", "Positive", "Mixed or neutral", "Negative"] in rows
    housing = next(r for r in rows if r[0] == "Housing")
    assert housing[1] == 1


def test_the_cli_codes_and_trains_from_a_coded_data_set(app, staff, session, tmp_path):
    import_answers(app, ANSWERS)
    runner = app.test_cli_runner()
    coded = runner.invoke(args=["themes", "code", "bromley"])
    assert "Coded 11 written answer(s)" in coded.output
    path = tmp_path / "coded.csv"
    rows = [["text", "codes", "sentiment", "question"]]
    rows += [
        ["We waited weeks for a call", "experience.waiting", "negative", "Anything else?"]
    ] * 25
    rows += [["She was kind and caring", "experience.kindness", "positive", "What was good?"]] * 25
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    trained = runner.invoke(args=["themes", "train", "bromley", "--coded", str(path)])
    assert trained.exit_code == 0, trained.output + trained.stderr
    assert "Trained on 50 coded answer(s)" in trained.output
    assert session.scalar(select(ThemeModel)).sentiment is not None
    bad = tmp_path / "bad.csv"
    bad.write_text("text,codes\nHello,experience.nope\n" * 41, encoding="utf-8")
    refused = runner.invoke(args=["themes", "train", "bromley", "--coded", str(bad)])
    assert refused.exit_code == 1 and "codes the codebook does not have" in refused.stderr
    broken = tmp_path / "broken.yaml"
    broken.write_text("key: Bad Key\naxes: []\n", encoding="utf-8")
    checked = runner.invoke(args=["themes", "validate", str(broken)])
    assert checked.exit_code == 1 and "key 'Bad Key'" in checked.stderr


def test_the_review_safeguards(app, staff, session):
    """Rounds stay apart, quotes keep the respondent's words and follow the response, the
    emerging page shows no identifier, and correcting another answer keeps the codes."""
    import_answers(app, ANSWERS * 2)
    staff.post(f"{URL}/run", data=hidden_fields(staff.get(URL).get_data(as_text=True)))
    from surveyapp.services.coding import in_second_sample

    machine = list(session.scalars(select(MachineCoding).order_by(MachineCoding.answer_id)))
    sampled = next(m for m in machine if in_second_sample(m.answer_id))
    page = staff.get(f"{QUESTION}/review?round=2").get_data(as_text=True)
    staff.post(
        f"{QUESTION}/review?round=2",
        data={**hidden_fields(page), "answer_id": sampled.answer_id, "codes": []},
    )
    own = staff.get(f"{QUESTION}/review?answer={sampled.answer_id}")
    assert own.status_code == 404  # coded blind in round 2: not theirs to code in round 1

    quotes = staff.get(f"{QUESTION}/quotes").get_data(as_text=True)
    # An answer the same person did not code blind in round 2 (those are not theirs in round 1).
    kind = next(
        m for m in machine if m.answer.text == ANSWERS[1] and m.answer_id != sampled.answer_id
    )
    base = {**hidden_fields(quotes), "answer_id": kind.answer_id, "sentiment": "positive"}
    wrong_theme = staff.post(
        f"{QUESTION}/quotes", data={**base, "theme": "x.y", "decision": "approved"}
    )
    assert "codebook; reload the page" in wrong_theme.get_data(as_text=True)
    invented = staff.post(
        f"{QUESTION}/quotes",
        data={**base, "theme": "experience.kindness", "decision": "approved", "text": "Best ever"},
    )
    assert "you can leave words out" in invented.get_data(as_text=True)
    staff.post(
        f"{QUESTION}/quotes",
        data={
            **base,
            "theme": "experience.kindness",
            "decision": "approved",
            "text": "The link worker was so kind ...",
        },
    )
    report = staff.get("/staff/studies/bromley/report.html").get_data(as_text=True)
    assert "The link worker was so kind ..." in report

    emerging = staff.get(f"{QUESTION}/emerging").get_data(as_text=True)
    assert "07700" not in emerging and "Patel" not in emerging

    from surveyapp.models import Response, User
    from surveyapp.services.coding import save_coding
    from surveyapp.services.responses import correct_answer, void_response

    with app.app_context():
        user = db.session.scalar(select(User).filter_by(email="staff@example.org"))
        save_coding(
            db.session,
            "bromley",
            "patient",
            "anything_else",
            kind.answer_id,
            user,
            round_=1,
            codes=["experience.kindness"],
            sentiment="positive",
            not_applicable=False,
        )
        response = db.session.get(Response, kind.answer.response_id)
        correct_answer(
            db.session,
            response,
            user,
            question_id="signposted",
            item="",
            value="1",
            other="",
            reason="Missed on the sheet",
        )
        assert db.session.scalar(select(HumanCoding).filter_by(answer_id=kind.answer_id))
        void_response(db.session, db.session.get(Response, response.id), user, "Duplicate")
    report = staff.get("/staff/studies/bromley/report.html").get_data(as_text=True)
    assert "The link worker was so kind ..." not in report  # its response no longer counts
