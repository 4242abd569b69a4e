"""The demo's generated answers follow each form and write what fits each question."""

from __future__ import annotations

import random
from collections import defaultdict

from questionnaires import load_definition
from surveyapp.services.demo import generate_answers
from surveyapp.services.demo.studies import PHRASES, written_answers


def _written(key: str, version: int = 1, n: int = 400) -> dict[str, set[str]]:
    definition = load_definition(key, version)
    rng = random.Random(11)
    found: dict[str, set[str]] = defaultdict(set)
    for _ in range(n):
        for answer in generate_answers(definition, rng):
            if answer.other_text:
                found[f"{answer.question_id}.{answer.value_code}"].add(answer.other_text)
            if answer.text:
                found[answer.question_id].add(answer.text)
    return found


def test_what_is_written_fits_the_question():
    words = written_answers()
    patient = _written("patient")
    # A capacity beside "on behalf of someone else", a referrer beside "Other", reasons under
    # "Why were you referred": never one question's words under another.
    assert patient["filling_in_as.on_behalf"] <= set(words["filling_in_as.on_behalf"])
    assert patient["referred_by.other"] <= set(words["referred_by.other"])
    assert patient["referral_reason"] <= set(words["referral_reason"])
    assert patient["filling_in_as.on_behalf"] and patient["referral_reason"]
    assert not patient["referral_reason"] & set(words["anything_else"])
    professional = _written("professional")
    assert professional["filling_in_as.other"] <= set(words["filling_in_as.other"])


def test_a_question_the_demo_has_no_words_for_gets_general_ones():
    link_worker = _written("link_worker", n=50)
    assert link_worker["training"] <= set(PHRASES)
