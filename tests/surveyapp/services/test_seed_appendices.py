"""The Bromley report's published appendix tables, reproduced from raw rows: each return written
as a row of a CSV, imported through the product's own import, the written "Other" answers
grouped by staff as the report groups them, and the tables worked out as the report and the
workbook show them (``../shared/seeds/002_a23921b6ed64a504.txt``, Appendices)."""

from __future__ import annotations

import csv
import io

import pytest

from surveyapp.services.findings import appendix, save_grouping
from surveyapp.services.imports import import_returns
from surveyapp.services.studies import get_study

# --- the returns, as the report counts them -----------------------------------------------------

FILLING_IN_AS = [("previous", 38), ("current", 31), ("on_behalf", 17)]
CAPACITIES = ["Daughter", "Carer for my husband", "Son", "Neighbour"]
# Who referred: what people ticked and wrote, and the row staff count each written answer in.
REFERRED = [("gp", "", 68), ("self_referral", "", 3)]
WRITTEN_REFERRERS = [
    ("Oxleas NHS Foundation Trust", "Oxleas NHS Foundation Trust", 2),
    ("oxleas nhs foundation trust ", "Oxleas NHS Foundation Trust", 1),
    ("Pharmacist at my GP", "GP practice - Clinical Pharmacist", 1),
    ("GP clinical pharmacist", "GP practice - Clinical Pharmacist", 1),
    ("Mental health practitioner at the surgery", "GP practice - Mental Health Practitioner", 2),
    ("Orpington Wellbeing Café", "Orpington Wellbeing Café", 2),
    ("Psychiatrist at my GP", "GP practice - Psychiatrist", 1),
    ("Bromley Children's Project", "Bromley Children's Project", 1),
    ("Don't know", "Don't know", 1),
    ("No one", "No one", 1),
    ("Princess Royal University hospital", "Princess Royal University hospital", 1),
    ("Social Worker", "Social Worker", 1),
]
SIGNPOSTED = [("yes", 36), ("no", 29), ("not_sure", 21)]
PREGNANCY = [("not_relevant", 76), ("", 10)]
WARDS = [
    ("orpington", 13),
    ("beckenham_town_and_copers_cope", 11),
    ("west_wickham", 9),
    ("bromley_common_and_holwood", 7),
    ("hayes_and_coney_hall", 6),
    ("out_of_borough", 5),
    ("st_mary_cray", 4),
    ("mottingham", 4),
    ("st_pauls_cray", 3),
    ("chislehurst", 3),
    ("biggin_hill", 3),
    ("plaistow", 2),
    ("penge_and_cator", 2),
    ("other", 2),
    ("kelsey_and_eden_park", 2),
    ("darwin", 2),
    ("chelsfield", 2),
    ("", 2),
    ("petts_wood_and_knoll", 1),
    ("clock_house", 1),
    ("bromley_town", 1),
    ("bickley_and_sundridge", 1),
]
PROFESSIONALS = [
    ("gp", "", 13),
    ("practice_manager", "", 8),
    ("other", "", 5),
    ("pcn_manager", "", 2),
    ("other", "Pharmacist", 2),
    ("other", "Receptionist", 2),
    ("other", "Practice Administrator", 2),
    ("other", "Advanced Nurse Practitioner (ANP)", 1),
    ("other", "Assistant Practice Manager", 1),
    ("other", "Care Co-ordinator", 1),
    ("other", "Clinical admin", 1),
    ("clinical_director", "", 1),
    ("other", "Mental Health Practitioner", 1),
    ("other", "Operations Manager", 1),
    ("other", "Patient Services Manager", 1),
    ("other", "Practice Nurse", 1),
    ("other", "Reception Manager", 1),
]
LINK_WORKERS = [
    ("all_pcns", "years_1_to_3"),
    ("beckenham", "years_1_to_3"),
    ("bromley_connect", "under_12_months"),
    ("bromley_connect", "years_1_to_3"),
    ("bromley_connect", "under_12_months"),
    ("crays_collaboration", "years_1_to_3"),
    ("five_elms", "years_1_to_3"),
    ("five_elms", "under_12_months"),
    ("hayes", "under_3_months"),
    ("hayes_wick", "years_1_to_3"),
    ("mdc", "years_3_plus"),
    ("mdc", "years_1_to_3"),
    ("orpington", "years_3_plus"),
    ("orpington", "under_12_months"),
    ("penge", "years_1_to_3"),
    ("penge", "under_12_months"),
]


