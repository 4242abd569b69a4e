"""The demo: a study named like the Bromley one, with generated responses clearly marked as demo.

Generated answers follow each definition (option codes, ranges, conditions) so every screen has
something real to show; they are not the report's data and say so.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from functools import cache
from importlib.resources import files

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.working_days import Holidays
from questionnaires import Question, Questionnaire
from questionnaires.answers import GivenAnswer
from surveyapp.models import QuestionnaireVersion, Study, User
from surveyapp.services.accounts import create_user
from surveyapp.services.coding.theming import run_theming
from surveyapp.services.definitions import publish_all, served_definition
from surveyapp.services.demo.evaluation import load_demo_records
from surveyapp.services.demo.tracker import load_demo_tracker
from surveyapp.services.paper.printing import print_batch
from surveyapp.services.responses.saving import add_answers, new_response
from surveyapp.services.studies import create_study

DEMO_PASSWORD = "demo-password-2023"
BROMLEY = "bromley-social-prescribing"
EVALUATION = "wellbeing-evaluation"
DEMO_USERS = (
    ("admin@example.org", "Demo Admin", "admin"),
    ("staff@example.org", "Demo Staff", "staff"),
    ("volunteer@example.org", "Demo Volunteer", "volunteer"),
)
#: What a generated respondent writes where the demo has nothing for the question itself.
PHRASES = (
    "Mental health and feeling isolated.",
    "Help with housing and benefits.",
    "The link worker listened and found a local group for me.",
    "It took a long time to hear back after the referral.",
    "More face-to-face appointments would help.",
    "Bromley Well and a befriending service.",
)


@cache
def written_answers() -> dict[str, list[str]]:
    """What the demo writes, by question id or "question.option" (demo_data/written_answers)."""
    text = files("surveyapp").joinpath("demo_data/written_answers.yaml").read_text("utf-8")
    return {str(k): [str(v) for v in values] for k, values in yaml.safe_load(text).items()}


def _written(rng: random.Random, *keys: str) -> str:
    """A plausible answer for the first of ``keys`` the demo has words for."""
    found = written_answers()
    return rng.choice(next((found[k] for k in keys if k in found), PHRASES))


def _weighted_choice(rng: random.Random, question: Question) -> str:
    weights = [len(question.options) - i for i in range(len(question.options))]
    return rng.choices([o.code for o in question.options], weights=weights)[0]


def generate_answers(
    definition: Questionnaire, rng: random.Random, blank_rate: float = 0.08
) -> list[GivenAnswer]:
    """Plausible answers to every question, following the definition's conditions."""
    given: list[GivenAnswer] = []
    by_question: dict[str, object] = {}
    for q in definition.questions():
        if not q.takes_answer:
            continue
        if q.show_if is not None and not q.show_if.is_met(by_question):
            continue
        if rng.random() < blank_rate:
            continue
        answers = list(_answers_for(q, rng))
        given += answers
        codes = [a.value_code for a in answers if a.value_code]
        if codes:
            by_question[q.id] = codes if q.type == "multiple" else codes[0]
    return given


def _answers_for(q: Question, rng: random.Random) -> Iterator[GivenAnswer]:
    if q.type in ("single", "scale"):
        code = _weighted_choice(rng, q)
        other = q.option(code)
        text = _written(rng, f"{q.id}.{code}") if other is not None and other.other else None
        yield GivenAnswer(q.id, value_code=code, other_text=text)
    elif q.type == "multiple":
        for code in rng.sample([o.code for o in q.options if not o.exclusive], k=1):
            yield GivenAnswer(q.id, value_code=code)
    elif q.type == "range":
        point = max(0, min(10, round(rng.gauss(6, 2))))
        yield GivenAnswer(q.id, value_code=str(point), number=float(point))
    elif q.type in ("text", "textarea"):
        yield GivenAnswer(q.id, text=_written(rng, q.id))
    elif q.type == "number":
        low, high = int(q.min or 0), int(q.max or 500)
        yield GivenAnswer(q.id, number=float(rng.randint(low, high)))
    elif q.type == "date":
        yield GivenAnswer(q.id, date_value=dt.date(2023, 1, 1) + dt.timedelta(rng.randint(0, 364)))
    elif q.type == "grid":
        for row in q.rows:
            for column in q.columns:
                if rng.random() < 0.6:
                    yield GivenAnswer(
                        q.id, item=f"{row.id}.{column.id}", number=float(rng.randint(0, 7))
                    )


