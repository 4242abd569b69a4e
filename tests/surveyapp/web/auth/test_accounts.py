"""Accounts: Argon2 hashes, sign in and out, and a role check on every non-public page."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from questionnaires import DEFINITIONS_ROOT
from surveyapp.models import User
from surveyapp.services.accounts import AccountError, create_user
from tests.helpers import PASSWORD, hidden_fields, login, submit_form
from tests.surveyapp.web.auth.test_route_access import ROLES, access_table


def _record_ids(session) -> dict[str, int]:
    """Ids of real tracker records (the database picks them: PostgreSQL never reuses one)."""
    from surveyapp.models import Action, Dispatch, Recommendation, RecommendationResponse, Report

    return {
        "report_id": session.scalar(select(Report.id)),
        "dispatch_id": session.scalar(select(Dispatch.id)),
        "recommendation_id": session.scalar(select(Recommendation.id)),
        "response_id": session.scalar(select(RecommendationResponse.id)),
        "action_id": session.scalar(select(Action.id)),
    }


def _case_study(app, session) -> int:
    """A case study of the study (written against a referral of its own, kept apart from the
    records so that the evaluation's files still have none to work from)."""
    from surveyapp.models import CaseStudy, Study

    with app.app_context():
        study = session.scalar(select(Study).filter_by(slug="bromley"))
        case = CaseStudy(study_id=study.id, referral_id="R1", title="T", needs="N", support="S")
        session.add(case)
        session.commit()
        return case.id


def _paper_records(app, session, email: str) -> dict[str, object]:
    """A printed batch and a form keyed by ``email``, so every paper page has records to show."""
    from surveyapp.extensions import db
    from surveyapp.paper.keying import KeyedForm
    from surveyapp.services.jobs import RightAway, request_job
    from surveyapp.services.paper import key_entry, open_entry, print_batch
    from surveyapp.services.studies import get_study
    from surveyapp.settings import job_settings

    with app.app_context():
        user = db.session.scalar(select(User).filter_by(email=email))
        batch = print_batch(db.session, "bromley", "link_worker", 1, 1)
        entry = key_entry(
            db.session, open_entry(db.session, batch.forms[0].serial, user), user, KeyedForm()
        )
        # A job done (the batch's PDF), so that its pages have something to show.
        job = request_job(
            db.session,
            RightAway(app.extensions["surveyapp.sessionmaker"]),
            "paper",
            get_study(db.session, "bromley"),
            {"batch": batch.id},
            job_settings(),  # as the app asks: the batch's download finds this job
        )
        assert job.state == "done", job.message
        return {
            "user_id": user.id,
            "job_id": job.id,
            "batch_id": batch.id,
            "serial": batch.forms[0].serial,
            "reference": entry.paper_form.response.reference,
        }


def _questionnaire_upload(app) -> str:
    """A questionnaire uploaded and kept, not published: its checks and previews have a page."""
    from surveyapp.extensions import db
    from surveyapp.services.design.questionnaires import keep_questionnaire

    definition = (DEFINITIONS_ROOT / "ons4" / "v1.yaml").read_bytes()
    with app.app_context():
        return keep_questionnaire(db.session, definition.replace(b"ons4", b"wellbeing"), "w.yaml")


def _non_public_rules(app, ids=None):
    """Every GET route outside the public, auth and assets blueprints, with real arguments."""
    ids_of = ("report_id", "dispatch_id", "recommendation_id", "response_id", "action_id")
    placeholders = dict.fromkeys((*ids_of, "user_id", "case_study_id"), 1)
    paper = {"serial": "000001-3", "batch_id": 1, "reference": "AAAA-AAAA", "job_id": "0" * 32}
    values = {
        "format": "html",
        "slug": "bromley",
        "key": "link_worker",
        "version": 1,
        "question_id": "training",  # a written-answer question of link_worker v1
        "upload": "upload-none",
        **placeholders,
        **paper,
        **(ids or {}),
    }
    # Grouping written answers needs a question with a line to write on: the patient form's.
    own = {"staff.written_question": {"key": "patient", "question_id": "referred_by"}}
    for rule in app.url_map.iter_rules():
        blueprint = rule.endpoint.split(".")[0]
        if blueprint in ("public", "auth", "assets", "static") or "GET" not in rule.methods:
            continue
        yield (
            rule.endpoint,
            rule.build(values | own.get(rule.endpoint, {}), append_unknown=False)[1],
        )


def test_passwords_are_stored_as_argon2_hashes(session):
    user = create_user(session, "Ann@Example.org", "Ann", "staff", PASSWORD)
    assert user.email == "ann@example.org"
    assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash


@pytest.mark.parametrize(
    ("email", "role", "password", "message"),
    [
        ("not-an-email", "staff", PASSWORD, "is not an email address"),
        ("a@example.org", "owner", PASSWORD, "Role must be one of volunteer, staff, admin"),
        ("a@example.org", "staff", "short", "at least 12 characters"),
    ],
)
def test_bad_user_details_are_refused_with_a_reason(session, email, role, password, message):
    with pytest.raises(AccountError, match=message):
        create_user(session, email, "A", role, password)


def test_a_taken_email_is_refused(session):
    create_user(session, "a@example.org", "A", "staff", PASSWORD)
    with pytest.raises(AccountError, match="already a user"):
        create_user(session, "A@example.org", "A", "staff", PASSWORD)


def test_wrong_password_is_refused_without_saying_which_part(client, make_user):
    make_user("staff")
    response = submit_form(client, "/login", {"email": "staff@example.org", "password": "nope"})
    assert response.status_code == 400
    assert "email address or password is not right" in response.get_data(as_text=True)
    assert client.get("/staff/").status_code == 302


def test_anonymous_visitors_are_sent_to_sign_in_everywhere(app, client, published):
    published("bromley", "link_worker/v1")
    rules = list(_non_public_rules(app))
    assert len(rules) >= 12
    table = access_table()
    for endpoint, url in rules:
        response = client.get(url)
        if table[(endpoint, "GET")] == "token":  # the API: a token is asked for, in JSON
            assert response.status_code == 401, endpoint
            assert response.get_json()["error"]["code"] == "missing_token", endpoint
            continue
        if table[(endpoint, "GET")] == "everyone":  # the API's descriptions
            assert response.status_code == 200, endpoint
            continue
        assert response.status_code == 302, endpoint
        assert "/login" in response.headers["Location"], endpoint


@pytest.mark.parametrize("role", ["volunteer", "staff", "admin"])
def test_each_role_sees_only_its_pages(app, client, make_user, published, role, session):
    """Every page a role may see (by tests/fixtures/route_access.txt) answers; the rest 403."""
    from surveyapp.services.demo import load_demo_tracker

    published("bromley", "link_worker/v1", "patient/v1")
    with app.app_context():
        load_demo_tracker(session, None)  # so that every tracker page has a record to show
    make_user(role)
    login(client, f"{role}@example.org")
    ids = {**_record_ids(session), **_paper_records(app, session, f"{role}@example.org")}
    ids["case_study_id"] = _case_study(app, session)
    ids["upload"] = _questionnaire_upload(app)
    table = access_table()
    for endpoint, url in _non_public_rules(app, ids):
        status = client.get(url).status_code
        allowed = role in ROLES[table[(endpoint, "GET")]]
        expected = 200 if allowed else 403
        if table[(endpoint, "GET")] == "token":
            expected = 401  # a signed-in browser's cookie opens nothing in the API
        if endpoint == "entry.key" and allowed:
            expected = 400  # the form was keyed: the page says by whom and when
        if endpoint in ("staff.evaluation_workbook", "staff.evaluation_report") and allowed:
            expected = 303  # no service records yet: to the page that says how to import them
        assert status == expected, f"{role} on {endpoint} ({url}): {status}"


def test_admin_creates_a_user_who_can_then_sign_in(app, client, make_user, session):
    make_user("admin")
    login(client, "admin@example.org")
    response = submit_form(
        client,
        "/admin/users",
        {
            "email": "vol@example.org",
            "name": "Val Volunteer",
            "role": "volunteer",
            "password": "a long enough password",
        },
        follow=True,
    )
    assert "vol@example.org can now sign in as volunteer" in response.get_data(as_text=True)
    assert session.scalar(select(User).filter_by(email="vol@example.org")).role == "volunteer"
    signed_in = client.get("/admin/users").get_data(as_text=True)
    assert client.get("/logout").status_code == 405  # only a POST with its token signs out
    logout = client.post("/logout", data=hidden_fields(signed_in))
    assert logout.status_code == 302
    assert client.get("/admin/users").status_code == 302
    other = app.test_client()
    login(other, "vol@example.org", "a long enough password")


def test_admin_user_form_keeps_what_was_typed_on_a_mistake(client, make_user):
    make_user("admin")
    login(client, "admin@example.org")
    page = client.get("/admin/users").get_data(as_text=True)
    data = {**hidden_fields(page), "email": "bad", "name": "Bea", "role": "staff", "password": "x"}
    html = client.post("/admin/users", data=data).get_data(as_text=True)
    assert "Enter an email address like name@example.org" in html
    assert "at least 12 characters" in html
    assert 'value="Bea"' in html


def test_staff_key_a_link_worker_interview(client, make_user, published, session):
    from surveyapp.models import Response

    published("bromley", "link_worker/v1")
    staff = make_user("staff")
    login(client, "staff@example.org")
    url = "/staff/studies/bromley/link_worker/v1/key?channel=interview"
    html = client.get(url).get_data(as_text=True)
    assert html.count('class="app-number"') == 13
    fields = hidden_fields(html)
    section = next(k.split("-")[0] for k in fields if k.endswith("-start_key"))
    data = {
        **fields,
        f"{section}-pcn": "penge",
        f"{section}-time_in_role": "years_1_to_3",
        f"{section}-main_issues": "Loneliness, money, housing.",
    }
    response = client.post(url, data=data, follow_redirects=True)
    assert "interview saved with reference" in response.get_data(as_text=True)
    saved = session.scalar(select(Response))
    assert saved.channel == "interview" and saved.keyed_by_id == staff.id
    assert {
        a.question_id: a.value_code or a.text for a in saved.answers if a.state == "answered"
    } == {
        "pcn": "penge",
        "time_in_role": "years_1_to_3",
        "main_issues": "Loneliness, money, housing.",
    }
    overview = client.get("/staff/studies/bromley").get_data(as_text=True)
    assert 'data-channel="interview">1<' in overview


def test_a_deactivated_user_loses_access_at_once(client, make_user, session):
    make_user("staff")
    login(client, "staff@example.org")
    assert client.get("/staff/").status_code == 200
    user = session.scalar(select(User).filter_by(email="staff@example.org"))
    user.active = False
    session.commit()
    assert client.get("/staff/").status_code == 302
