"""The service measures on seven hand-made referrals, each answer worked by hand in the
comments. Period: 1 January to 31 March 2022.

    R1 P1 3 Jan  PCN-A S1 LW1 contact 5 Jan   discharge 10 Mar  housing, mental health -> CAB
    R2 P2 10 Jan PCN-A S2 LW1 contact 20 Jan  open               loneliness -> walking group
    R3 P3 1 Feb  PCN-B S3 LW2 contact 8 Feb   discharge 20 Feb  housing -> housing options
    R4 P4 15 Feb PCN-B S3 declined
    R5 P5 1 Mar  PCN-A S1 LW2 no contact yet                    mental health, loneliness
    R6 P6 20 Dec 2021 PCN-A S1 LW1 contact 22 Dec discharge 31 Jan   welfare
    R7 P1 20 Mar PCN-A S1 LW1 contact 25 Mar  discharge 1 Jul   welfare
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analysis.service import (
    Period,
    caseloads,
    check_records,
    length_of_support,
    needs_together,
    outcomes_by,
    people_with_needs,
    records_frame,
    referrals_by,
    support_per_need,
    wait_bands,
    waiting_list,
    waits_to_first_contact,
    who_is_reached,
)
from analysis.service.evaluation import ReferenceData, evaluation, people_supported

PERIOD = Period(dt.date(2022, 1, 1), dt.date(2022, 3, 31))


def _r(ref, person, referred, pcn, practice, worker, contact, gone, needs=(), support=(), **kw):
    return {
        "referral_id": ref,
        "person_id": person,
        "referral_date": referred,
        "pcn": pcn,
        "practice": practice,
        "link_worker": worker,
        "first_contact_date": contact,
        "discharge_date": gone,
        "needs": list(needs),
        "support_offered": list(support),
        **kw,
    }


RECORDS = records_frame(
    [
        _r("R1", "P1", "2022-01-03", "PCN-A", "S1", "LW1", "2022-01-05", "2022-03-10",
           ["housing", "mental health"], ["Citizens Advice"]),
        _r("R2", "P2", "2022-01-10", "PCN-A", "S2", "LW1", "2022-01-20", None,
           ["loneliness"], ["walking group"]),
        _r("R3", "P3", "2022-02-01", "PCN-B", "S3", "LW2", "2022-02-08", "2022-02-20",
           ["housing"], ["housing options"]),
        _r("R4", "P4", "2022-02-15", "PCN-B", "S3", None, None, None, declined=True),
        _r("R5", "P5", "2022-03-01", "PCN-A", "S1", "LW2", None, None,
           ["mental health", "loneliness"]),
        _r("R6", "P6", "2021-12-20", "PCN-A", "S1", "LW1", "2021-12-22", "2022-01-31",
           ["welfare"]),
        _r("R7", "P1", "2022-03-20", "PCN-A", "S1", "LW1", "2022-03-25", "2022-07-01",
           ["welfare"]),
    ]
)  # fmt: skip


def test_referrals_per_pcn_declined_apart_and_per_1000_registered():
    table = referrals_by(RECORDS, PERIOD, "pcn", {"PCN-A": 20_000, "PCN-B": 5_000})
    # R6 was made before the period. PCN-A: R1 R2 R5 R7; PCN-B: R3, and R4 declined.
    assert table.loc["PCN-A"].tolist() == [4, 0, 4, 0.2]  # 4 / 20,000 x 1,000
    assert table.loc["PCN-B"].tolist() == [1, 1, 2, 0.4]  # 2 / 5,000 x 1,000
    practices = referrals_by(RECORDS, PERIOD, "practice")
    assert practices["total"].to_dict() == {"S1": 3, "S2": 1, "S3": 2}
    assert "per_1000" not in practices


def test_referrals_per_month_include_every_month_of_the_period():
    wider = Period(dt.date(2022, 1, 1), dt.date(2022, 4, 30))
    table = referrals_by(RECORDS, wider, "month")
    assert [str(m) for m in table.index] == ["2022-01", "2022-02", "2022-03", "2022-04"]
    assert table["referrals"].tolist() == [2, 1, 2, 0]
    assert table["declined"].tolist() == [0, 1, 0, 0]


def test_waits_to_first_contact():
    waits = waits_to_first_contact(RECORDS, PERIOD)
    # Contacted after 2 (R1), 10 (R2), 7 (R3) and 5 days (R7): sorted 2 5 7 10.
    assert waits.n == 4
    assert waits.median_days == 6.0
    assert waits.p90_days == pytest.approx(9.1)  # 7 + 0.7 x (10 - 7)
    assert waits.within_share == 0.75  # 2, 5 and 7 days: the seventh day counts
    assert waits.period == PERIOD


def test_the_waiting_list_on_a_day():
    # 10 March: only R5 (referred 1 March, no contact); R4 declined; R7 not referred yet.
    on = waiting_list(RECORDS, dt.date(2022, 3, 10))
    assert (on.people, on.longest_days) == (1, 9)
    # 15 January: R2 (referred 10 January, contacted on the 20th).
    assert waiting_list(RECORDS, dt.date(2022, 1, 15)).people == 1
    assert waiting_list(RECORDS, dt.date(2021, 1, 1)).longest_days is None


def test_caseloads_per_link_worker_and_month_against_capacity():
    table = caseloads(RECORDS, PERIOD, {"LW1": 2, "LW2": 30})
    # January, LW1: P1 (R1), P2 (R2), P6 (R6, discharged on the 31st: still on it) = 3.
    # February, LW1: P1, P2 (P6 gone); LW2: P3 (contacted 8 Feb, discharged 20 Feb).
    # March, LW1: P1 (R1 until the 10th, R7 from the 25th: once), P2; LW2: P3 gone, P5 waiting.
    lw1 = table.loc["LW1"]
    assert lw1["caseload"].tolist() == [3, 2, 2]
    assert lw1["over"].tolist() == [True, False, False]
    assert table.loc["LW2"]["caseload"].tolist() == [0, 1, 0]


def test_length_of_support_with_the_people_still_supported_apart():
    support = length_of_support(RECORDS, PERIOD)
    # Discharged in the period: R1 64 days (5 Jan - 10 Mar), R3 12 days, R6 40 days.
    assert support.n == 3
    assert support.median_days == 40.0
    assert support.mean_days == pytest.approx(116 / 3)
    assert dict(support.bands) == {
        "Under 1 month": 1,  # 12 days
        "1 to 3 months": 2,  # 40 and 64 days
        "3 to 6 months": 0,
        "6 to 12 months": 0,
        "12 months or more": 0,
    }
    assert support.still_open == 2  # R2 (open) and R7 (discharged in July)


def test_needs_per_person_together_and_the_support_offered_for_each():
    needs = people_with_needs(RECORDS, PERIOD)
    # People: P1 {housing, mental health, welfare} (R1 and R7), P2, P3, P5; P4 declined.
    assert needs.attrs["n"] == 4
    assert needs["people"].to_dict() == {
        "housing": 2,
        "loneliness": 2,
        "mental health": 2,
        "welfare": 1,
    }
    assert needs.loc["welfare", "share"] == 0.25
    pairs = needs_together(RECORDS, PERIOD)
    assert [tuple(r) for r in pairs[["need", "with_need", "people"]].to_numpy()] == [
        ("housing", "mental health", 1),
        ("housing", "welfare", 1),
        ("loneliness", "mental health", 1),
        ("mental health", "welfare", 1),
    ]
    offered = support_per_need(RECORDS, PERIOD)
    assert sorted(map(tuple, offered.to_numpy().tolist())) == [
        ("housing", "Citizens Advice", 1),
        ("housing", "housing options", 1),
        ("loneliness", "walking group", 1),
        ("mental health", "Citizens Advice", 1),
    ]


def test_a_frame_built_wrong_is_named():
    with pytest.raises(ValueError, match="needs the columns"):
        check_records(pd.DataFrame({"referral_id": ["R1"]}))
    early = records_frame([_r("R9", "P9", "2022-02-01", "A", "S", "L", "2022-01-01", None)])
    with pytest.raises(ValueError, match="Referral R9: its first_contact_date is before"):
        check_records(early)
    with pytest.raises(ValueError, match=r"ends .* before it starts"):
        Period(dt.date(2022, 2, 1), dt.date(2022, 1, 1))


def _people(ward_counts: dict[str, int]) -> pd.DataFrame:
    rows, n = [], 0
    for ward, count in ward_counts.items():
        for _ in range(count):
            n += 1
            rows.append(_r(f"W{n}", f"Q{n}", "2022-02-01", "A", "S", "L", None, None, ward=ward))
    return records_frame(rows)


def test_who_is_reached_beside_the_population():
    # 3 in ward A, 1 in B, 1 not recorded; the area: A 100 people, B 300.
    table = who_is_reached(_people({"A": 3, "B": 1, "": 1}), PERIOD, "ward", {"A": 100, "B": 300})
    assert table.attrs == {"n": 5, "tested": 4}
    assert table.loc["A", "share"] == 0.6  # of all 5 referred
    assert table.loc["A", "difference"] == pytest.approx(50.0)  # 3 of 4 = 75% against 25%
    # P(3 or more of 4 at 25%) + ... = 0.0508 two-sided: not beyond chance with 4 people.
    assert not table["beyond_chance"].any()
    assert table.loc["Not recorded", "people"] == 1
    # 30 of 40 where half live: p = 0.0022 both ways.
    many = who_is_reached(_people({"A": 30, "B": 10}), PERIOD, "ward", {"A": 5, "B": 5})
    assert many["beyond_chance"].tolist() == [True, True]
    assert many["difference"].tolist() == [25.0, -25.0]


def test_a_person_referred_twice_is_counted_once_as_on_the_latest_referral():
    twice = records_frame(
        [
            _r("R1", "P1", "2022-01-05", "A", "S", "L", None, None, ward="Old ward"),
            _r("R2", "P1", "2022-03-05", "A", "S", "L", None, None, ward="New ward"),
        ]
    )
    table = who_is_reached(twice, PERIOD, "ward")
    assert table["people"].to_dict() == {"New ward": 1}


def test_outcomes_per_need_and_per_pcn_from_the_records_participant_codes():
    from tests.analysis.test_ons4 import people_frame

    answers = people_frame()  # eight people P1-P8, before and after (tests/analysis/test_ons4)
    linked = records_frame(
        [
            _r(f"L{n}", f"X{n}", "2022-01-10", "PCN-A" if n <= 5 else "PCN-B", "S", "L",
               "2022-01-12", None, ["housing"] if n <= 3 else ["loneliness"],
               participant_code=f" p{n} ")  # as typed: compared trimmed, in capitals
            for n in range(1, 9)
        ]
        + [_r("L9", "X9", "2022-01-10", "PCN-C", "S", "L", None, None, ["debt"])]  # no code
    )  # fmt: skip
    by_need = outcomes_by(linked, answers, "needs", small_base=5)
    assert set(by_need) == {"housing", "loneliness"}  # debt: nobody with an ONS4 code
    life = {need: o.measures[0] for need, o in by_need.items()}
    # Life satisfaction changes, people 1-8: 2 2 2 0 1 3 -1 1. Housing is people 1-3.
    assert by_need["housing"].paired_participants == 3
    assert life["housing"].mean_change == pytest.approx(2.0)
    assert life["loneliness"].mean_change == pytest.approx((0 + 1 + 3 - 1 + 1) / 5)
    assert life["housing"].small_base and not life["loneliness"].small_base
    by_pcn = outcomes_by(linked, answers, "pcn")
    assert by_pcn["PCN-A"].paired_participants == 5 and by_pcn["PCN-B"].paired_participants == 3


def test_a_person_s_code_on_one_record_links_all_their_records():
    from tests.analysis.test_ons4 import people_frame

    two = records_frame(
        [
            _r("R1", "X1", "2022-01-10", "PCN-A", "S", "L", None, None, ["housing"],
               participant_code="P1"),
            _r("R2", "X1", "2022-02-10", "PCN-B", "S", "L", None, None, ["welfare"]),
        ]
    )  # fmt: skip
    assert set(outcomes_by(two, people_frame(), "needs")) == {"housing", "welfare"}
    assert set(outcomes_by(two, people_frame(), "pcn")) == {"PCN-A", "PCN-B"}


def test_caseloads_without_any_link_worker_are_an_empty_table_of_months():
    nobody = records_frame([_r("R1", "P1", "2022-01-10", "A", "S", None, "2022-01-12", None)])
    table = caseloads(nobody, PERIOD)
    assert table.empty and str(table.reset_index()["month"].dtype) == "period[M]"


def test_waits_in_bands_count_the_referrals_the_median_is_taken_over():
    # Waits of 2 (R1), 10 (R2), 7 (R3) and 5 days (R7); R5 still waits, R4 declined.
    assert dict(wait_bands(RECORDS, PERIOD)) == {
        "Within a week (0 to 7 days)": 3,
        "8 to 14 days": 1,
        "15 to 28 days": 0,
        "29 days to 3 months": 0,
        "Over 3 months": 0,
    }


def test_people_supported_in_a_period_are_those_on_a_caseload_in_it():
    # P1 (R1, R7), P2, P3 and P6 (discharged 31 January, inside the period); P5 was never
    # contacted, P4 declined.
    assert people_supported(RECORDS, PERIOD) == 4
    # December 2021: only P6 (contacted 22 December).
    assert people_supported(RECORDS, Period(dt.date(2021, 12, 1), dt.date(2021, 12, 31))) == 1


def test_an_evaluation_numbers_its_tables_and_glances_at_caseload_against_capacity():
    from tests.analysis.test_ons4 import people_frame

    codes = {"R1": "P1", "R2": "p2 "}  # as typed: compared trimmed, in capitals
    coded = RECORDS.assign(participant_code=RECORDS["referral_id"].map(codes))
    found = evaluation(
        coded, PERIOD, ReferenceData(capacity={"LW1": 2, "LW2": 4}), answers=people_frame()
    )
    assert [t.number for t in found.tables] == list(range(1, len(found.tables) + 1))
    names = [t.name for t in found.tables]
    assert names[:5] == [
        "Referrals by PCN",
        "Referrals by practice",
        "Referrals by month",
        "Wait to first contact",
        "Caseload per link worker and month",
    ]
    assert "Wellbeing by need (ONS4)" in names and "Wellbeing by PCN (ONS4)" in names
    glance = dict(found.glance)
    assert glance["People supported"] == 4
    # Caseloads LW1 3 2 2 and LW2 0 1 0: (3 + 0 + 2 + 1 + 2 + 0) / 6 = 1.333 -> 1.3.
    assert glance["Average caseload per link worker a month"] == "1.3"
    assert glance["Average capacity per link worker"] == "3"
    assert found.caseload_by_month["caseload"].tolist() == [1.5, 1.5, 1.0]
    # Everyone with a code: P1 and P2 answered before and after (tests/analysis/test_ons4).
    assert found.outcomes is not None and found.outcomes.paired_participants == 2
    assert found.table("Wait to first contact").frame["referrals"].sum() == 4
