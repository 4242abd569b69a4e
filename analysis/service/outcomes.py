"""Wellbeing outcomes (ONS4 before and after) of the people in a service's records, per need or
per PCN: the records say who came with what, the ONS4 answers carry the same participant code."""

from __future__ import annotations

import pandas as pd

from analysis.ons4 import ons4_outcomes
from analysis.results import Ons4Outcomes
from analysis.service.records import check_records

__all__ = ["OUTCOME_GROUPS", "outcomes_by", "outcomes_of_everyone"]

OUTCOME_GROUPS = ("needs", "pcn")


def outcomes_by(
    records: pd.DataFrame, answers: pd.DataFrame, by: str, small_base: int = 10
) -> dict[str, Ons4Outcomes]:
    """ONS4 before/after (``analysis.ons4.ons4_outcomes``) for the people of each need, or of
    each PCN, among the records with a participant code.

    Definition: a person belongs to a need's group when any of their records lists the need,
    to a PCN's group when any of their records is from it (so a person can be in several);
    their ONS4 answers are those with the participant code on any of their records (compared
    in capitals, trimmed, as stored). Pass the records of the period, declined ones apart, to
    measure a period. Groups whose people answered no ONS4 are left out. Each result carries its own
    paired n and the small-base flag of ``small_base``."""
    if by not in OUTCOME_GROUPS:
        raise ValueError(f"Outcomes are grouped by {', '.join(OUTCOME_GROUPS)}, not '{by}'")
    check_records(records)
    linked = _linked(records)
    groups = linked[["code", by]].explode(by) if by == "needs" else linked[["code", by]]
    codes_of = groups.dropna(subset=[by]).groupby(by)["code"].agg(set)
    answer_codes = _codes(answers)
    found = {}
    for group, codes in sorted(codes_of.items()):
        theirs = answers[answer_codes.isin(codes)]
        if theirs.empty:
            continue
        found[str(group)] = ons4_outcomes(theirs, small_base)
    return found


def outcomes_of_everyone(
    records: pd.DataFrame, answers: pd.DataFrame, small_base: int = 10
) -> Ons4Outcomes | None:
    """ONS4 before/after of all the people in ``records`` whose participant code is on any of
    their records (as :func:`outcomes_by`, in one group); None when none of them answered."""
    check_records(records)
    codes = set(_linked(records)["code"])
    theirs = answers[_codes(answers).isin(codes)]
    return ons4_outcomes(theirs, small_base) if not theirs.empty else None


def _linked(records: pd.DataFrame) -> pd.DataFrame:
    """The records of people with a participant code, each with it as ``code``: a person's code
    may be on only one of their records, and it stands for them on all of them."""
    code = _codes(records)
    person_code = code[code != ""].groupby(records["person_id"]).first()
    return records.assign(code=records["person_id"].map(person_code)).dropna(subset=["code"])


def _codes(frame: pd.DataFrame) -> pd.Series:
    """Participant codes compared as stored: trimmed, in capitals."""
    return frame["participant_code"].fillna("").astype(str).str.strip().str.upper()
