"""The read-only API, called as a program calls it: every endpoint with no token, a malformed
header, an unknown, revoked and expired token, a deactivated account's, a volunteer's and a
staff member's, on each database; the answers paged without loss or repetition and without a
contact detail; the rate limit; every call audited and shown to admins; JSON errors only."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from benchmarks.online_submission import PAGE1
from surveyapp.extensions import db
from surveyapp.models import ApiToken, AuditEntry, Study, User
from surveyapp.services.accounts import set_active
from surveyapp.services.responses import tidy_frame
from tests.helpers import login
from tests.surveyapp.web.api.conftest import CONTACT, RESPONSES

DATA_ENDPOINTS = [
    "/api/v1/studies",
    "/api/v1/studies/bromley",
    "/api/v1/studies/bromley/instruments",
    "/api/v1/studies/bromley/responses",
    "/api/v1/studies/bromley/appendix",
    "/api/v1/tracker",
]


def _get(client, url: str, token: str | None = None, header: str | None = None):
    headers = {}
    if header is not None:
        headers["Authorization"] = header
    elif token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return client.get(url, headers=headers)


def _error(response, status: int, code: str) -> str:
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body["error"]["code"] == code, body
    assert body["error"]["message"]
    return body["error"]["message"]


def test_every_endpoint_refuses_a_call_without_a_good_token(client, world):
    for url in DATA_ENDPOINTS:
        _refused_without_a_good_token(client, world, url)


def _refused_without_a_good_token(client, world, url: str) -> None:
    missing = _get(client, url)
    _error(missing, 401, "missing_token")
    assert missing.headers["WWW-Authenticate"] == 'Bearer realm="api"'
    for header in ("Token abc", "Bearer", "Bearer two words"):
        bad = _get(client, url, header=header)
        _error(bad, 401, "malformed_header")
        assert bad.headers["WWW-Authenticate"].startswith("Bearer ")
    unknown = _get(client, url, "hwt_" + "x" * 43)
    assert "not one this service made" in _error(unknown, 401, "unknown_token")
    assert 'error="invalid_token"' in unknown.headers["WWW-Authenticate"]
    assert "revoked" in _error(_get(client, url, world["revoked"]), 401, "revoked_token")
    assert "expired" in _error(_get(client, url, world["expired"]), 401, "expired_token")
    message = _error(_get(client, url, world["volunteer"]), 403, "forbidden")
    assert "volunteer" in message
    assert _get(client, url, world["staff"]).status_code == 200


def test_an_unknown_study_is_404_and_a_volunteer_learns_nothing_of_it(client, world):
    for url in [u for u in DATA_ENDPOINTS if "/studies/" in u] + ["/api/v1/tracker?study=x"]:
        other = url.replace("bromley", "nowhere")
        assert "no study" in _error(_get(client, other, world["staff"]), 404, "not_found")
        _error(_get(client, other, world["volunteer"]), 403, "forbidden")


def test_a_deactivated_account_s_tokens_stop_working(app, client, world):
    assert _get(client, "/api/v1/studies", world["staff"]).status_code == 200
    with app.app_context():
        staff = db.session.scalar(select(User).filter_by(role="staff"))
        admin = db.session.scalar(select(User).filter_by(role="admin"))
        set_active(db.session, staff, False, admin)
    _error(_get(client, "/api/v1/studies", world["staff"]), 401, "account_deactivated")


def test_a_staff_token_reads_studies_instruments_and_appendix(client, world):
    staff = world["staff"]
    listed = _get(client, "/api/v1/studies", staff).get_json()["studies"]
    assert [s["slug"] for s in listed] == ["bromley"]
    assert listed[0]["instruments"][0]["questionnaire"] == "patient"

    one = _get(client, "/api/v1/studies/bromley", staff).get_json()
    assert one["returns"][0]["total"] == RESPONSES
    assert one["returns"][0]["by_channel"]["online"] == RESPONSES

    instruments = _get(client, "/api/v1/studies/bromley/instruments", staff).get_json()
    (patient,) = instruments["instruments"]
    assert (patient["questionnaire"], patient["version"]) == ("patient", 1)
    questions = [q["id"] for s in patient["definition"]["sections"] for q in s["questions"]]
    assert "referred_by" in questions and "overall_rating" in questions

    appendix = _get(client, "/api/v1/studies/bromley/appendix", staff).get_json()
    tables = {t["question_id"]: t for t in appendix["tables"]}
    assert [t["appendix"] for t in appendix["tables"]] == list(
        range(1, len(appendix["tables"]) + 1)
    )
    rating = tables["overall_rating"]
    assert rating["base"] == RESPONSES
    good = next(r for r in rating["rows"] if r["label"] == "4 (Good)")
    assert (good["count"], good["percent"]) == (RESPONSES, 100)
    only = _get(client, "/api/v1/studies/bromley/appendix?instrument=nothing", staff)
    assert "nothing" in _error(only, 400, "bad_request")


def test_the_answers_come_in_pages_without_loss_repetition_or_contact_details(app, client, world):
    staff, url = world["staff"], "/api/v1/studies/bromley/responses?limit=2"
    pages, cursor = [], None
    while True:
        got = _get(client, url + (f"&cursor={cursor}" if cursor else ""), staff)
        assert got.status_code == 200, got.get_data(as_text=True)[:300]
        assert CONTACT not in got.get_data(as_text=True)
        pages.append(got.get_json())
        cursor = pages[-1]["next_cursor"]
        if cursor is None:
            break
    assert [p["responses"] for p in pages] == [2, 2, 1]
    ids = [{r["response_id"] for r in p["rows"]} for p in pages]
    assert all(not a & b for a in ids for b in ids if a is not b)  # no response twice
    rows = [r for p in pages for r in p["rows"]]
    with app.app_context():
        study = db.session.scalar(select(Study).filter_by(slug="bromley"))
        frame = tidy_frame(db.session, study)
    assert len(rows) == len(frame)  # every answer, once
    assert sorted({r["response_id"] for r in rows}) == sorted(frame["response_id"].unique())
    assert set(rows[0]) == set(pages[0]["columns"])  # the tidy columns, each row
    rating = [r for r in rows if r["question_id"] == "overall_rating"]
    assert len(rating) == RESPONSES
    assert {(r["value_code"], r["value_label"], r["channel"]) for r in rating} == {
        ("good", "4 (Good)", "online")
    }
    assert all(r["submitted_at"].endswith("+00:00") for r in rating)
    written = next(r for r in rows if r["question_id"] == "referral_reason")
    assert written["text"] == PAGE1["referral_reason"]


@pytest.mark.parametrize(
    ("query", "named"), [("limit=0", "'limit'"), ("limit=x", "'limit'"), ("cursor=-3", "'cursor'")]
)
def test_a_page_asked_for_wrongly_says_what_to_change(client, world, query, named):
    got = _get(client, f"/api/v1/studies/bromley/responses?{query}", world["staff"])
    assert named in _error(got, 400, "bad_request")


def test_the_tracker_says_each_report_s_deadlines_responses_and_status(client, world):
    got = _get(client, "/api/v1/tracker?as_of=2023-08-04", world["staff"]).get_json()
    assert got["as_of"] == "2023-08-04"
    (report,) = got["reports"]
    assert len(report["recommendations"]) == 11
    (sent,) = report["sent_to"]
    assert sent["sent_on"] == "2023-07-04" and sent["deadline"] == "2023-08-01"
    assert sent["received_on"] is None and sent["responses"] == []  # not yet, on 4 August
    # Past the statutory deadline but within the extension agreed: as the dashboard says.
    assert sent["extended_to"] > sent["deadline"] and sent["extension_reason"]
    assert sent["status"]["colour"] in ("green", "amber") and sent["status"]["reason"]
    later = _get(client, "/api/v1/tracker?as_of=2023-09-01", world["staff"]).get_json()
    (sent,) = later["reports"][0]["sent_to"]
    assert sent["received_on"] == "2023-08-14"
    assert {r["recommendation"] for r in sent["responses"]} == set(range(1, 12))
    assert all(r["stance_label"] for r in sent["responses"])
    bad = _get(client, "/api/v1/tracker?as_of=4/8/2023", world["staff"])
    assert "YYYY-MM-DD" in _error(bad, 400, "bad_request")
    none = _get(client, "/api/v1/tracker?study=bromley", world["staff"]).get_json()
    assert none["reports"] == []  # the demo report belongs to no study here


def test_past_its_allowance_a_token_waits_and_others_carry_on(app, client, world):
    app.config["API_REQUESTS_PER_MINUTE"] = 3
    for _ in range(3):
        assert _get(client, "/api/v1/studies", world["staff"]).status_code == 200
    refused = _get(client, "/api/v1/studies", world["staff"])
    assert "wait" in _error(refused, 429, "too_many_requests")
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    # The refused call is not counted, and another token has its own allowance.
    _error(_get(client, "/api/v1/studies", world["volunteer"]), 403, "forbidden")


def test_every_call_is_recorded_and_admins_read_it(client, world, session):
    _get(client, "/api/v1/studies/bromley/responses?limit=2", world["staff"])
    _get(client, "/api/v1/studies", world["volunteer"])
    session.expire_all()
    calls = session.scalars(
        select(AuditEntry).filter_by(subject="api_token").order_by(AuditEntry.id)
    ).all()
    tokens = {t.id: t for t in session.scalars(select(ApiToken))}
    assert [c.what for c in calls] == [
        "API read /api/v1/studies/bromley/responses?limit=2 "
        f"(token {tokens[calls[0].subject_id].prefix}…)",
        f"API read /api/v1/studies (token {tokens[calls[1].subject_id].prefix}…)",
    ]
    assert tokens[calls[0].subject_id].name == "script"
    assert tokens[calls[0].subject_id].last_used_at is not None
    login(client, "admin@example.org")
    page = client.get("/admin/activity").get_data(as_text=True)
    assert "API read /api/v1/studies/bromley/responses?limit=2" in page
    assert "API token: script" in page and "volunteer@example.org" in page


def test_api_errors_are_json_even_off_the_url_map(client, world):
    _error(_get(client, "/api/v1/nothing-here", world["staff"]), 404, "not_found")
    posted = client.post("/api/v1/studies", headers={"Authorization": f"Bearer {world['staff']}"})
    _error(posted, 405, "method_not_allowed")
    assert client.get("/no-such-page").mimetype == "text/html"  # the rest of the app: pages
