"""The demo service evaluation's records, modelled on One Westminster's social-prescribing
service (March 2021 to March 2022): 12 social prescribers (4 in the mental health hubs, 8 in
the PCNs), about a thousand people, first contact mostly within a week, about four months of
support, caseloads near 30, and the seed's main needs. Generated, never real: the study they
join is marked as demo data. The first 14 people carry the participant codes of the demo's ONS4
answers, so outcomes can be linked to the records."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import insert
from sqlalchemy.orm import Session

from surveyapp.models import (
    CaseStudy,
    ServiceLinkWorker,
    ServicePractice,
    ServiceRecord,
    Study,
)

START, END = dt.date(2021, 3, 1), dt.date(2022, 3, 31)
PEOPLE = 1_000
#: PCN -> its practices (named in the seed where it names them; the list sizes are made up).
PRACTICES = {
    "Regents Health PCN": {
        "Paddington Green Health Centre": 14_000,
        "Connaught Square Practice": 9_000,
        "Lisson Grove Health Centre": 11_000,
    },
    "WEM PCN": {"WEM Practice North": 6_000, "WEM Practice South": 5_000},
}
PCN_WORKERS = [f"PCN social prescriber {n}" for n in range(1, 9)]
HUB_WORKERS = [f"Mental health social prescriber {n}" for n in range(1, 5)]
CAPACITY = 30  # revised down from 35 in the year
NEEDS = (("housing", 30), ("mental health", 30), ("welfare and debt", 25), ("loneliness", 20),
         ("physical activity", 10), ("employment", 8), ("ESOL", 5))  # fmt: skip
SUPPORT = {
    "housing": ("Shelter advice", "housing options team"),
    "mental health": ("talking therapies", "Bengali emotional support", "peer support group"),
    "welfare and debt": ("Citizens Advice", "food bank"),
    "loneliness": ("befriending", "community café", "walking group"),
    "physical activity": ("walking group", "gentle exercise class"),
    "employment": ("employment support",),
    "ESOL": ("community English course",),
}
ONS4_PAIRED = 14
#: The seed's two case studies, retold: already anonymised there (the names are pseudonyms),
#: consent recorded and approved, so the demo's report prints them.
CASE_STUDIES = (
    {
        "referral_id": "OW-00001",
        "title": "A family at risk of homelessness",
        "about": "A man in his forties, a waiter, living with his wife and two young children "
        "in his sister's three-bedroom flat: ten people in all.",
        "needs": "Housing (the family is at risk of homelessness and was told to find private "
        "rented accommodation he cannot afford since the pandemic cut his income); nobody to "
        "talk to at a stressful time; wants to learn English.",
        "support": "Connected with a Shelter housing adviser; supported to enrol on a "
        "beginners' community English course starting in September; put in touch with Bengali "
        "emotional support.",
        "on_discharge": "Getting housing advice, enrolled on the English course and talking "
        "to an emotional support worker.",
        "own_words": "",
    },
    {
        "referral_id": "OW-00002",
        "title": "From isolation to volunteering",
        "about": "A woman in her twenties with a mental health diagnosis, stable on medication.",
        "needs": "Social isolation; interested in volunteering and in part-time work.",
        "support": "An employment specialist; online women-only social groups; a walking group "
        "the service set up with five other people with a mental health diagnosis, where she "
        "found a friend; the volunteer support programme.",
        "on_discharge": "Waiting to start a mentoring role, and going to an in-person event at "
        "the women's organisation she first joined online.",
        "own_words": "Best day out I've had for ages.",
    },
)


def load_demo_records(session: Session, study: Study, rng: random.Random) -> str:
    """Add the demo's referral records and reference data to ``study``; the caller commits."""
    practices = [(pcn, name) for pcn, names in PRACTICES.items() for name in names]
    rows = []
    days = (END - START).days
    for n in range(1, PEOPLE + 1):
        hub = rng.random() < 0.3
        referred = START + dt.timedelta(days=rng.randrange(days + 1))
        pcn, practice = rng.choice(practices)
        declined = rng.random() < 0.06
        contact = gone = None
        if not declined:
            wait = min(rng.choice((1, 2, 3, 4, 5, 6, 7, 7, 10, 14, 21)), (END - referred).days)
            contact = referred + dt.timedelta(days=wait) if wait < (END - referred).days else None
        if contact is not None:
            length = int(rng.triangular(30, 270, 100))
            if contact + dt.timedelta(days=length) <= END:
                gone = contact + dt.timedelta(days=length)
        needs = _needs(rng)
        rows.append(
            {
                "study_id": study.id,
                "referral_id": f"OW-{n:05d}",
                "person_id": f"PERSON-{n:05d}",
                "referral_date": referred,
                "referral_source": "mental health team"
                if hub
                else rng.choice(("GP", "GP", "self", "social care")),
                "practice": practice,
                "pcn": pcn,
                "link_worker": rng.choice(HUB_WORKERS if hub else PCN_WORKERS),
                "first_contact_date": contact,
                "declined": declined,
                "needs": ";".join(needs),
                "support_offered": ";".join(sorted({rng.choice(SUPPORT[need]) for need in needs})),
                "discharge_date": gone,
                "discharge_reason": "goals met" if gone else None,
                "participant_code": f"P{n:03d}" if n <= ONS4_PAIRED else None,
                "age_band": rng.choice(("18-24", "25-44", "25-44", "45-64", "45-64", "65+")),
                "gender": rng.choice(("Woman", "Woman", "Man", "Man", "Not recorded")),
                "ethnicity": rng.choice(
                    (
                        "White British",
                        "White other",
                        "Bangladeshi",
                        "Arab",
                        "Black African",
                        "Other",
                    )
                ),
                "ward": rng.choice(
                    ("Church Street", "Harrow Road", "Westbourne", "Lancaster Gate")
                ),
            }
        )
    session.execute(insert(ServiceRecord), rows)
    session.execute(
        insert(ServicePractice),
        [
            {"study_id": study.id, "name": name, "pcn": pcn, "list_size": size}
            for pcn, names in PRACTICES.items()
            for name, size in names.items()
        ],
    )
    session.execute(
        insert(ServiceLinkWorker),
        [
            {"study_id": study.id, "name": name, "capacity": CAPACITY}
            for name in PCN_WORKERS + HUB_WORKERS
        ],
    )
    approved = dt.datetime(2022, 4, 20, 12, 0, tzinfo=dt.UTC)
    session.execute(
        insert(CaseStudy),
        [
            {
                **case,
                "study_id": study.id,
                "consent_on": dt.date(2022, 3, 28),
                "consent_how": "signed consent form, kept in the case notes",
                "approved_at": approved,
            }
            for case in CASE_STUDIES
        ],
    )
    return (
        f"{PEOPLE:,} referral records of a social-prescribing service "
        f"({START:%B %Y} to {END:%B %Y}) and {len(CASE_STUDIES)} case studies"
    )


def _needs(rng: random.Random) -> list[str]:
    names = [name for name, _ in NEEDS]
    weights = [weight for _, weight in NEEDS]
    chosen = {rng.choices(names, weights)[0] for _ in range(rng.randint(1, 3))}
    return sorted(chosen)
