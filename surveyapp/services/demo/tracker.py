"""The demo tracker: the Bromley report's 11 recommendations and the ICB's replies, as published
(``surveyapp/demo_data/bromley_recommendations.yaml``), so a newcomer sees a real example."""

from __future__ import annotations

from importlib.resources import files

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.bank_holidays import bank_holidays
from analysis.working_days import Holidays
from surveyapp.models import Report, Study
from surveyapp.services.tracker import actions, organisations, records


def load_demo_tracker(
    session: Session, study: Study | None, holidays: Holidays | None = None
) -> str:
    """The Bromley report, its recommendations and the ICB's replies, attached to ``study``
    (once). Its deadlines skip ``holidays``: England's bank holidays unless told otherwise, as
    the report's own dates do."""
    holidays = holidays if holidays is not None else bank_holidays("ENG")
    data = yaml.safe_load(
        files("surveyapp").joinpath("demo_data/bromley_recommendations.yaml").read_text("utf-8")
    )
    title = data["report"]["title"]
    if session.scalar(select(Report).filter_by(title=title)) is not None:
        return f"Demo report '{title}' is already loaded."
    by_name = {
        o["name"]: organisations.find_or_create_organisation(session, o["name"], o.get("kind"))
        for o in data["organisations"]
    }
    report = records.create_report(
        session, title, data["report"]["published_on"], study.id if study else None, None
    )
    by_number = {}
    for item in data["recommendations"]:
        recommendation = records.add_recommendation(
            session,
            report,
            item["number"],
            item["text"],
            [by_name[name].id for name in item.get("addressed_to", [])],
            None,
        )
        by_number[item["number"]] = recommendation
        for evidence in item.get("evidence") or []:
            records.add_evidence(
                session,
                recommendation.id,
                evidence.get("kind", "table"),
                evidence["label"],
                evidence.get("base_n"),
                None,
            )
    sent = data["dispatch"]
    dispatch = records.send_report(
        session, report, by_name[sent["organisation"]].id, sent["sent_on"], None
    )
    if sent.get("extended_to"):
        records.record_extension(
            session,
            dispatch,
            sent["extended_to"],
            sent["extension_reason"],
            None,
            holidays=holidays,
        )
    answers = [
        records.RecommendationAnswer(
            by_number[item["number"]].id, item["response"]["answer"], item["response"]["stance"]
        )
        for item in data["recommendations"]
        if item.get("response")
    ]
    records.record_response(
        session, dispatch, sent["received_on"], sent.get("general_response"), answers, None
    )
    responses = {a.recommendation_id: a for a in dispatch.answers}
    for item in data["recommendations"]:
        response = responses.get(by_number[item["number"]].id)
        for action in (item.get("response") or {}).get("actions") or []:
            actions.add_action(
                session,
                response.id,
                action["description"],
                action.get("owner"),
                action.get("due_on"),
                None,
            )
    return (
        f"Loaded demo report '{title}': {len(by_number)} recommendations sent to "
        f"{sent['organisation']} and its responses."
    )
