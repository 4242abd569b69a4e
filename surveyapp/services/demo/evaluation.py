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

from surveyapp.models import ServiceLinkWorker, ServicePractice, ServiceRecord, Study

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
    return (
        f"{PEOPLE:,} referral records of a social-prescribing service "
        f"({START:%B %Y} to {END:%B %Y})"
    )


def _needs(rng: random.Random) -> list[str]:
    names = [name for name, _ in NEEDS]
    weights = [weight for _, weight in NEEDS]
    chosen = {rng.choices(names, weights)[0] for _ in range(rng.randint(1, 3))}
    return sorted(chosen)