def _column(given: list[tuple[str, int]]) -> list[str]:
    return [code for code, n in given for _ in range(n)]


def _csv(header: list[str], columns: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(zip(*columns, strict=True))
    return buffer.getvalue().encode()


def _patients() -> bytes:
    filling = _column(FILLING_IN_AS)
    capacity = [
        CAPACITIES[i % len(CAPACITIES)] if code == "on_behalf" and i % 3 else ""
        for i, code in enumerate(filling)
    ]
    referred = [(code, text) for code, text, n in REFERRED for _ in range(n)]
    referred += [("other", written) for written, _, n in WRITTEN_REFERRERS for _ in range(n)]
    return _csv(
        [
            "reference",
            "filling_in_as",
            "filling_in_as_other",
            "referred_by",
            "referred_by_other",
            "signposted",
            "pregnancy",
            "ward",
        ],
        [
            [f"P{n:03d}" for n in range(1, 87)],
            filling,
            capacity,
            [code for code, _ in referred],
            [text for _, text in referred],
            _column(SIGNPOSTED),
            _column(PREGNANCY),
            _column(WARDS),
        ],
    )


def _professionals() -> bytes:
    rows = [(code, text) for code, text, n in PROFESSIONALS for _ in range(n)]
    return _csv(
        ["reference", "filling_in_as", "filling_in_as_other"],
        [[f"G{n:02d}" for n in range(1, 45)], [c for c, _ in rows], [t for _, t in rows]],
    )


def _link_workers() -> bytes:
    return _csv(
        ["reference", "pcn", "time_in_role"],
        [
            [f"L{n:02d}" for n in range(1, 17)],
            [pcn for pcn, _ in LINK_WORKERS],
            [time for _, time in LINK_WORKERS],
        ],
    )


@pytest.fixture
def tables(session, published, make_user):
    slug = published("bromley", "patient/v1", "professional/v1", "link_worker/v1")
    for instrument, data in (
        ("patient/v1", _patients()),
        ("professional/v1", _professionals()),
        ("link_worker/v1", _link_workers()),
    ):
        result = import_returns(
            session, slug, instrument, data, "returns.csv", dry_run=False, code=False
        )
        assert not result.plan.problems, result.plan.problems
    study = get_study(session, slug)
    save_grouping(
        session,
        study,
        "patient",
        "referred_by",
        {written.casefold().strip(): row for written, row, _ in WRITTEN_REFERRERS},
        make_user("staff"),
    )
    found = appendix(session, study)
    return {(t.questionnaire, t.question_id): t for t in found.tables}


def _shown(table) -> list[tuple[str, int, int | None]]:
    return [(row.label, row.count, row.percent) for row in table.rows]


def test_appendix_1_who_filled_the_patient_form_in(tables):
    table = tables[("patient", "filling_in_as")]
    assert sorted(_shown(table), key=lambda r: -r[1]) == [
        ("Someone who has previously been supported by a social prescriber", 38, 44),
        ("Someone who is currently being supported by a social prescriber", 31, 36),
        ("On behalf of someone else", 17, 20),
    ]
    assert table.base == 86
    # The capacities written on the line are listed under the table, not made answers.
    assert table.written is not None
    assert sum(row.count or 0 for row in table.written.answers) == 11


def test_appendix_2_who_referred_with_the_written_answers_grouped(tables):
    table = tables[("patient", "referred_by")]
    counts = {label: count for label, count, _ in _shown(table)}
    assert counts == {
        "GP practice": 68,
        "Self-referral": 3,
        "Oxleas NHS Foundation Trust": 3,
        "GP practice - Clinical Pharmacist": 2,
        "GP practice - Mental Health Practitioner": 2,
        "Orpington Wellbeing Café": 2,
        "GP practice - Psychiatrist": 1,
        "Bromley Children's Project": 1,
        "Don't know": 1,
        "No one": 1,
        "Princess Royal University hospital": 1,
        "Social Worker": 1,
    }
    assert sum(counts.values()) == table.base == 86


def test_appendix_5_signposted(tables):
    assert _shown(tables[("patient", "signposted")]) == [
        ("Yes", 36, 42),
        ("No", 29, 34),
        ("Not sure", 21, 24),
    ]


def test_pregnancy_and_the_wards_with_other_left_unspecified(tables):
    pregnancy = {label: n for label, n, _ in _shown(tables[("patient", "pregnancy")]) if n}
    assert pregnancy == {"Not relevant": 76, "Left blank": 10}
    wards = {label: n for label, n, _ in _shown(tables[("patient", "ward")]) if n}
    assert wards == {
        "Orpington Ward": 13,
        "Beckenham Town and Copers Cope Ward": 11,
        "West Wickham": 9,
        "Bromley Common and Holwood Ward": 7,
        "Hayes and Coney Hall Ward": 6,
        "Out of Borough": 5,
        "St Mary Cray": 4,
        "Mottingham Ward": 4,
        "St Paul's Cray": 3,
        "Chislehurst Ward": 3,
        "Biggin Hill Ward": 3,
        "Plaistow Ward": 2,
        "Penge and Cator Ward": 2,
        "Other": 2,  # nobody wrote where: the option's own label, not "Other - Not specified"
        "Kelsey and Eden Park Ward": 2,
        "Darwin Ward": 2,
        "Chelsfield Ward": 2,
        "Left blank": 2,
        "Petts Wood and Knoll Ward": 1,
        "Clock House Ward": 1,
        "Bromley Town Ward": 1,
        "Bickley and Sundridge Ward": 1,
    }


def test_appendix_22_primary_care_professionals(tables):
    table = tables[("professional", "filling_in_as")]
    counts = {label: n for label, n, _ in _shown(table) if n}
    assert counts == {
        "GP": 13,
        "Practice Manager": 8,
        "Other - Not specified": 5,  # beside what others wrote
        "Primary Care Network Manager": 2,
        "Pharmacist": 2,
        "Receptionist": 2,
        "Practice Administrator": 2,
        "Advanced Nurse Practitioner (ANP)": 1,
        "Assistant Practice Manager": 1,
        "Care Co-ordinator": 1,
        "Clinical admin": 1,
        "Clinical Director": 1,
        "Mental Health Practitioner": 1,
        "Operations Manager": 1,
        "Patient Services Manager": 1,
        "Practice Nurse": 1,
        "Reception Manager": 1,
    }
    assert table.base == 44


def test_the_link_workers_pcns_and_time_in_role(tables):
    time = _shown(tables[("link_worker", "time_in_role")])
    assert time == [
        ("under 3 months", 1, 6),
        ("under 12 months", 5, 31),
        ("1-3 years", 8, 50),
        ("3+ years", 2, 13),
    ]
    pcns = {label: n for label, n, _ in _shown(tables[("link_worker", "pcn")]) if n}
    assert pcns == {
        "All PCNs": 1,
        "Beckenham": 1,
        "Bromley Connect": 3,
        "Crays Collaboration": 1,
        "Five Elms": 2,
        "Hayes": 1,
        "Hayes Wick": 1,
        "MDC": 2,
        "Orpington": 2,
        "Penge": 2,
    }