def add_generated_response(
    session: Session,
    study: Study,
    definition: Questionnaire,
    version_id: int,
    rng: random.Random,
    channel: str,
    submitted: dt.datetime,
    participant_code: str | None = None,
    timepoint: str | None = None,
) -> None:
    """A submitted response of generated answers (see ``generate_answers``). The caller commits."""
    version = session.get(QuestionnaireVersion, version_id)
    answers = generate_answers(definition, rng)
    response = new_response(
        study,
        version,
        channel,
        status="submitted",
        participant_code=participant_code,
        timepoint=timepoint,
        started_at=submitted - dt.timedelta(minutes=rng.randint(3, 30)),
        submitted_at=submitted,
    )
    add_answers(session, response, definition, answers)


def load_demo(
    session: Session,
    patient_responses: int = 300,
    seed: int = 2023,
    holidays: Holidays | None = None,
) -> list[str]:
    """Publish the definitions, create the demo studies, users and responses (once), and the
    demo tracker (its deadlines skipping ``holidays``: see ``load_demo_tracker``)."""
    lines = [f"{r.label}: {r.outcome}" for r in publish_all(session)]
    if session.scalar(select(Study).filter_by(slug=BROMLEY)) is not None:
        return [*lines, f"Demo study '{BROMLEY}' is already loaded."]
    for email, name, role in DEMO_USERS:
        if session.scalar(select(User).filter_by(email=email)) is None:
            create_user(session, email, name, role, DEMO_PASSWORD)
    rng = random.Random(seed)
    bromley = create_study(
        session,
        BROMLEY,
        "Social prescribing in Bromley (DEMO)",
        ["patient/v1", "professional/v1", "link_worker/v1"],
        description="Demonstration study with generated responses, named after Healthwatch "
        "Bromley's 2023 social prescribing study. The answers are not real.",
        is_demo=True,
    )
    evaluation = create_study(
        session,
        EVALUATION,
        "Wellbeing before and after support (DEMO)",
        ["ons4/v1", "wellbeing_agree/v1"],
        description="Demonstration service evaluation: ONS4 wellbeing before and after support, "
        "paired by participant code. The answers are not real.",
        is_demo=True,
    )
    start = dt.datetime(2023, 2, 1, 9, tzinfo=dt.UTC)
    counts = {"patient": patient_responses, "professional": 44, "link_worker": 16}
    for instrument in bromley.instruments:
        version = instrument.questionnaire_version
        definition = served_definition(session, version)
        for _ in range(counts.get(version.key, 0)):
            channel = (
                "interview"
                if version.key == "link_worker"
                else rng.choices(["online", "paper"], weights=[3, 1])[0]
            )
            when = start + dt.timedelta(minutes=rng.randint(0, 60 * 24 * 42))
            add_generated_response(session, bromley, definition, version.id, rng, channel, when)
    for instrument in evaluation.instruments:
        version = instrument.questionnaire_version
        definition = served_definition(session, version)
        for person in range(1, 41):
            code = f"P{person:03d}"
            for timepoint, offset in (("before", 0), ("after", 90)):
                if timepoint == "after" and person % 8 == 0:
                    continue  # some people are not seen again: unpaired, as in real services
                when = start + dt.timedelta(days=offset + person)
                add_generated_response(
                    session, evaluation, definition, version.id, rng, "paper", when, code, timepoint
                )
    records_line = load_demo_records(session, evaluation, rng)
    # Blank forms for the demo volunteer to key: serials 000001-3 onwards, a tenth checked twice.
    bromley.double_entry_percent = 10
    session.commit()
    printed = print_batch(session, BROMLEY, "patient", 1, 20)
    themed = run_theming(session, BROMLEY)
    tracker_line = load_demo_tracker(session, bromley, holidays)
    return [
        *lines,
        tracker_line,
        f"Loaded demo study '{BROMLEY}' ({patient_responses} patient, 44 professional, "
        "16 link-worker responses) and "
        f"'{EVALUATION}' (ONS4 before/after for 40 participants; {records_line}).",
        f"Coded {themed} written answers automatically (free-text themes).",
        f"Printed {printed.copies} blank patient forms to key: serials "
        f"{printed.forms[0].serial} to {printed.forms[-1].serial}.",
    ]
